package httpapi

import (
	"net/http"

	"kitaportal/app"
	"kitaportal/app/session"
)

// Kita staff: their Kitas, the Vormerkungen there, their answers and their
// free places.

func (a *API) staffKitas(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	items, err := a.svc.StaffKitas(sess.Principal)
	a.answer(w, r, map[string]any{"items": items}, err)
}

func (a *API) kitaInbox(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	f, err := app.ParseInboxFilter(r.URL.Query())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	items, err := a.svc.KitaInbox(sess.Principal, f)
	a.answer(w, r, map[string]any{"items": items}, err)
}

func (a *API) kitaAct(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var ans app.KitaAnswer
	if err := decodeBody(w, r, maxBodyBytes, &ans); err != nil {
		a.writeError(w, r, err)
		return
	}
	id, err := pathID(r)
	if err == nil {
		err = a.svc.KitaAct(sess.Principal, id, r.PathValue("action"), ans)
	}
	a.answer(w, r, nil, err)
}

func (a *API) freePlaces(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct {
		U3  *int `json:"u3"`
		Ue3 *int `json:"ue3"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	free, err := a.svc.UpdateFreePlaces(sess.Principal, r.PathValue("id"), req.U3, req.Ue3)
	a.answer(w, r, map[string]any{"free_places": free}, err)
}
