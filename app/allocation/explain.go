package allocation

import (
	"fmt"
	"slices"
)

// ReasonCode says why a Kita did not take a child; a UI can translate it
// from the numbers in Reason.
type ReasonCode string

// The reasons.
const (
	// ReasonNoPlaces: the Kita has no places this round in the child's age
	// group (Fixed > 0: all went to children from an earlier round).
	ReasonNoPlaces ReasonCode = "no_places"
	// ReasonOutranked: the last child admitted there had more points.
	ReasonOutranked ReasonCode = "outranked"
	// ReasonLottery: the last child admitted had as many points; the
	// smaller lottery number won.
	ReasonLottery ReasonCode = "lottery"
	// ReasonDeclined: the family declined this Kita's offer earlier.
	ReasonDeclined ReasonCode = "declined"
	// ReasonKitaRefused: the Kita documented a deviation from the
	// recommendation, with a reason, and does not take the child.
	ReasonKitaRefused ReasonCode = "kita_refused"
	// ReasonKeptTogether: the Kita could have taken the child, but not all
	// the children applying together; they were placed together elsewhere.
	ReasonKeptTogether ReasonCode = "kept_together"
	// ReasonFilledByHigherChoices (first choice first only): the places had
	// gone to children who ranked the Kita higher than this child did.
	ReasonFilledByHigherChoices ReasonCode = "filled_by_higher_choices"
	// ReasonUnexplained: the result is not what the round's rules give
	// (only for results built outside this package).
	ReasonUnexplained ReasonCode = "unexplained"
)

// Explanation tells one family what came out and why.
type Explanation struct {
	ChildID  string   `json:"child_id"`
	Status   Status   `json:"status"`
	KitaID   string   `json:"kita_id,omitempty"`
	KitaName string   `json:"kita_name,omitempty"`
	Rank     int      `json:"rank,omitempty"`
	AgeGroup AgeGroup `json:"age_group"`
	Lottery  uint32   `json:"lottery,omitempty"`
	Together bool     `json:"together,omitempty"`
	Text     string   `json:"text"`
	// Reasons cover every Kita ranked above the result (all ranked Kitas
	// when unplaced), in rank order.
	Reasons []Reason `json:"reasons"`
	// Points break down the child's points at every ranked Kita.
	Points []KitaPoints `json:"points"`
}

// Reason is why one Kita did not take the child.
type Reason struct {
	KitaID   string     `json:"kita_id"`
	KitaName string     `json:"kita_name"`
	Rank     int        `json:"rank"`
	Code     ReasonCode `json:"code"`
	AgeGroup AgeGroup   `json:"age_group"`
	// Places given this round in the age group; Fixed places kept by
	// children from an earlier round.
	Places int `json:"places"`
	Fixed  int `json:"fixed,omitempty"`
	// The last admitted child's points and lottery number, and the child's.
	LastPoints   int    `json:"last_points,omitempty"`
	LastLottery  uint32 `json:"last_lottery,omitempty"`
	ChildPoints  int    `json:"child_points"`
	ChildLottery uint32 `json:"child_lottery,omitempty"`
	Text         string `json:"text"`
}

// KitaPoints is the child's points at one ranked Kita, item by item.
type KitaPoints struct {
	KitaID   string      `json:"kita_id"`
	KitaName string      `json:"kita_name"`
	Rank     int         `json:"rank"`
	Total    int         `json:"total"`
	Items    []PointItem `json:"items"`
	Text     string      `json:"text"`
}

// Explainer explains one result to families. Build it once per result
// (NewExplainer costs a pass over all children); then each Child call is
// cheap. It is read-only and safe for concurrent use.
type Explainer struct {
	m      *Market
	res    *Result
	choice []int32
	placed []int32   // per slot: children placed this round
	last   []uint64  // per slot: lowest key placed (0 when none)
	flags  []bool    // together flags
	trace  *fcfTrace // first-choice-first only
	// The Kita-specific point items, texts included; Points 0 when the
	// criterion is off.
	sibling, district PointItem
}

// NewExplainer prepares explanations of any result on this market.
func (m *Market) NewExplainer(res *Result) (*Explainer, error) {
	choice, err := m.resolve(res)
	if err != nil {
		return nil, err
	}
	x := &Explainer{m: m, res: res, choice: choice, flags: m.togetherFlags(res), trace: m.traceOf(res),
		placed: make([]int32, len(m.capacity)), last: make([]uint64, len(m.capacity))}
	if items := m.round.Catalogue.kitaItems(true, false); len(items) == 1 {
		x.sibling = items[0]
	}
	if items := m.round.Catalogue.kitaItems(false, true); len(items) == 1 {
		x.district = items[0]
	}
	for c, ci := range choice {
		if ci < 0 {
			continue
		}
		s := slot(m.choiceKita[ci], m.children[c].group)
		if key := m.choiceKey[ci]; x.placed[s] == 0 || key < x.last[s] {
			x.last[s] = key
		}
		x.placed[s]++
	}
	return x, nil
}

// Explain explains the result to every child, in input order.
func (m *Market) Explain(res *Result) ([]Explanation, error) {
	x, err := m.NewExplainer(res)
	if err != nil {
		return nil, err
	}
	return x.All(), nil
}

// ExplainChild explains the result to one child's family.
func (m *Market) ExplainChild(res *Result, childID string) (Explanation, error) {
	x, err := m.NewExplainer(res)
	if err != nil {
		return Explanation{}, err
	}
	return x.Child(childID)
}

