package allocation

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// propertyCities are many small and medium cities: sizes, seeds and
// shortages vary; groups only where asked.
func propertyCities(t *testing.T, groupShare float64) []Round {
	n := 120
	if testing.Short() {
		n = 15
	}
	var out []Round
	for i := range n {
		rng := rand.New(rand.NewPCG(uint64(i), 99))
		scale := 1
		if i%10 == 9 { // every tenth city is ten times larger
			scale = 10
		}
		cfg := cityConfig{
			Kitas:      3 + rng.IntN(40*scale),
			Children:   10 + rng.IntN(400*scale),
			Shortage:   []float64{-0.2, 0, 0.1, 0.3, 0.5}[i%5],
			GroupShare: groupShare,
			MaxChoices: 3 + rng.IntN(3),
			Seed:       uint64(1000 + i),
		}
		out = append(out, genCity(cfg))
	}
	return out
}

func TestDeferredAcceptanceProperties(t *testing.T) {
	for _, r := range propertyCities(t, 0) {
		t.Run(r.ID, func(t *testing.T) {
			m := mustMarket(t, r)
			res := m.DeferredAcceptance()
			checkValid(t, r, res)
			envy, err := m.Envy(res)
			if err != nil {
				t.Fatal(err)
			}
			if envy.JustifiedEnvy != 0 || envy.BlockingPairs != 0 {
				t.Fatalf("DA is not stable: %+v", envy)
			}
			again := mustMarket(t, r).DeferredAcceptance()
			if !reflect.DeepEqual(res.Placements, again.Placements) {
				t.Fatal("same input and seed gave a different result")
			}
		})
	}
}

// TestDeferredAcceptanceMatchesReference checks the fast engine against
// the textbook algorithm: both must find the child-optimal stable matching.
func TestDeferredAcceptanceMatchesReference(t *testing.T) {
	for _, r := range firstN(propertyCities(t, 0), 20) {
		t.Run(r.ID, func(t *testing.T) {
			res := mustMarket(t, r).DeferredAcceptance()
			lottery := map[string]uint32{}
			for _, p := range res.Placements {
				lottery[p.ChildID] = p.Lottery
			}
			want := referenceDA(r, lottery)
			for _, p := range res.Placements {
				if want[p.ChildID] != p.KitaID {
					t.Fatalf("child %s: engine %q, reference %q", p.ChildID, p.KitaID, want[p.ChildID])
				}
			}
		})
	}
}

func TestPointsMatchCatalogue(t *testing.T) {
	r := genCity(cityConfig{Kitas: 20, Children: 300, Seed: 2})
	m := mustMarket(t, r)
	ex, err := m.Explain(m.DeferredAcceptance())
	if err != nil {
		t.Fatal(err)
	}
	for c, ch := range r.Children {
		for _, kp := range ex[c].Points {
			k := r.Kitas[m.kitaIdx[kp.KitaID]]
			if want := refPoints(r.Catalogue, ch, k); kp.Total != want {
				t.Fatalf("child %s at %s: %d points, want %d (%s)", ch.ID, k.ID, kp.Total, want, kp.Text)
			}
			if got := keyPoints(m.choiceKey[m.choiceAt(int32(c), m.kitaIdx[k.ID])]); got != kp.Total {
				t.Fatalf("child %s at %s: key has %d points, breakdown %d", ch.ID, k.ID, got, kp.Total)
			}
		}
	}
}

func TestFirstChoiceFirstValid(t *testing.T) {
	for _, r := range firstN(propertyCities(t, 0.1), 20) {
		t.Run(r.ID, func(t *testing.T) {
			m := mustMarket(t, r)
			res := m.FirstChoiceFirst()
			checkValid(t, r, res)
			if again := m.FirstChoiceFirst(); !reflect.DeepEqual(res.Placements, again.Placements) {
				t.Fatal("first choice first is not deterministic")
			}
			// Non-wasteful: a free place is never one a child wanted more.
			if envy, _ := m.Envy(res); envy.Wasteful != 0 {
				t.Fatalf("free places left that children ranked higher: %+v", envy)
			}
		})
	}
}

