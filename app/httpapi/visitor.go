package httpapi

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"

	"kitaportal/app/auth"
	"kitaportal/app/session"
)

// A web visitor who only looks (search, a Kita's page) holds no server
// state: GET /api/session answers with a visitor cookie ("v." and a random
// nonce) and a CSRF token signed from it. The first write with that token
// starts the server session, which keeps the token, so the page goes on
// without asking again. A flood of page views stores nothing; session
// starts are counted per address at the first write. Kiosks start their
// session at once (their window holds its id).

const visitorPrefix = "v."

func newVisitorKey() []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the platform is broken
	}
	return k
}

// visitorNonce is the nonce of a visitor cookie, or "".
func (a *API) visitorNonce(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil || !strings.HasPrefix(c.Value, visitorPrefix) {
		return ""
	}
	n := strings.TrimPrefix(c.Value, visitorPrefix)
	if len(n) < 16 || len(n) > 64 {
		return ""
	}
	return n
}

// visitorToken is the CSRF token of a visitor nonce.
func (a *API) visitorToken(nonce string) string {
	mac := hmac.New(sha256.New, a.visitorKey)
	mac.Write([]byte("kitaportal visitor csrf\x00" + nonce))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// visitor answers for a web visitor without a session: with its nonce
// (reuse) or a new one.
func (a *API) visitor(w http.ResponseWriter, r *http.Request, reuse bool) {
	nonce := ""
	if reuse {
		nonce = a.visitorNonce(r)
	}
	if nonce == "" {
		nonce = auth.RandomToken(18)
		http.SetCookie(w, &http.Cookie{
			Name: sessionCookie, Value: visitorPrefix + nonce, Path: "/",
			HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: a.isHTTPS(r),
		})
	}
	a.writeSession(w, r, &session.Session{Shell: session.ShellWeb, CSRF: a.visitorToken(nonce)})
}

// startVisitor starts the server session of a visitor whose first write
// carries its token; ok is false (and the answer written) when it cannot.
func (a *API) startVisitor(w http.ResponseWriter, r *http.Request) (*session.Session, bool) {
	nonce := a.visitorNonce(r)
	token := r.Header.Get(csrfHeader)
	if nonce == "" || a.shellFor(r) != session.ShellWeb {
		return nil, false
	}
	if !hmac.Equal([]byte(token), []byte(a.visitorToken(nonce))) {
		a.writeError(w, r, errCSRF)
		return nil, true
	}
	// Two first writes at once (a filter saved while a Kita is added) must
	// land in one session: the nonce remembers its session for a while.
	a.visitors.mu.Lock()
	defer a.visitors.mu.Unlock()
	now := a.svc.Now()
	if v, ok := a.visitors.started[nonce]; ok && now.Sub(v.at) < visitorMemory {
		if snap, live, err := a.sessions.Lookup(v.id, nil); err == nil && live {
			a.setCookie(w, r, snap)
			return snap, true
		}
	}
	sess, ok := a.startSession(w, r, session.ShellWeb, token)
	if !ok {
		return nil, true
	}
	for n, v := range a.visitors.started {
		if now.Sub(v.at) >= visitorMemory {
			delete(a.visitors.started, n)
		}
	}
	a.visitors.started[nonce] = startedVisitor{id: sess.ID, at: now}
	return sess, true
}

// visitorMemory is how long a visitor's nonce leads to the session its
// first write started.
const visitorMemory = 2 * time.Minute

// startedVisitors maps the nonces of recent first writes to their session.
type startedVisitors struct {
	mu      sync.Mutex
	started map[string]startedVisitor
}

type startedVisitor struct {
	id string
	at time.Time
}
