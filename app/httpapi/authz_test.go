package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"kitaportal/app"
	"kitaportal/app/internal/apptest"
)

// The authorization matrix: every API route against every role, from one
// table. A request is denied when it answers 401 or 403, or 404 for a
// Vormerkung that exists (someone else's is hidden as missing); any other
// answer (200, or a 409 because the step does not fit the status) means
// the role got through to the use case.

var roles = []string{"anonymous", "parentA", "parentB", "kitaX", "kitaY", "clerk", "admin"}

type authzRoute struct {
	method, path, body string
	allowed            []string
	fresh              bool // destructive: each role gets its own city
}

// matrixWorld is one city with two families and all roles logged in over
// HTTP, like real clients.
type matrixWorld struct {
	f       *apptest.Life
	handler http.Handler
	clients map[string]*apiClient
	logins  map[string]string
	vars    map[string]string
}

func newMatrixWorld(t *testing.T) *matrixWorld {
	t.Helper()
	f := apptest.NewLife(t)
	_, a := f.Register(t, []string{"k-pfaff"}, nil)
	_, b := f.Register(t, []string{"k-betze"}, func(fm *app.Form) { fm.Child.FirstName = "Lea" })
	h := handlerOf(f.Svc, Options{})
	w := &matrixWorld{f: f, clients: map[string]*apiClient{}, vars: map[string]string{
		"{A}": a.Number, "{B}": b.Number, "{clerkID}": f.ClerkUser.ID,
		"{vA}": fmt.Sprint(f.Vormerkung(t, a.Number, "k-pfaff").ID),
	}}
	w.logins = map[string]string{
		"parentA": fmt.Sprintf(`/api/login/code {"number":%q,"access_code":%q}`, a.Number, a.AccessCode),
		"parentB": fmt.Sprintf(`/api/login/code {"number":%q,"access_code":%q}`, b.Number, b.AccessCode),
		"kitaX":   `/api/login/staff {"login":"kita-x","password":"` + apptest.StaffPassword + `"}`,
		"kitaY":   `/api/login/staff {"login":"kita-y","password":"` + apptest.StaffPassword + `"}`,
		"clerk":   `/api/login/staff {"login":"clerk","password":"` + apptest.StaffPassword + `"}`,
		"admin":   `/api/login/staff {"login":"admin","password":"` + apptest.StaffPassword + `"}`,
	}
	w.handler = h
	return w
}

// client is the role's browser, logged in on first use.
func (w *matrixWorld) client(t *testing.T, role string) *apiClient {
	t.Helper()
	if c, ok := w.clients[role]; ok {
		c.t = t
		return c
	}
	c := newClient(t, w.handler)
	c.session("")
	if l, ok := w.logins[role]; ok {
		path, body, _ := strings.Cut(l, " ")
		before, csrf := c.cookie.Value, c.csrf
		var v SessionView
		c.decode(c.do(http.MethodPost, path, body), http.StatusOK, &v)
		if v.Principal == nil || c.cookie.Value == before || v.CSRFToken == csrf {
			t.Fatalf("%s: login did not renew the session (%+v)", role, v.Principal)
		}
		c.csrf = v.CSRFToken
	}
	w.clients[role] = c
	return c
}

