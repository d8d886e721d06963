package app

import (
	"net/http"
	"strconv"
)

// handleKitaSearch answers GET /api/kitas with the same JSON as
// `kitaportal search --json`.
func (s *Services) handleKitaSearch(w http.ResponseWriter, r *http.Request) {
	q, err := ParseKitaQuery(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	list, err := s.SearchKitas(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, list)
}

// handleKitaGet answers GET /api/kitas/{id}.
func (s *Services) handleKitaGet(w http.ResponseWriter, r *http.Request) {
	k, err := s.GetKita(r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, k)
}

// handlePlaceSuggest answers GET /api/places?q=TEXT[&limit=N] for the
// "near" autocomplete.
func (s *Services) handlePlaceSuggest(w http.ResponseWriter, r *http.Request) {
	limit := 8
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 20 {
			s.writeError(w, r, invalid("limit", "query.invalid_number", "%q is not a whole number between 1 and 20", l))
			return
		}
		limit = n
	}
	items, err := s.SuggestPlaces(r.URL.Query().Get("q"), limit)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"items": items})
}
