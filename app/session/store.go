// Package session holds the visitors' server-side state: a session per
// browser or kiosk screen with its draft (search filters, Merkliste, form
// so far), its receipt and its login; and the hand-off that moves a kiosk's
// draft to a phone.
package session

import (
	"crypto/subtle"
	"encoding/json"
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
// after submitting, the receipt. It never leaves the server's memory, so a
// restart forgets unfinished drafts rather than writing them to disk.
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
	lastSweep time.Time
}

// NewStore is an empty session store.
func NewStore() *Store {
	return &Store{m: map[string]*Session{}}
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

// Create starts a new session; it fails only when the store is full of
// live sessions (a flood), which the caller reports as busy.
func (st *Store) Create(shell string, now time.Time, set settings.Settings) (*Session, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweepLocked(now, set, len(st.m) >= maxSessions)
	if len(st.m) >= maxSessions {
		return nil, false
	}
	sess := &Session{
		ID: auth.RandomToken(sessionIDBytes), CSRF: auth.RandomToken(csrfTokenBytes), Shell: shell,
		created: now, seen: now,
	}
	st.m[sess.ID] = sess
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
