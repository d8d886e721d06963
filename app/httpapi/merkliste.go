package httpapi

import (
	"net/http"
	"slices"

	"kitaportal/app"
	"kitaportal/app/session"
)

// The Merkliste lives in the session; its rules are app's.

type merklisteAdd struct {
	KitaID string `json:"kita_id"`
}

// merklisteAdd answers POST /api/merkliste {"kita_id"}.
func (a *API) merklisteAdd(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req merklisteAdd
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.changeMerkliste(w, r, sess, func(list []string) ([]string, error) { return a.svc.MerklisteAdd(list, req.KitaID) })
}

// merklisteRemove answers DELETE /api/merkliste/{kita_id}.
func (a *API) merklisteRemove(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	id := r.PathValue("kita_id")
	a.changeMerkliste(w, r, sess, func(list []string) ([]string, error) { return app.MerklisteRemove(list, id), nil })
}

// merklisteOrder answers PUT /api/merkliste {"kita_ids"}: the same Kitas
// in a new order of priority.
func (a *API) merklisteOrder(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct {
		KitaIDs []string `json:"kita_ids"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.changeMerkliste(w, r, sess, func(list []string) ([]string, error) { return app.MerklisteOrder(list, req.KitaIDs) })
}

// changeMerkliste applies fn to the live session's list and answers the
// result.
func (a *API) changeMerkliste(w http.ResponseWriter, r *http.Request, sess *session.Session, fn func([]string) ([]string, error)) {
	var list []string
	err := a.sessions.Update(sess.ID, func(live *session.Session) error {
		next, err := fn(slices.Clone(live.Draft.Merkliste))
		if err != nil {
			return err
		}
		live.Draft.Merkliste, list = next, slices.Clone(next)
		return nil
	})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items, err := a.catalog.Items(list)
	a.answer(w, r, map[string]any{"merkliste": items}, err)
}
