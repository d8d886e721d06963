package allocation

import (
	"cmp"
	"slices"
)

// plan is the bookkeeping of one repair pass: the unpinned holders of every
// slot sorted by key (lowest first), and how the pass's moves changed each
// slot so far.
type plan struct {
	r      *repair
	choice []int32
	hOff   []int32
	hKey   []uint64
	// occupied counts reserved seats plus holders, after this pass's moves;
	// dropped counts the lowest holders this pass's moves displace.
	occupied []int32
	dropped  []int32
}

// entry is what one age group of a group needs at one Kita.
type entry struct {
	need, displace int32
}

// planMoves pins split groups, best lottery first, at the best Kita every
// member ranked that can take them all without displacing anyone whose
// priority there is not below every member's. Seats freed by moving
// members are left to the next DA run. It returns how many groups moved.
func (r *repair) planMoves(choice []int32) int {
	split := r.splitGroups(choice)
	if len(split) == 0 {
		return 0
	}
	p := r.newPlan(choice)
	moved := 0
	for _, gi := range split {
		for _, k := range r.commonKitas(gi) {
			if r.failed[[2]int32{gi, k}] {
				continue
			}
			if e, ok := p.fits(gi, k); ok {
				p.commit(k, e)
				r.pin(gi, k, true)
				moved++
				break
			}
		}
	}
	return moved
}

func (r *repair) newPlan(choice []int32) *plan {
	m := r.m
	p := &plan{r: r, choice: choice, occupied: slices.Clone(r.reserved), dropped: make([]int32, len(m.capacity))}
	p.hOff, p.hKey = m.holderKeys(choice, r.pinned)
	for s := range p.occupied {
		p.occupied[s] += p.hOff[s+1] - p.hOff[s]
	}
	return p
}

// fits reports whether Kita k can take every member of group gi, and what
// that takes per age group.
func (p *plan) fits(gi, k int32) ([2]entry, bool) {
	m := p.r.m
	var e [2]entry
	var minKey [2]uint64
	var has [2]bool
	for _, c := range m.groups[gi].members {
		g := m.children[c].group.index()
		key := m.choiceKey[m.choiceAt(c, k)]
		if !has[g] || key < minKey[g] {
			minKey[g], has[g] = key, true
		}
		if ci := p.choice[c]; ci < 0 || m.choiceKita[ci] != k {
			e[g].need++
		}
	}
	for g := range e {
		s := k*2 + int32(g)
		if !has[g] {
			continue // no member in this age group
		}
		if m.capacity[s] <= 0 {
			return e, false
		}
		free := m.capacity[s] - p.occupied[s]
		if e[g].need <= free {
			continue
		}
		d := e[g].need - max(free, 0)
		lo := p.hOff[s] + p.dropped[s]
		if lo+d > p.hOff[s+1] || p.hKey[lo+d-1] >= minKey[g] {
			return e, false
		}
		e[g].displace = d
	}
	return e, true
}

func (p *plan) commit(k int32, e [2]entry) {
	for g := range e {
		s := k*2 + int32(g)
		p.occupied[s] += e[g].need - e[g].displace
		p.dropped[s] += e[g].displace
	}
}

// commonKitas lists the Kitas every member of group gi ranked, best first:
// by the worst rank position any member gave it, then by the sum of
// positions, then by the first member's order.
func (r *repair) commonKitas(gi int32) []int32 {
	m := r.m
	members := m.groups[gi].members
	type cand struct{ kita, worst, sum, first int32 }
	var cands []cand
	lo, hi := m.choices(members[0])
	for i := lo; i < hi; i++ {
		k := m.choiceKita[i]
		cd := cand{kita: k, worst: i - lo, sum: i - lo, first: i - lo}
		for _, c := range members[1:] {
			j := m.choiceAt(c, k)
			if j < 0 {
				cd.worst = -1
				break
			}
			pos := j - m.choiceStart[c]
			cd.worst, cd.sum = max(cd.worst, pos), cd.sum+pos
		}
		if cd.worst >= 0 {
			cands = append(cands, cd)
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		return cmp.Or(cmp.Compare(a.worst, b.worst), cmp.Compare(a.sum, b.sum), cmp.Compare(a.first, b.first))
	})
	out := make([]int32, len(cands))
	for i, cd := range cands {
		out[i] = cd.kita
	}
	return out
}