// All explains the result to every child, in input order.
func (x *Explainer) All() []Explanation {
	out := make([]Explanation, len(x.m.children))
	for c := range out {
		out[c] = x.explain(int32(c))
	}
	return out
}

// Child explains the result to one child's family.
func (x *Explainer) Child(childID string) (Explanation, error) {
	c, ok := x.m.childIdx[childID]
	if !ok {
		return Explanation{}, fmt.Errorf("allocation: explain: unknown child %q", childID)
	}
	return x.explain(c), nil
}

func (x *Explainer) explain(c int32) Explanation {
	m := x.m
	d := m.children[c]
	e := Explanation{ChildID: m.round.Children[c].ID, AgeGroup: d.group, Lottery: d.lottery, Together: x.flags[c]}
	switch ci := x.choice[c]; {
	case d.fixed >= 0:
		e.Status, e.KitaID, e.KitaName = StatusFixed, m.round.Kitas[d.fixed].ID, m.kitaName(d.fixed)
	case ci >= 0:
		k := m.choiceKita[ci]
		e.Status, e.KitaID, e.KitaName, e.Rank = StatusPlaced, m.round.Kitas[k].ID, m.kitaName(k), int(m.choiceRank[ci])
	default:
		e.Status = StatusUnplaced
	}
	e.Text = summaryText(e)
	if d.fixed < 0 {
		e.Reasons = x.reasons(c, e.Rank)
		e.Points = x.pointsBreakdown(c)
	}
	return e
}

// reasons covers the ranked Kitas above the result (rank 0: all).
func (x *Explainer) reasons(c int32, rank int) []Reason {
	m := x.m
	ch := &m.round.Children[c]
	var buf [8]rankedKita
	ranked := buf[:0]
	for _, choice := range ch.Choices {
		ranked = append(ranked, rankedKita{rank: choice.Rank, kita: m.kitaIdx[choice.KitaID]})
	}
	sortRanked(ranked)
	out := make([]Reason, 0, len(ranked))
	for _, choice := range ranked {
		if rank > 0 && choice.rank >= rank {
			break
		}
		k := choice.kita
		r := Reason{KitaID: m.round.Kitas[k].ID, KitaName: m.kitaName(k), Rank: choice.rank, AgeGroup: m.children[c].group}
		if ci := m.choiceAt(c, k); ci >= 0 {
			x.fillReason(&r, c, ci)
		} else if slices.Contains(ch.RefusedKitaIDs, r.KitaID) {
			r.Code = ReasonKitaRefused
		} else {
			r.Code = ReasonDeclined
		}
		r.Text = reasonText(r, x.resultName(c))
		out = append(out, r)
	}
	return out
}

// fillReason decides why Kita choice ci did not take child c.
func (x *Explainer) fillReason(r *Reason, c, ci int32) {
	m := x.m
	s := slot(m.choiceKita[ci], m.children[c].group)
	key := m.choiceKey[ci]
	r.Places, r.Fixed = int(x.placed[s]), int(m.fixedSeats[s])
	r.ChildPoints, r.ChildLottery = keyPoints(key), keyLottery(key)
	last, full := x.last[s], x.placed[s] >= m.capacity[s]
	if t := x.trace; t != nil && t.fillRound[s] >= 0 {
		if pos := ci - m.choiceStart[c]; int32(t.fillRound[s]) < pos {
			r.Code = ReasonFilledByHigherChoices
			return
		}
		last = t.lastKey[s]
	}
	switch {
	case m.capacity[s] <= 0:
		r.Code = ReasonNoPlaces
	case full && key < last:
		r.LastPoints, r.LastLottery = keyPoints(last), keyLottery(last)
		r.Code = ReasonOutranked
		if r.LastPoints == r.ChildPoints {
			r.Code = ReasonLottery
		}
	case x.flags[c]:
		r.Code = ReasonKeptTogether
	default:
		r.Code = ReasonUnexplained
	}
}

// resultName is the name of the Kita child c got, or "".
func (x *Explainer) resultName(c int32) string {
	if ci := x.choice[c]; ci >= 0 {
		return x.m.kitaName(x.m.choiceKita[ci])
	}
	return ""
}

// pointsBreakdown lists the child's points at each ranked, not declined
// Kita, in rank order. Kitas without a Kita-specific criterion share the
// child's global items slice; treat the result as read-only.
func (x *Explainer) pointsBreakdown(c int32) []KitaPoints {
	m := x.m
	ch := &m.round.Children[c]
	global := slices.Clip(m.round.Catalogue.globalItems(ch.Criteria))
	globalTotal := sumPoints(global)
	if ch.KeptPoints != nil {
		global, globalTotal = []PointItem{}, *ch.KeptPoints
	}
	lo, hi := m.choices(c)
	out := make([]KitaPoints, 0, hi-lo)
	for i := lo; i < hi; i++ {
		k := m.choiceKita[i]
		kt := &m.round.Kitas[k]
		items := global
		if slices.Contains(ch.Criteria.SiblingKitaIDs, kt.ID) && x.sibling.Points > 0 {
			items = append(items, x.sibling)
		}
		if ch.District != "" && ch.District == kt.District && x.district.Points > 0 {
			items = append(items, x.district)
		}
		kp := KitaPoints{KitaID: kt.ID, KitaName: m.kitaName(k), Rank: int(m.choiceRank[i]),
			Total: globalTotal + sumPoints(items[len(global):]), Items: items}
		kp.Text = pointsText(kp)
		out = append(out, kp)
	}
	return out
}
