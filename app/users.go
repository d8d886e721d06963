package app

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"kitaportal/storage"
)

// NewUser is what an admin gives for a new member of staff.
type NewUser struct {
	Login    string   `json:"login"`
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	KitaIDs  []string `json:"kita_ids"`
	Password string   `json:"password"`
}

// UserView is a user without the password hash.
type UserView struct {
	ID       string   `json:"id"`
	Login    string   `json:"login"`
	Name     string   `json:"name"`
	Role     string   `json:"role"`
	KitaIDs  []string `json:"kita_ids"`
	Disabled bool     `json:"disabled"`
}

var loginPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._@-]{2,63}$`)

func userView(u storage.User) UserView {
	ids := u.KitaIDs
	if ids == nil {
		ids = []string{}
	}
	return UserView{ID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, KitaIDs: ids, Disabled: u.Disabled}
}

// AddUser creates a member of staff. by is nil for the command line (run by
// whoever holds the server's data directory).
func (s *Services) AddUser(by *Principal, nu NewUser) (UserView, error) {
	if by != nil {
		if err := requireStaff(by, storage.RoleAdmin); err != nil {
			return UserView{}, err
		}
	}
	nu.Login = strings.ToLower(strings.TrimSpace(nu.Login))
	nu.Name = collapse(nu.Name)
	switch {
	case !loginPattern.MatchString(nu.Login):
		return UserView{}, invalid("login", "user.invalid_login", "a login has 3 to 64 lower-case letters, digits or . _ @ -")
	case nu.Name == "" || utf8.RuneCountInString(nu.Name) > 100:
		return UserView{}, invalid("name", "form.required", "the person's name is required (at most 100 characters)")
	case nu.Role != storage.RoleClerk && nu.Role != storage.RoleKita && nu.Role != storage.RoleAdmin:
		return UserView{}, invalid("role", "user.invalid_role", "the role is clerk, kita or admin")
	case nu.Role == storage.RoleKita && len(nu.KitaIDs) == 0:
		return UserView{}, invalid("kita_ids", "user.kita_required", "Kita staff need at least one Kita (--kita ID)")
	case nu.Role != storage.RoleKita && len(nu.KitaIDs) > 0:
		return UserView{}, invalid("kita_ids", "user.kita_not_allowed", "only Kita staff are bound to Kitas")
	}
	if n := utf8.RuneCountInString(nu.Password); n < 10 || n > 128 {
		return UserView{}, invalid("password", "form.weak_password", "a password has 10 to 128 characters")
	}
	u := storage.User{ID: "u-" + randomToken(9), Login: nu.Login, Name: nu.Name, Role: nu.Role,
		KitaIDs: nu.KitaIDs, PasswordHash: HashSecret(nu.Password), CreatedAt: s.Now()}
	if err := s.Store.PutUser(u); err != nil {
		return UserView{}, userStoreError(err)
	}
	s.auditAdmin(by, "user.add", u.ID)
	return userView(u), nil
}

func userStoreError(err error) error {
	switch {
	case errors.Is(err, storage.ErrDuplicate):
		return &Error{Code: "user.login_taken", Field: "login", Message: "this login is taken", status: http.StatusConflict}
	case isNotFound(err):
		return invalid("kita_ids", "kita.not_found", "a Kita id is unknown (see `kitaportal search --json`)")
	}
	return err
}

// Users lists the staff.
func (s *Services) Users(by *Principal) ([]UserView, error) {
	if by != nil {
		if err := requireStaff(by, storage.RoleAdmin); err != nil {
			return nil, err
		}
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
func (s *Services) SetUserDisabled(by *Principal, idOrLogin string, disabled bool) (UserView, error) {
	if by != nil {
		if err := requireStaff(by, storage.RoleAdmin); err != nil {
			return UserView{}, err
		}
	}
	u, err := s.Store.GetUser(idOrLogin)
	if isNotFound(err) {
		u, err = s.Store.UserByLogin(idOrLogin)
	}
	if isNotFound(err) {
		return UserView{}, notFound("user.not_found", "no user %q", idOrLogin)
	}
	if err != nil {
		return UserView{}, err
	}
	if by != nil && by.UserID == u.ID && disabled {
		return UserView{}, invalid("id", "user.self", "you cannot disable yourself")
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

// auditAdmin records an admin action (the command line counts as "cli").
func (s *Services) auditAdmin(by *Principal, action, detail string) {
	id, role := "cli", storage.RoleAdmin
	if by != nil {
		id, role = by.actor()
	}
	if err := s.Store.AppendAudit(storage.AuditEntry{At: s.Now(), ActorID: id, ActorRole: role, Action: action, Detail: detail}); err != nil {
		s.Log.WithError(err).Error("audit")
	}
}
