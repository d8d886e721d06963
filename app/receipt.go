package app

import (
	"net/http"
	"net/url"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"kitaportal/storage"
)

// Receipt is what a family takes home after submitting: the
// Vormerkungsnummer, the access code (shown only here) and the Kitas.
type Receipt struct {
	Number         string        `json:"number"`
	AccessCode     string        `json:"access_code"`
	CreatedAt      time.Time     `json:"created_at"`
	ChildFirstName string        `json:"child_first_name"`
	StartDate      string        `json:"start_date"`
	Items          []ReceiptItem `json:"items"`
	// StatusURL is the status page; its QR code never holds the access code.
	StatusURL string `json:"status_url,omitempty"`
	QRURL     string `json:"qr_url,omitempty"`
}

// ReceiptItem is one Kita on the receipt.
type ReceiptItem struct {
	Priority int      `json:"priority"`
	Status   string   `json:"status"`
	Kita     KitaItem `json:"kita"`
}

func (s *Services) receipt(app storage.Application, vs []storage.Vormerkung, code string) (*Receipt, error) {
	r := &Receipt{
		Number: app.Number, AccessCode: code, CreatedAt: app.CreatedAt,
		ChildFirstName: app.Child.FirstName, StartDate: app.StartDate,
	}
	for _, v := range vs {
		k, err := s.Store.GetKita(v.KitaID)
		if err != nil {
			return nil, err
		}
		c, err := s.carrierOf(k)
		if err != nil {
			return nil, err
		}
		r.Items = append(r.Items, ReceiptItem{Priority: v.Priority, Status: v.Status, Kita: kitaItem(k, c)})
	}
	return r, nil
}

type checkRequest struct {
	Step string `json:"step"`
	Form Form   `json:"form"`
}

type submitRequest struct {
	Form    Form         `json:"form"`
	Account *AccountForm `json:"account"`
}

// handleVormerkungCheck answers POST /api/vormerkungen/check: the problems
// of one step of the form, so the UI can show them at their fields.
func (h *server) handleVormerkungCheck(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req checkRequest
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	errs, err := CheckForm(&req.Form, req.Step, sess.draft.Merkliste, h.Now())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if errs == nil {
		errs = FormErrors{}
	}
	h.writeJSON(w, http.StatusOK, map[string]any{"errors": errs})
}

// handleVormerkungSubmit answers POST /api/vormerkungen: the session's
// Merkliste with the form. On success the draft is emptied and the receipt
// kept in the session until it is wiped.
func (h *server) handleVormerkungSubmit(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req submitRequest
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		h.writeError(w, r, err)
		return
	}
	channel := sess.Shell
	if sess.principal.isStaff(storage.RoleClerk) {
		channel = "clerk"
	} else if sess.principal != nil && sess.principal.Kind == KindStaff {
		h.writeError(w, r, errForbidden) // Kita staff and admins do not register children
		return
	}
	rec, err := h.Submit(SubmitRequest{Form: req.Form, Merkliste: sess.draft.Merkliste, Channel: channel, Account: req.Account, By: sess.principal})
	if fe, ok := err.(FormErrors); ok {
		h.writeJSON(w, http.StatusBadRequest, map[string]any{"error": fe.first(), "errors": fe})
		return
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if base := h.publicURL(r); base != "" {
		rec.StatusURL = base + "/status/" + url.PathEscape(rec.Number)
		rec.QRURL = "/api/receipt/qr.png"
	}
	err = h.update(sess, func(live *Session) error {
		live.draft = Draft{}
		live.receipt = rec
		return nil
	})
	if err != nil {
		// Stored, but the session ended meanwhile: the family still gets
		// its receipt in this answer.
		h.Log.WithField("number", rec.Number).Warn("session ended while submitting")
	}
	h.writeJSON(w, http.StatusCreated, rec)
}

// publicURL is where phones reach this server: --public-url, else the
// public_url setting, else (for `serve` only) the address of this request.
func (h *server) publicURL(r *http.Request) string {
	if h.opts.PublicURL != "" {
		return h.opts.PublicURL
	}
	if set, err := h.Settings(); err == nil && set.PublicURL != "" {
		return set.PublicURL
	}
	if h.opts.Shell == ShellKiosk {
		return "" // the kiosk window has no address a phone could reach
	}
	scheme := "http"
	if h.isHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleReceiptGet answers GET /api/receipt: the session's last receipt.
func (h *server) handleReceiptGet(w http.ResponseWriter, r *http.Request) {
	rec, ok := h.sessionReceipt(r)
	if !ok {
		h.writeError(w, r, notFound("receipt.none", "this session has no receipt"))
		return
	}
	h.writeJSON(w, http.StatusOK, rec)
}

// handleReceiptQR answers GET /api/receipt/qr.png: the status address as a
// QR code.
func (h *server) handleReceiptQR(w http.ResponseWriter, r *http.Request) {
	rec, ok := h.sessionReceipt(r)
	if !ok || rec.StatusURL == "" {
		h.writeError(w, r, notFound("receipt.none", "this session has no receipt with a status address"))
		return
	}
	png, err := qrcode.Encode(rec.StatusURL, qrcode.Medium, 320)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(png)
}

func (h *server) sessionReceipt(r *http.Request) (*Receipt, bool) {
	set, err := h.Settings()
	if err != nil {
		return nil, false
	}
	var rec *Receipt
	ok, _ := h.sessions.with(h.sessionID(r), h.Now(), set, func(sess *Session) error {
		rec = sess.receipt
		return nil
	})
	return rec, ok && rec != nil
}
