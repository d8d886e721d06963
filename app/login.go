package app

import (
	"net"
	"net/http"
	"strings"

	"kitaportal/storage"
)

// dummyHash makes a login for an unknown name cost as much as one for a
// known name, so timing does not tell which accounts exist.
var dummyHash = HashSecret("no such account")

var errBadLogin = &Error{Code: "auth.invalid", Message: "the login data is not correct", status: http.StatusUnauthorized}

// checkLimits refuses a login while its keys are locked.
func (s *Services) checkLimits(keys ...loginKey) error {
	now := s.Now()
	for _, k := range keys {
		if wait := k.l.blocked(k.key, now); wait > 0 {
			return rateLimited(wait)
		}
	}
	return nil
}

type loginKey struct {
	l   *limiter
	key string
}

// loginFailed counts a failure on every key; the answer says when a key
// got locked by this very failure.
func (s *Services) loginFailed(keys ...loginKey) error {
	now := s.Now()
	for _, k := range keys {
		if k.l.fail(k.key, now) {
			s.Log.WithField("limit", strings.SplitN(k.key, ":", 2)[0]).Warn("login locked after repeated failures")
			return rateLimited(k.l.blocked(k.key, now))
		}
	}
	return errBadLogin
}

func (s *Services) loginSucceeded(keys ...loginKey) {
	for _, k := range keys {
		k.l.succeed(k.key)
	}
}

// LoginFamily checks a family's e-mail address and password.
func (s *Services) LoginFamily(email, password, addr string) (*Principal, error) {
	keys := []loginKey{{s.limits.addr, "addr:" + addr}, {s.limits.account, "mail:" + storage.NormalizeEmail(email)}}
	if err := s.checkLimits(keys...); err != nil {
		return nil, err
	}
	a, err := s.Store.AccountByEmail(email)
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	hash := a.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	if !VerifySecret(password, hash) || a.ID == "" {
		return nil, s.loginFailed(keys...)
	}
	s.loginSucceeded(keys[1])
	return &Principal{Kind: KindFamily, AccountID: a.ID}, nil
}

// LoginCode checks a Vormerkungsnummer and its access code. Five wrong
// codes lock the number for an hour, whoever tries.
func (s *Services) LoginCode(number, code, addr string) (*Principal, error) {
	number = normalizeNumber(number)
	keys := []loginKey{{s.limits.addr, "addr:" + addr}, {s.limits.code, "code:" + number}}
	if err := s.checkLimits(keys...); err != nil {
		return nil, err
	}
	app, _, err := s.Store.GetApplication(number)
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	hash := app.AccessCodeHash
	if hash == "" {
		hash = dummyHash
	}
	if !VerifySecret(NormalizeCode(code), hash) || app.Number == "" {
		return nil, s.loginFailed(keys...)
	}
	s.loginSucceeded(keys[1])
	return &Principal{Kind: KindFamily, Number: app.Number, AccountID: app.AccountID}, nil
}

// normalizeNumber reads a Vormerkungsnummer as typed: "kp 7k3m 9qx2".
func normalizeNumber(s string) string {
	c := NormalizeCode(s)
	c = strings.TrimPrefix(c, "KP")
	if len(c) != 8 {
		return "KP-" + c
	}
	return "KP-" + c[:4] + "-" + c[4:]
}

// LoginStaff checks a staff login and password; disabled users cannot log in.
func (s *Services) LoginStaff(login, password, addr string) (*Principal, error) {
	keys := []loginKey{{s.limits.addr, "addr:" + addr}, {s.limits.account, "user:" + strings.ToLower(strings.TrimSpace(login))}}
	if err := s.checkLimits(keys...); err != nil {
		return nil, err
	}
	u, err := s.Store.UserByLogin(login)
	if err != nil && !isNotFound(err) {
		return nil, err
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	if !VerifySecret(password, hash) || u.ID == "" || u.Disabled {
		return nil, s.loginFailed(keys...)
	}
	s.loginSucceeded(keys[1])
	_ = s.Store.AppendAudit(storage.AuditEntry{At: s.Now(), ActorID: u.ID, ActorRole: u.Role, Action: "user.login"})
	return &Principal{Kind: KindStaff, UserID: u.ID, Role: u.Role, Name: u.Name, KitaIDs: u.KitaIDs}, nil
}

type loginRequest struct {
	Email      string `json:"email"`
	Password   string `json:"password"`
	Number     string `json:"number"`
	AccessCode string `json:"access_code"`
	Login      string `json:"login"`
}

// clientAddr is the address limits count per.
func (h *server) clientAddr(r *http.Request) string {
	if h.opts.TrustProxy {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			return strings.TrimSpace(strings.Split(f, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// handleLogin answers POST /api/login/{kind}: family (e-mail), code
// (Vormerkungsnummer and access code) or staff. A successful login gets a
// new session id (the draft moves along), so a planted id is worthless.
func (h *server) handleLogin(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req loginRequest
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	addr := h.clientAddr(r)
	var p *Principal
	var err error
	switch r.PathValue("kind") {
	case "family":
		p, err = h.LoginFamily(req.Email, req.Password, addr)
	case "code":
		p, err = h.LoginCode(req.Number, req.AccessCode, addr)
	case "staff":
		p, err = h.LoginStaff(req.Login, req.Password, addr)
	default:
		err = notFound("api.not_found", "no login of kind %q (family, code, staff)", r.PathValue("kind"))
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.renewSession(w, r, sess, p)
}

// renewSession replaces the session by one with a new id and the given
// principal. A family keeps its draft (it logged in to finish it); staff
// start empty, so a clerk unlocking the kiosk never inherits what the
// previous visitor chose.
func (h *server) renewSession(w http.ResponseWriter, r *http.Request, old *Session, p *Principal) {
	set, err := h.Settings()
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.sessions.destroy(old.ID)
	fresh, ok := h.sessions.create(old.Shell, h.Now(), set)
	if !ok {
		h.writeError(w, r, &Error{Code: "server.busy", Message: "too many open sessions; try again in a minute", status: http.StatusServiceUnavailable})
		return
	}
	_, _ = h.sessions.with(fresh.ID, h.Now(), set, func(live *Session) error {
		live.principal = p
		if p.Kind == KindFamily {
			live.draft = old.draft
		}
		fresh = live.snapshot()
		return nil
	})
	h.setCookie(w, r, fresh)
	h.writeSession(w, r, fresh, set)
}

// handleLogout answers POST /api/logout: the session ends with all it held
// (at the kiosk: the clerk locks the screen); a fresh one answers.
func (h *server) handleLogout(w http.ResponseWriter, r *http.Request, sess *Session) {
	h.handleSessionDelete(w, r, sess)
}
