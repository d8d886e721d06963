package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/internal/testcity"
	"kitaportal/app/kitas"
	"kitaportal/app/session"
	"kitaportal/storage"
)

// apiClient is one browser (or kiosk) talking to the real handler: it
// keeps the session cookie, or the kiosk's session header, and the CSRF
// token, like the UI does.
type apiClient struct {
	t         *testing.T
	h         http.Handler
	cookie    *http.Cookie
	sessionID string // kiosk shell: sent as X-Session instead of the cookie
	csrf      string
	addr      string      // the client's address (default: httptest's 192.0.2.1)
	header    http.Header // sent with every request (e.g. a proxy's X-Forwarded-For)
}

func newClient(t *testing.T, h http.Handler) *apiClient { return &apiClient{t: t, h: h} }

func (c *apiClient) do(method, path, body string) *httptest.ResponseRecorder {
	c.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if c.addr != "" {
		req.RemoteAddr = c.addr
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if c.sessionID != "" {
		req.Header.Set(sessionHeader, c.sessionID)
	} else if c.cookie != nil {
		req.AddCookie(c.cookie)
	}
	if c.csrf != "" && method != http.MethodGet {
		req.Header.Set(csrfHeader, c.csrf)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == sessionCookie {
			c.cookie = ck
		}
	}
	return rec
}

// session calls GET /api/session (with an optional query) and keeps what
// the UI keeps.
func (c *apiClient) session(query string) SessionView {
	c.t.Helper()
	rec := c.do(http.MethodGet, "/api/session"+query, "")
	var v SessionView
	c.decode(rec, http.StatusOK, &v)
	c.csrf, c.sessionID = v.CSRFToken, v.SessionID
	return v
}

func (c *apiClient) decode(rec *httptest.ResponseRecorder, status int, v any) {
	c.t.Helper()
	if rec.Code != status {
		c.t.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body)
	}
	if v != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
			c.t.Fatalf("%v: %s", err, rec.Body)
		}
	}
}

func (c *apiClient) wantError(rec *httptest.ResponseRecorder, status int, code string) {
	c.t.Helper()
	var e apiError
	c.decode(rec, status, &e)
	if e.Error.Code != code || e.Error.Message == "" {
		c.t.Fatalf("error %+v, want code %s", e.Error, code)
	}
}

func merklisteIDs(t *testing.T, rec *httptest.ResponseRecorder) []string {
	t.Helper()
	var v struct{ Merkliste []kitas.Item }
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%v: %s", err, rec.Body)
	}
	ids := []string{}
	for _, k := range v.Merkliste {
		ids = append(ids, k.ID)
	}
	return ids
}

