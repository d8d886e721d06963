package allocation

import (
	"cmp"
	"fmt"
	"slices"
)

// Market is a validated round, compiled for matching: every id is replaced
// by an index, every (child, Kita) pair carries its priority key, and the
// lottery is drawn. It is read-only after NewMarket and safe for concurrent
// use. It keeps the Round it was built from; do not change that afterwards.
type Market struct {
	round      Round
	maxChoices int
	kitaIdx    map[string]int32
	childIdx   map[string]int32
	// capacity is per Kita-group slot (see slot): places left for this
	// round after fixed children took theirs; fixedSeats is what they took.
	capacity   []int32
	fixedSeats []int32
	// applicants counts ranked choices per slot; it bounds heap sizes.
	applicants []int32
	children   []childData
	// active lists the children taking part in the matching (not fixed).
	active []int32
	// The ranked choices, CSR style: child c's are [choiceStart[c],
	// choiceStart[c+1]) in rank order, without declined Kitas.
	choiceStart []int32
	choiceKita  []int32
	choiceKey   []uint64
	choiceRank  []uint8
	groups      []group
}

type childData struct {
	group   AgeGroup
	fixed   int32  // Kita index of an accepted earlier offer, or -1
	lottery uint32 // 1 = best; 0 for fixed children
	inGroup int32  // index into Market.groups, or -1
}

// group is a set of at least two active children applying together.
type group struct {
	id      string
	members []int32
}

// slot is the index of a Kita's quota for one age group.
func slot(kita int32, g AgeGroup) int32 { return kita*2 + int32(g.index()) }

// priorityKey orders applicants at a Kita: more points first, then the
// smaller lottery number. A larger key is a higher priority. Points are
// bounded by validation (MaxCriterionPoints per criterion), so they fit in
// the upper 32 bits.
func priorityKey(points int, lottery uint32) uint64 {
	return uint64(points)<<32 | uint64(^lottery)
}

func keyPoints(key uint64) int     { return int(key >> 32) }
func keyLottery(key uint64) uint32 { return ^uint32(key) }

// NewMarket validates the round and compiles it. Validation problems come
// back together (errors.Join of *Error), each naming its child or Kita.
func NewMarket(r Round) (*Market, error) {
	idx, err := validateRound(&r)
	if err != nil {
		return nil, err
	}
	m := &Market{round: r, maxChoices: r.maxChoices(), kitaIdx: idx.kita, childIdx: idx.child}
	m.initCapacity()
	m.initChildren()
	m.drawLottery()
	m.initChoices(idx)
	return m, nil
}

func (m *Market) initCapacity() {
	n := len(m.round.Kitas)
	m.capacity = make([]int32, 2*n)
	m.fixedSeats = make([]int32, 2*n)
	m.applicants = make([]int32, 2*n)
	for k, kt := range m.round.Kitas {
		m.capacity[slot(int32(k), U3)] = int32(kt.Capacity.U3)
		m.capacity[slot(int32(k), Ue3)] = int32(kt.Capacity.Ue3)
	}
}

// initChildren resolves age groups, fixed seats and groups.
func (m *Market) initChildren() {
	r := &m.round
	m.children = make([]childData, len(r.Children))
	m.active = make([]int32, 0, len(r.Children))
	groupIdx := map[string]int32{}
	for i := range r.Children {
		c := &r.Children[i]
		d := childData{group: c.AgeGroup, fixed: -1, inGroup: -1}
		if !c.BirthDate.IsZero() {
			d.group = ageGroupOf(c.BirthDate, r.StartDate)
		}
		if c.FixedKitaID != "" {
			d.fixed = m.kitaIdx[c.FixedKitaID]
			s := slot(d.fixed, d.group)
			m.capacity[s]--
			m.fixedSeats[s]++
		} else {
			m.active = append(m.active, int32(i))
			if c.GroupID != "" {
				gi, ok := groupIdx[c.GroupID]
				if !ok {
					gi = int32(len(m.groups))
					groupIdx[c.GroupID] = gi
					m.groups = append(m.groups, group{id: c.GroupID})
				}
				m.groups[gi].members = append(m.groups[gi].members, int32(i))
			}
		}
		m.children[i] = d
	}
	m.compactGroups()
}

