package httpapi

import (
	"net/http"

	"kitaportal/app/session"
)

// The clerk's help: finding families, one family's data, duplicates.

func (a *API) clerkFind(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	q := r.URL.Query()
	items, err := a.svc.FindFamilies(sess.Principal, q.Get("q"), q.Get("birth_date"), q.Get("number"))
	a.answer(w, r, map[string]any{"items": items}, err)
}

func (a *API) clerkFamily(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	v, err := a.svc.ClerkFamily(sess.Principal, r.PathValue("number"))
	a.answer(w, r, v, err)
}

func (a *API) duplicates(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	groups, err := a.svc.Duplicates(sess.Principal)
	a.answer(w, r, map[string]any{"groups": groups}, err)
}

func (a *API) merge(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct{ Keep, Drop string }
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.answer(w, r, nil, a.svc.Merge(sess.Principal, req.Keep, req.Drop))
}

func (a *API) siblingsLink(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	var req struct {
		Numbers []string `json:"numbers"`
	}
	if err := decodeBody(w, r, maxBodyBytes, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.answer(w, r, nil, a.svc.LinkSiblings(sess.Principal, req.Numbers))
}

func (a *API) siblingsUnlink(w http.ResponseWriter, r *http.Request, sess *session.Session) {
	a.answer(w, r, nil, a.svc.UnlinkSibling(sess.Principal, r.PathValue("number")))
}
