package app

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
)

// Handler is the product's one HTTP handler: the JSON API under /api/ (see
// docs/api.md) and, when assets is not nil, the built web UI for every
// other path.
func (s *Services) Handler(assets fs.FS, opts HandlerOptions) http.Handler {
	mux := s.apiMux(opts)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, notFound("api.not_found", "no API route %s %s", r.Method, r.URL.Path))
	})
	if assets != nil {
		mux.Handle("/", spa(assets))
	}
	return s.logRequests(s.secure(mux, opts))
}

// routeMux is a ServeMux that remembers its patterns (the authorization
// matrix test checks that it covers every one).
type routeMux struct {
	*http.ServeMux
	patterns []string
}

func (m *routeMux) HandleFunc(pattern string, fn func(http.ResponseWriter, *http.Request)) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.HandleFunc(pattern, fn)
}

// apiMux registers every API route.
func (s *Services) apiMux(opts HandlerOptions) *routeMux {
	h := &server{Services: s, opts: opts}
	mux := &routeMux{ServeMux: http.NewServeMux()}
	mux.HandleFunc("GET /api/kitas", s.handleKitaSearch)
	mux.HandleFunc("GET /api/kitas/{id}", s.handleKitaGet)
	mux.HandleFunc("GET /api/places", s.handlePlaceSuggest)
	mux.HandleFunc("GET /api/districts", s.handleDistricts)

	mux.HandleFunc("GET /api/session", h.handleSessionGet)
	mux.HandleFunc("DELETE /api/session", h.mutating(h.handleSessionDelete))
	mux.HandleFunc("PUT /api/draft/filters", h.mutating(h.handleDraftFilters))
	mux.HandleFunc("PUT /api/draft/form", h.mutating(h.handleDraftForm))
	mux.HandleFunc("POST /api/merkliste", h.mutating(h.handleMerklisteAdd))
	mux.HandleFunc("PUT /api/merkliste", h.mutating(h.handleMerklisteOrder))
	mux.HandleFunc("DELETE /api/merkliste/{kita_id}", h.mutating(h.handleMerklisteRemove))

	mux.HandleFunc("POST /api/vormerkungen/check", h.mutating(h.handleVormerkungCheck))
	mux.HandleFunc("POST /api/vormerkungen", h.mutating(h.handleVormerkungSubmit))
	mux.HandleFunc("GET /api/receipt", h.handleReceiptGet)
	mux.HandleFunc("GET /api/receipt/qr.png", h.handleReceiptQR)
	mux.HandleFunc("POST /api/handoff", h.mutating(h.handleHandoffCreate))
	mux.HandleFunc("GET /api/handoff", h.handleHandoffState)
	mux.HandleFunc("DELETE /api/handoff", h.mutating(h.handleHandoffCancel))
	mux.HandleFunc("POST /api/handoff/redeem", h.handleHandoffRedeem)
	h.routesAfterSubmit(mux)
	return mux
}

func (s *Services) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.Log.WithError(err).Warn("write response")
	}
}

// writeError answers with {"error": {"code", "message", "field"}}. Errors
// that are not meant for users become a generic 500; the details go to the
// log only.
func (s *Services) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var fe FormErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		s.writeJSON(w, http.StatusBadRequest, map[string]any{"error": fe.first(), "errors": fe})
		return
	}
	e, ok := AsError(err)
	if !ok {
		s.Log.WithError(err).WithField("path", r.URL.Path).Error("request failed")
		e = &Error{Code: "internal", Message: "internal error; please try again", status: http.StatusInternalServerError}
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	s.writeJSON(w, e.Status(), map[string]*Error{"error": e})
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
func (s *Services) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			return
		}
		s.Log.WithFields(logrus.Fields{
			"method": r.Method, "path": r.URL.Path, "status": rec.status,
			"ms": float64(time.Since(start).Microseconds()) / 1000,
		}).Debug("request")
	})
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
