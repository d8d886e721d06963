package app

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"kitaportal/storage"
)

// HandlerOptions say which shell serves the handler.
type HandlerOptions struct {
	// Shell, when set, is the shell of every session: the kiosk window sets
	// ShellKiosk. Empty means web sessions, except for kiosk keys.
	Shell string
	// KioskKey lets a browser kiosk on another machine (Chromium in kiosk
	// mode, opening /?kiosk=KEY) get kiosk sessions from `serve`.
	KioskKey string
	// PublicURL is the address phones reach this server at; it overrides
	// the public_url setting.
	PublicURL string
	// TrustProxy takes the client address from X-Forwarded-For and TLS
	// from X-Forwarded-Proto (only behind a reverse proxy that sets them).
	TrustProxy bool
}

const (
	sessionCookie = "kp_session"
	sessionHeader = "X-Session"
	csrfHeader    = "X-CSRF-Token"
	maxBodyBytes  = 64 << 10
)

// server is the HTTP side of the services for one shell.
type server struct {
	*Services
	opts HandlerOptions
}

// SessionView is the answer of GET /api/session.
type SessionView struct {
	Shell string `json:"shell"`
	// Handoff: this kiosk can hand a family over to a phone (it has a
	// public address a phone can open).
	Handoff   bool           `json:"handoff"`
	SessionID string         `json:"session_id,omitempty"`
	CSRFToken string         `json:"csrf_token"`
	Settings  ClientSettings `json:"settings"`
	Draft     DraftView      `json:"draft"`
	Receipt   *Receipt       `json:"receipt"`
	Principal *PrincipalView `json:"principal"`
}

// DraftView is a draft with its Merkliste spelled out.
type DraftView struct {
	Filters   json.RawMessage `json:"filters"`
	Merkliste []KitaItem      `json:"merkliste"`
	Form      json.RawMessage `json:"form"`
}

var errSessionExpired = &Error{Code: "session.expired", Message: "the session has ended; start again", status: http.StatusUnauthorized}

func (h *server) sessionID(r *http.Request) string {
	if id := r.Header.Get(sessionHeader); id != "" {
		return id
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// shellFor is the shell a new session of this request gets.
func (h *server) shellFor(r *http.Request) string {
	if h.opts.Shell != "" {
		return h.opts.Shell
	}
	key := r.URL.Query().Get("kiosk")
	if h.opts.KioskKey != "" && key != "" && subtle.ConstantTimeCompare([]byte(key), []byte(h.opts.KioskKey)) == 1 {
		return ShellKiosk
	}
	return ShellWeb
}

// handleSessionGet answers GET /api/session, creating a session if the
// request has none (or has one of another shell).
func (h *server) handleSessionGet(w http.ResponseWriter, r *http.Request) {
	if k := r.URL.Query().Get("kiosk"); k != "" && h.shellFor(r) != ShellKiosk {
		h.writeError(w, r, &Error{Code: "session.kiosk_key", Field: "kiosk", Message: "this kiosk key is not accepted here", status: http.StatusForbidden})
		return
	}
	set, err := h.Settings()
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	shell := h.shellFor(r)
	var snap *Session
	ok, _ := h.sessions.with(h.sessionID(r), h.Now(), set, func(sess *Session) error {
		if sess.Shell == shell || shell == ShellWeb {
			snap = sess.snapshot()
		}
		return nil
	})
	if !ok || snap == nil {
		h.newSession(w, r, shell, set)
		return
	}
	h.writeSession(w, r, snap, set)
}

// handleSessionDelete answers DELETE /api/session: the wipe. The answer is
// a fresh session of the same shell.
func (h *server) handleSessionDelete(w http.ResponseWriter, r *http.Request, sess *Session) {
	h.sessions.destroy(sess.ID)
	h.handoffs.cancel(sess.ID) // a code still on a forgotten screen dies with it
	set, err := h.Settings()
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.Log.WithField("shell", sess.Shell).Debug("session wiped")
	h.newSession(w, r, sess.Shell, set)
}

func (h *server) newSession(w http.ResponseWriter, r *http.Request, shell string, set Settings) {
	sess, ok := h.sessions.create(shell, h.Now(), set)
	if !ok {
		h.writeError(w, r, &Error{Code: "server.busy", Message: "too many open sessions; try again in a minute", status: http.StatusServiceUnavailable})
		return
	}
	h.setCookie(w, r, sess)
	h.writeSession(w, r, sess.snapshot(), set)
}

func (h *server) setCookie(w http.ResponseWriter, r *http.Request, sess *Session) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: sess.ID, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: h.isHTTPS(r),
	})
}

