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
	a.metrics.roundRuns.Inc()
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
	if err == nil {
		a.metrics.roundRuns.Inc()
	}
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

// roundExport downloads a round's input and both mechanisms' placements,
// as JSON (default) or CSV (?format=csv).
func (a *API) roundExport(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	e, err := a.rounds.ExportRound(sess.Principal, r.PathValue("id"))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	name := "kitaportal-" + e.RoundID + "-input"
	if r.URL.Query().Get("format") != "csv" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		a.writeJSON(w, http.StatusOK, e)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	if err := e.WriteCSV(w); err != nil {
		a.log.WithError(err).Warn("round export: write")
	}
}

// The Kita's view of a draft round: its recommendation, and deviations.

func (a *API) kitaRecommendations(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	recs, err := a.rounds.Recommendations(sess.Principal)
	a.answer(w, r, map[string]any{"items": recs}, err)
}

func (a *API) kitaDeviate(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct {
		KitaID string `json:"kita_id"`
		Number string `json:"number"`
		Reason string `json:"reason"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	rec, err := a.rounds.Deviate(sess.Principal, r.PathValue("id"), req.KitaID, req.Number, req.Reason)
	a.answer(w, r, rec, err)
}

// roundFamilies lists the siblings a round with the query's deadline,
// start date and follow_up_of would keep together.
func (a *API) roundFamilies(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	q := r.URL.Query()
	fams, err := a.rounds.PlannedFamilies(sess.Principal, rounds.Spec{Deadline: q.Get("deadline"), StartDate: q.Get("start_date"),
		FollowUpOf: q.Get("follow_up_of"), Seed: 1})
	a.answer(w, r, map[string]any{"items": fams}, err)
}
