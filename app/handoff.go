package app

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync"
	"time"

	qrcode "github.com/skip2/go-qrcode"
)

// The hand-off from the kiosk to a phone. The kiosk asks for a one-time
// token bound to its session; the QR code holds PUBLIC_URL/h/TOKEN, and a
// short code can be typed in instead. Redeeming either copies the draft
// into a new phone session, burns the token and ends the kiosk session,
// which the kiosk notices and wipes its screen. Tokens live in memory only
// and only as hashes: a token is worth nothing once the server restarts.

const (
	handoffTTL        = 10 * time.Minute
	handoffTokenBytes = 16 // 128 random bits
	handoffCodeChars  = 8  // 40 random bits, for typing by hand; guessing is rate limited
	tombstoneTTL      = 2 * time.Minute
)

type handoff struct {
	sessionID string
	codeHash  string
	expires   time.Time
}

// handoffStore holds pending hand-offs and, for a little while, the kiosk
// sessions that ended by one (so the kiosk can tell the family why).
type handoffStore struct {
	mu         sync.Mutex
	byToken    map[string]*handoff // sha256(token) → hand-off
	byCode     map[string]string   // sha256(code) → sha256(token)
	bySession  map[string]string   // kiosk session id → sha256(token)
	tombstones map[string]time.Time
}

func newHandoffStore() *handoffStore {
	return &handoffStore{byToken: map[string]*handoff{}, byCode: map[string]string{},
		bySession: map[string]string{}, tombstones: map[string]time.Time{}}
}

func hashToken(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// create makes a new hand-off for a session, replacing its earlier one.
func (st *handoffStore) create(sessionID string, now time.Time) (token, code string, expires time.Time) {
	token, code = randomToken(handoffTokenBytes), randomCode(handoffCodeChars)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now)
	st.dropLocked(sessionID)
	th := hashToken(token)
	h := &handoff{sessionID: sessionID, codeHash: hashToken(NormalizeCode(code)), expires: now.Add(handoffTTL)}
	st.byToken[th], st.byCode[h.codeHash], st.bySession[sessionID] = h, th, th
	return token, code, h.expires
}

// redeem burns a token (or a typed code) and returns the kiosk session id
// it was bound to; ok is false for an unknown, used or expired one.
func (st *handoffStore) redeem(token, code string, now time.Time) (sessionID string, ok bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	th := hashToken(token)
	if token == "" {
		th = st.byCode[hashToken(NormalizeCode(code))]
	}
	h, found := st.byToken[th]
	if !found {
		return "", false
	}
	st.dropLocked(h.sessionID)
	if !now.Before(h.expires) {
		return "", false
	}
	st.tombstones[h.sessionID] = now
	return h.sessionID, true
}

// state is what the kiosk polls: "pending", "redeemed" or "none".
func (st *handoffStore) state(sessionID string, now time.Time) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	if t, ok := st.tombstones[sessionID]; ok && now.Sub(t) < tombstoneTTL {
		return "redeemed"
	}
	if th, ok := st.bySession[sessionID]; ok && now.Before(st.byToken[th].expires) {
		return "pending"
	}
	return "none"
}

// cancel drops a session's pending hand-off (the kiosk closed the dialog).
func (st *handoffStore) cancel(sessionID string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.dropLocked(sessionID)
}

func (st *handoffStore) dropLocked(sessionID string) {
	th, ok := st.bySession[sessionID]
	if !ok {
		return
	}
	if h := st.byToken[th]; h != nil {
		delete(st.byCode, h.codeHash)
	}
	delete(st.byToken, th)
	delete(st.bySession, sessionID)
}

func (st *handoffStore) sweepLocked(now time.Time) {
	for sid, th := range st.bySession {
		if h := st.byToken[th]; h == nil || !now.Before(h.expires) {
			st.dropLocked(sid)
		}
	}
	for sid, t := range st.tombstones {
		if now.Sub(t) >= tombstoneTTL {
			delete(st.tombstones, sid)
		}
	}
}

// HandoffView is the kiosk's answer to POST /api/handoff.
type HandoffView struct {
	URL      string `json:"url"`       // what the QR code holds
	ShortURL string `json:"short_url"` // to type: where the code is entered
	Code     string `json:"code"`      // the short fallback code
	// QRDataURL is the QR code as a data: URL, so the token is never kept
	// in clear text on the server, not even inside an image.
	QRDataURL string    `json:"qr_data_url"`
	ExpiresAt time.Time `json:"expires_at"`
	// ExpiresIn is the same in seconds, for a kiosk whose clock is off.
	ExpiresIn int `json:"expires_in"`
}