func TestSessionCookieAndCSRF(t *testing.T) {
	svc := apptest.NewSubmit(t)
	c := newClient(t, handlerOf(svc, Options{}))
	v := c.session("")
	if v.Shell != session.ShellWeb || v.SessionID != "" || v.CSRFToken == "" || v.Settings.VormerkungLimit != 5 {
		t.Fatalf("session %+v", v)
	}
	if !c.cookie.HttpOnly || c.cookie.SameSite != http.SameSiteStrictMode || c.cookie.Path != "/" {
		t.Errorf("cookie %+v", c.cookie)
	}
	if again := c.session(""); again.CSRFToken != v.CSRFToken {
		t.Error("a second GET /api/session started a new session")
	}
	token := c.csrf
	c.csrf = ""
	c.wantError(c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`), http.StatusForbidden, "session.csrf")
	c.csrf = "wrong" + token
	c.wantError(c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`), http.StatusForbidden, "session.csrf")
	stranger := newClient(t, c.h)
	stranger.csrf = token
	stranger.wantError(stranger.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`), http.StatusUnauthorized, "session.expired")
}

func TestMerklisteRules(t *testing.T) {
	svc := apptest.NewSubmit(t)
	if _, err := svc.Settings.Set(map[string]string{"vormerkung_limit": "2"}); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, handlerOf(svc, Options{}))
	c.session("")
	add := func(id string) *httptest.ResponseRecorder {
		return c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"`+id+`"}`)
	}
	if ids := merklisteIDs(t, add("k-pfaff")); len(ids) != 1 {
		t.Fatalf("after one add: %v", ids)
	}
	if ids := merklisteIDs(t, add("k-pfaff")); len(ids) != 1 {
		t.Fatalf("adding twice changed the list: %v", ids)
	}
	c.wantError(add("k-martin"), http.StatusConflict, "kita.not_bookable")
	c.wantError(add("k-gone"), http.StatusNotFound, "kita.not_found")
	merklisteIDs(t, add("k-betze"))
	c.wantError(add("k-unknown"), http.StatusConflict, "merkliste.limit_reached")
	c.wantError(c.do(http.MethodPut, "/api/merkliste", `{"kita_ids":["k-betze"]}`), http.StatusBadRequest, "merkliste.order_mismatch")
	c.wantError(c.do(http.MethodPut, "/api/merkliste", `{"kita_ids":["k-betze","k-betze"]}`), http.StatusBadRequest, "merkliste.order_mismatch")
	if ids := merklisteIDs(t, c.do(http.MethodPut, "/api/merkliste", `{"kita_ids":["k-betze","k-pfaff"]}`)); ids[0] != "k-betze" || ids[1] != "k-pfaff" {
		t.Errorf("reordered: %v", ids)
	}
	if ids := merklisteIDs(t, c.do(http.MethodDelete, "/api/merkliste/k-betze", "")); len(ids) != 1 || ids[0] != "k-pfaff" {
		t.Errorf("after remove: %v", ids)
	}
	if v := c.session(""); len(v.Draft.Merkliste) != 1 || v.Draft.Merkliste[0].Name != "Städtische Kita Pfaffstraße" {
		t.Errorf("session draft %+v", v.Draft.Merkliste)
	}
}

func TestDraftBodiesAreChecked(t *testing.T) {
	svc := apptest.NewSubmit(t)
	c := newClient(t, handlerOf(svc, Options{}))
	c.session("")
	for _, tc := range []struct {
		name, path, body string
		status           int
		code             string
	}{
		{"not JSON", "/api/draft/form", `{"child":`, 400, "request.invalid_json"},
		{"unknown field", "/api/draft/form", `{"child":{"nickname":"x"}}`, 400, "request.unknown_field"},
		{"wrong type", "/api/draft/form", `{"care_hours":"viel"}`, 400, "request.invalid_json"},
		{"array instead of object", "/api/draft/filters", `[1,2]`, 400, "request.invalid_json"},
		{"two values", "/api/draft/filters", `{} {}`, 400, "request.invalid_json"},
		{"too large", "/api/draft/filters", `{"q":"` + strings.Repeat("x", maxFiltersBytes) + `"}`, 413, "request.too_large"},
		{"unknown step", "/api/vormerkungen/check", `{"step":"pay","form":{}}`, 400, "form.unknown_step"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodPut
			if strings.HasSuffix(tc.path, "/check") {
				method = http.MethodPost
			}
			c.t = t
			c.wantError(c.do(method, tc.path, tc.body), tc.status, tc.code)
		})
	}
	c.t = t
	if rec := c.do(http.MethodPut, "/api/draft/form", `{"child":{"first_name":"Mia"},"care_hours":35}`); rec.Code != http.StatusNoContent {
		t.Fatalf("draft form: %d %s", rec.Code, rec.Body)
	}
	if rec := c.do(http.MethodPut, "/api/draft/filters", `{"place":"Pfaffstraße"}`); rec.Code != http.StatusNoContent {
		t.Fatalf("draft filters: %d %s", rec.Code, rec.Body)
	}
	v := c.session("")
	if !bytes.Contains(v.Draft.Form, []byte(`"Mia"`)) || !bytes.Contains(v.Draft.Filters, []byte("Pfaffstraße")) {
		t.Errorf("draft not kept: %s %s", v.Draft.Form, v.Draft.Filters)
	}
}

