package app

import (
	"net/http"

	"kitaportal/app/allocation"
)

func (h *server) routesRound(mux *routeMux) {
	mux.HandleFunc("GET /api/clerk/rounds", h.authed(h.handleRounds))
	mux.HandleFunc("POST /api/clerk/rounds", h.mutating(h.handleRoundCreate))
	mux.HandleFunc("GET /api/clerk/rounds/{id}", h.authed(h.handleRoundGet))
	mux.HandleFunc("POST /api/clerk/rounds/{id}/rerun", h.mutating(h.handleRoundRerun))
	mux.HandleFunc("GET /api/clerk/rounds/{id}/explain/{number}", h.authed(h.handleRoundExplain))
	mux.HandleFunc("POST /api/clerk/rounds/{id}/publish", h.mutating(h.handleRoundPublish))
}

func (h *server) handleRounds(w http.ResponseWriter, r *http.Request, sess *Session) {
	rs, err := h.Rounds(sess.principal)
	h.answer(w, r, map[string]any{"items": rs}, err)
}

func (h *server) handleRoundCreate(w http.ResponseWriter, r *http.Request, sess *Session) {
	var spec RoundSpec
	if err := decodeBody(w, r, maxBodyBytes, &spec); err != nil {
		h.writeError(w, r, err)
		return
	}
	if sess.principal == nil {
		h.writeError(w, r, errLoginRequired)
		return
	}
	v, err := h.CreateRound(sess.principal, spec)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusCreated, v)
}

func (h *server) handleRoundGet(w http.ResponseWriter, r *http.Request, sess *Session) {
	v, err := h.GetRound(sess.principal, r.PathValue("id"))
	h.answer(w, r, v, err)
}

func (h *server) handleRoundRerun(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req struct {
		Capacities map[string]allocation.Capacity `json:"capacities"`
	}
	if err := decodeBody(w, r, 4<<20, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	v, err := h.RerunRound(sess.principal, r.PathValue("id"), req.Capacities)
	h.answer(w, r, v, err)
}

func (h *server) handleRoundExplain(w http.ResponseWriter, r *http.Request, sess *Session) {
	e, err := h.ExplainRound(sess.principal, r.PathValue("id"), r.PathValue("number"))
	h.answer(w, r, e, err)
}

func (h *server) handleRoundPublish(w http.ResponseWriter, r *http.Request, sess *Session) {
	res, err := h.PublishRound(sess.principal, r.PathValue("id"))
	h.answer(w, r, res, err)
}
