package allocation

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// DefaultMaxChoices is how many Kitas a child may rank when the round does
// not say otherwise (the portal's Vormerkung limit).
const DefaultMaxChoices = 5

// Round is the whole input of one Vergaberunde. The caller builds it from
// the stored Vormerkungen; the engine never reads the store itself.
type Round struct {
	ID string `json:"id"`
	// StartDate is the round's start (the day the Kita year begins); the age
	// group of a child with a birth date is computed at this date.
	StartDate time.Time `json:"start_date"`
	// Seed drives the lottery. Record it with the round: input + seed
	// reproduce the round exactly.
	Seed uint64 `json:"seed"`
	// MaxChoices is the most Kitas a child may rank; 0 means
	// DefaultMaxChoices.
	MaxChoices int       `json:"max_choices,omitempty"`
	Catalogue  Catalogue `json:"catalogue"`
	Kitas      []Kita    `json:"kitas"`
	Children   []Child   `json:"children"`
	// Lottery, when set, holds every taking-part child's lottery number as
	// drawn when the round first ran; it replaces the draw. A stored round
	// is frozen this way before a deleted child is taken out of it, so the
	// others keep their numbers.
	Lottery map[string]uint32 `json:"lottery,omitempty"`
}

// Kita is one daycare centre taking part in the round.
type Kita struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"` // used in explanations; the id when empty
	District string   `json:"district"`
	Capacity Capacity `json:"capacity"`
}

// Capacity is a number of places per age group. U3 and Ü3 places are
// separate quotas: a child competes only for places of its own group.
type Capacity struct {
	U3  int `json:"u3"`
	Ue3 int `json:"ue3"`
}

// Of returns the places for one age group.
func (c Capacity) Of(g AgeGroup) int {
	if g == U3 {
		return c.U3
	}
	return c.Ue3
}

// Child is one child taking part in the round, with its ranked Kitas.
type Child struct {
	ID string `json:"id"`
	// BirthDate, when set, decides the age group at the round's StartDate.
	BirthDate time.Time `json:"birth_date,omitzero"`
	// AgeGroup is used when BirthDate is zero. With both set they must agree.
	AgeGroup AgeGroup `json:"age_group,omitempty"`
	District string   `json:"district"`
	// GroupID links siblings or twins who apply together; empty for a
	// child applying alone. See the package doc for what it changes.
	GroupID string `json:"group_id,omitempty"`
	// Choices are the ranked Kitas (one per Vormerkung), in any order; the
	// ranks must be distinct and in 1..MaxChoices. Gaps are allowed.
	Choices  []Choice `json:"choices"`
	Criteria Criteria `json:"criteria"`
	// FixedKitaID marks a child that already accepted a place in an earlier
	// round (follow-up rounds): it keeps that seat, which is taken from the
	// Kita's capacity, and takes no further part in the matching.
	FixedKitaID string `json:"fixed_kita_id,omitempty"`
	// DeclinedKitaIDs are Kitas whose offer the family declined in an
	// earlier round: the child is not considered there again.
	DeclinedKitaIDs []string `json:"declined_kita_ids,omitempty"`
	// RefusedKitaIDs are Kitas that documented a deviation from the
	// round's recommendation for this child (with a reason, recorded
	// outside the engine): the child is not considered there either.
	RefusedKitaIDs []string `json:"refused_kita_ids,omitempty"`
	// KeptPoints, when set, are the child's points at every Kita, in place
	// of its criteria: what a stored round keeps of a child whose family
	// was deleted after the round.
	KeptPoints *int `json:"kept_points,omitempty"`
}

// Choice is one ranked Kita: Rank 1 is the first choice.
type Choice struct {
	KitaID string `json:"kita_id"`
	Rank   int    `json:"rank"`
}

// Criteria are the facts about a child and its family that earn points.
type Criteria struct {
	SingleParent bool `json:"single_parent"`
	// ParentHours are the weekly working (or training) hours of each
	// parent, at most two entries; 0 for a parent not in work.
	ParentHours  []int `json:"parent_hours,omitempty"`
	SpecialNeeds bool  `json:"special_needs"`
	// YouthWelfare: the Jugendamt supports the family (Hilfe zur Erziehung).
	YouthWelfare bool `json:"youth_welfare"`
	// LastYearBeforeSchool: the child starts school after this Kita year.
	// The caller decides it with its state's school-entry cut-off date.
	LastYearBeforeSchool bool `json:"last_year_before_school"`
	// SiblingKitaIDs are Kitas a sibling already attends. Ids of Kitas not
	// in the round are ignored: they cannot be ranked, so never count.
	SiblingKitaIDs []string `json:"sibling_kita_ids,omitempty"`
}

// AgeGroup is U3 (under 36 months at the round's start date) or Ü3. The
// zero value means "not given" in input.
type AgeGroup uint8

// The age groups.
const (
	U3  AgeGroup = 1
	Ue3 AgeGroup = 2
)

// ageGroupOf computes the group at the round's start date: U3 until the
// day before the third birthday.
func ageGroupOf(birth, start time.Time) AgeGroup {
	y, m, d := birth.Date()
	third := time.Date(y+3, m, d, 0, 0, 0, 0, time.UTC)
	sy, sm, sd := start.Date()
	if time.Date(sy, sm, sd, 0, 0, 0, 0, time.UTC).Before(third) {
		return U3
	}
	return Ue3
}

// index maps the group to 0 (U3) or 1 (Ü3) for per-group arrays.
func (g AgeGroup) index() int { return int(g) - 1 }

// String is the German label used in explanations.
func (g AgeGroup) String() string {
	switch g {
	case U3:
		return "U3"
	case Ue3:
		return "Ü3"
	}
	return "unbekannt"
}

// MarshalText writes the stable code: "u3" or "ue3".
func (g AgeGroup) MarshalText() ([]byte, error) {
	switch g {
	case U3:
		return []byte("u3"), nil
	case Ue3:
		return []byte("ue3"), nil
	case 0:
		return []byte(""), nil
	}
	return nil, fmt.Errorf("allocation: unknown age group %d", g)
}

// UnmarshalText reads "u3", "ue3", "ü3" in any case, or "" for not given.
func (g *AgeGroup) UnmarshalText(b []byte) error {
	switch strings.ToLower(string(b)) {
	case "u3":
		*g = U3
	case "ue3", "ü3":
		*g = Ue3
	case "":
		*g = 0
	default:
		return fmt.Errorf("allocation: unknown age group %q (want u3 or ue3)", b)
	}
	return nil
}

// skips reports whether the child is not considered at the Kita: its
// family declined there earlier, or the Kita refused it with a reason.
func (c *Child) skips(kitaID string) bool {
	return slices.Contains(c.DeclinedKitaIDs, kitaID) || slices.Contains(c.RefusedKitaIDs, kitaID)
}
