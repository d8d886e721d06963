package httpapi

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/app/apperr"
	"kitaportal/app/session"
)

// What wraps every request: security headers and a body bound (secure),
// the request log (logRequests), and the session a route needs (wrap).

// maxRequestBytes bounds every request body, whatever the route; routes
// take less (maxBodyBytes) where they read one.
const maxRequestBytes = 1 << 20

const (
	sessionCookie = "kp_session"
	sessionHeader = "X-Session"
	csrfHeader    = "X-CSRF-Token"
)

// secure sets the security headers on every answer and bounds request
// bodies. The Content-Security-Policy allows no inline script, no plugin,
// no framing; images may come from the map's tile server and as data: URLs
// (the hand-off QR code). Addresses can carry hand-off tokens, so no
// referrer is ever sent.
func (a *API) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", a.contentSecurityPolicy())
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		if a.isHTTPS(r) {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		limit := int64(maxRequestBytes)
		if r.URL.Path == importPath {
			limit = maxImportBytes // read only after the admin check
		}
		if r.ContentLength > limit {
			a.writeError(w, r, apperr.New(http.StatusRequestEntityTooLarge, apperr.RequestTooLarge, "the request body is too large"))
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

func (a *API) contentSecurityPolicy() string {
	img := "'self' data:"
	if set, err := a.settings.Get(); err == nil && set.MapTileURL != "" {
		if u, err := url.Parse(strings.NewReplacer("{s}", "a", "{z}", "0", "{x}", "0", "{y}", "0", "{r}", "").Replace(set.MapTileURL)); err == nil {
			host := u.Host
			if strings.Contains(set.MapTileURL, "{s}") {
				host = "*." + strings.SplitN(u.Host, ".", 2)[len(strings.SplitN(u.Host, ".", 2))-1]
			}
			img += " " + u.Scheme + "://" + host
		}
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img +
		"; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// logRequests logs method, path, status and duration. Query strings are
// never logged: they can carry a family's address.
func (a *API) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		a.metrics.observe(r, rec.status, time.Since(start))
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			return
		}
		a.log.WithFields(logrus.Fields{
			"method": r.Method, "path": r.URL.Path, "status": rec.status,
			"ms": float64(time.Since(start).Microseconds()) / 1000,
		}).Debug("request")
	})
}

// wrap gives a route the session its access needs. Every API answer is
// no-store by default (a handler may say otherwise): they carry personal
// data or session state, also the empty 204s and the CSV downloads.
func (a *API) wrap(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if rt.access == open {
			rt.handle(w, r, &session.Session{})
			return
		}
		var check func(*session.Session) error
		if rt.access == writes {
			token := r.Header.Get(csrfHeader)
			check = func(sess *session.Session) error {
				if !sess.CSRFOK(token) {
					return errCSRF
				}
				return nil
			}
		}
		snap, ok, err := a.sessions.Lookup(a.sessionID(r), check)
		switch {
		case err != nil:
			a.writeError(w, r, err)
		case ok:
			rt.handle(w, r, snap)
		case rt.access == writes:
			// A visitor's first write starts its session.
			if sess, answered := a.startVisitor(w, r); sess != nil {
				rt.handle(w, r, sess)
			} else if !answered {
				a.writeError(w, r, session.ErrExpired)
			}
		default:
			rt.handle(w, r, &session.Session{})
		}
	}
}

// errCSRF answers a write without the session's CSRF token.
var errCSRF = apperr.New(http.StatusForbidden, apperr.SessionCSRF, "missing or wrong CSRF token")

func (a *API) sessionID(r *http.Request) string {
	if id := r.Header.Get(sessionHeader); id != "" {
		return id
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// shellFor is the shell a new session of this request gets.
func (a *API) shellFor(r *http.Request) string {
	if a.opts.Shell != "" {
		return a.opts.Shell
	}
	key := r.URL.Query().Get("kiosk")
	if a.opts.KioskKey != "" && key != "" && subtle.ConstantTimeCompare([]byte(key), []byte(a.opts.KioskKey)) == 1 {
		return session.ShellKiosk
	}
	return session.ShellWeb
}

func (a *API) isHTTPS(r *http.Request) bool {
	return r.TLS != nil || (a.opts.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}

// clientAddr is the address limits count per.
func (a *API) clientAddr(r *http.Request) string {
	if !a.opts.TrustProxy {
		return peerHost(r.RemoteAddr)
	}
	trusted := a.opts.TrustedProxies
	if trusted == nil {
		trusted = defaultTrustedProxies
	}
	return clientAddrFrom(r.RemoteAddr, strings.Join(r.Header.Values("X-Forwarded-For"), ","), trusted)
}

// defaultTrustedProxies are where a reverse proxy in front of serve runs:
// the same host or the city's internal network.
var defaultTrustedProxies = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("fc00::/7"),
}

// clientAddrFrom is the client behind trusted proxies: walking
// X-Forwarded-For from the right (each proxy appends the address it was
// reached from), the first address outside the trusted ranges. The entries
// left of it are the client's own and can say anything. An entry that is no
// address stops the walk at the peer: it was not written by a proxy we trust.
// Only proxies in the list: the left-most of them.
func clientAddrFrom(remote, xff string, trusted []netip.Prefix) string {
	peer := peerHost(remote)
	if strings.TrimSpace(xff) == "" {
		return peer
	}
	entries := strings.Split(xff, ",")
	last := ""
	for i := len(entries) - 1; i >= 0; i-- {
		ip, err := netip.ParseAddr(strings.TrimSpace(entries[i]))
		if err != nil {
			return peer
		}
		ip = ip.Unmap()
		if !inPrefixes(ip, trusted) {
			return ip.String()
		}
		last = ip.String()
	}
	return last
}

func inPrefixes(ip netip.Addr, prefixes []netip.Prefix) bool {
	for _, p := range prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

func peerHost(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return remote
	}
	return host
}

// publicURL is where phones reach this server: --public-url, else the
// public_url setting, else (for `serve` only) the address of this request.
func (a *API) publicURL(r *http.Request) string {
	if a.opts.PublicURL != "" {
		return a.opts.PublicURL
	}
	if set, err := a.settings.Get(); err == nil && set.PublicURL != "" {
		return set.PublicURL
	}
	if a.opts.Shell == session.ShellKiosk {
		return "" // the kiosk window has no address a phone could reach
	}
	scheme := "http"
	if a.isHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
