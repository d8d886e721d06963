package allocation

import (
	"fmt"
	"kitaportal/app/apperr"
)

// MaxCriterionPoints bounds every configured value, so that a child's total
// always fits the priority key (see priorityKey).
const MaxCriterionPoints = 100_000

// maxWeeklyHours is the most hours a week has.
const maxWeeklyHours = 168

// Catalogue holds the points each criterion is worth. Global criteria count
// at every Kita; Sibling and District count only at the Kita they concern.
type Catalogue struct {
	SingleParent int `json:"single_parent"`
	// Employment gives points per parent by weekly hours: the band with the
	// highest MinHours not above the parent's hours applies. Bands must be
	// in strictly ascending MinHours order.
	Employment           []HoursBand `json:"employment"`
	SpecialNeeds         int         `json:"special_needs"`
	YouthWelfare         int         `json:"youth_welfare"`
	LastYearBeforeSchool int         `json:"last_year_before_school"`
	// Sibling counts at a Kita a sibling already attends.
	Sibling int `json:"sibling"`
	// District counts at Kitas in the child's own district, only when the
	// city switches it on.
	District        int  `json:"district"`
	DistrictEnabled bool `json:"district_enabled"`
}

// HoursBand is one step of the employment points.
type HoursBand struct {
	MinHours int `json:"min_hours"`
	Points   int `json:"points"`
}

// DefaultCatalogue is a starting point for a city's own settings.
func DefaultCatalogue() Catalogue {
	return Catalogue{
		SingleParent: 20,
		Employment: []HoursBand{
			{MinHours: 10, Points: 5},
			{MinHours: 20, Points: 10},
			{MinHours: 30, Points: 15},
		},
		SpecialNeeds:         25,
		YouthWelfare:         30,
		LastYearBeforeSchool: 15,
		Sibling:              20,
		District:             10,
		DistrictEnabled:      false,
	}
}

// Validate reports every problem in the catalogue.
func (c Catalogue) Validate() error {
	var p problems
	c.validate(&p)
	return p.err()
}

func (c Catalogue) validate(p *problems) {
	named := []struct {
		name   string
		points int
	}{
		{"single_parent", c.SingleParent}, {"special_needs", c.SpecialNeeds},
		{"youth_welfare", c.YouthWelfare}, {"last_year_before_school", c.LastYearBeforeSchool},
		{"sibling", c.Sibling}, {"district", c.District},
	}
	for _, n := range named {
		checkPoints(p, "criterion "+n.name, n.points)
	}
	prev := -1
	for i, b := range c.Employment {
		where := fmt.Sprintf("employment band %d", i+1)
		checkPoints(p, where, b.Points)
		if b.MinHours < 0 || b.MinHours > maxWeeklyHours {
			p.add(apperr.CatalogueBandHours, "catalogue: %s: min_hours %d is outside 0..%d", where, b.MinHours, maxWeeklyHours)
		}
		if b.MinHours <= prev {
			p.add(apperr.CatalogueBandOrder, "catalogue: %s: min_hours %d is not above the previous band's %d", where, b.MinHours, prev)
		}
		prev = b.MinHours
	}
	if c.DistrictEnabled && c.District == 0 {
		p.add(apperr.CatalogueDistrictZero, "catalogue: the district criterion is switched on but worth 0 points")
	}
}

func checkPoints(p *problems, where string, points int) {
	switch {
	case points < 0:
		p.add(apperr.CatalogueNegativePoints, "catalogue: %s: points must not be negative, got %d", where, points)
	case points > MaxCriterionPoints:
		p.add(apperr.CataloguePointsTooHigh, "catalogue: %s: %d points is above the limit of %d", where, points, MaxCriterionPoints)
	}
}

// employmentPoints returns the points of one parent's weekly hours.
func (c Catalogue) employmentPoints(hours int) int {
	points := 0
	for _, b := range c.Employment {
		if hours >= b.MinHours {
			points = b.Points
		}
	}
	return points
}

// Criterion codes name what earned points, for UIs and explanations.
const (
	CriterionSingleParent         = "single_parent"
	CriterionEmployment           = "employment"
	CriterionSpecialNeeds         = "special_needs"
	CriterionYouthWelfare         = "youth_welfare"
	CriterionLastYearBeforeSchool = "last_year_before_school"
	CriterionSibling              = "sibling"
	CriterionDistrict             = "district"
)

// PointItem is one criterion that earned a child points at a Kita.
type PointItem struct {
	Criterion string `json:"criterion"`
	// Parent is 1 or 2 for employment, else 0; Hours the parent's hours.
	Parent int    `json:"parent,omitempty"`
	Hours  int    `json:"hours,omitempty"`
	Points int    `json:"points"`
	Text   string `json:"text"`
}

// eachGlobal calls fn for every criterion that earns the child points at
// every Kita. Criteria worth 0 points are left out. Text is not filled in.
func (c Catalogue) eachGlobal(cr Criteria, fn func(PointItem)) {
	emit := func(on bool, code string, points int) {
		if on && points > 0 {
			fn(PointItem{Criterion: code, Points: points})
		}
	}
	emit(cr.SingleParent, CriterionSingleParent, c.SingleParent)
	for i, h := range cr.ParentHours {
		if pts := c.employmentPoints(h); pts > 0 {
			fn(PointItem{Criterion: CriterionEmployment, Parent: i + 1, Hours: h, Points: pts})
		}
	}
	emit(cr.SpecialNeeds, CriterionSpecialNeeds, c.SpecialNeeds)
	emit(cr.YouthWelfare, CriterionYouthWelfare, c.YouthWelfare)
	emit(cr.LastYearBeforeSchool, CriterionLastYearBeforeSchool, c.LastYearBeforeSchool)
}

// globalPoints is the sum of eachGlobal, without allocating.
func (c Catalogue) globalPoints(cr Criteria) int {
	total := 0
	c.eachGlobal(cr, func(it PointItem) { total += it.Points })
	return total
}

// globalItems lists eachGlobal with German texts, for explanations.
func (c Catalogue) globalItems(cr Criteria) []PointItem {
	var items []PointItem
	c.eachGlobal(cr, func(it PointItem) {
		it.Text = pointText(it)
		items = append(items, it)
	})
	return items
}

// kitaPoints is what a child earns only at one Kita.
func (c Catalogue) kitaPoints(sibling, sameDistrict bool) int {
	total := 0
	if sibling {
		total += c.Sibling
	}
	if sameDistrict && c.DistrictEnabled {
		total += c.District
	}
	return total
}

// kitaItems lists the points a child earns only at one Kita.
func (c Catalogue) kitaItems(sibling, sameDistrict bool) []PointItem {
	var items []PointItem
	if sibling && c.Sibling > 0 {
		items = append(items, PointItem{Criterion: CriterionSibling, Points: c.Sibling})
	}
	if sameDistrict && c.DistrictEnabled && c.District > 0 {
		items = append(items, PointItem{Criterion: CriterionDistrict, Points: c.District})
	}
	for i := range items {
		items[i].Text = pointText(items[i])
	}
	return items
}

func sumPoints(items []PointItem) int {
	total := 0
	for _, it := range items {
		total += it.Points
	}
	return total
}
