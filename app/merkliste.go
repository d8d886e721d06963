package app

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
)

// The Merkliste and the rest of the draft: what a family has chosen and
// typed before submitting. The rules (limit, bookable Kitas only) are here;
// the UI only shows what these handlers answer.

type merklisteAdd struct {
	KitaID string `json:"kita_id"`
}

type merklisteOrder struct {
	KitaIDs []string `json:"kita_ids"`
}

// handleMerklisteAdd answers POST /api/merkliste {"kita_id"}.
func (h *server) handleMerklisteAdd(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req merklisteAdd
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := h.checkChoosable(req.KitaID); err != nil {
		h.writeError(w, r, err)
		return
	}
	set, err := h.Settings()
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.changeMerkliste(w, r, sess, func(list []string) ([]string, error) {
		if slices.Contains(list, req.KitaID) {
			return list, nil
		}
		if len(list) >= set.VormerkungLimit {
			return nil, limitReached(set.VormerkungLimit)
		}
		return append(list, req.KitaID), nil
	})
}

func limitReached(limit int) *Error {
	return &Error{Code: "merkliste.limit_reached", Field: "kita_id", status: http.StatusConflict,
		Message: pluralf(limit, "at most %d Kita can be on the list", "at most %d Kitas can be on the list")}
}

// checkChoosable says whether a Kita can go on a Merkliste: it must exist
// and take Vormerkungen through the portal.
func (h *server) checkChoosable(id string) error {
	k, err := h.GetKita(id)
	if err != nil {
		if e, ok := AsError(err); ok {
			e.Field = "kita_id"
		}
		return err
	}
	if !k.Bookable {
		return &Error{Code: "kita.not_bookable", Field: "kita_id", status: http.StatusConflict,
			Message: "this Kita does not take Vormerkungen through the portal yet; contact it directly"}
	}
	return nil
}

// handleMerklisteRemove answers DELETE /api/merkliste/{kita_id}.
func (h *server) handleMerklisteRemove(w http.ResponseWriter, r *http.Request, sess *Session) {
	id := r.PathValue("kita_id")
	h.changeMerkliste(w, r, sess, func(list []string) ([]string, error) {
		return slices.DeleteFunc(list, func(x string) bool { return x == id }), nil
	})
}

// handleMerklisteOrder answers PUT /api/merkliste {"kita_ids"}: the same
// Kitas in a new order of priority.
func (h *server) handleMerklisteOrder(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req merklisteOrder
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	h.changeMerkliste(w, r, sess, func(list []string) ([]string, error) {
		a, b := slices.Clone(list), slices.Clone(req.KitaIDs)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			return nil, invalid("kita_ids", "merkliste.order_mismatch", "kita_ids must list exactly the Kitas on the list, in the new order")
		}
		return slices.Clone(req.KitaIDs), nil
	})
}

// changeMerkliste applies fn to the session's list and answers the result.
func (h *server) changeMerkliste(w http.ResponseWriter, r *http.Request, sess *Session, fn func([]string) ([]string, error)) {
	var list []string
	err := h.update(sess, func(live *Session) error {
		next, err := fn(slices.Clone(live.draft.Merkliste))
		if err != nil {
			return err
		}
		live.draft.Merkliste, list = next, slices.Clone(next)
		return nil
	})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	items, err := h.merklisteItems(list)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"merkliste": items})
}

// handleDraftFilters answers PUT /api/draft/filters: any JSON object.
func (h *server) handleDraftFilters(w http.ResponseWriter, r *http.Request, sess *Session) {
	h.putDraftPart(w, r, sess, maxFiltersBytes, func(d *Draft, raw json.RawMessage) { d.Filters = raw })
}

// handleDraftForm answers PUT /api/draft/form: the form so far. It is
// checked for shape only; the rules apply on check and submit.
func (h *server) handleDraftForm(w http.ResponseWriter, r *http.Request, sess *Session) {
	h.putDraftPart(w, r, sess, maxFormBytes, func(d *Draft, raw json.RawMessage) { d.Form = raw })
}

func (h *server) putDraftPart(w http.ResponseWriter, r *http.Request, sess *Session, max int64, set func(*Draft, json.RawMessage)) {
	var raw json.RawMessage
	if err := decodeBody(w, r, max, &raw); err != nil {
		h.writeError(w, r, err)
		return
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		h.writeError(w, r, invalid("body", "request.invalid_json", "a JSON object is expected"))
		return
	}
	if max == maxFormBytes {
		var f Form
		if err := strictJSON(raw, &f); err != nil {
			h.writeError(w, r, err)
			return
		}
	}
	err := h.update(sess, func(live *Session) error {
		set(&live.draft, slices.Clone(raw))
		return nil
	})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
