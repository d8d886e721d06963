package rounds

import (
	"slices"
	"strings"
	"testing"

	"kitaportal/app"
	"kitaportal/app/allocation"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/internal/apptest"
)

// TestVergaberundeEndToEnd: families register, a clerk runs the round,
// adjusts a capacity, runs it again, reads an explanation and publishes;
// the offers appear in the families' accounts.
func TestVergaberundeEndToEnd(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	type fam struct {
		p   *auth.Principal
		rec *app.Receipt
	}
	var fams []fam
	for i, tc := range []struct {
		name   string
		kitas  []string
		single bool
	}{
		{"Mia", []string{"k-pfaff", "k-betze"}, true},
		{"Ole", []string{"k-pfaff", "k-betze"}, false},
		{"Lea", []string{"k-pfaff"}, false},
		{"Tim", []string{"k-betze", "k-pfaff"}, false},
	} {
		p, rec := f.Register(t, tc.kitas, func(fm *app.Form) {
			fm.Child.FirstName = tc.name
			fm.Criteria.SingleParent = tc.single
			g := &fm.Guardians[0]
			g.Phone, g.Email, g.Street = "0631 10000"+string(rune('0'+i)), "", "Weg "+string(rune('1'+i))
		})
		fams = append(fams, fam{p, rec})
	}
	spec := Spec{Deadline: "2026-11-30", StartDate: "2027-08-01", Seed: 7}
	if _, err := rs.CreateRound(f.KitaX, spec); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Fatalf("Kita staff ran a round: %v", err)
	}
	v, err := rs.CreateRound(f.Clerk, spec)
	if err != nil {
		t.Fatal(err)
	}
	// k-pfaff reports 2 free U3 places, k-betze none.
	if v.Stats.Children != 4 || v.Stats.Placed != 2 || v.Comparison.DeferredAcceptance.Envy.JustifiedEnvy != 0 {
		t.Fatalf("first run: %+v", v.Stats)
	}
	byNumber := func(v RoundView) map[string]RoundPlacement {
		m := map[string]RoundPlacement{}
		for _, p := range v.Placements {
			m[p.Number] = p
		}
		return m
	}
	mia := byNumber(v)[fams[0].rec.Number]
	if mia.Status != allocation.StatusPlaced || mia.KitaID != "k-pfaff" || mia.ChildName != "Mia Müller" {
		t.Errorf("the single parent's child: %+v", mia)
	}
	v, err = rs.RerunRound(f.Clerk, v.ID, map[string]allocation.Capacity{"k-betze": {U3: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Stats.Placed != 3 {
		t.Errorf("after adding a place at k-betze: %+v", v.Stats)
	}
	var lost RoundPlacement
	for _, p := range v.Placements {
		if p.Status == allocation.StatusUnplaced {
			lost = p
		}
	}
	e, err := rs.ExplainRound(f.Clerk, v.ID, lost.Number)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Text, "keinen Platz erhalten") {
		t.Errorf("explanation text %q", e.Text)
	}
	// Families with equal points wanted the last places: the recorded
	// lottery decided (the numbers differ from run to run, since the
	// Vormerkungsnummern do), and the explanation says so with the figures.
	if len(e.Reasons) == 0 {
		t.Fatalf("no reasons for an unplaced child")
	}
	first := e.Reasons[0]
	if first.Code != allocation.ReasonLottery || first.Rank != 1 ||
		!strings.Contains(first.Text, first.KitaName+" hat in Ihrer Altersgruppe (U3) ") || !strings.Contains(first.Text, "Losverfahren") {
		t.Errorf("reasons %+v", e.Reasons)
	}
	res, err := rs.PublishRound(f.Clerk, v.ID)
	if err != nil || res.Offers != 3 || res.Skipped != 0 {
		t.Fatalf("publish: %+v %v", res, err)
	}
	if _, err := rs.RerunRound(f.Clerk, v.ID, nil); apptest.ErrorCode(err) != "round.published" {
		t.Errorf("re-running a published round: %v", err)
	}
	ov, err := f.Svc.Family(fams[0].p)
	if err != nil {
		t.Fatal(err)
	}
	got := ov.Children[0].Vormerkungen[0]
	if got.Status != domain.StatusPlatzangebot || got.Offer == nil || got.Offer.StartDate != "2027-08-01" || !slices.Contains(got.Actions, "accept") {
		t.Errorf("Mia's family sees %+v", got)
	}
	for _, fm := range fams {
		ov, _ := f.Svc.Family(fm.p)
		r := ov.Children[0].Rounds
		if len(r) != 1 || r[0].RoundID != v.ID || r[0].Text == "" {
			t.Errorf("%s: round outcome %+v", fm.rec.Number, r)
			continue
		}
		// The codes and numbers the family's screen words in its language
		// say the same as the German text.
		o := r[0]
		if o.Status == string(allocation.StatusPlaced) && (o.KitaName == "" || o.Rank < 1 || o.AgeGroup != "u3") {
			t.Errorf("%s: placed outcome without its parts: %+v", fm.rec.Number, o)
		}
		if fm.rec.Number == lost.Number {
			if o.Status != string(allocation.StatusUnplaced) || len(o.Why) != len(o.Reasons) || len(o.Why) != len(e.Reasons) {
				t.Fatalf("unplaced outcome %+v, explanation %+v", o, e)
			}
			w, want := o.Why[0], e.Reasons[0]
			if w.Code != "lottery" || w.KitaName != want.KitaName || w.Rank != 1 || w.AgeGroup != "u3" || w.Places != want.Places ||
				w.ChildPoints != want.ChildPoints || w.LastLottery != want.LastLottery || w.ChildLottery != want.ChildLottery {
				t.Errorf("first reason %+v, explanation %+v", w, want)
			}
		}
	}
	if err := f.Svc.FamilyRespond(fams[0].p, got.ID, "decline"); err != nil {
		t.Fatal(err)
	}
	// A follow-up round gives the declined place to the next child.
	fv, err := rs.CreateRound(f.Clerk, Spec{Deadline: "2026-11-30", StartDate: "2027-08-01", Seed: 7, FollowUpOf: v.ID})
	if err != nil {
		t.Fatal(err)
	}
	follow := byNumber(fv)
	if p := follow[fams[0].rec.Number]; p.Status == allocation.StatusPlaced && p.KitaID == "k-pfaff" {
		t.Errorf("the declined Kita was offered again: %+v", p)
	}
	if follow[lost.Number].Status != allocation.StatusPlaced {
		t.Errorf("the freed place went to nobody: %+v", follow[lost.Number])
	}
	fixed := 0
	for _, p := range fv.Placements {
		if p.Status == allocation.StatusFixed {
			fixed++
		}
	}
	if fixed != 2 {
		t.Errorf("%d children kept their offers from the first round, want 2", fixed)
	}
}

func TestRoundSpecChecks(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	for _, tc := range []struct {
		spec Spec
		code string
	}{
		{Spec{Deadline: "31.01.2027", StartDate: "2027-08-01"}, "form.invalid_date"},
		{Spec{Deadline: "2027-01-31", StartDate: "2027-01-01"}, "round.start_before_deadline"},
		{Spec{Deadline: "2027-01-31", StartDate: "2027-08-01", Mechanism: "lottery"}, "round.invalid_mechanism"},
	} {
		if _, err := rs.CreateRound(f.Clerk, tc.spec); apptest.ErrorCode(err) != tc.code {
			t.Errorf("%+v: %v, want %s", tc.spec, err, tc.code)
		}
	}
	if _, err := f.Svc.Settings.Set(map[string]string{"allocation_points": `{"single_parent":-5}`}); apptest.ErrorCode(err) != "settings.invalid" {
		t.Errorf("negative points accepted: %v", err)
	}
	if _, err := f.Svc.Settings.Set(map[string]string{"allocation_points": `{"single_parent":50,"sibling":10}`}); err != nil {
		t.Fatal(err)
	}
	if c, _ := rs.catalogue(); c.SingleParent != 50 {
		t.Errorf("catalogue %+v", c)
	}
}
