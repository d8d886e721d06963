package app

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"kitaportal/storage"
)

// The routes of the second half of a Vormerkung's life: the family's
// account, the Kita's answers, the clerk's help and the admin's tools.
// Every handler only decodes and encodes; the use case checks who may.

func (h *server) routesAfterSubmit(mux *routeMux) {
	mux.HandleFunc("POST /api/login/{kind}", h.mutating(h.handleLogin))
	mux.HandleFunc("POST /api/logout", h.mutating(h.handleLogout))

	mux.HandleFunc("GET /api/family", h.authed(h.handleFamily))
	mux.HandleFunc("GET /api/family/export", h.authed(h.handleFamilyExport))
	mux.HandleFunc("DELETE /api/family", h.mutating(h.handleFamilyDelete))
	mux.HandleFunc("POST /api/family/{number}/kitas", h.mutating(h.handleFamilyAddKita))
	mux.HandleFunc("PUT /api/family/{number}/priorities", h.mutating(h.handleFamilyReorder))
	mux.HandleFunc("POST /api/vormerkungen/{id}/{action}", h.mutating(h.handleFamilyRespond))

	mux.HandleFunc("GET /api/kita/kitas", h.authed(h.handleStaffKitas))
	mux.HandleFunc("GET /api/kita/vormerkungen", h.authed(h.handleKitaInbox))
	mux.HandleFunc("POST /api/kita/vormerkungen/{id}/{action}", h.mutating(h.handleKitaAct))
	mux.HandleFunc("PUT /api/kita/kitas/{id}/free-places", h.mutating(h.handleFreePlaces))

	mux.HandleFunc("GET /api/clerk/families", h.authed(h.handleClerkFind))
	mux.HandleFunc("GET /api/clerk/families/{number}", h.authed(h.handleClerkFamily))
	mux.HandleFunc("GET /api/clerk/duplicates", h.authed(h.handleDuplicates))
	mux.HandleFunc("POST /api/clerk/merge", h.mutating(h.handleMerge))
	h.routesRound(mux)

	mux.HandleFunc("GET /api/admin/users", h.authed(h.handleUsers))
	mux.HandleFunc("POST /api/admin/users", h.mutating(h.handleUserAdd))
	mux.HandleFunc("POST /api/admin/users/{id}/{action}", h.mutating(h.handleUserDisable))
	mux.HandleFunc("GET /api/admin/settings", h.authed(h.handleSettingsGet))
	mux.HandleFunc("PUT /api/admin/settings", h.mutating(h.handleSettingsPut))
	mux.HandleFunc("GET /api/admin/audit", h.authed(h.handleAudit))
	mux.HandleFunc("GET /api/admin/outbox", h.authed(h.handleOutbox))
}

// answer writes v, or the error.
func (h *server) answer(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if v == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	h.writeJSON(w, http.StatusOK, v)
}

func (h *server) handleFamily(w http.ResponseWriter, r *http.Request, sess *Session) {
	v, err := h.Family(sess.principal)
	h.answer(w, r, v, err)
}

func (h *server) handleFamilyExport(w http.ResponseWriter, r *http.Request, sess *Session) {
	v, err := h.ExportFamily(sess.principal)
	if err == nil {
		w.Header().Set("Content-Disposition", `attachment; filename="kitaportal-daten.json"`)
	}
	h.answer(w, r, v, err)
}

func (h *server) handleFamilyDelete(w http.ResponseWriter, r *http.Request, sess *Session) {
	res, err := h.DeleteFamily(sess.principal)
	if err == nil {
		_ = h.update(sess, func(live *Session) error {
			live.principal = nil
			return nil
		})
	}
	h.answer(w, r, res, err)
}

func (h *server) handleFamilyAddKita(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req merklisteAdd
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.answer(w, r, nil, h.FamilyAddKita(sess.principal, r.PathValue("number"), req.KitaID))
}

