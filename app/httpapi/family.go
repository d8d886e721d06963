package httpapi

import (
	"net/http"

	"kitaportal/app/apperr"
	"kitaportal/app/session"
)

// The family's account: its children's Vormerkungen, its data, its answers.

func (a *API) family(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	v, err := a.svc.Family(sess.Principal)
	a.answer(w, r, v, err)
}

func (a *API) familyExport(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	v, err := a.svc.ExportFamily(sess.Principal)
	if err == nil {
		w.Header().Set("Content-Disposition", `attachment; filename="kitaportal-daten.json"`)
	}
	a.answer(w, r, v, err)
}

func (a *API) familyDelete(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	res, err := a.svc.DeleteFamily(sess.Principal)
	if err == nil {
		_ = a.sessions.Update(sess.ID, func(live *session.Session) error {
			live.Principal = nil
			return nil
		})
	}
	a.answer(w, r, res, err)
}

func (a *API) familyAddKita(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req merklisteAdd
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.answer(w, r, nil, a.svc.FamilyAddKita(sess.Principal, r.PathValue("number"), req.KitaID))
}

func (a *API) familyReorder(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct {
		IDs []uint64 `json:"ids"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.answer(w, r, nil, a.svc.FamilyReorder(sess.Principal, r.PathValue("number"), req.IDs))
}

func (a *API) familyRespond(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	id, err := pathID(r)
	if err == nil {
		err = a.svc.FamilyRespond(sess.Principal, id, r.PathValue("action"))
	}
	a.answer(w, r, nil, err)
}

func (a *API) familyApart(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct {
		Apart *bool `json:"apart"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	if req.Apart == nil {
		a.writeError(w, r, apperr.Invalid("apart", apperr.FormRequired, "apart is true or false"))
		return
	}
	a.answer(w, r, nil, a.svc.SetSiblingsApart(sess.Principal, *req.Apart))
}
