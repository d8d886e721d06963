// Package session holds the visitors' server-side state: a session per
// browser or kiosk screen with its draft (search filters, Merkliste, form
// so far), its receipt and its login; and the hand-off that moves a kiosk's
// draft to a phone.
package session

import (
	"crypto/subtle"
	"encoding/json"
	"slices"
	"sync"
	"time"

	"kitaportal/app"
	"kitaportal/app/auth"
	"kitaportal/app/settings"
)

// Shells a session can belong to. Kiosk sessions are wiped when the screen
// is left alone; web sessions (phones, desks) simply expire.
const (
	ShellKiosk = "kiosk"
	ShellWeb   = "web"
)

// Session lifetimes without a request. A kiosk session also ends when the
// UI's idle countdown runs out; the server-side limit is the backstop for a
// frozen screen.
const (
	webSessionTTL = 2 * time.Hour
	// MaxSessionAge ends every session this long after it began (a login
	// begins a new one), however busy: a stolen cookie is worth a day at
	// most, a forgotten clerk's desk is logged out overnight.
	MaxSessionAge  = 12 * time.Hour
	KioskGraceTTL  = 30 * time.Second
	maxSessions    = 100_000
	sweepInterval  = time.Minute
	sessionIDBytes = 32
	csrfTokenBytes = 32
)

// Session is one visitor's server-side state: the draft registration and,
// after submitting, the receipt. It lives in the server's memory; only a
// planned stop of `serve` writes the web sessions to the store for the next
// start (persist.go), a crash forgets them.
type Session struct {
	ID    string
	CSRF  string
	Shell string

	created, seen time.Time
	Draft         Draft
	Receipt       *app.Receipt
	Principal     *auth.Principal // nil until someone logs in
}

// Draft is what a family has chosen and typed so far.
type Draft struct {
	Filters   json.RawMessage // the UI's search filters, opaque here
	Merkliste []string        // Kita ids, first choice first
	Form      json.RawMessage // the form so far, as the UI stored it
}

// Store holds the sessions of this process.
type Store struct {
	mu        sync.Mutex
	m         map[string]*Session
	order     []string // ids in creation order, for evicting the oldest empty ones
	limit     int
	lastSweep time.Time
}

// NewStore is an empty session store.
func NewStore() *Store {
	return &Store{m: map[string]*Session{}, limit: maxSessions}
}

// empty: nobody logged in, nothing chosen or typed, no receipt: a session
// that can go without anyone losing anything.
func (sess *Session) empty() bool {
	return sess.Principal == nil && sess.Receipt == nil && len(sess.Draft.Merkliste) == 0 &&
		len(sess.Draft.Form) == 0 && len(sess.Draft.Filters) == 0
}

// evictLocked makes room by forgetting the oldest empty session; it
// reports false when every session holds something.
func (st *Store) evictLocked() bool {
	for i, id := range st.order {
		sess, ok := st.m[id]
		if ok && sess.empty() {
			delete(st.m, id)
			st.order = slices.Delete(st.order, i, i+1)
			return true
		}
	}
	return false
}

// compactLocked drops ids of ended sessions from the creation order.
func (st *Store) compactLocked() {
	if len(st.order) <= 2*len(st.m)+64 {
		return
	}
	kept := st.order[:0]
	for _, id := range st.order {
		if _, ok := st.m[id]; ok {
			kept = append(kept, id)
		}
	}
	st.order = kept
}

// ttl is how long a session may go without a request.
func ttl(sess *Session, set settings.Settings) time.Duration {
	if sess.Shell == ShellKiosk {
		return time.Duration(set.IdleSeconds+set.IdleWarningSeconds)*time.Second + KioskGraceTTL
	}
	return webSessionTTL
}

// expired: idle too long, or older than MaxSessionAge.
func expired(sess *Session, now time.Time, set settings.Settings) bool {
	return now.Sub(sess.seen) > ttl(sess, set) || now.Sub(sess.created) > MaxSessionAge
}

// Create starts a new session. A full store (a flood of visitors who
// never chose anything) forgets its oldest empty session first; it fails
// only when every session holds a draft, a login or a receipt.
func (st *Store) Create(shell string, now time.Time, set settings.Settings) (*Session, bool) {
	return st.CreateWithCSRF(shell, "", now, set)
}

// CreateWithCSRF starts a new session whose CSRF token is csrf (a visitor's
// token from before it had a session; "" draws one).
func (st *Store) CreateWithCSRF(shell, csrf string, now time.Time, set settings.Settings) (*Session, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now, set, len(st.m) >= st.limit)
	if len(st.m) >= st.limit && !st.evictLocked() {
		return nil, false
	}
	st.compactLocked()
	if csrf == "" {
		csrf = auth.RandomToken(csrfTokenBytes)
	}
	sess := &Session{ID: auth.RandomToken(sessionIDBytes), CSRF: csrf, Shell: shell, created: now, seen: now}
	st.m[sess.ID] = sess
	st.order = append(st.order, sess.ID)
	return sess, true
}

// With runs fn on a live session under the store's lock and marks it seen.
// It reports false when there is no such session (or it expired).
func (st *Store) With(id string, now time.Time, set settings.Settings, fn func(*Session) error) (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now, set, false)
	sess, ok := st.m[id]
	if !ok || id == "" {
		return false, nil
	}
	if expired(sess, now, set) {
		delete(st.m, id)
		return false, nil
	}
	sess.seen = now
	return true, fn(sess)
}

// Destroy forgets a session and everything in it.
func (st *Store) Destroy(id string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.m, id)
}

// Count is the number of sessions held (for tests and metrics).
func (st *Store) Count() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.m)
}

func (st *Store) sweepLocked(now time.Time, set settings.Settings, force bool) {
	if !force && now.Sub(st.lastSweep) < sweepInterval {
		return
	}
	st.lastSweep = now
	for id, sess := range st.m {
		if expired(sess, now, set) {
			delete(st.m, id)
		}
	}
}

// CSRFOK compares a presented CSRF token in constant time.
func (sess *Session) CSRFOK(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRF)) == 1
}

// Snapshot copies what a response needs, so it can be used outside the
// store's lock.
func (sess *Session) Snapshot() *Session {
	c := *sess
	c.Draft.Merkliste = append([]string(nil), sess.Draft.Merkliste...)
	return &c
}