func (h *server) writeSession(w http.ResponseWriter, r *http.Request, sess *Session, set Settings) {
	items, err := h.merklisteItems(sess.draft.Merkliste)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	v := SessionView{
		Shell: sess.Shell, CSRFToken: sess.CSRF,
		Handoff:  sess.Shell == ShellKiosk && h.publicURL(r) != "",
		Settings: h.clientSettings(set),
		Draft:    DraftView{Filters: orEmptyObject(sess.draft.Filters), Merkliste: items, Form: orEmptyObject(sess.draft.Form)},
		Receipt:  sess.receipt, Principal: sess.principal.view(h.Services),
	}
	// The web view of the kiosk window may not keep cookies; its UI holds
	// the id in memory instead. Browsers never see it outside the cookie.
	if sess.Shell == ShellKiosk {
		v.SessionID = sess.ID
	}
	h.writeJSON(w, http.StatusOK, v)
}

// snapshot copies what a response needs, so it can be used outside the
// store's lock.
func (sess *Session) snapshot() *Session {
	c := *sess
	c.draft.Merkliste = append([]string(nil), sess.draft.Merkliste...)
	return &c
}

func orEmptyObject(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("{}")
	}
	return raw
}

func (h *server) isHTTPS(r *http.Request) bool {
	return r.TLS != nil || (h.opts.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}

// mutating wraps a handler that changes a session: the session must be
// live and the request must carry its CSRF token.
func (h *server) mutating(fn func(http.ResponseWriter, *http.Request, *Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		snap, ok, err := h.lookup(r, true)
		switch {
		case err != nil:
			h.writeError(w, r, err)
		case !ok:
			h.writeError(w, r, errSessionExpired)
		default:
			fn(w, r, snap)
		}
	}
}

// authed wraps a reading handler: it gets the session (and so its login)
// if there is one; the use case decides whether that is enough.
func (h *server) authed(fn func(http.ResponseWriter, *http.Request, *Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		snap, ok, err := h.lookup(r, false)
		switch {
		case err != nil:
			h.writeError(w, r, err)
		case !ok:
			fn(w, r, &Session{})
		default:
			fn(w, r, snap)
		}
	}
}

// lookup finds the request's live session (checking its CSRF token when
// asked) and returns a copy of it.
func (h *server) lookup(r *http.Request, csrf bool) (*Session, bool, error) {
	set, err := h.Settings()
	if err != nil {
		return nil, false, err
	}
	var snap *Session
	token := r.Header.Get(csrfHeader)
	ok, err := h.sessions.with(h.sessionID(r), h.Now(), set, func(sess *Session) error {
		if csrf && !sess.csrfOK(token) {
			return &Error{Code: "session.csrf", Message: "missing or wrong CSRF token", status: http.StatusForbidden}
		}
		snap = sess.snapshot()
		return nil
	})
	return snap, ok, err
}

// update runs fn on the live session (under its store's lock).
func (h *server) update(sess *Session, fn func(*Session) error) error {
	set, err := h.Settings()
	if err != nil {
		return err
	}
	ok, err := h.sessions.with(sess.ID, h.Now(), set, fn)
	if !ok {
		return errSessionExpired
	}
	return err
}

// decodeBody reads a JSON request body of at most max bytes into v,
// rejecting unknown fields, and says where a syntax error is.
func decodeBody(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &Error{Code: "request.too_large", Message: fmt.Sprintf("the body is larger than %d bytes", max), status: http.StatusRequestEntityTooLarge}
	}
	if err != nil {
		return invalid("body", "request.unreadable", "the request body could not be read")
	}
	return strictJSON(data, v)
}

// strictJSON decodes exactly one JSON value into v, rejecting unknown
// fields; the error names the field or byte offset.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return invalid("body", "request.invalid_json", "the body must hold a single JSON value")
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return invalid("body", "request.invalid_json", "the body is empty; JSON expected")
	case errors.As(err, &syn):
		return invalid("body", "request.invalid_json", "invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return invalid(typ.Field, "request.invalid_json", "%s must be %s", typ.Field, typ.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid(field, "request.unknown_field", "unknown field %q", field)
	}
	return invalid("body", "request.invalid_json", "invalid JSON body")
}

// pluralf formats n into the singular or plural form.
func pluralf(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(many, n)
}

// merklisteItems expands Kita ids into list items, skipping Kitas that no
// longer exist (an import may remove one while a family is choosing).
func (h *server) merklisteItems(ids []string) ([]KitaItem, error) {
	out := []KitaItem{}
	for _, id := range ids {
		k, err := h.Store.GetKita(id)
		if errors.Is(err, storage.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		c, err := h.carrierOf(k)
		if err != nil {
			return nil, err
		}
		out = append(out, kitaItem(k, c))
	}
	return out, nil
}
