package app

import (
	"net/http"
	"net/url"
	"strings"
)

// maxRequestBytes bounds every request body, whatever the route; routes
// take less (maxBodyBytes) where they read one.
const maxRequestBytes = 1 << 20

// secure sets the security headers on every answer and bounds request
// bodies. The Content-Security-Policy allows no inline script, no plugin,
// no framing; images may come from the map's tile server and as data: URLs
// (the hand-off QR code). Addresses can carry hand-off tokens, so no
// referrer is ever sent.
func (s *Services) secure(next http.Handler, opts HandlerOptions) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", s.contentSecurityPolicy())
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		if r.TLS != nil || (opts.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https") {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.ContentLength > maxRequestBytes {
			s.writeError(w, r, &Error{Code: "request.too_large", Message: "the request body is too large", status: http.StatusRequestEntityTooLarge})
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxRequestBytes)
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Services) contentSecurityPolicy() string {
	img := "'self' data:"
	if set, err := s.Settings(); err == nil && set.MapTileURL != "" {
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
