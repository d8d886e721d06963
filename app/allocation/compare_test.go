package allocation

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestCompareMechanisms is the comparison on synthetic cities of 2,000
// and 10,000 children with places for 80 % of them, some twins and
// siblings applying together; the figures are logged (go test -v).
func TestCompareMechanisms(t *testing.T) {
	for _, n := range []int{2000, 10_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			compareCity(t, genCity(cityConfig{Kitas: n / 25, Children: n, Shortage: 0.2, GroupShare: 0.06, Seed: 2026}))
		})
	}
}

// top3Share is the share of children placed at one of their first three.
func top3Share(s Stats) float64 {
	n := 0
	for _, r := range s.ByRank {
		if r.Rank <= 3 {
			n += r.Children
		}
	}
	return float64(n) / float64(max(1, s.Children))
}

func compareCity(t *testing.T, r Round) {
	m := mustMarket(t, r)
	cmp, err := m.Compare()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []Summary{cmp.DeferredAcceptance, cmp.FirstChoiceFirst} {
		t.Logf("%-20s placed %5.1f%%  first choice %5.1f%%  top 3 %5.1f%%  justified envy %4d (by %3d children; %d of it by children kept together)  blocking pairs %d",
			s.Stats.Mechanism, 100*s.Stats.PlacedShare, 100*s.Stats.FirstChoiceShare, 100*top3Share(s.Stats),
			s.Envy.JustifiedEnvy, s.Envy.EnviousChildren, s.Envy.TogetherEnvy, s.Envy.BlockingPairs)
	}
	if g := cmp.DeferredAcceptance.Stats.Groups; g != nil {
		t.Logf("groups: %+v", *g)
	}
	da, fcf := cmp.DeferredAcceptance.Envy, cmp.FirstChoiceFirst.Envy
	if da.JustifiedEnvy != da.TogetherEnvy || da.BlockingPairs != da.TogetherBlocking {
		t.Errorf("DA: justified envy outside groups kept together: %+v", da)
	}
	if fcf.JustifiedEnvy == 0 {
		t.Errorf("first choice first shows no justified envy: %+v", fcf)
	}

	// The same city with every child applying alone: DA has no envy at all.
	for i := range r.Children {
		r.Children[i].GroupID = ""
	}
	singles := mustMarket(t, r)
	daEnvy, err := singles.Envy(singles.DeferredAcceptance())
	if err != nil {
		t.Fatal(err)
	}
	fcfEnvy, err := singles.Envy(singles.FirstChoiceFirst())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("singles only: DA justified envy %d, blocking pairs %d; first choice first %d, %d",
		daEnvy.JustifiedEnvy, daEnvy.BlockingPairs, fcfEnvy.JustifiedEnvy, fcfEnvy.BlockingPairs)
	if daEnvy.JustifiedEnvy != 0 || daEnvy.BlockingPairs != 0 || fcfEnvy.JustifiedEnvy == 0 {
		t.Errorf("singles: DA %+v, first choice first %+v", daEnvy, fcfEnvy)
	}
}

func TestComparisonJSON(t *testing.T) {
	r := genCity(cityConfig{Kitas: 5, Children: 40, Shortage: 0.3, GroupShare: 0.2, Seed: 8})
	cmp, err := mustMarket(t, r).Compare()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mustMarket(t, r).Run("lottery_only"); err == nil {
		t.Fatal("unknown mechanism accepted")
	}
	b, err := json.Marshal(cmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"deferred_acceptance":`, `"first_choice_share":`, `"unplaced_by_district":`,
		`"unplaced_by_age_group":`, `"free_places":`, `"by_rank":`, `"justified_envy":`, `"age_group":"u3"`, `"groups":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
}

// TestRoundJSON: a round read back from JSON (as the CLI would) gives the
// same result.
func TestRoundJSON(t *testing.T) {
	r := genCity(cityConfig{Kitas: 12, Children: 300, Shortage: 0.2, GroupShare: 0.1, Seed: 17})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"age_group":"u3"`, `"parent_hours":`, `"max_choices":5`, `"birth_date":"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("round JSON lacks %s", key)
		}
	}
	var back Round
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	want, got := mustMarket(t, r).DeferredAcceptance(), mustMarket(t, back).DeferredAcceptance()
	if !reflect.DeepEqual(want.Placements, got.Placements) {
		t.Fatal("round changed in a JSON round trip")
	}
}
