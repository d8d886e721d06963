package allocation

import (
	"strings"
	"testing"
)

func kita(id string, u3, ue3 int) Kita {
	return Kita{ID: id, Name: "Kita " + id, District: "Mitte", Capacity: Capacity{U3: u3, Ue3: ue3}}
}

func child(id string, g AgeGroup, kitas ...string) Child {
	c := Child{ID: id, AgeGroup: g, District: "Mitte"}
	for i, k := range kitas {
		c.Choices = append(c.Choices, Choice{KitaID: k, Rank: i + 1})
	}
	return c
}

func inGroup(c Child, gid string) Child { c.GroupID = gid; return c }

func withPoints(c Child, youthWelfare, single bool) Child {
	c.Criteria.YouthWelfare, c.Criteria.SingleParent = youthWelfare, single
	return c
}

func placementOf(t *testing.T, res *Result, id string) Placement {
	t.Helper()
	for _, p := range res.Placements {
		if p.ChildID == id {
			return p
		}
	}
	t.Fatalf("no placement for %s", id)
	return Placement{}
}

func handRound(kitas []Kita, children ...Child) Round {
	return Round{ID: "hand", Seed: 42, Catalogue: DefaultCatalogue(), Kitas: kitas, Children: children}
}

func TestTwinsMovedToCommonKita(t *testing.T) {
	// A has one U3 place: DA puts one twin there and the other at B;
	// B has room for both.
	r := handRound([]Kita{kita("A", 1, 0), kita("B", 2, 0)},
		inGroup(child("t1", U3, "A", "B"), "tw"), inGroup(child("t2", U3, "A", "B"), "tw"))
	m := mustMarket(t, r)
	plain := m.newResult(DeferredAcceptance, newDARun(m).run(nil, nil), nil)
	if placementOf(t, plain, "t1").KitaID == placementOf(t, plain, "t2").KitaID {
		t.Fatal("plain DA should split the twins in this case")
	}
	res := m.DeferredAcceptance()
	for _, id := range []string{"t1", "t2"} {
		if p := placementOf(t, res, id); p.KitaID != "B" || !p.Together {
			t.Fatalf("%s: %+v, want together at B", id, p)
		}
	}
	if g := res.Groups; g.Moved != 1 || g.Together != 1 || g.Split != 0 {
		t.Fatalf("group report %+v", *g)
	}
	ex, err := m.Explain(res)
	if err != nil {
		t.Fatal(err)
	}
	// The twin DA had put at A could have stayed there alone.
	rs := ex[indexOf(r, firstAtA(plain))].Reasons[0]
	if rs.KitaID != "A" || rs.Code != ReasonKeptTogether || !strings.Contains(rs.Text, "zusammen in Kita B") {
		t.Fatalf("reason at A: %+v", rs)
	}
}

func TestSiblingsDisplaceLowerPriority(t *testing.T) {
	// s1 (Ü3, many points) gets A in DA; s2 (U3) loses A's U3 place to
	// x and goes to B. B's Ü3 place is y's, who has fewer points than
	// s1: the siblings go to B together and y loses that place. z, who
	// wanted only A, takes the Ü3 place s1 leaves.
	r := handRound([]Kita{kita("A", 1, 1), kita("B", 1, 1)},
		inGroup(withPoints(child("s1", Ue3, "A", "B"), true, false), "sib"),
		inGroup(withPoints(child("s2", U3, "A", "B"), true, false), "sib"),
		withPoints(child("x", U3, "A"), true, true),
		child("y", Ue3, "B"),
		child("z", Ue3, "A"))
	m := mustMarket(t, r)
	res := m.DeferredAcceptance()
	want := map[string]string{"s1": "B", "s2": "B", "x": "A", "y": "", "z": "A"}
	for id, k := range want {
		if got := placementOf(t, res, id).KitaID; got != k {
			t.Errorf("%s at %q, want %q", id, got, k)
		}
	}
	envy, _ := m.Envy(res)
	if envy.JustifiedEnvy != envy.TogetherEnvy {
		t.Fatalf("new justified envy: %+v", envy)
	}
}

// TestTwinsStaySplitWithoutRoom: when no common Kita has room for both,
// each twin keeps its own DA result.
func TestTwinsStaySplitWithoutRoom(t *testing.T) {
	r := handRound([]Kita{kita("A", 1, 0)},
		inGroup(child("t1", U3, "A"), "tw"), inGroup(child("t2", U3, "A"), "tw"))
	m := mustMarket(t, r)
	res := m.DeferredAcceptance()
	a, b := placementOf(t, res, "t1"), placementOf(t, res, "t2")
	if (a.KitaID == "A") == (b.KitaID == "A") || a.Together || b.Together {
		t.Fatalf("want exactly one twin placed, not together: %+v %+v", a, b)
	}
	if g := res.Groups; g.Split != 1 || g.Moved != 0 {
		t.Fatalf("group report %+v", *g)
	}
	out := b
	if a.KitaID == "" {
		out = a
	}
	e, err := m.ExplainChild(res, out.ChildID)
	if err != nil {
		t.Fatal(err)
	}
	if e.Reasons[0].Code != ReasonLottery || e.Reasons[0].LastLottery+1 != out.Lottery {
		t.Fatalf("twins have consecutive lottery numbers, the lottery decides: %+v", e.Reasons[0])
	}
}

