package auth

import (
	"math"
	"net/http"
	"sync"
	"time"

	"kitaportal/app/apperr"
)

// Limiter counts failures per key (an account, an address, a
// Vormerkungsnummer) in a sliding window and locks the key for a while
// once too many failed. Successes do not count; a success clears the key.
type Limiter struct {
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

func NewLimiter(max int, window, lock time.Duration) *Limiter {
	return &Limiter{max: max, window: window, lock: lock, keys: map[string]*limitState{}}
}

// Blocked returns how long the key stays locked (0: not locked).
func (l *Limiter) Blocked(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.keys[key]
	if !ok || !now.Before(st.until) {
		return 0
	}
	return st.until.Sub(now)
}

// Fail records a failure and reports whether the key is now locked.
func (l *Limiter) Fail(key string, now time.Time) bool {
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

// Succeed forgets the key's failures.
func (l *Limiter) Succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, key)
}

func (l *Limiter) sweepLocked(now time.Time) {
	for k, st := range l.keys {
		if !now.Before(st.until) && (len(st.failures) == 0 || now.Sub(st.failures[len(st.failures)-1]) >= l.window) {
			delete(l.keys, k)
		}
	}
}

// RateLimited is the error of a locked key: 429 with the wait in the
// message and in Retry-After.
func RateLimited(wait time.Duration) *apperr.Error {
	minutes := int(math.Ceil(wait.Minutes()))
	e := apperr.New(http.StatusTooManyRequests, apperr.AuthRateLimited, "too many failed attempts; try again in %d minutes", minutes)
	e.RetryAfter = int(math.Ceil(wait.Seconds()))
	return e
}
