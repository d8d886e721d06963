package httpapi

import (
	"fmt"
	"net/http"
	"testing"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/internal/apptest"
)

// Behind a proxy that appends the peer's address to X-Forwarded-For, the
// client's own entries come first and are whatever it wants them to be: the
// limits count per the right-most address the trusted proxy added.
func TestTrustProxyCountsPerTheAddressTheProxyAdded(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{TrustProxy: true})
	c := newClient(t, h)
	c.addr = "127.0.0.1:41000" // the reverse proxy
	c.session("")
	limited := false
	for i := range 40 {
		// A forged first entry per request; the proxy appended the real peer.
		c.header = http.Header{"X-Forwarded-For": {fmt.Sprintf("10.%d.0.1, 198.51.100.77", i)}}
		rec := c.do(http.MethodPost, "/api/login/code", fmt.Sprintf(`{"number":%q,"access_code":"AAAA-AAAA-AAAA"}`, auth.NewNumber()))
		var e apiError
		c.decode(rec, rec.Code, &e)
		if e.Error.Code == string(apperr.AuthRateLimited) {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("40 guesses from one client with forged X-Forwarded-For entries were never limited")
	}
}

func TestClientAddrFromForwardedFor(t *testing.T) {
	trusted := defaultTrustedProxies
	for _, tc := range []struct{ remote, xff, want string }{
		{"127.0.0.1:1", "", "127.0.0.1"},
		{"127.0.0.1:1", "203.0.113.9", "203.0.113.9"},
		{"127.0.0.1:1", "10.0.0.1, 203.0.113.9", "203.0.113.9"},
		// A second proxy in a private range, then the client.
		{"127.0.0.1:1", "1.2.3.4, 203.0.113.9, 10.0.0.5", "203.0.113.9"},
		{"127.0.0.1:1", "1.2.3.4,203.0.113.9 , ::1", "203.0.113.9"},
		{"[::1]:1", "2001:db8::7", "2001:db8::7"},
		// Only proxies: the left-most of them.
		{"127.0.0.1:1", "10.0.0.2, 10.0.0.5", "10.0.0.2"},
		// Junk the proxy passed on is not an address to count by: the peer's.
		{"127.0.0.1:1", "1.2.3.4, not-an-ip", "127.0.0.1"},
		{"127.0.0.1:1", "1.2.3.4, ", "127.0.0.1"},
	} {
		if got := clientAddrFrom(tc.remote, tc.xff, trusted); got != tc.want {
			t.Errorf("remote %s, X-Forwarded-For %q: %q, want %q", tc.remote, tc.xff, got, tc.want)
		}
	}
}

// A second CSRF layer: a browser's cross-site write is refused even with
// a valid session and token (http.CrossOriginProtection, by Sec-Fetch-Site
// and Origin); the same request from the portal's own pages passes.
func TestCrossSiteWritesAreRefused(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{})
	c := newClient(t, h)
	c.session("")
	c.header = http.Header{"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}
	c.wantError(c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`), http.StatusForbidden, "session.csrf")
	c.header = http.Header{"Sec-Fetch-Site": {"same-origin"}}
	if rec := c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`); rec.Code != http.StatusOK {
		t.Errorf("a same-origin write: %d %s", rec.Code, rec.Body)
	}
}

// Looking stores nothing: GET /api/session without a cookie, 99,999 times
// in the audit, filled the store; now it answers without server state. One
// address starting sessions without end (a first write each) is limited;
// other visitors are not.
func TestSessionStartsAreLimitedPerAddress(t *testing.T) {
	svc := apptest.NewSubmit(t)
	h := handlerOf(svc, Options{})
	for i := 0; i < 2000; i++ {
		newClient(t, h).session("")
	}
	if got := sessionsOf(svc).Sessions.Count(); got != 0 {
		t.Fatalf("2,000 page views hold %d server sessions, want 0", got)
	}
	started, limited := 0, 0
	for i := 0; i < sessionsPerAddress+50; i++ {
		c := newClient(t, h)
		c.session("")
		switch rec := c.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`); rec.Code {
		case http.StatusOK:
			started++
		case http.StatusTooManyRequests:
			limited++
		default:
			t.Fatalf("start %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	if started != sessionsPerAddress || limited != 50 {
		t.Errorf("%d started, %d limited; want %d and 50", started, limited, sessionsPerAddress)
	}
	other := newClient(t, h)
	other.addr = "198.51.100.23:40000"
	other.session("")
	if rec := other.do(http.MethodPost, "/api/merkliste", `{"kita_id":"k-pfaff"}`); rec.Code != http.StatusOK {
		t.Errorf("another address was refused: %d %s", rec.Code, rec.Body)
	}
	if got := sessionsOf(svc).Sessions.Count(); got != sessionsPerAddress+1 {
		t.Errorf("%d sessions held, want %d", got, sessionsPerAddress+1)
	}
}

// A family's session whose registration was deleted elsewhere (the same
// code on another device) is logged out, not answered with an internal
// error.
func TestSessionOfADeletedFamilyIsLoggedOut(t *testing.T) {
	f := apptest.NewLife(t)
	p, rec := f.Register(t, []string{"k-pfaff"}, nil)
	c := newClient(t, handlerOf(f.Svc, Options{}))
	c.session("")
	var v SessionView
	c.decode(c.do(http.MethodPost, "/api/login/code", fmt.Sprintf(`{"number":%q,"access_code":%q}`, rec.Number, rec.AccessCode)), http.StatusOK, &v)
	c.csrf = v.CSRFToken
	if _, err := f.Svc.DeleteFamily(p); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/family", "/api/family/export"} {
		if got := c.do(http.MethodGet, path, "").Code; got != http.StatusUnauthorized {
			t.Errorf("GET %s: %d, want 401", path, got)
		}
	}
}
