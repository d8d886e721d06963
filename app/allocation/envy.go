package allocation

import "slices"

// EnvyReport measures how far a result is from stability.
type EnvyReport struct {
	// JustifiedEnvy counts pairs (c, d): child c ranked Kita k above its
	// own result, d got k in the same age group, and c has strictly higher
	// priority at k than d. Children fixed from an earlier round are
	// neither c nor d.
	JustifiedEnvy int `json:"justified_envy"`
	// EnviousChildren counts the children c with at least one such pair.
	EnviousChildren int `json:"envious_children"`
	// BlockingPairs counts pairs (c, k): c ranked k above its result, and k
	// has a free place in c's age group (Wasteful) or holds a child of lower
	// priority there.
	BlockingPairs int `json:"blocking_pairs"`
	Wasteful      int `json:"wasteful"`
	// TogetherEnvy and TogetherBlocking are the parts of JustifiedEnvy and
	// BlockingPairs whose child c was placed together with its group: the
	// family preferred that to a better place for one child alone.
	TogetherEnvy     int `json:"together_envy"`
	TogetherBlocking int `json:"together_blocking"`
}

// Envy counts justified envy and blocking pairs of any result on this
// market: one from this market, or one built or decoded elsewhere (its
// placements are checked against the children's choices and capacities).
func (m *Market) Envy(res *Result) (EnvyReport, error) {
	choice, err := m.resolve(res)
	if err != nil {
		return EnvyReport{}, err
	}
	together := m.togetherFlags(res)
	off, keys := m.holderKeys(choice, nil)
	var rep EnvyReport
	for _, c := range m.active {
		lo, hi := m.choices(c)
		if choice[c] >= 0 {
			hi = choice[c]
		}
		envious := false
		for i := lo; i < hi; i++ {
			s := slot(m.choiceKita[i], m.children[c].group)
			held := keys[off[s]:off[s+1]]
			lower, _ := slices.BinarySearch(held, m.choiceKey[i])
			waste := int32(len(held)) < m.capacity[s]
			rep.JustifiedEnvy += lower
			if lower > 0 || waste {
				rep.BlockingPairs++
				if together[c] {
					rep.TogetherBlocking++
				}
			}
			if waste {
				rep.Wasteful++
			}
			if together[c] {
				rep.TogetherEnvy += lower
			}
			envious = envious || lower > 0
		}
		if envious {
			rep.EnviousChildren++
		}
	}
	return rep, nil
}

// holderKeys returns, per slot, the priority keys of the children placed
// there in ascending order, CSR style: slot s's are keys[off[s]:off[s+1]].
// Children marked in skip (nil: none) are left out.
func (m *Market) holderKeys(choice []int32, skip []bool) (off []int32, keys []uint64) {
	n := len(m.capacity)
	off = make([]int32, n+1)
	held := func(c int) bool { return choice[c] >= 0 && (skip == nil || !skip[c]) }
	for c, ci := range choice {
		if held(c) {
			off[slot(m.choiceKita[ci], m.children[c].group)+1]++
		}
	}
	for s := range n {
		off[s+1] += off[s]
	}
	keys = make([]uint64, off[n])
	fill := slices.Clone(off[:n])
	for c, ci := range choice {
		if held(c) {
			s := slot(m.choiceKita[ci], m.children[c].group)
			keys[fill[s]] = m.choiceKey[ci]
			fill[s]++
		}
	}
	for s := range n {
		slices.Sort(keys[off[s]:off[s+1]])
	}
	return off, keys
}
