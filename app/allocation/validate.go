package allocation

import (
	"slices"

	"kitaportal/app/apperr"
)

// index is what validation learns on the way: positions by id, and the
// Kita index of every input choice (child c's are choiceKita[choiceOff[c]:
// choiceOff[c+1]], in input order), so compiling looks nothing up twice.
type index struct {
	kita       map[string]int32
	child      map[string]int32
	choiceOff  []int32
	choiceKita []int32
}

// validateRound checks everything NewMarket relies on and reports every
// problem, naming the child or Kita.
func validateRound(r *Round) (*index, error) {
	var p problems
	r.Catalogue.validate(&p)
	if r.MaxChoices < 0 || r.MaxChoices > 255 {
		p.add(apperr.RoundMaxChoices, "round %q: max_choices %d is outside 0..255", r.ID, r.MaxChoices)
	}
	idx := &index{kita: validateKitas(r.Kitas, &p), child: make(map[string]int32, len(r.Children)),
		choiceOff: make([]int32, len(r.Children)+1)}
	fixed := make([]Capacity, len(r.Kitas))
	for i := range r.Children {
		c := &r.Children[i]
		g := validateChild(r, i, idx, &p)
		if k, ok := idx.kita[c.FixedKitaID]; ok && g == U3 {
			fixed[k].U3++
		} else if ok && g == Ue3 {
			fixed[k].Ue3++
		}
	}
	validateLottery(r, &p)
	for k, kt := range r.Kitas {
		for _, g := range []AgeGroup{U3, Ue3} {
			if n, places := fixed[k].Of(g), kt.Capacity.Of(g); n > places {
				p.add(apperr.RoundFixedOverCapacity, "kita %q: %d children fixed in %s, but its capacity there is %d",
					kt.ID, n, g, places)
			}
		}
	}
	return idx, p.err()
}

// validateChild checks child i, records it in idx and returns its age
// group (0 when it has none).
func validateChild(r *Round, i int, idx *index, p *problems) AgeGroup {
	c := &r.Children[i]
	if c.ID == "" {
		p.add(apperr.RoundChildID, "child #%d: id is missing", i+1)
	} else if _, dup := idx.child[c.ID]; dup {
		p.add(apperr.RoundChildDuplicate, "child %q: id appears more than once", c.ID)
	} else {
		idx.child[c.ID] = int32(i)
	}
	g := validateAgeGroup(r, c, p)
	validateParents(c, p)
	idx.choiceKita = validateChoices(c, idx.kita, r.maxChoices(), p, idx.choiceKita)
	idx.choiceOff[i+1] = int32(len(idx.choiceKita))
	for _, id := range c.DeclinedKitaIDs {
		if _, ok := idx.kita[id]; !ok {
			p.add(apperr.RoundUnknownKita, "child %q: declined unknown Kita %q", c.ID, id)
		}
	}
	if c.KeptPoints != nil && *c.KeptPoints < 0 {
		p.add(apperr.CatalogueNegativePoints, "child %q: kept points must not be negative, got %d", c.ID, *c.KeptPoints)
	}
	for _, id := range c.RefusedKitaIDs {
		if _, ok := idx.kita[id]; !ok {
			p.add(apperr.RoundUnknownKita, "child %q: refused by unknown Kita %q", c.ID, id)
		}
	}
	if _, ok := idx.kita[c.FixedKitaID]; !ok && c.FixedKitaID != "" {
		p.add(apperr.RoundUnknownKita, "child %q: fixed at unknown Kita %q", c.ID, c.FixedKitaID)
	}
	return g
}

// maxChoices is the round's limit; an invalid one (reported by
// validation) counts as the default.
func (r *Round) maxChoices() int {
	if r.MaxChoices <= 0 || r.MaxChoices > 255 {
		return DefaultMaxChoices
	}
	return r.MaxChoices
}

func validateKitas(kitas []Kita, p *problems) map[string]int32 {
	idx := make(map[string]int32, len(kitas))
	for i, k := range kitas {
		switch _, dup := idx[k.ID]; {
		case k.ID == "":
			p.add(apperr.RoundKitaID, "kita #%d: id is missing", i+1)
		case dup:
			p.add(apperr.RoundKitaDuplicate, "kita %q: id appears more than once", k.ID)
		default:
			idx[k.ID] = int32(i)
		}
		if k.Capacity.U3 < 0 || k.Capacity.Ue3 < 0 {
			p.add(apperr.RoundNegativeCapacity, "kita %q: capacity must not be negative (U3 %d, Ü3 %d)",
				k.ID, k.Capacity.U3, k.Capacity.Ue3)
		}
	}
	return idx
}