// TestLotteryIgnoresInputOrder: the lottery depends on the seed and the set
// of children, so a shuffled input gives every child the same result.
func TestLotteryIgnoresInputOrder(t *testing.T) {
	r := genCity(cityConfig{Kitas: 15, Children: 400, Shortage: 0.3, GroupShare: 0.1, Seed: 5})
	res := mustMarket(t, r).DeferredAcceptance()
	shuffled := r
	shuffled.Children = append([]Child(nil), r.Children...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled.Children), func(i, j int) {
		shuffled.Children[i], shuffled.Children[j] = shuffled.Children[j], shuffled.Children[i]
	})
	other := mustMarket(t, shuffled).DeferredAcceptance()
	got := map[string]Placement{}
	for _, p := range other.Placements {
		got[p.ChildID] = p
	}
	for _, p := range res.Placements {
		if got[p.ChildID] != p {
			t.Fatalf("child %s: %+v in input order, %+v shuffled", p.ChildID, p, got[p.ChildID])
		}
	}
}

// distinctPointsCity gives every child its own number of points, so the
// lottery never decides and every seed must give the same result.
func distinctPointsCity(seed uint64) Round {
	r := genCity(cityConfig{Kitas: 8, Children: 150, Shortage: 0.3, Seed: seed})
	r.Catalogue = Catalogue{}
	for h := 1; h <= 150; h++ {
		r.Catalogue.Employment = append(r.Catalogue.Employment, HoursBand{MinHours: h, Points: h})
	}
	for i := range r.Children {
		r.Children[i].Criteria = Criteria{ParentHours: []int{i + 1}}
	}
	return r
}

func TestSeedOnlyDecidesTies(t *testing.T) {
	t.Run("no ties: every seed the same", func(t *testing.T) {
		base := distinctPointsCity(3)
		want := mustMarket(t, base).DeferredAcceptance()
		for seed := range uint64(10) {
			r := base
			r.Seed = seed
			got := mustMarket(t, r).DeferredAcceptance()
			for i, p := range got.Placements {
				if p.KitaID != want.Placements[i].KitaID {
					t.Fatalf("seed %d: child %s got %q, seed %d gave %q", seed, p.ChildID, p.KitaID, base.Seed, want.Placements[i].KitaID)
				}
			}
		}
	})
	t.Run("ties: seeds differ", func(t *testing.T) {
		base := genCity(cityConfig{Kitas: 8, Children: 150, Shortage: 0.3, Seed: 3})
		base.Catalogue = Catalogue{} // everyone 0 points
		first := mustMarket(t, base).DeferredAcceptance()
		for seed := range uint64(10) {
			r := base
			r.Seed = seed + 1
			got := mustMarket(t, r).DeferredAcceptance()
			if !reflect.DeepEqual(kitasOf(got), kitasOf(first)) {
				return
			}
		}
		t.Fatal("ten seeds gave the same result although only the lottery decides")
	})
}

func kitasOf(res *Result) []string {
	out := make([]string, len(res.Placements))
	for i, p := range res.Placements {
		out[i] = p.KitaID
	}
	return out
}

func TestExplanationsCoverEveryCity(t *testing.T) {
	for _, r := range firstN(propertyCities(t, 0.1), 15) {
		m := mustMarket(t, r)
		for _, res := range []*Result{m.DeferredAcceptance(), m.FirstChoiceFirst()} {
			ex, err := m.Explain(res)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ex {
				for _, rs := range e.Reasons {
					if rs.Code == ReasonUnexplained || rs.Text == "" {
						t.Fatalf("%s %s: child %s at %s: %s %q", r.ID, res.Mechanism, e.ChildID, rs.KitaID, rs.Code, rs.Text)
					}
				}
				if e.Status == StatusUnplaced && len(e.Reasons) != len(r.Children[indexOf(r, e.ChildID)].Choices) {
					t.Fatalf("unplaced child %s: %d reasons for %d choices", e.ChildID, len(e.Reasons), len(r.Children[indexOf(r, e.ChildID)].Choices))
				}
			}
		}
	}
}

func indexOf(r Round, childID string) int {
	for i, c := range r.Children {
		if c.ID == childID {
			return i
		}
	}
	panic(fmt.Sprintf("no child %s", childID))
}

func firstN(rounds []Round, n int) []Round { return rounds[:min(n, len(rounds))] }
