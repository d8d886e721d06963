package rounds

import (
	"strings"
	"testing"

	"kitaportal/app"
	"kitaportal/app/allocation"
	"kitaportal/app/auth"
	"kitaportal/app/internal/apptest"
	"kitaportal/storage"
)

var roundSpec = Spec{Deadline: "2026-11-30", StartDate: "2027-08-01", Seed: 7}

// register adds a family with its own contacts (no shared address).
func register(t *testing.T, f *apptest.Life, i int, name string, kitas []string) (*auth.Principal, *app.Receipt) {
	t.Helper()
	return f.Register(t, kitas, func(fm *app.Form) {
		fm.Child.FirstName = name
		g := &fm.Guardians[0]
		g.Phone, g.Email, g.Street = "0631 20000"+string(rune('0'+i)), "", "Pfaffstraße "+string(rune('1'+i))
	})
}

// open is the child's running Vormerkung at kita.
func open(t *testing.T, f *apptest.Life, number, kita string) storage.Vormerkung {
	t.Helper()
	_, vs, err := f.Svc.Store.GetApplication(number)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.KitaID == kita && !v.Status.Final() {
			return v
		}
	}
	t.Fatalf("%s has no running Vormerkung at %s", number, kita)
	return storage.Vormerkung{}
}

func inputChild(t *testing.T, rs *Service, id, number string) allocation.Child {
	t.Helper()
	in, err := rs.loadRoundInput(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range in.Children {
		if c.ID == number {
			return c
		}
	}
	t.Fatalf("%s is not in round %s", number, id)
	return allocation.Child{}
}

// TestRanksFollowTheRunningVormerkungen: a family that withdrew and added
// Kitas has priorities 2, 3 and 6; the round ranks them 1, 2, 3 instead of
// refusing the whole city's round.
func TestRanksFollowTheRunningVormerkungen(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	p, rec := register(t, f, 0, "Mia", []string{"k-pfaff", "k-betze", "k-unknown"})
	register(t, f, 1, "Ole", []string{"k-pfaff"})
	for range 3 {
		v := open(t, f, rec.Number, "k-pfaff")
		if err := f.Svc.FamilyRespond(p, v.ID, "withdraw"); err != nil {
			t.Fatal(err)
		}
		if err := f.Svc.FamilyAddKita(p, rec.Number, "k-pfaff"); err != nil {
			t.Fatal(err)
		}
	}
	if v := open(t, f, rec.Number, "k-pfaff"); v.Priority != 6 {
		t.Fatalf("the re-added Vormerkung has priority %d, this test wants 6", v.Priority)
	}
	v, err := rs.CreateRound(f.Clerk, roundSpec)
	if err != nil {
		t.Fatalf("one family's priorities broke the round: %v", err)
	}
	c := inputChild(t, rs, v.ID, rec.Number)
	want := []allocation.Choice{{KitaID: "k-betze", Rank: 1}, {KitaID: "k-unknown", Rank: 2}, {KitaID: "k-pfaff", Rank: 3}}
	if len(c.Choices) != 3 || c.Choices[0] != want[0] || c.Choices[1] != want[1] || c.Choices[2] != want[2] {
		t.Errorf("choices %+v, want %+v", c.Choices, want)
	}
}

// TestMaxChoicesFollowsTheSetting: the round allows as many choices as a
// child may hold; a child holding more (the limit was lowered after it
// registered) takes part with its first ones, and the clerk is told.
func TestMaxChoicesFollowsTheSetting(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	_, mia := register(t, f, 0, "Mia", []string{"k-pfaff", "k-betze", "k-unknown"})
	for _, tc := range []struct {
		limit   string
		choices int
		noted   bool
	}{{"7", 3, false}, {"2", 2, true}} {
		if _, err := f.Svc.Settings.Set(map[string]string{"vormerkung_limit": tc.limit}); err != nil {
			t.Fatal(err)
		}
		v, err := rs.CreateRound(f.Clerk, roundSpec)
		if err != nil {
			t.Fatalf("limit %s: %v", tc.limit, err)
		}
		in, _ := rs.loadRoundInput(v.ID)
		if want := map[string]int{"7": 7, "2": 2}[tc.limit]; in.MaxChoices != want {
			t.Errorf("limit %s: max_choices %d", tc.limit, in.MaxChoices)
		}
		if c := inputChild(t, rs, v.ID, mia.Number); len(c.Choices) != tc.choices {
			t.Errorf("limit %s: %d choices %+v", tc.limit, len(c.Choices), c.Choices)
		}
		noted := len(v.Notes) == 1 && v.Notes[0].Number == mia.Number && v.Notes[0].ChildName == "Mia Müller" &&
			v.Notes[0].Code == string(noteChoicesCut) && !v.Notes[0].LeftOut
		if noted != tc.noted {
			t.Errorf("limit %s: notes %+v", tc.limit, v.Notes)
		}
	}
}

// TestBadChildIsLeftOutNotTheCity: one registration whose stored data the
// engine cannot use is left out and named; everybody else gets the round.
func TestBadChildIsLeftOutNotTheCity(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	_, bad := register(t, f, 0, "Mia", []string{"k-pfaff"})
	_, good := register(t, f, 1, "Ole", []string{"k-pfaff"})
	err := apptest.DB(f.Svc).Change([]string{bad.Number}, func(l []storage.Loaded) (storage.ChangeSet, error) {
		a := l[0].App
		a.Child.BirthDate = "" // an old import without a birth date
		a.Guardians[0].EmploymentHours = 500
		return storage.ChangeSet{PutApplications: []storage.Application{a}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := rs.CreateRound(f.Clerk, roundSpec)
	if err != nil {
		t.Fatalf("one family's data broke the round: %v", err)
	}
	if v.Stats.Children != 1 || len(v.Placements) != 1 || v.Placements[0].Number != good.Number {
		t.Errorf("placements %+v", v.Placements)
	}
	if len(v.Notes) != 1 || !v.Notes[0].LeftOut || v.Notes[0].Number != bad.Number || v.Notes[0].ChildName != "Mia Müller" ||
		!strings.Contains(v.Notes[0].Message, "birth date") || !strings.Contains(v.Notes[0].Message, "500") {
		t.Errorf("notes %+v", v.Notes)
	}
	// The stored round still names the child left out.
	got, err := rs.GetRound(f.Clerk, v.ID)
	if err != nil || len(got.Notes) != 1 || got.Notes[0].Number != bad.Number {
		t.Errorf("stored round's notes %+v, %v", got.Notes, err)
	}
}

// TestHeldPlacesAreNotCountedTwice: the free places a Kita reports are the
// places still free for the start date; a child who holds (accepted or was
// offered) a place takes no part in a first round and takes nothing off
// the reported places.
func TestHeldPlacesAreNotCountedTwice(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	held, rec := register(t, f, 0, "Mia", []string{"k-betze", "k-pfaff"})
	_, ole := register(t, f, 1, "Ole", []string{"k-pfaff", "k-betze"})
	v := f.Vormerkung(t, rec.Number, "k-betze")
	if err := f.Svc.KitaAct(f.KitaY, v.ID, "offer", apptest.Offer("2026-12-20")); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.FamilyRespond(held, v.ID, "accept"); err != nil {
		t.Fatal(err)
	}
	one, zero := 1, 0
	for _, tc := range []struct {
		betzeUe3, betzeU3 *int
	}{{&zero, &zero}, {&zero, &one}} {
		if _, err := f.Svc.UpdateFreePlaces(f.KitaY, "k-betze", tc.betzeU3, tc.betzeUe3); err != nil {
			t.Fatal(err)
		}
		if _, err := f.Svc.UpdateFreePlaces(f.KitaX, "k-pfaff", &zero, &zero); err != nil {
			t.Fatal(err)
		}
		r, err := rs.CreateRound(f.Clerk, roundSpec)
		if err != nil {
			t.Fatalf("Kita Betzenberg reporting %d free U3 places with one accepted child: %v", *tc.betzeU3, err)
		}
		var betze RoundCapacity
		for _, c := range r.Capacities {
			if c.KitaID == "k-betze" {
				betze = c
			}
		}
		if betze.U3 != *tc.betzeU3 {
			t.Errorf("reported %d, the round allocates %d", *tc.betzeU3, betze.U3)
		}
		if len(r.Placements) != 1 || r.Placements[0].Number != ole.Number {
			t.Errorf("the child holding a place takes part: %+v", r.Placements)
		}
		if r.Stats.Placed != *tc.betzeU3 {
			t.Errorf("reported %d, placed %d", *tc.betzeU3, r.Stats.Placed)
		}
		if r.Holding != 1 {
			t.Errorf("holding %d, want 1", r.Holding)
		}
	}
}

// TestSiblingsOnlyOnStrongEvidence: children are kept together only when
// one family account registered them; sharing an address, a phone or an
// e-mail (a block of flats, a shelter, a typo) links nobody.
func TestSiblingsOnlyOnStrongEvidence(t *testing.T) {
	app := func(number, account, child string, contacts ...string) storage.Loaded {
		return storage.Loaded{App: storage.Application{Number: number, AccountID: account, ChildKey: child,
			StartDate: "2027-08-01", ContactKeys: contacts}}
	}
	groups := familyGroups([]storage.Loaded{
		app("KP-A", "", "mia", "addr:pfaffstrasse 12|67655"),
		app("KP-B", "", "ole", "addr:pfaffstrasse 12|67655", "phone:0631"),
		app("KP-C", "", "lea", "phone:0631"),
		app("KP-D", "acc-1", "tim"),
		app("KP-E", "acc-1", "ida"),
		app("KP-F", "acc-1", "tim"), // the same child again: a duplicate, not a sibling
		app("KP-G", "acc-2", "finn"),
		linked(app("KP-H", "acc-4", "nele"), "sib-H"), // registered apart, linked by a clerk
		linked(app("KP-I", "", "jan"), "sib-H"),
		apart(app("KP-J", "acc-5", "paul")), // the family said: not necessarily together
		apart(app("KP-K", "acc-5", "emma")),
	})
	for _, n := range []string{"KP-A", "KP-B", "KP-C", "KP-G", "KP-J", "KP-K"} {
		if g := groups[n]; g != "" {
			t.Errorf("%s grouped as %q", n, g)
		}
	}
	if groups["KP-D"] == "" || groups["KP-D"] != groups["KP-E"] {
		t.Errorf("siblings of one account: %q, %q", groups["KP-D"], groups["KP-E"])
	}
	if groups["KP-F"] != "" && groups["KP-F"] == groups["KP-D"] {
		t.Errorf("the same child twice grouped with itself")
	}
	if groups["KP-H"] == "" || groups["KP-H"] != groups["KP-I"] || groups["KP-H"] == groups["KP-D"] {
		t.Errorf("siblings a clerk linked: %q, %q", groups["KP-H"], groups["KP-I"])
	}
}

func linked(l storage.Loaded, group string) storage.Loaded {
	l.App.SiblingGroup = group
	return l
}

func apart(l storage.Loaded) storage.Loaded {
	l.App.Apart = true
	return l
}

// loadRoundInput is the stored input of round id.
func (s *Service) loadRoundInput(id string) (allocation.Round, error) {
	_, m, _, err := s.loadRound(id)
	if err != nil {
		return allocation.Round{}, err
	}
	return m.Round(), nil
}

// TestClerkSeesTheFamiliesBeforeTheRun: the groups a round would keep
// together are listed with the children's names and what linked them
// before the run, and with where each child went after it; a family that
// says "not necessarily together" drops out of the list.
func TestClerkSeesTheFamiliesBeforeTheRun(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	_, recA := register(t, f, 0, "Mia", []string{"k-pfaff"})
	_, recB := register(t, f, 1, "Ole", []string{"k-pfaff", "k-betze"})
	register(t, f, 2, "Lea", []string{"k-pfaff"})
	if err := f.Svc.LinkSiblings(f.Clerk, []string{recA.Number, recB.Number}); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.PlannedFamilies(f.KitaX, roundSpec); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Fatalf("Kita staff listed the families: %v", err)
	}
	fams, err := rs.PlannedFamilies(f.Clerk, roundSpec)
	if err != nil {
		t.Fatal(err)
	}
	if len(fams) != 1 || fams[0].LinkedBy != "clerk" || len(fams[0].Children) != 2 ||
		fams[0].Children[0].ChildName+fams[0].Children[1].ChildName != names(recA.Number, recB.Number, fams[0]) || fams[0].Children[0].Status != "" {
		t.Fatalf("before the run: %+v", fams)
	}
	v, err := rs.CreateRound(f.Clerk, roundSpec)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Families) != 1 || v.Families[0].GroupID != fams[0].GroupID || v.Families[0].Children[1].Status == "" {
		t.Fatalf("after the run: %+v", v.Families)
	}
	stored, err := rs.GetRound(f.Clerk, v.ID)
	if err != nil || len(stored.Families) != 1 || stored.Families[0].LinkedBy != "clerk" || stored.Families[0].Children[0].ChildName == "" {
		t.Fatalf("the stored round's families: %+v (%v)", stored.Families, err)
	}
	if err := f.Svc.UnlinkSibling(f.Clerk, recA.Number); err != nil {
		t.Fatal(err)
	}
	if fams, err := rs.PlannedFamilies(f.Clerk, roundSpec); err != nil || len(fams) != 0 {
		t.Fatalf("after the clerk undid the link: %+v (%v)", fams, err)
	}
}

// names are the children's names in the order family lists them, for
// children numbered a (Mia) and b (Ole).
func names(a, b string, family RoundFamily) string {
	if family.Children[0].Number == a {
		return "Mia Müller" + "Ole Müller"
	}
	return "Ole Müller" + "Mia Müller"
}
