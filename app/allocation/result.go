package allocation

import "fmt"

// Mechanism names a matching method.
type Mechanism string

// The mechanisms.
const (
	// DeferredAcceptance is child-proposing deferred acceptance.
	DeferredAcceptance Mechanism = "deferred_acceptance"
	// FirstChoiceFirst is the immediate-acceptance ("Boston") practice.
	FirstChoiceFirst Mechanism = "first_choice_first"
)

// Status says how a child came out of the round.
type Status string

// The statuses.
const (
	StatusPlaced   Status = "placed"
	StatusUnplaced Status = "unplaced"
	// StatusFixed: the child kept a place accepted in an earlier round.
	StatusFixed Status = "fixed"
)

// Result is the outcome of one mechanism on one market: one Placement per
// child, in input order.
type Result struct {
	RoundID    string       `json:"round_id"`
	Mechanism  Mechanism    `json:"mechanism"`
	Seed       uint64       `json:"seed"`
	Placements []Placement  `json:"placements"`
	Groups     *GroupReport `json:"groups,omitempty"`
	// FirstChoiceFills is the first-choice-first trace (that mechanism only):
	// what its explanations need once the result is stored.
	FirstChoiceFills []SlotFill `json:"first_choice_fills,omitempty"`

	market *Market
	choice []int32   // per child: held choice index, or -1
	trace  *fcfTrace // first-choice-first only
}

// Placement is one child's outcome.
type Placement struct {
	ChildID  string   `json:"child_id"`
	Status   Status   `json:"status"`
	KitaID   string   `json:"kita_id,omitempty"`
	AgeGroup AgeGroup `json:"age_group"`
	// Rank is the rank the family gave KitaID (1 = first choice); 0 when
	// not placed in this round.
	Rank int `json:"rank,omitempty"`
	// Points are the child's points at KitaID (or at its first choice when
	// unplaced); Lottery its lottery number (smaller wins a tie).
	Points  int    `json:"points,omitempty"`
	Lottery uint32 `json:"lottery,omitempty"`
	// Together: placed at the same Kita as every other member of its group,
	// either by the matching itself or by the group repair.
	Together bool `json:"together,omitempty"`
}

func (m *Market) newResult(mech Mechanism, choice []int32, together []bool) *Result {
	res := &Result{
		RoundID:    m.round.ID,
		Mechanism:  mech,
		Seed:       m.round.Seed,
		Placements: make([]Placement, len(m.children)),
		market:     m,
		choice:     append([]int32(nil), choice...),
	}
	for i := range m.children {
		res.Placements[i] = m.placement(int32(i), choice[i], together != nil && together[i])
	}
	return res
}

func (m *Market) placement(c, ci int32, together bool) Placement {
	d := m.children[c]
	p := Placement{ChildID: m.round.Children[c].ID, AgeGroup: d.group, Lottery: d.lottery, Together: together}
	lo, hi := m.choices(c)
	switch {
	case d.fixed >= 0:
		p.Status, p.KitaID = StatusFixed, m.round.Kitas[d.fixed].ID
	case ci >= 0:
		p.Status, p.KitaID = StatusPlaced, m.round.Kitas[m.choiceKita[ci]].ID
		p.Rank, p.Points = int(m.choiceRank[ci]), keyPoints(m.choiceKey[ci])
	default:
		p.Status = StatusUnplaced
		if lo < hi {
			p.Points = keyPoints(m.choiceKey[lo])
		}
	}
	return p
}

// resolve returns the held choice per child for any result: its own data
// when the result came from this market, else the placements matched
// against the children's ranked choices.
func (m *Market) resolve(res *Result) ([]int32, error) {
	if res.market == m && len(res.choice) == len(m.children) {
		return res.choice, nil
	}
	choice := make([]int32, len(m.children))
	for i := range choice {
		choice[i] = -1
	}
	idx := m.childIdx
	seen := make([]bool, len(m.children))
	for _, p := range res.Placements {
		c, ok := idx[p.ChildID]
		if !ok {
			return nil, fmt.Errorf("allocation: result: unknown child %q", p.ChildID)
		}
		if seen[c] {
			return nil, fmt.Errorf("allocation: result: child %q placed more than once", p.ChildID)
		}
		seen[c] = true
		if p.Status != StatusPlaced || m.children[c].fixed >= 0 {
			continue
		}
		ci, err := m.findChoice(c, p.KitaID)
		if err != nil {
			return nil, err
		}
		choice[c] = ci
	}
	return choice, m.checkCapacity(choice)
}

// checkCapacity rejects a result that gives a Kita more children of an age
// group than it has places left.
func (m *Market) checkCapacity(choice []int32) error {
	used := make([]int32, len(m.capacity))
	for c, ci := range choice {
		if ci < 0 {
			continue
		}
		s := slot(m.choiceKita[ci], m.children[c].group)
		if used[s]++; used[s] > m.capacity[s] {
			k := m.round.Kitas[s/2]
			return fmt.Errorf("allocation: result: kita %q: more than %d children placed in %s",
				k.ID, m.capacity[s], m.children[c].group)
		}
	}
	return nil
}

func (m *Market) findChoice(c int32, kitaID string) (int32, error) {
	k, ok := m.kitaIdx[kitaID]
	if !ok {
		return -1, fmt.Errorf("allocation: result: child %q: unknown Kita %q", m.round.Children[c].ID, kitaID)
	}
	lo, hi := m.choices(c)
	for i := lo; i < hi; i++ {
		if m.choiceKita[i] == k {
			return i, nil
		}
	}
	return -1, fmt.Errorf("allocation: result: child %q: placed at Kita %q it did not rank (or declined)",
		m.round.Children[c].ID, kitaID)
}

// togetherFlags reads the Together flags of a result's placements.
func (m *Market) togetherFlags(res *Result) []bool {
	flags := make([]bool, len(m.children))
	if res.market == m {
		for i, p := range res.Placements {
			flags[i] = p.Together
		}
		return flags
	}
	idx := m.childIdx
	for _, p := range res.Placements {
		if c, ok := idx[p.ChildID]; ok {
			flags[c] = p.Together
		}
	}
	return flags
}
