package allocation

import (
	"slices"
	"testing"
)

// smallCities are tiny markets for brute force: 4–5 Kitas, 6–8 children,
// no groups (strategy-proofness is a property for singles).
func smallCities(n int) []Round {
	var out []Round
	for i := range n {
		r := genCity(cityConfig{Kitas: 4 + i%2, Children: 6 + i%3, Districts: 2,
			Shortage: []float64{0.2, 0.4, 0.5}[i%3], U3Share: 0.5, Seed: uint64(500 + i)})
		// Few criteria, so that points tie and the lottery matters too.
		r.Catalogue = Catalogue{SingleParent: 10, Sibling: 5, Employment: []HoursBand{{MinHours: 30, Points: 5}}}
		out = append(out, r)
	}
	return out
}

// sublists returns every ordered list of distinct Kitas of length 1..maxLen.
func sublists(kitas []string, maxLen int) [][]string {
	var out [][]string
	var grow func(prefix []string)
	grow = func(prefix []string) {
		if len(prefix) > 0 {
			out = append(out, slices.Clone(prefix))
		}
		if len(prefix) == maxLen {
			return
		}
		for _, k := range kitas {
			if !slices.Contains(prefix, k) {
				grow(append(prefix, k))
			}
		}
	}
	grow(nil)
	return out
}

func asChoices(list []string) []Choice {
	out := make([]Choice, len(list))
	for i, k := range list {
		out[i] = Choice{KitaID: k, Rank: i + 1}
	}
	return out
}

// truePosition is where a Kita stands in a true ranking; len(list) (worse
// than every ranked Kita) when absent or empty.
func truePosition(truth []Choice, kitaID string) int {
	for _, ch := range truth {
		if ch.KitaID == kitaID && kitaID != "" {
			return ch.Rank - 1
		}
	}
	return len(truth)
}

// manipulation finds a child and a misreport that gets it a Kita it truly
// prefers under mech, or returns ok=false.
func manipulation(t *testing.T, r Round, mech Mechanism) (child string, lie []string, ok bool) {
	run := func(r Round) *Result {
		m := mustMarket(t, r)
		if mech == FirstChoiceFirst {
			return m.FirstChoiceFirst()
		}
		return m.DeferredAcceptance()
	}
	truthful := run(r)
	ids := make([]string, len(r.Kitas))
	for i, k := range r.Kitas {
		ids[i] = k.ID
	}
	lies := sublists(ids, min(len(ids), r.maxChoices()))
	for c := range r.Children {
		truth := r.Children[c].Choices
		honest := truePosition(truth, truthful.Placements[c].KitaID)
		for _, lie := range lies {
			mis := r
			mis.Children = slices.Clone(r.Children)
			mis.Children[c].Choices = asChoices(lie)
			if got := run(mis).Placements[c].KitaID; truePosition(truth, got) < honest {
				return r.Children[c].ID, lie, true
			}
		}
	}
	return "", nil, false
}

func TestDeferredAcceptanceStrategyProof(t *testing.T) {
	n := 80
	if testing.Short() {
		n = 8
	}
	for _, r := range smallCities(n) {
		if child, lie, found := manipulation(t, r, DeferredAcceptance); found {
			t.Fatalf("%s: child %s gains by reporting %v", r.ID, child, lie)
		}
	}
}

func TestFirstChoiceFirstIsManipulable(t *testing.T) {
	for _, r := range smallCities(200) {
		child, lie, found := manipulation(t, r, FirstChoiceFirst)
		if !found {
			continue
		}
		c := r.Children[indexOf(r, child)]
		t.Logf("%s: child %s truly ranks %v and gains under first choice first by reporting %v",
			r.ID, child, c.Choices, lie)
		if _, _, daFound := manipulation(t, r, DeferredAcceptance); daFound {
			t.Fatalf("%s: DA manipulable too", r.ID)
		}
		return
	}
	t.Fatal("no manipulation of first choice first found in 200 small cities")
}
