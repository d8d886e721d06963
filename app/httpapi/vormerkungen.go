package httpapi

import (
	"net/http"
	"net/url"

	qrcode "github.com/skip2/go-qrcode"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/session"
)

type checkRequest struct {
	Step string   `json:"step"`
	Form app.Form `json:"form"`
}

type submitRequest struct {
	Form    app.Form         `json:"form"`
	Account *app.AccountForm `json:"account"`
}

// vormerkungCheck answers POST /api/vormerkungen/check: the problems of one
// step of the form, so the UI can show them at their fields.
func (a *API) vormerkungCheck(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req checkRequest
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	errs, err := app.CheckForm(&req.Form, req.Step, sess.Draft.Merkliste, a.svc.Now())
	if errs == nil {
		errs = apperr.FieldErrors{}
	}
	a.answer(w, r, map[string]any{"errors": errs}, err)
}

// vormerkungSubmit answers POST /api/vormerkungen: the session's Merkliste
// with the form. On success the draft is emptied and the receipt kept in
// the session until it is wiped.
func (a *API) vormerkungSubmit(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req submitRequest
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	rec, err := a.svc.Submit(app.SubmitRequest{Form: req.Form, Merkliste: sess.Draft.Merkliste, Channel: sess.Shell,
		Account: req.Account, By: sess.Principal, Addr: a.clientAddr(r)})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if base := a.publicURL(r); base != "" {
		rec.StatusURL = base + "/status/" + url.PathEscape(rec.Number)
		rec.QRURL = "/api/receipt/qr.png"
	}
	err = a.sessions.Update(sess.ID, func(live *session.Session) error {
		live.Draft = session.Draft{}
		live.Receipt = rec
		return nil
	})
	if err != nil {
		// Stored, but the session ended meanwhile: the family still gets
		// its receipt in this answer.
		a.log.WithField("number", rec.Number).Warn("session ended while submitting")
	}
	a.writeJSON(w, http.StatusCreated, rec)
}

// receiptGet answers GET /api/receipt: the session's last receipt.
func (a *API) receiptGet(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	rec, ok := a.sessionReceipt(r)
	if !ok {
		a.writeError(w, r, apperr.NotFound(apperr.ReceiptNone, "this session has no receipt"))
		return
	}
	a.writeJSON(w, http.StatusOK, rec)
}

// receiptQR answers GET /api/receipt/qr.png: the status address as a QR
// code.
func (a *API) receiptQR(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	rec, ok := a.sessionReceipt(r)
	if !ok || rec.StatusURL == "" {
		a.writeError(w, r, apperr.NotFound(apperr.ReceiptNone, "this session has no receipt with a status address"))
		return
	}
	png, err := qrcode.Encode(rec.StatusURL, qrcode.Medium, 320)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(png)
}

func (a *API) sessionReceipt(r *http.Request) (*app.Receipt, bool) {
	sess, ok, err := a.sessions.Lookup(a.sessionID(r), nil)
	if err != nil || !ok || sess.Receipt == nil {
		return nil, false
	}
	return sess.Receipt, true
}