// compactGroups drops "groups" of one active child: they apply alone.
func (m *Market) compactGroups() {
	kept := m.groups[:0]
	for _, g := range m.groups {
		if len(g.members) < 2 {
			continue
		}
		slices.SortFunc(g.members, func(a, b int32) int {
			return cmp.Compare(m.round.Children[a].ID, m.round.Children[b].ID)
		})
		for _, c := range g.members {
			m.children[c].inGroup = int32(len(kept))
		}
		kept = append(kept, g)
	}
	m.groups = kept
}

// initChoices builds the CSR arrays with priority keys, choices in rank
// order and declined Kitas left out.
func (m *Market) initChoices(idx *index) {
	r := &m.round
	total := 0
	for _, c := range m.active {
		total += len(r.Children[c].Choices)
	}
	m.choiceStart = make([]int32, len(r.Children)+1)
	m.choiceKita = make([]int32, 0, total)
	m.choiceKey = make([]uint64, 0, total)
	m.choiceRank = make([]uint8, 0, total)
	var buf [16]rankedKita
	for i := range r.Children {
		m.choiceStart[i] = int32(len(m.choiceKita))
		if m.children[i].fixed >= 0 {
			continue
		}
		c := &r.Children[i]
		global := r.Catalogue.globalPoints(c.Criteria)
		kitas := idx.choiceKita[idx.choiceOff[i]:idx.choiceOff[i+1]]
		ranked := buf[:0]
		for j, ch := range c.Choices {
			ranked = append(ranked, rankedKita{rank: ch.Rank, kita: kitas[j]})
		}
		sortRanked(ranked)
		for _, rk := range ranked {
			if c.skips(r.Kitas[rk.kita].ID) {
				continue
			}
			points := global + m.kitaPoints(c, rk.kita)
			if c.KeptPoints != nil {
				points = *c.KeptPoints
			}
			m.choiceKita = append(m.choiceKita, rk.kita)
			m.choiceKey = append(m.choiceKey, priorityKey(points, m.children[i].lottery))
			m.choiceRank = append(m.choiceRank, uint8(rk.rank))
			m.applicants[slot(rk.kita, m.children[i].group)]++
		}
	}
	m.choiceStart[len(r.Children)] = int32(len(m.choiceKita))
}

// rankedKita is one choice with its Kita resolved.
type rankedKita struct {
	rank int
	kita int32
}

// sortRanked puts choices in rank order. Insertion sort: lists are at
// most a handful long.
func sortRanked(list []rankedKita) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].rank < list[j-1].rank; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// kitaPoints is what child c earns only at Kita k.
func (m *Market) kitaPoints(c *Child, k int32) int {
	kt := &m.round.Kitas[k]
	sibling := slices.Contains(c.Criteria.SiblingKitaIDs, kt.ID)
	same := c.District != "" && c.District == kt.District
	return m.round.Catalogue.kitaPoints(sibling, same)
}

// choices returns the index range of child c's ranked choices.
func (m *Market) choices(c int32) (lo, hi int32) {
	return m.choiceStart[c], m.choiceStart[c+1]
}

// Round returns the round the market was built from.
func (m *Market) Round() Round { return m.round }

func (m *Market) kitaName(k int32) string {
	if kt := m.round.Kitas[k]; kt.Name != "" {
		return kt.Name
	}
	return m.round.Kitas[k].ID
}

// String is a short description for logs.
func (m *Market) String() string {
	return fmt.Sprintf("Vergaberunde %q: %d Kitas, %d children (%d taking part), %d groups",
		m.round.ID, len(m.round.Kitas), len(m.round.Children), len(m.active), len(m.groups))
}
