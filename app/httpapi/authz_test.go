package httpapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"kitaportal/app"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/session"
)

// The authorization matrix: every API route against every role, from one
// table. A request is denied when it answers 401 or 403, or 404 for a
// Vormerkung that exists (someone else's is hidden as missing); any other
// answer (200, or a 409 because the step does not fit the status) means
// the role got through to the use case.

var roles = []string{"anonymous", "parentA", "parentB", "kitaX", "kitaY", "clerk", "admin"}

// changedRoles are logins an admin changed after they logged in, or that
// outlived the absolute session age, with the role whose rights they must
// have now ("" = none: every route that needs a login is denied).
var changedRoles = map[string]string{
	"kitaX-disabled": "",      // Kita staff of k-pfaff, disabled by the admin
	"kitaX-deleted":  "",      // Kita staff of k-pfaff, deleted by the admin
	"clerk-to-kitaY": "kitaY", // a clerk made Kita staff of k-betze
	"kitaY-to-kitaX": "kitaX", // Kita staff moved from k-betze to k-pfaff
	"admin-aged":     "",      // an admin's session older than session.MaxSessionAge
}

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
		"{A}": a.Number, "{B}": b.Number, "{clerkID}": f.ClerkUser.ID, "{kitaYID}": "",
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
	for role, login := range map[string]string{"kitaX-disabled": "kita-x2", "kitaX-deleted": "kita-x3",
		"clerk-to-kitaY": "clerk2", "kitaY-to-kitaX": "kita-y2", "admin-aged": "admin2"} {
		w.logins[role] = `/api/login/staff {"login":"` + login + `","password":"` + apptest.StaffPassword + `"}`
	}
	if u, err := f.Svc.Store.UserByLogin("kita-y"); err == nil {
		w.vars["{kitaYID}"] = u.ID
	}
	w.handler = h
	return w
}

// addChangedUser adds the user a changed role logs in as, when first
// needed (hashing its password costs).
func (w *matrixWorld) addChangedUser(t *testing.T, role string) {
	t.Helper()
	u := map[string]app.NewUser{
		"kitaX-disabled": {Login: "kita-x2", Role: domain.RoleKita, KitaIDs: []string{"k-pfaff"}},
		"kitaX-deleted":  {Login: "kita-x3", Role: domain.RoleKita, KitaIDs: []string{"k-pfaff"}},
		"clerk-to-kitaY": {Login: "clerk2", Role: domain.RoleClerk},
		"kitaY-to-kitaX": {Login: "kita-y2", Role: domain.RoleKita, KitaIDs: []string{"k-betze"}},
		"admin-aged":     {Login: "admin2", Role: domain.RoleAdmin},
	}[role]
	u.Name, u.Password = "Name "+u.Login, apptest.StaffPassword
	if _, err := w.f.Svc.AddUser(auth.Operator, u); err != nil {
		t.Fatal(err)
	}
}