func TestSubmitOverHTTPAndWipe(t *testing.T) {
	svc := apptest.NewSubmit(t)
	c := newClient(t, handlerOf(svc, Options{KioskKey: "kiosk-key-0123456789"}))
	if v := c.session("?kiosk=kiosk-key-0123456789"); v.Shell != session.ShellKiosk || v.SessionID == "" {
		t.Fatalf("kiosk key gave %+v", v)
	}
	c.cookie = nil // the kiosk's web view may keep no cookies: the header must do
	merklisteIDs(t, c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-betze"}`))
	body, _ := json.Marshal(map[string]any{"step": app.StepParents, "form": app.Form{Guardians: []storage.Guardian{{FirstName: "Anna"}}}})
	var check struct{ Errors []apperr.FieldError }
	c.decode(c.do(http.MethodPost, "/api/vormerkungen/check", string(body)), http.StatusOK, &check)
	if len(check.Errors) == 0 || check.Errors[0].Field != "guardians.0.last_name" {
		t.Errorf("check errors %+v", check.Errors)
	}
	form := apptest.ValidForm()
	form.Guardians[0].Email = "nope"
	body, _ = json.Marshal(map[string]any{"form": form})
	var bad struct {
		Error  apperr.Error
		Errors []apperr.FieldError
	}
	c.decode(c.do(http.MethodPost, "/api/vormerkungen", string(body)), http.StatusBadRequest, &bad)
	if bad.Error.Code != apperr.FormInvalidEmail || bad.Error.Field != "guardians.0.email" || len(bad.Errors) != 1 {
		t.Errorf("bad submit %+v", bad)
	}
	body, _ = json.Marshal(map[string]any{"form": apptest.ValidForm()})
	var rec app.Receipt
	c.decode(c.do(http.MethodPost, "/api/vormerkungen", string(body)), http.StatusCreated, &rec)
	if rec.StatusURL != "http://example.com/status/"+rec.Number || strings.Contains(rec.StatusURL, rec.AccessCode) {
		t.Errorf("status URL %q", rec.StatusURL)
	}
	v := c.session("?kiosk=kiosk-key-0123456789")
	if v.Receipt == nil || v.Receipt.Number != rec.Number || len(v.Draft.Merkliste) != 0 {
		t.Fatalf("after submit: receipt %+v, merkliste %v", v.Receipt, v.Draft.Merkliste)
	}
	qr := c.do(http.MethodGet, "/api/receipt/qr.png", "")
	if qr.Code != http.StatusOK || !bytes.HasPrefix(qr.Body.Bytes(), []byte("\x89PNG")) {
		t.Errorf("QR: %d %q", qr.Code, qr.Header().Get("Content-Type"))
	}
	old := c.sessionID
	var fresh SessionView
	c.decode(c.do(http.MethodDelete, "/api/session", ""), http.StatusOK, &fresh)
	if fresh.Shell != session.ShellKiosk || fresh.SessionID == old || fresh.Receipt != nil {
		t.Errorf("after wipe: %+v", fresh)
	}
	c.wantError(c.do(http.MethodGet, "/api/receipt", ""), http.StatusNotFound, "receipt.none")
	if sessionsOf(svc).Sessions.Count() != 1 {
		t.Errorf("%d sessions held, want only the fresh one", sessionsOf(svc).Sessions.Count())
	}
}

func TestKioskKeyRefused(t *testing.T) {
	svc := apptest.NewSubmit(t)
	c := newClient(t, handlerOf(svc, Options{KioskKey: "kiosk-key-0123456789"}))
	c.wantError(c.do(http.MethodGet, "/api/session?kiosk=guess", ""), http.StatusForbidden, "session.kiosk_key")
	noKey := newClient(t, handlerOf(svc, Options{}))
	noKey.wantError(noKey.do(http.MethodGet, "/api/session?kiosk=x", ""), http.StatusForbidden, "session.kiosk_key")
}

func TestKioskSessionExpiresOnTheServer(t *testing.T) {
	svc := apptest.NewSubmit(t)
	now := testcity.Now
	svc.Now = func() time.Time { return now }
	c := newClient(t, handlerOf(svc, Options{Shell: session.ShellKiosk}))
	c.session("")
	merklisteIDs(t, c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-betze"}`))
	now = now.Add(90*time.Second + 30*time.Second + session.KioskGraceTTL + time.Second)
	c.wantError(c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`), http.StatusUnauthorized, "session.expired")
	if v := c.session(""); len(v.Draft.Merkliste) != 0 {
		t.Errorf("an expired kiosk session came back with its Merkliste")
	}
}

// A kiosk offers the hand-off only when a phone can reach it: the window
// alone has no address, a public URL or a served kiosk (?kiosk=KEY) has one.
func TestSessionSaysWhetherTheKioskCanHandOver(t *testing.T) {
	svc := apptest.NewSubmit(t)
	window := newClient(t, handlerOf(svc, Options{Shell: session.ShellKiosk}))
	if v := window.session(""); v.Shell != session.ShellKiosk || v.Handoff {
		t.Errorf("kiosk window without a public address: shell %q, handoff %v; want kiosk, false", v.Shell, v.Handoff)
	}
	withURL := newClient(t, handlerOf(svc, Options{Shell: session.ShellKiosk, PublicURL: "https://kita.example.de"}))
	if v := withURL.session(""); !v.Handoff {
		t.Error("kiosk window with --public-url: handoff false")
	}
	served := newClient(t, handlerOf(svc, Options{KioskKey: "kiosk-key-0123456789"}))
	if v := served.session("?kiosk=kiosk-key-0123456789"); v.Shell != session.ShellKiosk || !v.Handoff {
		t.Errorf("served kiosk: shell %q, handoff %v; want kiosk, true", v.Shell, v.Handoff)
	}
	phone := newClient(t, handlerOf(svc, Options{KioskKey: "kiosk-key-0123456789"}))
	if v := phone.session(""); v.Shell == session.ShellKiosk || v.Handoff {
		t.Errorf("a phone's browser session: shell %q, handoff %v; want web, false", v.Shell, v.Handoff)
	}
}

// A visitor's first writes start one server session, also two sent at
// once (both still carry the visitor cookie): nothing is lost.
func TestVisitorsFirstWritesShareOneSession(t *testing.T) {
	svc := apptest.NewSubmit(t)
	c := newClient(t, handlerOf(svc, Options{}))
	v := c.session("")
	visitor := c.cookie
	if !strings.HasPrefix(visitor.Value, visitorPrefix) || sessionsOf(svc).Sessions.Count() != 0 {
		t.Fatalf("a page view started a session: cookie %q, %d held", visitor.Value, sessionsOf(svc).Sessions.Count())
	}
	for _, k := range []string{"k-pfaff", "k-betze"} {
		c.cookie = visitor
		if rec := c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"`+k+`"}`); rec.Code != http.StatusOK {
			t.Fatalf("first write %s: %d %s", k, rec.Code, rec.Body)
		}
	}
	if got := sessionsOf(svc).Sessions.Count(); got != 1 {
		t.Fatalf("%d sessions for one visitor", got)
	}
	after := c.session("")
	if after.CSRFToken != v.CSRFToken || len(after.Draft.Merkliste) != 2 {
		t.Fatalf("after the first writes: token kept %v, Merkliste %d", after.CSRFToken == v.CSRFToken, len(after.Draft.Merkliste))
	}
	// A forged visitor cookie with someone's token starts nothing.
	forger := newClient(t, c.h)
	forger.cookie = &http.Cookie{Name: sessionCookie, Value: visitorPrefix + "AAAAAAAAAAAAAAAAAAAAAAAA"}
	forger.csrf = v.CSRFToken
	forger.wantError(forger.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`), http.StatusForbidden, "session.csrf")
}
