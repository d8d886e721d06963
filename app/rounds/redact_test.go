package rounds

import (
	"bytes"
	"testing"

	"kitaportal/app/allocation"
	"kitaportal/app/auth"
	"kitaportal/app/internal/apptest"
)

// TestDeletedFamilyLeavesTheStoredRounds: a family that deletes its data
// leaves every stored round: a child without a place is gone, a placed
// child stays only as "gelöscht-N" with its Kita, age group, points and
// lottery number; no birth date, criteria or other wishes stay. Every
// other child keeps its result and word for word its explanation.
func TestDeletedFamilyLeavesTheStoredRounds(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	families := map[string]*auth.Principal{}
	for i, name := range []string{"Mia", "Ole", "Lea", "Tim", "Ida"} {
		p, rec := register(t, f, i, name, []string{"k-pfaff", "k-betze"})
		families[rec.Number] = p
	}
	v, err := rs.CreateRound(f.Clerk, roundSpec)
	if err != nil {
		t.Fatal(err)
	}
	var placed, unplaced string
	before := map[string]string{}
	for _, pl := range v.Placements {
		switch {
		case pl.Status == allocation.StatusPlaced && placed == "":
			placed = pl.Number
		case pl.Status == allocation.StatusUnplaced && unplaced == "":
			unplaced = pl.Number
		}
	}
	if placed == "" || unplaced == "" {
		t.Fatalf("the test needs a placed and an unplaced child: %+v", v.Placements)
	}
	for _, pl := range v.Placements {
		e, err := rs.ExplainRound(f.Clerk, v.ID, pl.Number)
		if err != nil {
			t.Fatal(err)
		}
		before[pl.Number] = e.Text
		for _, r := range e.Reasons {
			before[pl.Number] += " | " + r.Text
		}
	}
	for _, n := range []string{placed, unplaced} {
		if _, err := f.Svc.DeleteFamily(families[n]); err != nil {
			t.Fatal(err)
		}
	}
	stored, err := apptest.DB(f.Svc).GetRound(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, needle := range []string{placed, unplaced} {
		if bytes.Contains(stored.Input, []byte(needle)) || bytes.Contains(stored.Result, []byte(needle)) {
			t.Errorf("the stored round still holds %q", needle)
		}
	}
	after, err := rs.GetRound(f.Clerk, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Placements) != len(v.Placements)-1 {
		t.Fatalf("%d placements after the deletion, want %d", len(after.Placements), len(v.Placements)-1)
	}
	kept := false
	for _, pl := range after.Placements {
		if pl.Number == "gelöscht-1" {
			kept = pl.Status == allocation.StatusPlaced && pl.KitaID != "" && pl.ChildName == ""
			continue
		}
		e, err := rs.ExplainRound(f.Clerk, v.ID, pl.Number)
		if err != nil {
			t.Fatal(err)
		}
		text := e.Text
		for _, r := range e.Reasons {
			text += " | " + r.Text
		}
		if text != before[pl.Number] {
			t.Errorf("%s's explanation changed:\nbefore: %s\nafter:  %s", pl.Number, before[pl.Number], text)
		}
	}
	if !kept {
		t.Fatalf("the deleted placed child is not kept as gelöscht-1: %+v", after.Placements)
	}
	in, err := rs.loadRoundInput(v.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range in.Children {
		if c.ID == "gelöscht-1" && (!c.BirthDate.IsZero() || len(c.Choices) != 1 || c.Criteria.SingleParent || c.District != "") {
			t.Errorf("the kept child holds more than the result needs: %+v", c)
		}
	}
	if _, err := rs.ExportRound(f.Clerk, v.ID); err != nil {
		t.Fatalf("the export of the redacted round: %v", err)
	}
	if n, err := rs.RedactDeleted(); err != nil || n != 0 {
		t.Fatalf("a second pass took out %d (%v)", n, err)
	}
}
