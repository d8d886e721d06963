// Package httpapi is the product's one HTTP handler: the JSON API under
// /api/ (docs/api.md) and the built web UI. Both shells mount it: the Wails
// kiosk window and `kitaportal serve`. routes.go lists every route with the
// handler and the use case behind it; a handler decodes the request, calls
// that one use case (which checks who may) and encodes the answer.
package httpapi

import (
	"io/fs"
	"net/http"
	"net/netip"
	"strings"

	"github.com/sirupsen/logrus"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/kitas"
	"kitaportal/app/rounds"
	"kitaportal/app/session"
	"kitaportal/app/settings"
)

// Options say which shell serves the handler.
type Options struct {
	// Shell, when set, is the shell of every session: the kiosk window sets
	// session.ShellKiosk. Empty means web sessions, except for kiosk keys.
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
	// TrustedProxies are the ranges proxies run in; the client address is
	// the right-most X-Forwarded-For entry outside them. Nil: loopback and
	// the private ranges.
	TrustedProxies []netip.Prefix
}

// API is the HTTP side of the use cases for one shell.
type API struct {
	svc      *app.Services
	catalog  *kitas.Catalog
	settings *settings.Service
	rounds   *rounds.Service
	sessions *session.Manager
	log      *logrus.Logger
	opts     Options
	// sessionStarts counts new sessions per client address.
	sessionStarts *auth.Limiter
	// visitorKey signs the CSRF tokens of visitors who have no server
	// session yet (visitor.go).
	visitorKey []byte
	visitors   *startedVisitors
	metrics    *metrics
}

// New is the API over the services.
func New(svc *app.Services, rs *rounds.Service, sessions *session.Manager, opts Options) *API {
	a := &API{svc: svc, catalog: svc.Catalog, settings: svc.Settings, rounds: rs, sessions: sessions, log: svc.Log, opts: opts,
		sessionStarts: auth.NewLimiter(sessionsPerAddress, sessionWindow, sessionWindow), visitorKey: newVisitorKey(),
		visitors: &startedVisitors{started: map[string]startedVisitor{}}}
	a.metrics = a.newMetrics()
	return a
}

// Handler is the JSON API under /api/ and, when assets is not nil, the
// built web UI for every other path.
func (a *API) Handler(assets fs.FS) http.Handler {
	mux := a.mux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.HandleFunc("GET /readyz", a.readyz)
	mux.Handle("GET /metrics", a.metricsHandler())
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		a.writeError(w, r, apperr.NotFound(apperr.APINotFound, "no API route %s %s", r.Method, r.URL.Path))
	})
	if assets != nil {
		mux.Handle("/", spa(assets))
	}
	var h http.Handler = mux
	if a.opts.Shell != session.ShellKiosk {
		// Beside the CSRF token: browsers say where a request comes
		// from, and a cross-site write is refused before any handler.
		// The kiosk window's own webview is no browser on the network.
		cop := http.NewCrossOriginProtection()
		cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a.writeError(w, r, apperr.New(http.StatusForbidden, apperr.SessionCSRF, "cross-origin request refused"))
		}))
		h = cop.Handler(mux)
	}
	return a.logRequests(a.secure(h))
}

// Patterns lists every API route's pattern (the authorization matrix
// test checks that it covers each one).
func (a *API) Patterns() []string {
	var out []string
	for _, rt := range a.routes() {
		out = append(out, rt.pattern)
	}
	return out
}

func (a *API) mux() *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range a.routes() {
		mux.HandleFunc(rt.pattern, a.wrap(rt))
	}
	return mux
}

// spa serves the built UI and answers unknown paths with index.html, so a
// reload on a client-side route still works.
func spa(assets fs.FS) http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if name != "" {
			if _, err := fs.Stat(assets, name); err != nil {
				r2 := r.Clone(r.Context())
				r2.URL.Path = "/"
				files.ServeHTTP(w, r2)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}
