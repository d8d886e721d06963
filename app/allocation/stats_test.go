package allocation

import "testing"

func TestStats(t *testing.T) {
	// A: 1 U3 place, B: 1 U3 and 2 Ü3 places. x beats y at A on points.
	kitas := []Kita{kita("A", 1, 0), kita("B", 1, 2)}
	y := child("y", U3, "A", "B")
	y.District = "Süd"
	r := handRound(kitas,
		withPoints(child("x", U3, "A"), true, false), // first choice
		y,                         // second choice
		child("z", U3, "A"),       // unplaced, district Mitte
		child("w", Ue3, "B", "A"), // first choice; leaves one Ü3 place at B
	)
	m := mustMarket(t, r)
	st, err := m.Stats(m.DeferredAcceptance())
	if err != nil {
		t.Fatal(err)
	}
	if st.Children != 4 || st.Placed != 3 || st.PlacedShare != 0.75 || st.FirstChoice != 2 || st.FirstChoiceShare != 0.5 {
		t.Fatalf("totals %+v", st)
	}
	if st.ByRank[1].Rank != 2 || st.ByRank[1].Children != 1 || len(st.ByRank) != 5 {
		t.Fatalf("by rank %+v", st.ByRank)
	}
	if d := st.UnplacedByDistrict; len(d) != 2 || d[0] != (DistrictCount{"Mitte", 3, 1, 1.0 / 3}) || d[1].Unplaced != 0 {
		t.Fatalf("by district %+v", d)
	}
	if g := st.UnplacedByAgeGroup; g[0] != (AgeGroupCount{U3, 3, 1, 1.0 / 3}) || g[1] != (AgeGroupCount{Ue3, 1, 0, 0}) {
		t.Fatalf("by age group %+v", g)
	}
	if st.FreeTotal != (Capacity{U3: 0, Ue3: 1}) || len(st.FreePlaces) != 3 {
		t.Fatalf("free %+v %+v", st.FreeTotal, st.FreePlaces)
	}
}