// validateAgeGroup returns the child's group, or 0 after reporting why
// there is none.
func validateAgeGroup(r *Round, c *Child, p *problems) AgeGroup {
	if c.AgeGroup != 0 && c.AgeGroup != U3 && c.AgeGroup != Ue3 {
		p.add(apperr.RoundAgeGroupMissing, "child %q: unknown age group %d", c.ID, c.AgeGroup)
		return 0
	}
	if c.BirthDate.IsZero() {
		if c.AgeGroup == 0 {
			p.add(apperr.RoundAgeGroupMissing, "child %q: needs a birth date or an age group", c.ID)
		}
		return c.AgeGroup
	}
	if r.StartDate.IsZero() {
		p.add(apperr.RoundStartDateMissing, "child %q: has a birth date but the round has no start date", c.ID)
		return 0
	}
	g := ageGroupOf(c.BirthDate, r.StartDate)
	if c.AgeGroup != 0 && c.AgeGroup != g {
		p.add(apperr.RoundAgeGroupConflict, "child %q: age group %s disagrees with the birth date (%s at %s)",
			c.ID, c.AgeGroup, g, r.StartDate.Format("2006-01-02"))
	}
	return g
}

func validateParents(c *Child, p *problems) {
	if len(c.Criteria.ParentHours) > 2 {
		p.add(apperr.RoundParentHours, "child %q: %d parents' hours given, at most 2", c.ID, len(c.Criteria.ParentHours))
	}
	for _, h := range c.Criteria.ParentHours {
		if h < 0 || h > maxWeeklyHours {
			p.add(apperr.RoundParentHours, "child %q: weekly hours %d outside 0..%d", c.ID, h, maxWeeklyHours)
		}
	}
}

// validateChoices appends the Kita index of each choice (-1 if unknown)
// to out.
func validateChoices(c *Child, kitaIdx map[string]int32, maxChoices int, p *problems, out []int32) []int32 {
	if len(c.Choices) == 0 && c.FixedKitaID == "" {
		p.add(apperr.RoundNoChoices, "child %q: ranks no Kita", c.ID)
	}
	if len(c.Choices) > maxChoices {
		p.add(apperr.RoundTooManyChoices, "child %q: ranks %d Kitas, at most %d allowed", c.ID, len(c.Choices), maxChoices)
	}
	var ranks [256]bool
	var buf [8]string
	kitas := buf[:0]
	for _, ch := range c.Choices {
		k, ok := kitaIdx[ch.KitaID]
		if !ok {
			k = -1
			p.add(apperr.RoundUnknownKita, "child %q: ranks unknown Kita %q", c.ID, ch.KitaID)
		}
		out = append(out, k)
		if slices.Contains(kitas, ch.KitaID) {
			p.add(apperr.RoundDuplicateKita, "child %q: ranks Kita %q more than once", c.ID, ch.KitaID)
		}
		kitas = append(kitas, ch.KitaID)
		if ch.Rank < 1 || ch.Rank > maxChoices {
			p.add(apperr.RoundRankOutOfRange, "child %q: rank %d for Kita %q is outside 1..%d", c.ID, ch.Rank, ch.KitaID, maxChoices)
			continue
		}
		if ranks[ch.Rank] {
			p.add(apperr.RoundDuplicateRank, "child %q: rank %d is given twice", c.ID, ch.Rank)
		}
		ranks[ch.Rank] = true
	}
	return out
}

// ChildChecker checks children one at a time against a round's Kitas and
// limits, as NewMarket does, so that a caller building a round from stored
// registrations can leave out a child whose data cannot take part instead
// of failing the whole round. It does not see duplicates between children.
type ChildChecker struct {
	round Round
	kita  map[string]int32
}

// NewChildChecker checks children for round r (its Children are ignored).
func NewChildChecker(r Round) *ChildChecker {
	var p problems
	r.Children = nil
	return &ChildChecker{round: r, kita: validateKitas(r.Kitas, &p)}
}

// Check returns the problems of child c (joined *Error), or nil.
func (cc *ChildChecker) Check(c Child) error {
	var p problems
	r := cc.round
	r.Children = []Child{c}
	idx := &index{kita: cc.kita, child: make(map[string]int32, 1), choiceOff: make([]int32, 2)}
	validateChild(&r, 0, idx, &p)
	return p.err()
}

// Messages are the messages of the problems in err, without the package
// prefix; other errors give their text.
func Messages(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
		case *Error:
			out = append(out, e.Message)
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		default:
			out = append(out, err.Error())
		}
	}
	walk(err)
	return out
}

// validateLottery checks a frozen lottery: a distinct number of at least 1
// for every child taking part.
func validateLottery(r *Round, p *problems) {
	if len(r.Lottery) == 0 {
		return
	}
	seen := make(map[uint32]string, len(r.Lottery))
	for _, c := range r.Children {
		if c.FixedKitaID != "" {
			continue
		}
		n := r.Lottery[c.ID]
		switch other, dup := seen[n]; {
		case n == 0:
			p.add(apperr.RoundLottery, "child %q: no lottery number in the round's frozen lottery", c.ID)
		case dup:
			p.add(apperr.RoundLottery, "child %q: lottery number %d is also child %q's", c.ID, n, other)
		}
		seen[n] = c.ID
	}
}
