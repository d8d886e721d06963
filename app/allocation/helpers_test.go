package allocation

import (
	"cmp"
	"slices"
	"testing"
)

func mustMarket(t testing.TB, r Round) *Market {
	t.Helper()
	m, err := NewMarket(r)
	if err != nil {
		t.Fatalf("NewMarket: %v", err)
	}
	return m
}

func expectedGroup(r Round, c Child) AgeGroup {
	if !c.BirthDate.IsZero() {
		return ageGroupOf(c.BirthDate, r.StartDate)
	}
	return c.AgeGroup
}

// checkValid checks a result against the raw round, without the engine's
// internals: one placement per child, only at ranked and not declined
// Kitas, with the right rank, and no age-group quota over capacity.
func checkValid(t *testing.T, r Round, res *Result) {
	t.Helper()
	if len(res.Placements) != len(r.Children) {
		t.Fatalf("%d placements for %d children", len(res.Placements), len(r.Children))
	}
	used := map[string]*Capacity{}
	for _, k := range r.Kitas {
		used[k.ID] = &Capacity{}
	}
	for i, c := range r.Children {
		p := res.Placements[i]
		if p.ChildID != c.ID || p.AgeGroup != expectedGroup(r, c) {
			t.Fatalf("placement %d is %+v, want child %s in %s", i, p, c.ID, expectedGroup(r, c))
		}
		switch {
		case c.FixedKitaID != "":
			if p.Status != StatusFixed || p.KitaID != c.FixedKitaID {
				t.Fatalf("fixed child %s: %+v", c.ID, p)
			}
		case p.Status == StatusPlaced:
			j := slices.IndexFunc(c.Choices, func(ch Choice) bool { return ch.KitaID == p.KitaID })
			if j < 0 || c.Choices[j].Rank != p.Rank || slices.Contains(c.DeclinedKitaIDs, p.KitaID) {
				t.Fatalf("child %s placed at %s (rank %d) it did not rank so: %+v", c.ID, p.KitaID, p.Rank, c.Choices)
			}
		case p.Status != StatusUnplaced || p.KitaID != "":
			t.Fatalf("child %s: bad placement %+v", c.ID, p)
		}
		if p.KitaID != "" {
			if p.AgeGroup == U3 {
				used[p.KitaID].U3++
			} else {
				used[p.KitaID].Ue3++
			}
		}
	}
	for _, k := range r.Kitas {
		if u := used[k.ID]; u.U3 > k.Capacity.U3 || u.Ue3 > k.Capacity.Ue3 {
			t.Fatalf("kita %s over capacity: used %+v of %+v", k.ID, *u, k.Capacity)
		}
	}
}

// refPoints recomputes a child's points at a Kita straight from the
// catalogue, independently of the engine.
func refPoints(cat Catalogue, c Child, k Kita) int {
	p := 0
	cr := c.Criteria
	if cr.SingleParent {
		p += cat.SingleParent
	}
	for _, h := range cr.ParentHours {
		best := 0
		for _, b := range cat.Employment {
			if h >= b.MinHours {
				best = b.Points
			}
		}
		p += best
	}
	for on, pts := range map[*bool]int{&cr.SpecialNeeds: cat.SpecialNeeds, &cr.YouthWelfare: cat.YouthWelfare,
		&cr.LastYearBeforeSchool: cat.LastYearBeforeSchool} {
		if *on {
			p += pts
		}
	}
	if slices.Contains(cr.SiblingKitaIDs, k.ID) {
		p += cat.Sibling
	}
	if cat.DistrictEnabled && c.District != "" && c.District == k.District {
		p += cat.District
	}
	return p
}

// seat is one Kita's quota for one age group, in the reference code.
type seat struct {
	kita  string
	group AgeGroup
}

// refMarket is the round as plain maps, for the reference algorithm.
type refMarket struct {
	r        Round
	kitas    map[string]Kita
	children map[string]Child
	capacity map[seat]int
	prefs    map[string][]string
	lottery  map[string]uint32
}

func newRefMarket(r Round, lottery map[string]uint32) *refMarket {
	rm := &refMarket{r: r, kitas: map[string]Kita{}, children: map[string]Child{},
		capacity: map[seat]int{}, prefs: map[string][]string{}, lottery: lottery}
	for _, k := range r.Kitas {
		rm.kitas[k.ID] = k
		rm.capacity[seat{k.ID, U3}], rm.capacity[seat{k.ID, Ue3}] = k.Capacity.U3, k.Capacity.Ue3
	}
	for _, c := range r.Children {
		if c.FixedKitaID != "" {
			rm.capacity[seat{c.FixedKitaID, expectedGroup(r, c)}]--
			continue
		}
		chs := slices.Clone(c.Choices)
		slices.SortFunc(chs, func(a, b Choice) int { return cmp.Compare(a.Rank, b.Rank) })
		for _, ch := range chs {
			if !slices.Contains(c.DeclinedKitaIDs, ch.KitaID) {
				rm.prefs[c.ID] = append(rm.prefs[c.ID], ch.KitaID)
			}
		}
		rm.children[c.ID] = c
	}
	return rm
}

// before orders two applicants at a seat: negative when a comes first.
func (rm *refMarket) before(s seat, a, b string) int {
	pa := refPoints(rm.r.Catalogue, rm.children[a], rm.kitas[s.kita])
	pb := refPoints(rm.r.Catalogue, rm.children[b], rm.kitas[s.kita])
	return cmp.Or(cmp.Compare(pb, pa), cmp.Compare(rm.lottery[a], rm.lottery[b]))
}

// referenceDA is the textbook round-by-round deferred acceptance on maps:
// slow and obviously right. It uses the given lottery numbers.
func referenceDA(r Round, lottery map[string]uint32) map[string]string {
	rm := newRefMarket(r, lottery)
	var free []string
	for id := range rm.children {
		free = append(free, id)
	}
	held := map[seat][]string{}
	for len(free) > 0 {
		for _, c := range free {
			if len(rm.prefs[c]) > 0 {
				s := seat{rm.prefs[c][0], expectedGroup(r, rm.children[c])}
				rm.prefs[c] = rm.prefs[c][1:]
				held[s] = append(held[s], c)
			}
		}
		free = free[:0]
		for s, list := range held {
			slices.SortFunc(list, func(a, b string) int { return rm.before(s, a, b) })
			keep := min(len(list), max(rm.capacity[s], 0))
			for _, c := range list[keep:] {
				if len(rm.prefs[c]) > 0 {
					free = append(free, c)
				}
			}
			held[s] = list[:keep]
		}
	}
	out := map[string]string{}
	for s, list := range held {
		for _, c := range list {
			out[c] = s.kita
		}
	}
	return out
}