// change does to a changed role's user what its name says, after it
// logged in.
func (w *matrixWorld) change(t *testing.T, role string, c *apiClient) {
	t.Helper()
	svc, admin := w.f.Svc, w.f.Admin
	var err error
	switch role {
	case "kitaX-disabled":
		_, err = svc.SetUserDisabled(admin, "kita-x2", true)
	case "kitaX-deleted":
		err = svc.DeleteUser(admin, "kita-x3")
	case "clerk-to-kitaY":
		_, err = svc.ChangeUser(admin, "clerk2", app.UserChange{Name: "Name clerk2", Role: domain.RoleKita, KitaIDs: []string{"k-betze"}})
	case "kitaY-to-kitaX":
		_, err = svc.ChangeUser(admin, "kita-y2", app.UserChange{Name: "Name kita-y2", Role: domain.RoleKita, KitaIDs: []string{"k-pfaff"}})
	case "admin-aged":
		// Busy all the time (a request every hour), so only the absolute
		// age can end it. The world is the role's own: no other session
		// lives through these hours.
		for age := time.Duration(0); age <= session.MaxSessionAge; age += time.Hour {
			*w.f.Now = w.f.Now.Add(time.Hour)
			if age < session.MaxSessionAge {
				var v SessionView
				c.decode(c.do(http.MethodGet, "/api/session", ""), http.StatusOK, &v)
				if v.Principal == nil {
					t.Fatalf("the admin's session ended after %v, before the absolute age", age+time.Hour)
				}
			}
		}
	}
	if err != nil {
		t.Fatal(err)
	}
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
	if _, ok := changedRoles[role]; ok {
		w.addChangedUser(t, role)
	}
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
	if _, ok := changedRoles[role]; ok {
		w.change(t, role, c)
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
		{method: "GET", path: "/api/kita/rounds", allowed: []string{"kitaX", "kitaY"}},
		{method: "POST", path: "/api/kita/rounds/VR-x/deviations", body: `{"kita_id":"k-pfaff","number":"{A}","reason":"Kein Integrationsplatz frei"}`, allowed: []string{"kitaX", "clerk"}},
		{method: "GET", path: "/api/clerk/families?q=Mia", allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/families/{A}", allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/duplicates", allowed: []string{"clerk"}},
		{method: "POST", path: "/api/clerk/siblings", body: `{"numbers":["{A}","{B}"]}`, allowed: []string{"clerk"}},
		{method: "DELETE", path: "/api/clerk/siblings/{A}", allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/rounds/families?deadline=2026-12-31&start_date=2027-08-01", allowed: []string{"clerk"}},
		{method: "PUT", path: "/api/family/siblings-apart", body: `{"apart":true}`, allowed: parents},
		{method: "POST", path: "/api/clerk/merge", body: `{"keep":"{A}","drop":"{B}"}`, allowed: []string{"clerk"}},
		{method: "GET", path: "/api/admin/users", allowed: []string{"admin"}},
		{method: "POST", path: "/api/admin/users", body: `{"login":"neu","name":"Neu","role":"clerk","password":"lang-genug-123"}`, allowed: []string{"admin"}},
		{method: "POST", path: "/api/admin/users/{clerkID}/enable", allowed: []string{"admin"}},
		{method: "PUT", path: "/api/admin/users/{clerkID}", body: `{"name":"Name clerk","role":"clerk"}`, allowed: []string{"admin"}},
		{method: "DELETE", path: "/api/admin/users/{kitaYID}", allowed: []string{"admin"}, fresh: true},
		{method: "GET", path: "/api/admin/settings", allowed: []string{"admin"}},
		{method: "PUT", path: "/api/admin/settings", body: `{"idle_seconds":"90"}`, allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/audit", allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/audit?format=csv", allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/outbox", allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/about", allowed: []string{"admin"}},
		{method: "GET", path: "/api/admin/backup", allowed: []string{"admin"}},
		{method: "POST", path: "/api/admin/import", allowed: []string{"admin"}},
		{method: "GET", path: "/api/clerk/rounds", allowed: []string{"clerk"}},
		{method: "POST", path: "/api/clerk/rounds", body: `{"deadline":"2026-12-31","start_date":"2027-08-01"}`, allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/rounds/VR-x", allowed: []string{"clerk"}},
		{method: "POST", path: "/api/clerk/rounds/VR-x/rerun", body: `{}`, allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/rounds/VR-x/explain/{A}", allowed: []string{"clerk"}},
		{method: "POST", path: "/api/clerk/rounds/VR-x/publish", allowed: []string{"clerk"}},
		{method: "GET", path: "/api/clerk/rounds/VR-x/export?format=csv", allowed: []string{"clerk"}},
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
	shared, aged := newMatrixWorld(t), newMatrixWorld(t)
	all := append(slices.Clone(roles), slices.Sorted(maps.Keys(changedRoles))...)
	for _, rt := range authzTable() {
		for _, role := range all {
			name := fmt.Sprintf("%s %s as %s", rt.method, rt.path, role)
			t.Run(name, func(t *testing.T) {
				w := shared
				if role == "admin-aged" {
					w = aged
				}
				if rt.fresh {
					w = newMatrixWorld(t)
				}
				c := w.client(t, role)
				rec := c.do(rt.method, w.expand(rt.path), w.expand(rt.body))
				var e apiError
				_ = json.Unmarshal(rec.Body.Bytes(), &e)
				denied := rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden ||
					(rec.Code == http.StatusNotFound && e.Error.Code == "vormerkung.not_found")
				now, changed := changedRoles[role]
				switch {
				case changed && now == "":
					// The login ended: what needs one is denied; what anyone
					// may do may also answer "session ended, start again".
					if !slices.Contains(rt.allowed, "anonymous") && !denied {
						t.Errorf("an ended login got through: %d %s", rec.Code, rec.Body)
					}
				case changed:
					if want := !slices.Contains(rt.allowed, now); denied != want {
						t.Errorf("acting as %s now: denied=%v, want %v: %d %s", now, denied, want, rec.Code, rec.Body)
					}
				default:
					if want := !slices.Contains(rt.allowed, role); denied != want {
						t.Errorf("denied=%v, want %v: %d %s", denied, want, rec.Code, rec.Body)
					}
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
		cover(rt.method, strings.NewReplacer("{A}", "KP-1", "{B}", "KP-2", "{vA}", "1", "{clerkID}", "u-1", "{kitaYID}", "u-2").Replace(rt.path))
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
