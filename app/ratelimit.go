package app

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"
)

// limiter counts failures per key (an account, an address, a
// Vormerkungsnummer) in a sliding window and locks the key for a while
// once too many failed. Successes do not count; a success clears the key.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	lock   time.Duration
	keys   map[string]*limitState
}

type limitState struct {
	failures []time.Time
	until    time.Time
}

func newLimiter(max int, window, lock time.Duration) *limiter {
	return &limiter{max: max, window: window, lock: lock, keys: map[string]*limitState{}}
}

// blocked returns how long the key stays locked (0: not locked).
func (l *limiter) blocked(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.keys[key]
	if !ok || !now.Before(st.until) {
		return 0
	}
	return st.until.Sub(now)
}

// fail records a failure and reports whether the key is now locked.
func (l *limiter) fail(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.keys) > 100_000 {
		l.sweepLocked(now)
	}
	st, ok := l.keys[key]
	if !ok {
		st = &limitState{}
		l.keys[key] = st
	}
	kept := st.failures[:0]
	for _, t := range st.failures {
		if now.Sub(t) < l.window {
			kept = append(kept, t)
		}
	}
	st.failures = append(kept, now)
	if len(st.failures) >= l.max {
		st.until = now.Add(l.lock)
		st.failures = nil
		return true
	}
	return false
}

// succeed forgets the key's failures.
func (l *limiter) succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

func (l *limiter) sweepLocked(now time.Time) {
	for k, st := range l.keys {
		if !now.Before(st.until) && (len(st.failures) == 0 || now.Sub(st.failures[len(st.failures)-1]) >= l.window) {
			delete(l.keys, k)
		}
	}
}

// limiters guard logins and the access code against guessing.
type limiters struct {
	account *limiter // per e-mail address or staff login
	code    *limiter // per Vormerkungsnummer: the access code lockout
	addr    *limiter // per client address, for every kind of login
	handoff *limiter // hand-offs created per address
	redeem  *limiter // failed hand-off redemptions per address
}

func newLimiters() *limiters {
	return &limiters{
		account: newLimiter(5, 15*time.Minute, 15*time.Minute),
		code:    newLimiter(5, time.Hour, time.Hour),
		addr:    newLimiter(30, 15*time.Minute, 15*time.Minute),
		handoff: newLimiter(30, 10*time.Minute, 10*time.Minute),
		redeem:  newLimiter(10, 10*time.Minute, 10*time.Minute),
	}
}

// rateLimited is the error of a locked key: 429 with the wait in the
// message and in Retry-After.
func rateLimited(wait time.Duration) *Error {
	minutes := int(math.Ceil(wait.Minutes()))
	return &Error{Code: "auth.rate_limited", status: http.StatusTooManyRequests,
		Message:    fmt.Sprintf("too many failed attempts; try again in %d minutes", minutes),
		RetryAfter: int(math.Ceil(wait.Seconds()))}
}
