package allocation

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// lotteryStream separates the lottery's random stream from any other use
// of the same seed.
const lotteryStream = 0x4b6974614c6f73 // "KitaLos"

// drawLottery gives every active child a distinct lottery number 1..n
// (smaller wins a tie). The draw is one random order of "units" — a single
// child, or all active members of a group together — so siblings get
// consecutive numbers and, with equal points, stand next to each other in
// every Kita's order. Units are first sorted by their smallest child id, so
// the numbers depend on the seed and the set of children, not on the input
// order.
func (m *Market) drawLottery() {
	if len(m.round.Lottery) > 0 {
		for _, c := range m.active {
			m.children[c].lottery = m.round.Lottery[m.round.Children[c].ID]
		}
		return
	}
	type unit struct {
		key   string
		child int32 // a single child, or the group's first member
		group int32 // index into m.groups, or -1
	}
	units := make([]unit, 0, len(m.active))
	for _, c := range m.active {
		gi := m.children[c].inGroup
		if gi < 0 || m.groups[gi].members[0] == c {
			units = append(units, unit{key: m.round.Children[c].ID, child: c, group: gi})
		}
	}
	slices.SortFunc(units, func(a, b unit) int { return cmp.Compare(a.key, b.key) })
	rng := rand.New(rand.NewPCG(m.round.Seed, lotteryStream))
	rng.Shuffle(len(units), func(i, j int) { units[i], units[j] = units[j], units[i] })
	next := uint32(1)
	for _, u := range units {
		if u.group < 0 {
			m.children[u.child].lottery = next
			next++
			continue
		}
		for _, c := range m.groups[u.group].members {
			m.children[c].lottery = next
			next++
		}
	}
}
