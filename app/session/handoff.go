package session

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"kitaportal/app/auth"
)

// The hand-off from the kiosk to a phone. The kiosk asks for a one-time
// token bound to its session; the QR code holds PUBLIC_URL/h/TOKEN, and a
// short code can be typed in instead. Redeeming either copies the draft
// into a new phone session, burns the token and ends the kiosk session,
// which the kiosk notices and wipes its screen. Tokens live in memory only
// and only as hashes: a token is worth nothing once the server restarts.

const (
	handoffTTL        = 10 * time.Minute
	HandoffTokenBytes = 16 // 128 random bits
	handoffCodeChars  = 8  // 40 random bits, for typing by hand; guessing is rate limited
	tombstoneTTL      = 2 * time.Minute
)

type handoff struct {
	sessionID string
	codeHash  string
	expires   time.Time
}

// Handoffs holds pending hand-offs and, for a little while, the kiosk
// sessions that ended by one (so the kiosk can tell the family why).
type Handoffs struct {
	mu         sync.Mutex
	byToken    map[string]*handoff // sha256(token) → hand-off
	byCode     map[string]string   // sha256(code) → sha256(token)
	bySession  map[string]string   // kiosk session id → sha256(token)
	tombstones map[string]time.Time
}

// NewHandoffs is an empty hand-off store.
func NewHandoffs() *Handoffs {
	return &Handoffs{byToken: map[string]*handoff{}, byCode: map[string]string{},
		bySession: map[string]string{}, tombstones: map[string]time.Time{}}
}

func hashToken(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// Create makes a new hand-off for a session, replacing its earlier one.
func (st *Handoffs) Create(sessionID string, now time.Time) (token, code string, expires time.Time) {
	token, code = auth.RandomToken(HandoffTokenBytes), auth.RandomCode(handoffCodeChars)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now)
	st.dropLocked(sessionID)
	th := hashToken(token)
	h := &handoff{sessionID: sessionID, codeHash: hashToken(auth.NormalizeCode(code)), expires: now.Add(handoffTTL)}
	st.byToken[th], st.byCode[h.codeHash], st.bySession[sessionID] = h, th, th
	return token, code, h.expires
}

// Redeem burns a token (or a typed code) and returns the kiosk session id
// it was bound to; ok is false for an unknown, used or expired one.
func (st *Handoffs) Redeem(token, code string, now time.Time) (sessionID string, ok bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	th := hashToken(token)
	if token == "" {
		th = st.byCode[hashToken(auth.NormalizeCode(code))]
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

// State is what the kiosk polls: "pending", "redeemed" or "none".
func (st *Handoffs) State(sessionID string, now time.Time) string {
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

// Cancel drops a session's pending hand-off (the kiosk closed the dialog).
func (st *Handoffs) Cancel(sessionID string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.dropLocked(sessionID)
}

func (st *Handoffs) dropLocked(sessionID string) {
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

func (st *Handoffs) sweepLocked(now time.Time) {
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
