package app

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// NewUser is what an admin gives for a new member of staff.
type NewUser struct {
	Login    string      `json:"login"`
	Name     string      `json:"name"`
	Role     domain.Role `json:"role"`
	KitaIDs  []string    `json:"kita_ids"`
	Password string      `json:"password"`
}

// UserView is a user without the password hash.
type UserView struct {
	ID       string      `json:"id"`
	Login    string      `json:"login"`
	Name     string      `json:"name"`
	Role     domain.Role `json:"role"`
	KitaIDs  []string    `json:"kita_ids"`
	Disabled bool        `json:"disabled"`
}

var loginPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._@-]{2,63}$`)

func userView(u storage.User) UserView {
	ids := u.KitaIDs
	if ids == nil {
		ids = []string{}
	}
	return UserView{ID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, KitaIDs: ids, Disabled: u.Disabled}
}

// AddUser creates a member of staff.
func (s *Services) AddUser(by *auth.Principal, nu NewUser) (UserView, error) {
	if err := auth.RequireStaff(by, domain.RoleAdmin); err != nil {
		return UserView{}, err
	}
	nu.Login = strings.ToLower(strings.TrimSpace(nu.Login))
	nu.Name = domain.Collapse(nu.Name)
	switch {
	case !loginPattern.MatchString(nu.Login):
		return UserView{}, apperr.Invalid("login", apperr.UserInvalidLogin, "a login has 3 to 64 lower-case letters, digits or . _ @ -")
	case nu.Name == "" || utf8.RuneCountInString(nu.Name) > 100:
		return UserView{}, apperr.Invalid("name", apperr.FormRequired, "the person's name is required (at most 100 characters)")
	case nu.Role != domain.RoleClerk && nu.Role != domain.RoleKita && nu.Role != domain.RoleAdmin:
		return UserView{}, apperr.Invalid("role", apperr.UserInvalidRole, "the role is clerk, kita or admin")
	case nu.Role == domain.RoleKita && len(nu.KitaIDs) == 0:
		return UserView{}, apperr.Invalid("kita_ids", apperr.UserKitaRequired, "Kita staff need at least one Kita (--kita ID)")
	case nu.Role != domain.RoleKita && len(nu.KitaIDs) > 0:
		return UserView{}, apperr.Invalid("kita_ids", apperr.UserKitaNotAllowed, "only Kita staff are bound to Kitas")
	}
	if n := utf8.RuneCountInString(nu.Password); n < 10 || n > 128 {
		return UserView{}, apperr.Invalid("password", apperr.FormWeakPassword, "a password has 10 to 128 characters")
	}
	u := storage.User{ID: "u-" + auth.RandomToken(9), Login: nu.Login, Name: nu.Name, Role: nu.Role,
		KitaIDs: nu.KitaIDs, PasswordHash: auth.HashSecret(nu.Password), CreatedAt: s.Now()}
	if err := s.Store.PutUser(u); err != nil {
		return UserView{}, userStoreError(err)
	}
	s.auditAdmin(by, "user.add", u.ID)
	return userView(u), nil
}

func userStoreError(err error) error {
	switch {
	case errors.Is(err, storage.ErrDuplicate):
		return &apperr.Error{Code: apperr.UserLoginTaken, Field: "login", Message: "this login is taken", Status: http.StatusConflict}
	case storage.IsNotFound(err):
		return apperr.Invalid("kita_ids", apperr.KitaNotFound, "a Kita id is unknown (see `kitaportal search --json`)")
	}
	return err
}

// Users lists the staff.
func (s *Services) Users(by *auth.Principal) ([]UserView, error) {
	if err := auth.RequireStaff(by, domain.RoleAdmin); err != nil {
		return nil, err
	}
	us, err := s.Store.Users()
	if err != nil {
		return nil, err
	}
	out := make([]UserView, len(us))
	for i, u := range us {
		out[i] = userView(u)
	}
	return out, nil
}

// SetUserDisabled disables (or enables again) a user by id or login.
// Disabling ends nothing already running; it blocks the next login.
func (s *Services) SetUserDisabled(by *auth.Principal, idOrLogin string, disabled bool) (UserView, error) {
	if err := auth.RequireStaff(by, domain.RoleAdmin); err != nil {
		return UserView{}, err
	}
	u, err := s.Store.GetUser(idOrLogin)
	if storage.IsNotFound(err) {
		u, err = s.Store.UserByLogin(idOrLogin)
	}
	if storage.IsNotFound(err) {
		return UserView{}, apperr.NotFound(apperr.UserNotFound, "no user %q", idOrLogin)
	}
	if err != nil {
		return UserView{}, err
	}
	if by.UserID == u.ID && disabled {
		return UserView{}, apperr.Invalid("id", apperr.UserSelf, "you cannot disable yourself")
	}
	u.Disabled = disabled
	if err := s.Store.PutUser(u); err != nil {
		return UserView{}, userStoreError(err)
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	s.auditAdmin(by, action, u.ID)
	return userView(u), nil
}
