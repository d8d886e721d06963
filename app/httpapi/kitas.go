package httpapi

import (
	"net/http"
	"strconv"

	"kitaportal/app/apperr"
	"kitaportal/app/kitas"
	"kitaportal/app/session"
)

// kitaSearch answers GET /api/kitas with the same JSON as
// `kitaportal search --json`.
func (a *API) kitaSearch(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	q, err := kitas.ParseQuery(r.URL.Query())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	list, err := a.catalog.Search(q)
	a.answer(w, r, list, err)
}

// kitaGet answers GET /api/kitas/{id}.
func (a *API) kitaGet(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	k, err := a.catalog.Get(r.PathValue("id"))
	a.answer(w, r, k, err)
}

// placeSuggest answers GET /api/places?q=TEXT[&limit=N] for the "near"
// autocomplete.
func (a *API) placeSuggest(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	limit := 8
	if l := r.URL.Query().Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 20 {
			a.writeError(w, r, apperr.Invalid("limit", apperr.QueryInvalidNumber, "%q is not a whole number between 1 and 20", l))
			return
		}
		limit = n
	}
	items, err := a.catalog.SuggestPlaces(r.URL.Query().Get("q"), limit)
	a.answer(w, r, map[string]any{"items": items}, err)
}

// districts answers GET /api/districts: every district with its point.
func (a *API) districts(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	info, err := a.catalog.City()
	a.answer(w, r, map[string]any{"items": info.Districts}, err)
}