// handleHandoffCreate answers POST /api/handoff: only a kiosk session with
// at least one chosen Kita can hand off.
func (h *server) handleHandoffCreate(w http.ResponseWriter, r *http.Request, sess *Session) {
	switch {
	case sess.Shell != ShellKiosk:
		h.writeError(w, r, &Error{Code: "handoff.kiosk_only", Message: "only the kiosk hands off to a phone", status: http.StatusForbidden})
		return
	case sess.principal != nil:
		h.writeError(w, r, &Error{Code: "handoff.logged_in", Message: "log out first; a login does not travel to a phone", status: http.StatusConflict})
		return
	case len(sess.draft.Merkliste) == 0:
		h.writeError(w, r, &Error{Code: "merkliste.empty", Field: "merkliste", Message: "choose a Kita first", status: http.StatusConflict})
		return
	}
	if err := h.checkLimits(loginKey{h.limits.handoff, "addr:" + h.clientAddr(r)}); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.limits.handoff.fail("addr:"+h.clientAddr(r), h.Now()) // counts creations, not failures
	base := h.publicURL(r)
	if base == "" {
		h.writeError(w, r, &Error{Code: "handoff.no_public_url", Message: "no public address is configured (setting public_url)", status: http.StatusServiceUnavailable})
		return
	}
	token, code, expires := h.handoffs.create(sess.ID, h.Now())
	url := base + "/h/" + token
	png, err := qrcode.Encode(url, qrcode.Medium, 480)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusCreated, HandoffView{URL: url, ShortURL: shortURL(base) + "/h", Code: code,
		QRDataURL: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), ExpiresAt: expires,
		ExpiresIn: int(expires.Sub(h.Now()).Seconds())})
}

func shortURL(base string) string {
	return strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
}

// handleHandoffState answers GET /api/handoff for the polling kiosk:
// {"state": "pending"|"redeemed"|"none"}.
func (h *server) handleHandoffState(w http.ResponseWriter, r *http.Request) {
	h.writeJSON(w, http.StatusOK, map[string]string{"state": h.handoffs.state(h.sessionID(r), h.Now())})
}

// handleHandoffCancel answers DELETE /api/handoff.
func (h *server) handleHandoffCancel(w http.ResponseWriter, r *http.Request, sess *Session) {
	h.handoffs.cancel(sess.ID)
	w.WriteHeader(http.StatusNoContent)
}

var errHandoffInvalid = &Error{Code: "handoff.invalid", status: http.StatusNotFound,
	Message: "this code is not valid (any more): codes work once and for 10 minutes; ask the kiosk for a new one"}

// handleHandoffRedeem answers POST /api/handoff/redeem {"token"} or
// {"code"}: a new phone session with the kiosk's draft. It needs no session
// or CSRF token (the phone has none yet); guessing is limited per address.
func (h *server) handleHandoffRedeem(w http.ResponseWriter, r *http.Request) {
	var req struct{ Token, Code string }
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	key := loginKey{h.limits.redeem, "addr:" + h.clientAddr(r)}
	if err := h.checkLimits(key); err != nil {
		h.writeError(w, r, err)
		return
	}
	if (req.Token == "") == (req.Code == "") || len(req.Token) > 64 || len(req.Code) > 32 {
		h.writeError(w, r, invalid("token", "handoff.invalid_request", "send either token or code"))
		return
	}
	now := h.Now()
	kioskID, ok := h.handoffs.redeem(req.Token, req.Code, now)
	var draft Draft
	if ok {
		set, _ := h.Settings()
		ok, _ = h.sessions.with(kioskID, now, set, func(k *Session) error {
			draft = k.draft
			draft.Merkliste = append([]string(nil), k.draft.Merkliste...)
			return nil
		})
	}
	if !ok {
		if h.limits.redeem.fail(key.key, now) {
			h.Log.Warn("hand-off redemption locked for an address after repeated failures")
		}
		h.writeError(w, r, errHandoffInvalid)
		return
	}
	h.sessions.destroy(kioskID)
	// A family's phone behind a shared address (carrier NAT, guest Wi-Fi)
	// should not stay locked by someone else's typos once a code worked.
	h.limits.redeem.succeed(key.key)
	h.Log.WithField("kitas", len(draft.Merkliste)).Info("hand-off redeemed")
	set, err := h.Settings()
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	phone, created := h.sessions.create(ShellWeb, now, set)
	if !created {
		h.writeError(w, r, &Error{Code: "server.busy", Message: "too many open sessions; try again in a minute", status: http.StatusServiceUnavailable})
		return
	}
	_, _ = h.sessions.with(phone.ID, now, set, func(live *Session) error {
		live.draft = draft
		phone = live.snapshot()
		return nil
	})
	h.setCookie(w, r, phone)
	h.writeSession(w, r, phone, set)
}
