package session

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"kitaportal/app"
	"kitaportal/app/auth"
	"kitaportal/app/settings"
)

// Sessions kept across a restart come back with draft, login and token,
// without a receipt, only web sessions, and only while they would have
// lived: idle and absolute lifetimes count on through the restart.
func TestKeptSessionsLiveNoLongerThanTheyWould(t *testing.T) {
	st := NewStore()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	set := settings.Defaults()
	web, _ := st.Create(ShellWeb, now, set)
	web.Draft.Merkliste = []string{"k-pfaff"}
	web.Draft.Form = json.RawMessage(`{"child":{"first_name":"Mia"}}`)
	web.Principal = &auth.Principal{Kind: auth.KindFamily, Number: "KP-1"}
	web.Receipt = &app.Receipt{Number: "KP-1", AccessCode: "GEHEIM-1234"}
	old, _ := st.Create(ShellWeb, now.Add(-11*time.Hour-50*time.Minute), set) // near its 12 h end
	old.seen = now
	st.Create(ShellKiosk, now, set)
	ps := st.Export(now, set)
	raw, err := json.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || strings.Contains(string(raw), "GEHEIM-1234") {
		t.Fatalf("kept %d sessions: %s", len(ps), raw)
	}
	var back []Persisted
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	after := NewStore()
	// A restart of 20 minutes: the old session passed its 12 hours.
	if n := after.Import(back, now.Add(20*time.Minute), set); n != 1 {
		t.Fatalf("%d sessions came back, want 1", n)
	}
	got := after.m[web.ID]
	if got == nil || got.CSRF != web.CSRF || len(got.Draft.Merkliste) != 1 || got.Principal == nil || got.Receipt != nil {
		t.Fatalf("the session came back as %+v", got)
	}
	// A restart longer than the idle time ends every web session.
	if n := NewStore().Import(back, now.Add(webSessionTTL+time.Minute), set); n != 0 {
		t.Fatalf("%d sessions came back after more than the idle time", n)
	}
}
