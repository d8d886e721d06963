package httpapi

import (
	"net/http"

	"kitaportal/app/session"
)

// handoffCreate answers POST /api/handoff: the QR code and short code that
// move this kiosk's draft to a phone.
func (a *API) handoffCreate(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	v, err := a.sessions.StartHandoff(sess, a.publicURL(r), a.clientAddr(r))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.writeJSON(w, http.StatusCreated, v)
}

// handoffState answers GET /api/handoff for the polling kiosk:
// {"state": "pending"|"redeemed"|"none"}.
func (a *API) handoffState(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	a.writeJSON(w, http.StatusOK, map[string]string{"state": a.sessions.HandoffState(a.sessionID(r))})
}

// handoffCancel answers DELETE /api/handoff.
func (a *API) handoffCancel(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	a.sessions.Handoffs.Cancel(sess.ID)
	w.WriteHeader(http.StatusNoContent)
}

// handoffRedeem answers POST /api/handoff/redeem {"token"} or {"code"}: a
// new phone session with the kiosk's draft. It needs no session or CSRF
// token (the phone has none yet); guessing is limited per address.
func (a *API) handoffRedeem(w http.ResponseWriter, r *http.Request, _ *session.Session) {
	var req struct{ Token, Code string }
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	phone, err := a.sessions.RedeemHandoff(req.Token, req.Code, a.clientAddr(r))
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.setCookie(w, r, phone)
	a.writeSession(w, r, phone)
}