func (h *server) handleFamilyReorder(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req struct {
		IDs []uint64 `json:"ids"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.answer(w, r, nil, h.FamilyReorder(sess.principal, r.PathValue("number"), req.IDs))
}

func pathID(r *http.Request) (uint64, error) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, notFound("vormerkung.not_found", "no Vormerkung %q", r.PathValue("id"))
	}
	return id, nil
}

func (h *server) handleFamilyRespond(w http.ResponseWriter, r *http.Request, sess *Session) {
	id, err := pathID(r)
	if err == nil {
		err = h.FamilyRespond(sess.principal, id, r.PathValue("action"))
	}
	h.answer(w, r, nil, err)
}

func (h *server) handleStaffKitas(w http.ResponseWriter, r *http.Request, sess *Session) {
	if err := requireStaff(sess.principal, storage.RoleKita); err != nil {
		h.writeError(w, r, err)
		return
	}
	items, err := h.merklisteItems(sess.principal.KitaIDs)
	h.answer(w, r, map[string]any{"items": items}, err)
}

func (h *server) handleKitaInbox(w http.ResponseWriter, r *http.Request, sess *Session) {
	f, err := ParseInboxFilter(r.URL.Query())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items, err := h.KitaInbox(sess.principal, f)
	h.answer(w, r, map[string]any{"items": items}, err)
}

func (h *server) handleKitaAct(w http.ResponseWriter, r *http.Request, sess *Session) {
	var ans KitaAnswer
	if err := decodeBody(w, r, maxBodyBytes, &ans); err != nil {
		h.writeError(w, r, err)
		return
	}
	id, err := pathID(r)
	if err == nil {
		err = h.KitaAct(sess.principal, id, r.PathValue("action"), ans)
	}
	h.answer(w, r, nil, err)
}

func (h *server) handleFreePlaces(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req struct {
		U3  *int `json:"u3"`
		Ue3 *int `json:"ue3"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := h.UpdateFreePlaces(sess.principal, r.PathValue("id"), req.U3, req.Ue3); err != nil {
		h.writeError(w, r, err)
		return
	}
	k, err := h.Store.GetKita(r.PathValue("id"))
	h.answer(w, r, map[string]any{"free_places": k.FreePlaces}, err)
}

func (h *server) handleClerkFind(w http.ResponseWriter, r *http.Request, sess *Session) {
	q := r.URL.Query()
	items, err := h.FindFamilies(sess.principal, q.Get("q"), q.Get("birth_date"), q.Get("number"))
	h.answer(w, r, map[string]any{"items": items}, err)
}

func (h *server) handleClerkFamily(w http.ResponseWriter, r *http.Request, sess *Session) {
	v, err := h.ClerkFamily(sess.principal, r.PathValue("number"))
	h.answer(w, r, v, err)
}

func (h *server) handleDuplicates(w http.ResponseWriter, r *http.Request, sess *Session) {
	groups, err := h.Duplicates(sess.principal)
	h.answer(w, r, map[string]any{"groups": groups}, err)
}

func (h *server) handleMerge(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req struct{ Keep, Drop string }
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.answer(w, r, nil, h.Merge(sess.principal, req.Keep, req.Drop))
}

func (h *server) handleUsers(w http.ResponseWriter, r *http.Request, sess *Session) {
	if sess.principal == nil {
		h.writeError(w, r, errLoginRequired)
		return
	}
	us, err := h.Users(sess.principal)
	h.answer(w, r, map[string]any{"items": us}, err)
}

func (h *server) handleUserAdd(w http.ResponseWriter, r *http.Request, sess *Session) {
	var nu NewUser
	if err := decodeBody(w, r, maxBodyBytes, &nu); err != nil {
		h.writeError(w, r, err)
		return
	}
	if sess.principal == nil {
		h.writeError(w, r, errLoginRequired)
		return
	}
	u, err := h.AddUser(sess.principal, nu)
	h.answer(w, r, u, err)
}

func (h *server) handleUserDisable(w http.ResponseWriter, r *http.Request, sess *Session) {
	if sess.principal == nil {
		h.writeError(w, r, errLoginRequired)
		return
	}
	action := r.PathValue("action")
	if action != "disable" && action != "enable" {
		h.writeError(w, r, notFound("api.not_found", "no user action %q", action))
		return
	}
	u, err := h.SetUserDisabled(sess.principal, r.PathValue("id"), action == "disable")
	h.answer(w, r, u, err)
}

func (h *server) handleSettingsGet(w http.ResponseWriter, r *http.Request, sess *Session) {
	if err := requireStaff(sess.principal, storage.RoleAdmin); err != nil {
		h.writeError(w, r, err)
		return
	}
	set, err := h.Settings()
	h.answer(w, r, set.forAdmin(), err)
}

func (h *server) handleSettingsPut(w http.ResponseWriter, r *http.Request, sess *Session) {
	if err := requireStaff(sess.principal, storage.RoleAdmin); err != nil {
		h.writeError(w, r, err)
		return
	}
	var values map[string]string
	if err := decodeBody(w, r, maxBodyBytes, &values); err != nil {
		h.writeError(w, r, err)
		return
	}
	set, err := h.SetSettings(values)
	if err == nil {
		h.auditAdmin(sess.principal, "settings.change", strconv.Itoa(len(values))+" settings")
	}
	h.answer(w, r, set.forAdmin(), err)
}

func (h *server) handleAudit(w http.ResponseWriter, r *http.Request, sess *Session) {
	if err := requireStaff(sess.principal, storage.RoleAdmin); err != nil {
		h.writeError(w, r, err)
		return
	}
	after, _ := strconv.ParseUint(r.URL.Query().Get("after"), 10, 64)
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	entries, err := h.Store.Audit(after, max(limit, 0))
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if r.URL.Query().Get("format") != "csv" {
		h.writeJSON(w, http.StatusOK, map[string]any{"items": entries})
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kitaportal-audit.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"seq", "at", "actor_id", "actor_role", "action", "number", "vormerkung_id", "kita_id", "detail"})
	for _, e := range entries {
		_ = cw.Write([]string{strconv.FormatUint(e.Seq, 10), e.At.UTC().Format(time.RFC3339), e.ActorID, e.ActorRole, e.Action,
			e.Number, strconv.FormatUint(e.VormerkungID, 10), e.KitaID, e.Detail})
	}
	cw.Flush()
}

func (h *server) handleOutbox(w http.ResponseWriter, r *http.Request, sess *Session) {
	if err := requireStaff(sess.principal, storage.RoleAdmin); err != nil {
		h.writeError(w, r, err)
		return
	}
	msgs, err := h.Store.Outbox(false)
	type status struct {
		ID        uint64     `json:"id"`
		Attempts  int        `json:"attempts"`
		SentAt    *time.Time `json:"sent_at,omitempty"`
		GaveUp    bool       `json:"gave_up"`
		LastError string     `json:"last_error,omitempty"`
	}
	out := []status{}
	for _, m := range msgs {
		out = append(out, status{m.ID, m.Attempts, m.SentAt, m.GaveUp, m.LastError})
	}
	h.answer(w, r, map[string]any{"items": out}, err)
}
