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
	if !loginPattern.MatchString(nu.Login) {
		return UserView{}, apperr.Invalid("login", apperr.UserInvalidLogin, "a login has 3 to 64 lower-case letters, digits or . _ @ -")
	}
	if err := checkStaffFields(nu.Name, nu.Role, nu.KitaIDs); err != nil {
		return UserView{}, err
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

// checkStaffFields: a name, a known role, and Kitas exactly for Kita staff.
func checkStaffFields(name string, role domain.Role, kitaIDs []string) error {
	switch {
	case name == "" || utf8.RuneCountInString(name) > 100:
		return apperr.Invalid("name", apperr.FormRequired, "the person's name is required (at most 100 characters)")
	case role != domain.RoleClerk && role != domain.RoleKita && role != domain.RoleAdmin:
		return apperr.Invalid("role", apperr.UserInvalidRole, "the role is clerk, kita or admin")
	case role == domain.RoleKita && len(kitaIDs) == 0:
		return apperr.Invalid("kita_ids", apperr.UserKitaRequired, "Kita staff need at least one Kita (--kita ID)")
	case role != domain.RoleKita && len(kitaIDs) > 0:
		return apperr.Invalid("kita_ids", apperr.UserKitaNotAllowed, "only Kita staff are bound to Kitas")
	}
	return nil
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

// findUser is a user by id or login, as an admin names it.
func (s *Services) findUser(by *auth.Principal, idOrLogin string) (storage.User, error) {
	if err := auth.RequireStaff(by, domain.RoleAdmin); err != nil {
		return storage.User{}, err
	}
	u, err := s.Store.GetUser(idOrLogin)
	if storage.IsNotFound(err) {
		u, err = s.Store.UserByLogin(idOrLogin)
	}
	if storage.IsNotFound(err) {
		return u, apperr.NotFound(apperr.UserNotFound, "no user %q", idOrLogin)
	}
	return u, err
}

// SetUserDisabled disables (or enables again) a user by id or login. The
// user's open sessions end with their next request (CurrentStaff).
func (s *Services) SetUserDisabled(by *auth.Principal, idOrLogin string, disabled bool) (UserView, error) {
	u, err := s.findUser(by, idOrLogin)
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

// UserChange is what an admin changes of a user: its name, role and Kitas.
type UserChange struct {
	Name    string      `json:"name"`
	Role    domain.Role `json:"role"`
	KitaIDs []string    `json:"kita_ids"`
}

// ChangeUser gives a user another name, role or Kitas. Its open sessions
// act with the new rights from their next request on.
func (s *Services) ChangeUser(by *auth.Principal, idOrLogin string, c UserChange) (UserView, error) {
	u, err := s.findUser(by, idOrLogin)
	if err != nil {
		return UserView{}, err
	}
	c.Name = domain.Collapse(c.Name)
	if err := checkStaffFields(c.Name, c.Role, c.KitaIDs); err != nil {
		return UserView{}, err
	}
	if by.UserID == u.ID && c.Role != u.Role {
		return UserView{}, apperr.Invalid("role", apperr.UserSelf, "you cannot change your own role")
	}
	u.Name, u.Role, u.KitaIDs = c.Name, c.Role, c.KitaIDs
	if err := s.Store.PutUser(u); err != nil {
		return UserView{}, userStoreError(err)
	}
	s.auditAdmin(by, "user.change", u.ID+" role "+string(u.Role)+" kitas "+strings.Join(u.KitaIDs, ","))
	return userView(u), nil
}

// DeleteUser removes a user; its open sessions end with their next request.
func (s *Services) DeleteUser(by *auth.Principal, idOrLogin string) error {
	u, err := s.findUser(by, idOrLogin)
	if err != nil {
		return err
	}
	if by.UserID == u.ID {
		return apperr.Invalid("id", apperr.UserSelf, "you cannot delete yourself")
	}
	if err := s.Store.DeleteUser(u.ID); err != nil {
		return err
	}
	s.auditAdmin(by, "user.delete", u.ID)
	return nil
}

// CurrentLogin is a session's principal as the store has it now: nil when
// the login no longer counts (a staff user disabled or deleted, a family's
// account or its code login's registration deleted), with the new role,
// name and Kitas when an admin changed a staff user. Every request of a
// logged-in session passes here, so a change takes effect at once.
func (s *Services) CurrentLogin(p *auth.Principal) (*auth.Principal, error) {
	switch {
	case p == nil:
		return nil, nil
	case p.IsFamily():
		var err error
		if p.AccountID != "" {
			_, err = s.Store.GetAccount(p.AccountID)
		} else {
			_, _, err = s.Store.GetApplication(p.Number)
		}
		if storage.IsNotFound(err) {
			return nil, nil
		}
		return p, err
	case p.Kind != auth.KindStaff || p.UserID == "":
		return p, nil
	}
	u, err := s.Store.GetUser(p.UserID)
	if storage.IsNotFound(err) || (err == nil && u.Disabled) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &auth.Principal{Kind: auth.KindStaff, UserID: u.ID, Role: u.Role, Name: u.Name, KitaIDs: u.KitaIDs}, nil
}
