package allocation

import (
	"cmp"
	"math"
	"slices"
)

// maxRepairPasses bounds how often the repair plans new moves; each pass
// costs at least one DA run.
const maxRepairPasses = 8

// GroupReport says how children applying together fared.
type GroupReport struct {
	// Groups counts groups of at least two children taking part.
	Groups int `json:"groups"`
	// Together: all members placed at one Kita. TogetherByMatching of them
	// were together in plain DA already; Moved were brought together by the
	// repair.
	Together           int `json:"together"`
	TogetherByMatching int `json:"together_by_matching"`
	Moved              int `json:"moved"`
	// Split: members placed at different Kitas, or some unplaced.
	Split int `json:"split"`
	// Unplaced: no member got a place.
	Unplaced int `json:"unplaced"`
	// Runs is the number of DA runs; Released the tentative moves undone
	// because they would have caused justified envy.
	Runs     int `json:"runs"`
	Released int `json:"released"`
	// WorseOff is the repair's cost: children placed worse than plain DA
	// on the same lottery would have placed them (a later wish, or no
	// place); WorseOffOutside of them belong to no group.
	WorseOff        int `json:"worse_off"`
	WorseOffOutside int `json:"worse_off_outside"`
}

// repair keeps children with a GroupID together after DA; see the package
// doc for the method and its limits.
type repair struct {
	m  *Market
	da *daRun
	// pinned children are held at pinChoice outside the DA runs; their
	// seats are reserved per slot.
	pinned    []bool
	pinChoice []int32
	reserved  []int32
	// groupPin is the Kita a group is pinned at, or -1; moved marks pins
	// made by the repair rather than found in a DA result.
	groupPin []int32
	moved    []bool
	failed   map[[2]int32]bool // (group, Kita) pairs that caused envy
	plain    []int32           // the first matching: plain DA, nothing pinned
	runs     int
	released int
}

func newRepair(m *Market, da *daRun) *repair {
	r := &repair{
		m: m, da: da,
		pinned:    make([]bool, len(m.children)),
		pinChoice: make([]int32, len(m.children)),
		reserved:  make([]int32, len(m.capacity)),
		groupPin:  make([]int32, len(m.groups)),
		moved:     make([]bool, len(m.groups)),
		failed:    map[[2]int32]bool{},
	}
	for i := range r.groupPin {
		r.groupPin[i] = -1
	}
	return r
}

// run returns the final held choice per child and the together flags.
func (r *repair) run() ([]int32, []bool) {
	choice := r.matching()
	r.plain = slices.Clone(choice)
	for pass := 0; pass < maxRepairPasses; pass++ {
		r.pinTogether(choice)
		if r.planMoves(choice) == 0 {
			break
		}
		choice = r.settle()
	}
	return choice, r.m.togetherOf(choice)
}

// matching runs DA without the pinned children and puts them back.
func (r *repair) matching() []int32 {
	r.runs++
	choice := slices.Clone(r.da.run(r.pinned, r.reserved))
	for c, p := range r.pinned {
		if p {
			choice[c] = r.pinChoice[c]
		}
	}
	return choice
}

// settle reruns DA until no pinned group draws justified envy, releasing
// the groups that do. Each round releases at least one group, so it ends.
func (r *repair) settle() []int32 {
	for {
		choice := r.matching()
		bad := r.envied(choice)
		if len(bad) == 0 {
			return choice
		}
		for _, gi := range bad {
			r.failed[[2]int32{gi, r.groupPin[gi]}] = true
			r.unpin(gi, choice)
			r.released++
		}
	}
}

// pinTogether pins every group that the current matching already placed
// together. That changes nobody's outcome: a stable matching restricted to
// the others stays the child-optimal one when those seats are held back.
func (r *repair) pinTogether(choice []int32) {
	for gi, g := range r.m.groups {
		if r.groupPin[gi] < 0 {
			if k := r.m.groupKita(g, choice); k >= 0 {
				r.pin(int32(gi), k, false)
			}
		}
	}
}

