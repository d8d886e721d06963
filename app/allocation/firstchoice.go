package allocation

import (
	"cmp"
	"slices"
)

// fcfTrace records, per slot, when first-choice-first filled it, so that
// explanations can say "taken by children who ranked it higher".
type fcfTrace struct {
	// fillRound is the choice position (0 = first choices) in which the
	// slot's last place went, or -1 while places remain.
	fillRound []int8
	// lastKey is the lowest priority key admitted in the fill round.
	lastKey []uint64
}

// SlotFill is when first-choice-first gave a Kita's last place of an age
// group: in the round of Rank-th choices, the last to one with LastPoints
// and LastLottery.
type SlotFill struct {
	KitaID      string   `json:"kita_id"`
	AgeGroup    AgeGroup `json:"age_group"`
	Rank        int      `json:"rank"`
	LastPoints  int      `json:"last_points"`
	LastLottery uint32   `json:"last_lottery"`
}

// fills is the trace as stored with the result.
func (m *Market) fills(t *fcfTrace) []SlotFill {
	var out []SlotFill
	for s, r := range t.fillRound {
		if r < 0 {
			continue
		}
		g := Ue3
		if s%2 == 0 {
			g = U3
		}
		out = append(out, SlotFill{KitaID: m.round.Kitas[s/2].ID, AgeGroup: g, Rank: int(r) + 1,
			LastPoints: keyPoints(t.lastKey[s]), LastLottery: keyLottery(t.lastKey[s])})
	}
	return out
}

// traceOf is the trace of a result: its own when it comes from this
// market's run, else rebuilt from its stored fills (nil when none).
func (m *Market) traceOf(res *Result) *fcfTrace {
	if res.trace != nil && res.market == m {
		return res.trace
	}
	if res.Mechanism != FirstChoiceFirst {
		return nil
	}
	t := &fcfTrace{fillRound: make([]int8, len(m.capacity)), lastKey: make([]uint64, len(m.capacity))}
	for i := range t.fillRound {
		t.fillRound[i] = -1
	}
	for _, f := range res.FirstChoiceFills {
		k, ok := m.kitaIdx[f.KitaID]
		if !ok || (f.AgeGroup != U3 && f.AgeGroup != Ue3) || f.Rank < 1 || f.Rank > 127 {
			continue
		}
		s := slot(k, f.AgeGroup)
		t.fillRound[s], t.lastKey[s] = int8(f.Rank-1), priorityKey(f.LastPoints, f.LastLottery)
	}
	return t
}

type fcfProposal struct {
	key   uint64
	slot  int32
	child int32
	ci    int32
}

// FirstChoiceFirst runs the usual practice the city compares against
// (immediate acceptance, "Boston"): in step 1 every Kita fills its places
// with the children who ranked it first, by points and lottery; in step 2
// the remaining places go to second choices among the children still
// without a place; and so on. Admissions are final. Children applying
// together get no special treatment here.
func (m *Market) FirstChoiceFirst() *Result {
	choice := make([]int32, len(m.children))
	for i := range choice {
		choice[i] = -1
	}
	remaining := slices.Clone(m.capacity)
	trace := &fcfTrace{fillRound: make([]int8, len(m.capacity)), lastKey: make([]uint64, len(m.capacity))}
	for i := range trace.fillRound {
		trace.fillRound[i] = -1
	}
	pending := slices.Clone(m.active)
	props := make([]fcfProposal, 0, len(pending))
	for step := int32(0); len(pending) > 0 && step < int32(m.maxChoices); step++ {
		props = m.fcfProposals(props[:0], pending, step)
		slices.SortFunc(props, func(a, b fcfProposal) int {
			if a.slot != b.slot {
				return cmp.Compare(a.slot, b.slot)
			}
			return cmp.Compare(b.key, a.key)
		})
		for _, p := range props {
			if remaining[p.slot] <= 0 {
				continue
			}
			choice[p.child] = p.ci
			if remaining[p.slot]--; remaining[p.slot] == 0 {
				trace.fillRound[p.slot] = int8(step)
				trace.lastKey[p.slot] = p.key
			}
		}
		pending = slices.DeleteFunc(pending, func(c int32) bool { return choice[c] >= 0 })
	}
	res := m.newResult(FirstChoiceFirst, choice, m.togetherOf(choice))
	res.trace = trace
	res.FirstChoiceFills = m.fills(trace)
	return res
}

// fcfProposals lists the step-th choice of every pending child that has
// one.
func (m *Market) fcfProposals(props []fcfProposal, pending []int32, step int32) []fcfProposal {
	for _, c := range pending {
		lo, hi := m.choices(c)
		if lo+step >= hi {
			continue
		}
		ci := lo + step
		s := slot(m.choiceKita[ci], m.children[c].group)
		props = append(props, fcfProposal{key: m.choiceKey[ci], slot: s, child: c, ci: ci})
	}
	return props
}

// togetherOf marks members of groups whose members all hold a place at the
// same Kita.
func (m *Market) togetherOf(choice []int32) []bool {
	if len(m.groups) == 0 {
		return nil
	}
	flags := make([]bool, len(m.children))
	for _, g := range m.groups {
		if m.groupKita(g, choice) >= 0 {
			for _, c := range g.members {
				flags[c] = true
			}
		}
	}
	return flags
}

// groupKita is the Kita holding every member of g, or -1.
func (m *Market) groupKita(g group, choice []int32) int32 {
	k := int32(-1)
	for _, c := range g.members {
		ci := choice[c]
		if ci < 0 || (k >= 0 && m.choiceKita[ci] != k) {
			return -1
		}
		k = m.choiceKita[ci]
	}
	return k
}
