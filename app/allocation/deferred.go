package allocation

// daRun holds the working state of one deferred-acceptance run. The group
// repair runs DA several times; it reuses one daRun to spare allocations.
type daRun struct {
	m *Market
	// off[s]..off[s+1] is slot s's heap region: min(capacity, applicants)
	// entries, so memory is bounded by the number of ranked choices.
	off    []int32
	seats  []holder
	size   []int32
	next   []uint8 // per child: how many of its choices it has tried
	choice []int32 // per child: index of the held choice, or -1
}

func newDARun(m *Market) *daRun {
	return &daRun{
		m:      m,
		off:    make([]int32, len(m.capacity)+1),
		seats:  make([]holder, 0, len(m.choiceKita)),
		size:   make([]int32, len(m.capacity)),
		next:   make([]uint8, len(m.children)),
		choice: make([]int32, len(m.children)),
	}
}

// run computes the child-optimal stable matching of the active children
// not marked in pinned, with reserved[s] seats of slot s held back (nil
// means none). Children propose in index order and every displaced child
// proposes again at once (McVitie–Wilson); the outcome does not depend on
// that order. It returns the held choice per child (-1 for none); the slice
// is reused by the next run.
func (r *daRun) run(pinned []bool, reserved []int32) []int32 {
	m := r.m
	var total int32
	for s := range m.capacity {
		r.off[s] = total
		c := m.capacity[s]
		if reserved != nil {
			c -= reserved[s]
		}
		total += max(0, min(c, m.applicants[s]))
	}
	r.off[len(m.capacity)] = total
	r.seats = r.seats[:total]
	clear(r.size)
	clear(r.next)
	for i := range r.choice {
		r.choice[i] = -1
	}
	for _, c := range m.active {
		if pinned != nil && pinned[c] {
			continue
		}
		for c >= 0 {
			c = r.propose(c)
		}
	}
	return r.choice
}

// propose lets child c apply down its list until a Kita holds it or the
// list ends. It returns the child it displaced, or -1.
func (r *daRun) propose(c int32) int32 {
	m := r.m
	g := m.children[c].group
	lo, hi := m.choices(c)
	for i := lo + int32(r.next[c]); i < hi; i++ {
		r.next[c]++
		s := slot(m.choiceKita[i], g)
		seats := r.seats[r.off[s]:r.off[s+1]]
		if len(seats) == 0 {
			continue
		}
		key := m.choiceKey[i]
		if n := r.size[s]; int(n) < len(seats) {
			seats[n] = holder{key: key, child: c}
			heapUp(seats[:n+1], int(n))
			r.size[s]++
			r.choice[c] = i
			return -1
		}
		if key <= seats[0].key {
			continue
		}
		out := seats[0].child
		seats[0] = holder{key: key, child: c}
		heapDown(seats, 0)
		r.choice[c] = i
		r.choice[out] = -1
		return out
	}
	return -1
}

// DeferredAcceptance runs child-proposing deferred acceptance (Gale–
// Shapley) and then the group repair for children applying together (see
// the package doc).
func (m *Market) DeferredAcceptance() *Result {
	r := newDARun(m)
	if len(m.groups) == 0 {
		res := m.newResult(DeferredAcceptance, r.run(nil, nil), nil)
		res.Groups = &GroupReport{Runs: 1}
		return res
	}
	rep := newRepair(m, r)
	choice, together := rep.run()
	res := m.newResult(DeferredAcceptance, choice, together)
	res.Groups = rep.report(choice, together)
	return res
}
