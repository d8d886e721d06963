package httpapi

import (
	"net/http"

	"kitaportal/app/allocation"
	"kitaportal/app/rounds"
	"kitaportal/app/session"
)

// The Vergaberunde as the clerk runs it.

func (a *API) roundList(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	rs, err := a.rounds.Rounds(sess.Principal)
	a.answer(w, r, map[string]any{"items": rs}, err)
}

func (a *API) roundCreate(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var spec rounds.Spec
	if err := decodeBody(w, r, maxBodyBytes, &spec); err != nil {
		a.writeError(w, r, err)
		return
	}
	v, err := a.rounds.CreateRound(sess.Principal, spec)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusCreated, v)
}

func (a *API) roundGet(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	v, err := a.rounds.GetRound(sess.Principal, r.PathValue("id"))
	a.answer(w, r, v, err)
}

func (a *API) roundRerun(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct {
		Capacities map[string]allocation.Capacity `json:"capacities"`
	}
	if err := decodeBody(w, r, 4<<20, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	v, err := a.rounds.RerunRound(sess.Principal, r.PathValue("id"), req.Capacities)
	a.answer(w, r, v, err)
}

func (a *API) roundExplain(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	e, err := a.rounds.ExplainRound(sess.Principal, r.PathValue("id"), r.PathValue("number"))
	a.answer(w, r, e, err)
}

func (a *API) roundPublish(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	res, err := a.rounds.PublishRound(sess.Principal, r.PathValue("id"))
	a.answer(w, r, res, err)
}
