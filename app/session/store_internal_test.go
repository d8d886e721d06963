package session

import (
	"testing"
	"time"

	"kitaportal/app/settings"
)

// A store full of empty sessions (a flood of GET /api/session) makes room
// for the next visitor by forgetting the oldest empty one; sessions with
// a draft or a login are never forgotten for it.
func TestFullStoreEvictsTheOldestEmptySession(t *testing.T) {
	st := NewStore()
	st.limit = 20
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	set := settings.Defaults()
	draft, _ := st.Create(ShellWeb, now, set)
	draft.Draft.Merkliste = []string{"k-pfaff"}
	var first string
	for i := 0; i < 19; i++ {
		s, ok := st.Create(ShellWeb, now, set)
		if !ok {
			t.Fatalf("session %d refused below the limit", i)
		}
		if i == 0 {
			first = s.ID
		}
	}
	for i := 0; i < 100; i++ {
		if _, ok := st.Create(ShellWeb, now, set); !ok {
			t.Fatalf("visitor %d refused while the store holds empty sessions", i)
		}
	}
	if st.Count() != 20 {
		t.Errorf("%d sessions, want the limit 20", st.Count())
	}
	if _, ok := st.m[draft.ID]; !ok {
		t.Error("the session with a Merkliste was evicted")
	}
	if _, ok := st.m[first]; ok {
		t.Error("the oldest empty session is still there")
	}
	// Only sessions that hold something: the next visitor is refused.
	for _, s := range st.m {
		s.Draft.Form = []byte(`{"x":1}`)
	}
	if _, ok := st.Create(ShellWeb, now, set); ok {
		t.Error("a session holding a draft was evicted for a new one")
	}
}
