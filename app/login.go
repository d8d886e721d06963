package app

import (
	"net/http"
	"strings"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// dummyHash makes a login for an unknown name cost as much as one for a
// known name, so timing does not tell which accounts exist.
var dummyHash = auth.HashSecret("no such account")

var errBadLogin = &apperr.Error{Code: apperr.AuthInvalid, Message: "the login data is not correct", Status: http.StatusUnauthorized}

// checkLimits refuses a login while its keys are locked.
func (s *Services) checkLimits(keys ...loginKey) error {
	now := s.Now()
	for _, k := range keys {
		if wait := k.l.Blocked(k.key, now); wait > 0 {
			return auth.RateLimited(wait)
		}
	}
	return nil
}

type loginKey struct {
	l   *auth.Limiter
	key string
}

// loginFailed counts a failure on every key; the answer says when a key
// got locked by this very failure.
func (s *Services) loginFailed(keys ...loginKey) error {
	now := s.Now()
	for _, k := range keys {
		if k.l.Fail(k.key, now) {
			s.Log.WithField("limit", strings.SplitN(k.key, ":", 2)[0]).Warn("login locked after repeated failures")
			return auth.RateLimited(k.l.Blocked(k.key, now))
		}
	}
	return errBadLogin
}

func (s *Services) loginSucceeded(keys ...loginKey) {
	for _, k := range keys {
		k.l.Succeed(k.key)
	}
}

// LoginFamily checks a family's e-mail address and password.
func (s *Services) LoginFamily(email, password, addr string) (*auth.Principal, error) {
	keys := []loginKey{{s.limits.addr, "addr:" + addr}, {s.limits.account, "mail:" + storage.NormalizeEmail(email)}}
	if err := s.checkLimits(keys...); err != nil {
		return nil, err
	}
	a, err := s.Store.AccountByEmail(email)
	if err != nil && !storage.IsNotFound(err) {
		return nil, err
	}
	hash := a.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	if !auth.VerifySecret(password, hash) || a.ID == "" {
		return nil, s.loginFailed(keys...)
	}
	s.loginSucceeded(keys[1])
	return &auth.Principal{Kind: auth.KindFamily, AccountID: a.ID}, nil
}

// LoginCode checks a Vormerkungsnummer and its access code. Five wrong
// codes lock the number for an hour, whoever tries.
func (s *Services) LoginCode(number, code, addr string) (*auth.Principal, error) {
	number = auth.NormalizeNumber(number)
	keys := []loginKey{{s.limits.addr, "addr:" + addr}, {s.limits.code, "code:" + number}}
	if err := s.checkLimits(keys...); err != nil {
		return nil, err
	}
	app, _, err := s.Store.GetApplication(number)
	if err != nil && !storage.IsNotFound(err) {
		return nil, err
	}
	hash := app.AccessCodeHash
	if hash == "" {
		hash = dummyHash
	}
	if !auth.VerifySecret(auth.NormalizeCode(code), hash) || app.Number == "" {
		return nil, s.loginFailed(keys...)
	}
	s.loginSucceeded(keys[1])
	return &auth.Principal{Kind: auth.KindFamily, Number: app.Number, AccountID: app.AccountID}, nil
}

// LoginStaff checks a staff login and password; disabled users cannot log in.
func (s *Services) LoginStaff(login, password, addr string) (*auth.Principal, error) {
	keys := []loginKey{{s.limits.addr, "addr:" + addr}, {s.limits.account, "user:" + strings.ToLower(strings.TrimSpace(login))}}
	if err := s.checkLimits(keys...); err != nil {
		return nil, err
	}
	u, err := s.Store.UserByLogin(login)
	if err != nil && !storage.IsNotFound(err) {
		return nil, err
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	if !auth.VerifySecret(password, hash) || u.ID == "" || u.Disabled {
		return nil, s.loginFailed(keys...)
	}
	s.loginSucceeded(keys[1])
	_ = s.Store.AppendAudit(storage.AuditEntry{At: s.Now(), ActorID: u.ID, ActorRole: string(u.Role), Action: "user.login"})
	return &auth.Principal{Kind: auth.KindStaff, UserID: u.ID, Role: u.Role, Name: u.Name, KitaIDs: u.KitaIDs}, nil
}

// PrincipalView is what GET /api/session says about the login.
type PrincipalView struct {
	Kind    string      `json:"kind"`
	Role    domain.Role `json:"role,omitempty"`
	Name    string      `json:"name,omitempty"`
	KitaIDs []string    `json:"kita_ids,omitempty"`
	Email   string      `json:"email,omitempty"`
	Number  string      `json:"number,omitempty"`
}

// ViewPrincipal says who is logged in (nil: nobody).
func (s *Services) ViewPrincipal(p *auth.Principal) *PrincipalView {
	if p == nil {
		return nil
	}
	v := &PrincipalView{Kind: p.Kind, Role: p.Role, Name: p.Name, KitaIDs: p.KitaIDs, Number: p.Number}
	if p.AccountID != "" {
		if a, err := s.Store.GetAccount(p.AccountID); err == nil {
			v.Email = a.Email
		}
	}
	return v
}
