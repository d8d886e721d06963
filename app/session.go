package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"sync"
	"time"
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
	webSessionTTL   = 2 * time.Hour
	kioskGraceTTL   = 30 * time.Second
	maxSessions     = 100_000
	sweepInterval   = time.Minute
	sessionIDBytes  = 32
	csrfTokenBytes  = 32
	maxFiltersBytes = 8 << 10
	maxFormBytes    = 16 << 10
)

// Session is one visitor's server-side state: the draft registration and,
// after submitting, the receipt. It never leaves the server's memory, so a
// restart forgets unfinished drafts rather than writing them to disk.
type Session struct {
	ID    string
	CSRF  string
	Shell string

	created, seen time.Time
	draft         Draft
	receipt       *Receipt
	principal     *Principal // nil until someone logs in
}

// Draft is what a family has chosen and typed so far.
type Draft struct {
	Filters   json.RawMessage // the UI's search filters, opaque here
	Merkliste []string        // Kita ids, first choice first
	Form      json.RawMessage // the form so far, as the UI stored it
}

// sessionStore holds the sessions of this process.
type sessionStore struct {
	mu        sync.Mutex
	m         map[string]*Session
	lastSweep time.Time
}

func newSessionStore() *sessionStore {
	return &sessionStore{m: map[string]*Session{}}
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the platform is broken
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ttl is how long a session may go without a request.
func ttl(sess *Session, set Settings) time.Duration {
	if sess.Shell == ShellKiosk {
		return time.Duration(set.IdleSeconds+set.IdleWarningSeconds)*time.Second + kioskGraceTTL
	}
	return webSessionTTL
}

// create starts a new session; it fails only when the store is full of
// live sessions (a flood), which the caller reports as busy.
func (st *sessionStore) create(shell string, now time.Time, set Settings) (*Session, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now, set, len(st.m) >= maxSessions)
	if len(st.m) >= maxSessions {
		return nil, false
	}
	sess := &Session{
		ID: randomToken(sessionIDBytes), CSRF: randomToken(csrfTokenBytes), Shell: shell,
		created: now, seen: now,
	}
	st.m[sess.ID] = sess
	return sess, true
}

// with runs fn on a live session under the store's lock and marks it seen.
// It reports false when there is no such session (or it expired).
func (st *sessionStore) with(id string, now time.Time, set Settings, fn func(*Session) error) (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now, set, false)
	sess, ok := st.m[id]
	if !ok || id == "" {
		return false, nil
	}
	if now.Sub(sess.seen) > ttl(sess, set) {
		delete(st.m, id)
		return false, nil
	}
	sess.seen = now
	return true, fn(sess)
}

// destroy forgets a session and everything in it.
func (st *sessionStore) destroy(id string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.m, id)
}

// count is the number of sessions held (for tests and metrics).
func (st *sessionStore) count() int {
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.m)
}

func (st *sessionStore) sweepLocked(now time.Time, set Settings, force bool) {
	if !force && now.Sub(st.lastSweep) < sweepInterval {
		return
	}
	st.lastSweep = now
	for id, sess := range st.m {
		if now.Sub(sess.seen) > ttl(sess, set) {
			delete(st.m, id)
		}
	}
}

// csrfOK compares a presented CSRF token in constant time.
func (sess *Session) csrfOK(token string) bool {
	return token != "" && subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRF)) == 1
}