func (w *matrixWorld) expand(s string) string {
	for k, v := range w.vars {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

func authzTable() []authzRoute {
	all := roles
	parents := []string{"parentA", "parentB"}
	familyOfA := []string{"parentA", "clerk"}
	return []authzRoute{
		{method: "GET", path: "/api/session", allowed: all},
		{method: "GET", path: "/api/kitas?limit=1", allowed: all},
		{method: "GET", path: "/api/kitas/k-pfaff", allowed: all},
		{method: "GET", path: "/api/places?q=Pfaff", allowed: all},
		{method: "GET", path: "/api/districts", allowed: all},
		{method: "POST", path: "/api/merkliste", body: `{"kita_id":"k-pfaff"}`, allowed: all},
		{method: "PUT", path: "/api/draft/form", body: `{}`, allowed: all},
		{method: "POST", path: "/api/vormerkungen/check", body: `{"step":"child","form":{}}`, allowed: all},
		{method: "POST", path: "/api/vormerkungen", body: `{"form":{}}`, allowed: []string{"anonymous", "parentA", "parentB", "clerk"}},
		{method: "GET", path: "/api/family", allowed: parents},
		{method: "GET", path: "/api/family/export", allowed: parents},
		{method: "POST", path: "/api/family/{A}/kitas", body: `{"kita_id":"k-unknown"}`, allowed: familyOfA},
		{method: "PUT", path: "/api/family/{A}/priorities", body: `{"ids":[{vA}]}`, allowed: familyOfA},
		{method: "POST", path: "/api/vormerkungen/{vA}/accept", allowed: familyOfA},
		{method: "POST", path: "/api/vormerkungen/{vA}/decline", allowed: familyOfA},
		{method: "GET", path: "/api/kita/kitas", allowed: []string{"kitaX", "kitaY"}},
		{method: "GET", path: "/api/kita/vormerkungen?kita_id=k-pfaff", allowed: []string{"kitaX"}},
		{method: "POST", path: "/api/kita/vormerkungen/{vA}/read", body: `{}`, allowed: []string{"kitaX"}},
		{method: "POST", path: "/api/kita/vormerkungen/{vA}/waitlist", body: `{}`, allowed: []string{"kitaX"}},
		{method: "POST", path: "/api/kita/vormerkungen/{vA}/offer", body: `{"offer":{"start_date":"2027-08-01","care_hours":35}}`, allowed: []string{"kitaX"}},
		{method: "PUT", path: "/api/kita/kitas/k-pfaff/free-places", body: `{"u3":1}`, allowed: []string{"kitaX"}},
		{method: "GET", path: "/api/clerk/families?q=Mia", allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/families/{A}", allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/duplicates", allowed: []string{"clerk"}},
		{method: "POST", path: "/api/clerk/merge", body: `{"keep":"{A}","drop":"{B}"}`, allowed: []string{"clerk"}},
		{method: "GET", path: "/api/admin/users", allowed: []string{"admin"}},
		{method: "POST", path: "/api/admin/users", body: `{"login":"neu","name":"Neu","role":"clerk","password":"lang-genug-123"}`, allowed: []string{"admin"}},
		{method: "POST", path: "/api/admin/users/{clerkID}/enable", allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/settings", allowed: []string{"admin"}},
		{method: "PUT", path: "/api/admin/settings", body: `{"idle_seconds":"90"}`, allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/audit", allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/audit?format=csv", allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/outbox", allowed: []string{"admin"}},
		{method: "GET", path: "/api/clerk/rounds", allowed: []string{"clerk"}},
		{method: "POST", path: "/api/clerk/rounds", body: `{"deadline":"2026-12-31","start_date":"2027-08-01"}`, allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/rounds/VR-x", allowed: []string{"clerk"}},
		{method: "POST", path: "/api/clerk/rounds/VR-x/rerun", body: `{}`, allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/rounds/VR-x/explain/{A}", allowed: []string{"clerk"}},
		{method: "POST", path: "/api/clerk/rounds/VR-x/publish", allowed: []string{"clerk"}},
		// The hand-off is for kiosk sessions only; these clients are web sessions.
		{method: "POST", path: "/api/handoff", allowed: nil},
		{method: "GET", path: "/api/handoff", allowed: all},
		{method: "DELETE", path: "/api/handoff", allowed: all},
		{method: "POST", path: "/api/handoff/redeem", body: `{"token":"nope"}`, allowed: all},
		// Withdrawing and deleting change what the other rows need.
		{method: "POST", path: "/api/vormerkungen/{vA}/withdraw", allowed: familyOfA, fresh: true},
		{method: "DELETE", path: "/api/family", allowed: parents, fresh: true},
		{method: "POST", path: "/api/logout", allowed: all, fresh: true},
	}
}

func TestAuthorizationMatrix(t *testing.T) {
	shared := newMatrixWorld(t)
	for _, rt := range authzTable() {
		for _, role := range roles {
			name := fmt.Sprintf("%s %s as %s", rt.method, rt.path, role)
			t.Run(name, func(t *testing.T) {
				w := shared
				if rt.fresh {
					w = newMatrixWorld(t)
				}
				c := w.client(t, role)
				rec := c.do(rt.method, w.expand(rt.path), w.expand(rt.body))
				var e apiError
				_ = json.Unmarshal(rec.Body.Bytes(), &e)
				denied := rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden ||
					(rec.Code == http.StatusNotFound && e.Error.Code == "vormerkung.not_found")
				if want := !slices.Contains(rt.allowed, role); denied != want {
					t.Errorf("denied=%v, want %v: %d %s", denied, want, rec.Code, rec.Body)
				}
				if rec.Code == http.StatusInternalServerError {
					t.Errorf("internal error: %s", rec.Body)
				}
				// Answers of the API carry personal data or session state:
				// no browser or proxy may keep a copy (an audit CSV in the
				// cache of a shared clerk PC is a leak).
				if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
					t.Errorf("Cache-Control %q, want no-store", cc)
				}
			})
		}
	}
}

// TestEveryRouteIsInTheMatrix keeps the table complete: a new route must be
// added to it (or to the short list of session-only routes below).
func TestEveryRouteIsInTheMatrix(t *testing.T) {
	svc := apptest.NewSubmit(t)
	api := newAPI(svc, Options{})
	mux := api.mux()
	covered := map[string]bool{}
	cover := func(method, path string) {
		_, pattern := mux.Handler(httptest.NewRequest(method, path, nil))
		covered[pattern] = true
	}
	for _, rt := range authzTable() {
		cover(rt.method, strings.NewReplacer("{A}", "KP-1", "{B}", "KP-2", "{vA}", "1", "{clerkID}", "u-1").Replace(rt.path))
	}
	// Routes that need no login and touch only the caller's own session;
	// session_api_test.go covers them.
	for _, r := range [][2]string{{"DELETE", "/api/session"}, {"PUT", "/api/draft/filters"}, {"PUT", "/api/merkliste"},
		{"DELETE", "/api/merkliste/x"}, {"GET", "/api/receipt"}, {"GET", "/api/receipt/qr.png"}, {"POST", "/api/login/staff"}} {
		cover(r[0], r[1])
	}
	for _, p := range api.Patterns() {
		if !covered[p] {
			t.Errorf("route %s is not in the authorization matrix", p)
		}
	}
}
