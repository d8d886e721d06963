package httpapi

import (
	"net/http"

	"kitaportal/app/auth"
	"kitaportal/app/session"
)

// login answers POST /api/login/{kind}: family (e-mail), code
// (Vormerkungsnummer and access code) or staff. A successful login gets a
// new session id (the draft moves along), so a planted id is worthless.
func (a *API) login(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct {
		Email      string `json:"email"`
		Password   string `json:"password"`
		Number     string `json:"number"`
		AccessCode string `json:"access_code"`
		Login      string `json:"login"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	addr := a.clientAddr(r)
	var p *auth.Principal
	var err error
	switch kind := r.PathValue("kind"); kind {
	case "family":
		p, err = a.svc.LoginFamily(req.Email, req.Password, addr)
	case "code":
		p, err = a.svc.LoginCode(req.Number, req.AccessCode, addr)
	case "staff":
		p, err = a.svc.LoginStaff(req.Login, req.Password, addr)
	default:
		err = noSuch("login of kind (family, code, staff)", kind)
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	fresh, err := a.sessions.Renew(sess, p)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.setCookie(w, r, fresh)
	a.writeSession(w, r, fresh)
}

// logout answers POST /api/logout: the session ends with all it held (at
// the kiosk: the clerk locks the screen); a fresh one answers.
func (a *API) logout(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	a.sessionDelete(w, r, sess)
}
