package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/kitas"
	"kitaportal/app/session"
)

// Body limits of the draft's parts.
const (
	maxFiltersBytes = 8 << 10
	maxFormBytes    = 16 << 10
)

// SessionView is the answer of GET /api/session.
type SessionView struct {
	Shell string `json:"shell"`
	// Handoff: this kiosk can hand a family over to a phone (it has a
	// public address a phone can open).
	Handoff   bool               `json:"handoff"`
	SessionID string             `json:"session_id,omitempty"`
	CSRFToken string             `json:"csrf_token"`
	Settings  ClientSettings     `json:"settings"`
	Draft     DraftView          `json:"draft"`
	Receipt   *app.Receipt       `json:"receipt"`
	Principal *app.PrincipalView `json:"principal"`
}

// DraftView is a draft with its Merkliste spelled out.
type DraftView struct {
	Filters   json.RawMessage `json:"filters"`
	Merkliste []kitas.Item    `json:"merkliste"`
	Form      json.RawMessage `json:"form"`
}

// sessionGet answers GET /api/session, creating a session if the request
// has none (or has one of another shell).
func (a *API) sessionGet(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	if k := r.URL.Query().Get("kiosk"); k != "" && a.shellFor(r) != session.ShellKiosk {
		a.writeError(w, r, &apperr.Error{Code: apperr.SessionKioskKey, Field: "kiosk", Message: "this kiosk key is not accepted here", Status: http.StatusForbidden})
		return
	}
	shell := a.shellFor(r)
	snap, ok, err := a.sessions.Lookup(a.sessionID(r), nil)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	switch {
	case ok && (snap.Shell == shell || shell == session.ShellWeb):
		a.writeSession(w, r, snap)
	case shell == session.ShellWeb:
		a.visitor(w, r, true)
	default:
		a.newSession(w, r, shell)
	}
}

// sessionDelete answers DELETE /api/session: the wipe. The answer is a
// fresh session of the same shell.
func (a *API) sessionDelete(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	a.sessions.Wipe(sess.ID)
	a.log.WithField("shell", sess.Shell).Debug("session wiped")
	if sess.Shell == session.ShellWeb {
		a.visitor(w, r, false) // a new visitor: nothing stored until it writes
		return
	}
	a.newSession(w, r, sess.Shell)
}

// sessionsPerAddress is how many sessions one client address may start in
// sessionWindow (a school's or a carrier's shared address included);
// kiosks are not limited.
const (
	sessionsPerAddress = 300
	sessionWindow      = 10 * time.Minute
)

func (a *API) newSession(w http.ResponseWriter, r *http.Request, shell string) {
	if sess, ok := a.startSession(w, r, shell, ""); ok {
		a.writeSession(w, r, sess)
	}
}

// startSession starts a server session with the given CSRF token ("":
// a new one) and sets its cookie; starts are limited per address (kiosks
// are not). ok is false when the error answer is written.
func (a *API) startSession(w http.ResponseWriter, r *http.Request, shell, csrf string) (*session.Session, bool) {
	if shell != session.ShellKiosk {
		key, now := a.clientAddr(r), a.svc.Now()
		if wait := a.sessionStarts.Blocked(key, now); wait > 0 {
			a.writeError(w, r, auth.RateLimited(wait))
			return nil, false
		}
		// Each start counts as an attempt; the limiter locks the address
		// once there are too many in the window.
		if a.sessionStarts.Fail(key, now) {
			a.log.Warn("session starts limited for an address")
		}
	}
	sess, err := a.sessions.NewWithCSRF(shell, csrf)
	if err != nil {
		a.writeError(w, r, err)
		return nil, false
	}
	a.setCookie(w, r, sess)
	return sess, true
}

func (a *API) setCookie(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sess.ID, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: a.isHTTPS(r),
	})
}

func (a *API) writeSession(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	set, err := a.settings.Get()
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items, err := a.catalog.Items(sess.Draft.Merkliste)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	v := SessionView{
		Shell: sess.Shell, CSRFToken: sess.CSRF,
		Handoff:  sess.Shell == session.ShellKiosk && a.publicURL(r) != "",
		Settings: a.clientSettings(set),
		Draft:    DraftView{Filters: orEmptyObject(sess.Draft.Filters), Merkliste: items, Form: orEmptyObject(sess.Draft.Form)},
		Receipt:  sess.Receipt, Principal: a.svc.ViewPrincipal(sess.Principal),
	}
	// The web view of the kiosk window may not keep cookies; its UI holds
	// the id in memory instead. Browsers never see it outside the cookie.
	if sess.Shell == session.ShellKiosk {
		v.SessionID = sess.ID
	}
	a.writeJSON(w, http.StatusOK, v)
}

func orEmptyObject(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("{}")
	}
	return raw
}

// draftFilters answers PUT /api/draft/filters: any JSON object.
func (a *API) draftFilters(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	a.putDraftPart(w, r, sess, maxFiltersBytes, nil, func(d *session.Draft, raw json.RawMessage) { d.Filters = raw })
}

// draftForm answers PUT /api/draft/form: the form so far. It is checked for
// shape only; the rules apply on check and submit.
func (a *API) draftForm(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	a.putDraftPart(w, r, sess, maxFormBytes, &app.Form{}, func(d *session.Draft, raw json.RawMessage) { d.Form = raw })
}

func (a *API) putDraftPart(w http.ResponseWriter, r *http.Request, sess *session.Session, max int64, shape any, set func(*session.Draft, json.RawMessage)) {
	var raw json.RawMessage
	if err := decodeBody(w, r, max, &raw); err != nil {
		a.writeError(w, r, err)
		return
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		a.writeError(w, r, apperr.Invalid("body", apperr.RequestInvalidJSON, "a JSON object is expected"))
		return
	}
	if shape != nil {
		if err := strictJSON(raw, shape); err != nil {
			a.writeError(w, r, err)
			return
		}
	}
	err := a.sessions.Update(sess.ID, func(live *session.Session) error {
		set(&live.Draft, slices.Clone(raw))
		return nil
	})
	a.answer(w, r, nil, err)
}