func (r *repair) pin(gi, k int32, moved bool) {
	m := r.m
	r.groupPin[gi], r.moved[gi] = k, moved
	for _, c := range m.groups[gi].members {
		r.pinned[c] = true
		r.pinChoice[c] = m.choiceAt(c, k)
		r.reserved[slot(k, m.children[c].group)]++
	}
}

func (r *repair) unpin(gi int32, choice []int32) {
	m := r.m
	k := r.groupPin[gi]
	for _, c := range m.groups[gi].members {
		r.pinned[c] = false
		r.reserved[slot(k, m.children[c].group)]--
		choice[c] = -1
	}
	r.groupPin[gi], r.moved[gi] = -1, false
}

// choiceAt is the index of Kita k in child c's choices, or -1.
func (m *Market) choiceAt(c, k int32) int32 {
	lo, hi := m.choices(c)
	for i := lo; i < hi; i++ {
		if m.choiceKita[i] == k {
			return i
		}
	}
	return -1
}

// envied lists pinned groups with a member that some unpinned child
// justifiably envies: the child ranks that Kita above its own result, is in
// the same age group and has a higher priority there.
func (r *repair) envied(choice []int32) []int32 {
	m := r.m
	envy := make([]uint64, len(m.capacity)) // best envious key per slot, 0 = none
	for _, c := range m.active {
		if r.pinned[c] {
			continue
		}
		lo, hi := m.choices(c)
		if choice[c] >= 0 {
			hi = choice[c]
		}
		for i := lo; i < hi; i++ {
			s := slot(m.choiceKita[i], m.children[c].group)
			envy[s] = max(envy[s], m.choiceKey[i])
		}
	}
	var bad []int32
	for gi, k := range r.groupPin {
		if k < 0 {
			continue
		}
		for _, c := range m.groups[gi].members {
			if m.choiceKey[r.pinChoice[c]] < envy[slot(k, m.children[c].group)] {
				bad = append(bad, int32(gi))
				break
			}
		}
	}
	return bad
}

func (r *repair) report(choice []int32, together []bool) *GroupReport {
	rep := &GroupReport{Groups: len(r.m.groups), Runs: r.runs, Released: r.released}
	for gi, g := range r.m.groups {
		placed := 0
		for _, c := range g.members {
			if choice[c] >= 0 {
				placed++
			}
		}
		switch {
		case together[g.members[0]]:
			rep.Together++
			if r.moved[gi] {
				rep.Moved++
			}
		case placed == 0:
			rep.Unplaced++
		default:
			rep.Split++
		}
	}
	rep.TogetherByMatching = rep.Together - rep.Moved
	inGroup := make([]bool, len(choice))
	for _, g := range r.m.groups {
		for _, c := range g.members {
			inGroup[c] = true
		}
	}
	for c := range choice {
		if r.rankOf(choice[c]) > r.rankOf(r.plain[c]) {
			rep.WorseOff++
			if !inGroup[c] {
				rep.WorseOffOutside++
			}
		}
	}
	return rep
}

// rankOf is the rank of a held choice; no place ranks after every wish.
func (r *repair) rankOf(ci int32) int {
	if ci < 0 {
		return math.MaxInt
	}
	return int(r.m.choiceRank[ci])
}

// splitGroups lists the unpinned groups with at least one member placed,
// best lottery first.
func (r *repair) splitGroups(choice []int32) []int32 {
	var out []int32
	for gi, g := range r.m.groups {
		if r.groupPin[gi] >= 0 {
			continue
		}
		if slices.ContainsFunc(g.members, func(c int32) bool { return choice[c] >= 0 }) {
			out = append(out, int32(gi))
		}
	}
	slices.SortFunc(out, func(a, b int32) int {
		return cmp.Compare(r.m.children[r.m.groups[a].members[0]].lottery,
			r.m.children[r.m.groups[b].members[0]].lottery)
	})
	return out
}
