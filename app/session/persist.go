package session

import (
	"time"

	"kitaportal/app/auth"
	"kitaportal/app/settings"
)

// A planned restart (an upgrade, a restored backup) keeps the web sessions:
// `serve` writes them to the store when it stops and takes them back, and
// off the disk, when it starts. A session comes back only as long as it
// would have lived anyway (idle and absolute lifetime count on), with its
// draft and login but never a receipt (the access code is never written
// to disk in clear). Kiosk sessions, whose screens restart too, are not
// kept. A wipe, logout or expiry after the restart ends them as before.

// Persisted is one session as it is kept across a restart.
type Persisted struct {
	ID        string          `json:"id"`
	CSRF      string          `json:"csrf"`
	Created   time.Time       `json:"created"`
	Seen      time.Time       `json:"seen"`
	Draft     Draft           `json:"draft"`
	Principal *auth.Principal `json:"principal,omitempty"`
}

// Export lists the live web sessions to keep across a restart.
func (st *Store) Export(now time.Time, set settings.Settings) []Persisted {
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []Persisted
	for _, id := range st.order {
		sess, ok := st.m[id]
		if !ok || sess.Shell != ShellWeb || expired(sess, now, set) {
			continue
		}
		p := Persisted{ID: sess.ID, CSRF: sess.CSRF, Created: sess.created, Seen: sess.seen, Draft: sess.Draft}
		if sess.Principal != nil {
			pr := *sess.Principal
			p.Principal = &pr
		}
		out = append(out, p)
	}
	return out
}

// Import brings back the sessions that have not expired meanwhile and
// returns how many.
func (st *Store) Import(ps []Persisted, now time.Time, set settings.Settings) int {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for _, p := range ps {
		sess := &Session{ID: p.ID, CSRF: p.CSRF, Shell: ShellWeb, created: p.Created, seen: p.Seen, Draft: p.Draft, Principal: p.Principal}
		if p.ID == "" || p.CSRF == "" || expired(sess, now, set) || len(st.m) >= st.limit {
			continue
		}
		if _, dup := st.m[p.ID]; dup {
			continue
		}
		st.m[p.ID] = sess
		st.order = append(st.order, p.ID)
		n++
	}
	return n
}