func firstAtA(res *Result) string {
	for _, p := range res.Placements {
		if p.KitaID == "A" {
			return p.ChildID
		}
	}
	return ""
}

// TestRepairReleasesEnviedPins pins a group where it has the lowest
// priority; settling must release it, since others envy it justifiably.
func TestRepairReleasesEnviedPins(t *testing.T) {
	r := handRound([]Kita{kita("A", 2, 0), kita("B", 2, 0)},
		inGroup(child("t1", U3, "A", "B"), "tw"), inGroup(child("t2", U3, "A", "B"), "tw"),
		withPoints(child("x", U3, "A", "B"), true, false), withPoints(child("y", U3, "A", "B"), true, false))
	m := mustMarket(t, r)
	rep := newRepair(m, newDARun(m))
	rep.pin(0, m.kitaIdx["A"], true)
	choice := rep.settle()
	if rep.released != 1 || rep.groupPin[0] != -1 {
		t.Fatalf("released %d, pin %d", rep.released, rep.groupPin[0])
	}
	if k := m.choiceKita[choice[indexOf(r, "x")]]; k != m.kitaIdx["A"] {
		t.Fatalf("x should get A back, got Kita %d", k)
	}
}

func TestGroupProperties(t *testing.T) {
	var moved, split, worse, released int
	for _, r := range append(propertyCities(t, 0.15), firstN(propertyCities(t, 0.3), 40)...) {
		m := mustMarket(t, r)
		res := m.DeferredAcceptance()
		checkValid(t, r, res)
		envy, err := m.Envy(res)
		if err != nil {
			t.Fatal(err)
		}
		if envy.JustifiedEnvy != envy.TogetherEnvy || envy.BlockingPairs != envy.TogetherBlocking {
			t.Fatalf("%s: envy outside groups kept together: %+v", r.ID, envy)
		}
		g := res.Groups
		if g == nil || g.Together+g.Split+g.Unplaced != g.Groups {
			t.Fatalf("%s: group report %+v", r.ID, g)
		}
		checkTogetherFlags(t, r, res)
		plain := m.togetherOf(newDARun(m).run(nil, nil))
		before := 0
		for _, grp := range m.groups {
			if plain != nil && plain[grp.members[0]] {
				before++
			}
		}
		if g.Together < before {
			worse++
		}
		moved += g.Moved
		split += g.Split
		released += g.Released
	}
	t.Logf("groups moved together: %d, left split: %d, pins released: %d, cities with fewer groups together than plain DA: %d",
		moved, split, released, worse)
	if moved == 0 || released == 0 {
		t.Fatal("the repair never moved or never released a group: the test cities are too easy")
	}
}

// checkTogetherFlags: a child is flagged together exactly when every
// member of its group sits at its Kita.
func checkTogetherFlags(t *testing.T, r Round, res *Result) {
	t.Helper()
	kitas := map[string]map[string]bool{}
	for i, c := range r.Children {
		if c.GroupID == "" || c.FixedKitaID != "" {
			continue
		}
		if kitas[c.GroupID] == nil {
			kitas[c.GroupID] = map[string]bool{}
		}
		kitas[c.GroupID][res.Placements[i].KitaID] = true
	}
	for i, c := range r.Children {
		p := res.Placements[i]
		if c.GroupID == "" || c.FixedKitaID != "" {
			continue
		}
		ks := kitas[c.GroupID]
		together := len(ks) == 1 && !ks[""] && len(groupMembers(r, c.GroupID)) > 1
		if p.Together != together {
			t.Fatalf("%s: child %s together=%v, group Kitas %v", r.ID, c.ID, p.Together, ks)
		}
	}
}

func groupMembers(r Round, gid string) []string {
	var out []string
	for _, c := range r.Children {
		if c.GroupID == gid && c.FixedKitaID == "" {
			out = append(out, c.ID)
		}
	}
	return out
}

// TestGroupRepairCostIsReported: keeping twins together at B costs the
// first twin its first choice A and the child s alone its place at B; the
// report counts both, and the one outside any group apart.
func TestGroupRepairCostIsReported(t *testing.T) {
	r := handRound([]Kita{kita("A", 1, 0), kita("B", 2, 0)},
		inGroup(withPoints(child("t1", U3, "A", "B"), true, true), "tw"),
		inGroup(withPoints(child("t2", U3, "A", "B"), true, true), "tw"),
		child("s", U3, "B"))
	res := mustMarket(t, r).DeferredAcceptance()
	if p := placementOf(t, res, "t1"); p.KitaID != "B" || !p.Together {
		t.Fatalf("t1: %+v, want together at B", p)
	}
	if p := placementOf(t, res, "s"); p.Status != StatusUnplaced {
		t.Fatalf("s: %+v, want unplaced (its place went to the twins)", p)
	}
	if g := res.Groups; g.WorseOff != 2 || g.WorseOffOutside != 1 {
		t.Fatalf("repair cost: %d worse off, %d of them outside groups; want 2 and 1 (%+v)", g.WorseOff, g.WorseOffOutside, *g)
	}
}
