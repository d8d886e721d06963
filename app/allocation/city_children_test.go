package allocation

import (
	"fmt"
	"slices"
	"time"
)

func (g *cityGen) children() []Child {
	out := make([]Child, 0, g.cfg.Children)
	for len(out) < g.cfg.Children {
		c := g.child(len(out))
		out = append(out, c)
		if g.rng.Float64() >= g.cfg.GroupShare/2 || len(out) >= g.cfg.Children {
			continue
		}
		gid := "g-" + c.ID
		out[len(out)-1].GroupID = gid
		for range 1 + g.rng.IntN(4)/3 { // mostly pairs, some triplets
			if len(out) < g.cfg.Children {
				out = append(out, g.sibling(out[len(out)-1], len(out)))
			}
		}
	}
	for i := range out {
		g.rng.Shuffle(len(out[i].Choices), func(a, b int) {
			out[i].Choices[a], out[i].Choices[b] = out[i].Choices[b], out[i].Choices[a]
		})
	}
	return out
}

func (g *cityGen) child(i int) Child {
	d := g.rng.IntN(g.cfg.Districts)
	c := Child{ID: fmt.Sprintf("c%06d", i), District: g.district(d)}
	grp := Ue3
	if g.rng.Float64() < g.cfg.U3Share {
		grp = U3
	}
	g.setAge(&c, grp)
	cr := &c.Criteria
	cr.SingleParent = g.rng.Float64() < 0.15
	hours := []int{0, 0, 15, 20, 25, 30, 35, 39, 40}
	parents := 2
	if cr.SingleParent {
		parents = 1
	}
	for range parents {
		cr.ParentHours = append(cr.ParentHours, hours[g.rng.IntN(len(hours))])
	}
	cr.SpecialNeeds = g.rng.Float64() < 0.05
	cr.YouthWelfare = g.rng.Float64() < 0.04
	cr.LastYearBeforeSchool = grp == Ue3 && g.rng.Float64() < 0.25
	n := g.cfg.MaxChoices
	if !g.cfg.FullLists && g.rng.Float64() < 0.4 {
		n = 1 + g.rng.IntN(g.cfg.MaxChoices)
	}
	var kitas []int32
	for tries := 0; len(kitas) < min(n, g.cfg.Kitas) && tries < 50; tries++ {
		if k := g.sample(grp.index(), d); !slices.Contains(kitas, k) {
			kitas = append(kitas, k)
		}
	}
	for r, k := range kitas {
		c.Choices = append(c.Choices, Choice{KitaID: fmt.Sprintf("k%04d", k), Rank: r + 1})
	}
	if len(kitas) > 0 && g.rng.Float64() < 0.12 {
		cr.SiblingKitaIDs = []string{c.Choices[g.rng.IntN(len(kitas))].KitaID}
	}
	return c
}

// setAge gives half the children a birth date and the rest an age group.
func (g *cityGen) setAge(c *Child, grp AgeGroup) {
	if g.rng.IntN(2) == 0 {
		c.AgeGroup = grp
		return
	}
	months := 6 + g.rng.IntN(30)
	if grp == Ue3 {
		months = 37 + g.rng.IntN(34)
	}
	c.BirthDate = cityStart().AddDate(0, -months, -g.rng.IntN(20)).Truncate(24 * time.Hour)
}

// sibling copies a child into a twin (same group and list) or a sibling
// of the other age group with a slightly different list.
func (g *cityGen) sibling(of Child, i int) Child {
	s := of
	s.ID = fmt.Sprintf("c%06d", i)
	s.Choices = slices.Clone(of.Choices)
	s.Criteria.ParentHours = slices.Clone(of.Criteria.ParentHours)
	if g.rng.Float64() < 0.6 {
		return s // twin
	}
	grp := U3
	if s.AgeGroup == U3 || (!s.BirthDate.IsZero() && ageGroupOf(s.BirthDate, cityStart()) == U3) {
		grp = Ue3
	}
	s.BirthDate, s.AgeGroup = time.Time{}, 0
	g.setAge(&s, grp)
	s.Criteria.LastYearBeforeSchool = false
	if n := len(s.Choices); n >= 2 {
		j := g.rng.IntN(n - 1)
		s.Choices[j].KitaID, s.Choices[j+1].KitaID = s.Choices[j+1].KitaID, s.Choices[j].KitaID
	}
	return s
}
