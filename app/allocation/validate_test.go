package allocation

import (
	"errors"
	"kitaportal/app/apperr"
	"strings"
	"testing"
	"time"
)

func TestCatalogueValidation(t *testing.T) {
	if err := DefaultCatalogue().Validate(); err != nil {
		t.Fatalf("default catalogue: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Catalogue)
		code   apperr.Code
		text   string
	}{
		{"negative points", func(c *Catalogue) { c.SingleParent = -5 }, apperr.CatalogueNegativePoints,
			"allocation: catalogue: criterion single_parent: points must not be negative, got -5"},
		{"negative band points", func(c *Catalogue) { c.Employment[1].Points = -1 }, apperr.CatalogueNegativePoints, "employment band 2"},
		{"too many points", func(c *Catalogue) { c.Sibling = MaxCriterionPoints + 1 }, apperr.CataloguePointsTooHigh, "criterion sibling"},
		{"bands not ascending", func(c *Catalogue) { c.Employment[2].MinHours = 20 }, apperr.CatalogueBandOrder,
			"employment band 3: min_hours 20 is not above the previous band's 20"},
		{"band hours out of range", func(c *Catalogue) { c.Employment[0].MinHours = -1 }, apperr.CatalogueBandHours, "outside 0..168"},
		{"district on without points", func(c *Catalogue) { c.DistrictEnabled, c.District = true, 0 }, apperr.CatalogueDistrictZero, "district criterion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCatalogue()
			tt.change(&c)
			assertProblem(t, c.Validate(), tt.code, tt.text)
		})
	}
	t.Run("all problems reported", func(t *testing.T) {
		c := DefaultCatalogue()
		c.SingleParent, c.YouthWelfare = -1, -2
		if err := c.Validate(); strings.Count(err.Error(), "\n") != 1 {
			t.Fatalf("want two problems: %v", err)
		}
	})
}

func assertProblem(t *testing.T, err error, code apperr.Code, text string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", code)
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != code || !strings.Contains(err.Error(), text) {
		t.Fatalf("got %v (code %v), want %s containing %q", err, e, code, text)
	}
}

func TestRoundValidation(t *testing.T) {
	valid := func() Round {
		return handRound([]Kita{kita("A", 2, 2), kita("B", 1, 1)},
			child("c1", U3, "A", "B"), child("c2", Ue3, "B"))
	}
	if _, err := NewMarket(valid()); err != nil {
		t.Fatalf("valid round: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Round)
		code   apperr.Code
		text   string
	}{
		{"unknown Kita", func(r *Round) { r.Children[0].Choices[1].KitaID = "Z" }, apperr.RoundUnknownKita, `child "c1": ranks unknown Kita "Z"`},
		{"duplicate rank", func(r *Round) { r.Children[0].Choices[1].Rank = 1 }, apperr.RoundDuplicateRank, `child "c1": rank 1 is given twice`},
		{"duplicate Kita", func(r *Round) { r.Children[0].Choices[1].KitaID = "A" }, apperr.RoundDuplicateKita, `child "c1": ranks Kita "A" more than once`},
		{"rank out of range", func(r *Round) { r.Children[0].Choices[1].Rank = 6 }, apperr.RoundRankOutOfRange, "rank 6 for Kita \"B\" is outside 1..5"},
		{"too many choices", func(r *Round) { r.MaxChoices = 1 }, apperr.RoundTooManyChoices, `child "c1": ranks 2 Kitas, at most 1 allowed`},
		{"no choices", func(r *Round) { r.Children[1].Choices = nil }, apperr.RoundNoChoices, `child "c2": ranks no Kita`},
		{"negative capacity", func(r *Round) { r.Kitas[1].Capacity.U3 = -1 }, apperr.RoundNegativeCapacity, `kita "B": capacity must not be negative`},
		{"duplicate Kita id", func(r *Round) { r.Kitas[1].ID = "A" }, apperr.RoundKitaDuplicate, `kita "A": id appears more than once`},
		{"missing Kita id", func(r *Round) { r.Kitas[1].ID = "" }, apperr.RoundKitaID, "kita #2: id is missing"},
		{"duplicate child", func(r *Round) { r.Children[1].ID = "c1" }, apperr.RoundChildDuplicate, `child "c1": id appears more than once`},
		{"missing child id", func(r *Round) { r.Children[1].ID = "" }, apperr.RoundChildID, "child #2: id is missing"},
		{"no age group", func(r *Round) { r.Children[0].AgeGroup = 0 }, apperr.RoundAgeGroupMissing, `child "c1": needs a birth date or an age group`},
		{"birth date without start date", func(r *Round) { r.Children[0].BirthDate = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) },
			apperr.RoundStartDateMissing, "the round has no start date"},
		{"age group contradicts birth date", func(r *Round) {
			r.StartDate = time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
			r.Children[0].BirthDate = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
		}, apperr.RoundAgeGroupConflict, `child "c1": age group U3 disagrees with the birth date (Ü3 at 2026-08-01)`},
		{"parent hours", func(r *Round) { r.Children[0].Criteria.ParentHours = []int{200} }, apperr.RoundParentHours, "weekly hours 200"},
		{"three parents", func(r *Round) { r.Children[0].Criteria.ParentHours = []int{1, 2, 3} }, apperr.RoundParentHours, "at most 2"},
		{"fixed at unknown Kita", func(r *Round) { r.Children[0].FixedKitaID = "Z" }, apperr.RoundUnknownKita, `fixed at unknown Kita "Z"`},
		{"declined unknown Kita", func(r *Round) { r.Children[0].DeclinedKitaIDs = []string{"Z"} }, apperr.RoundUnknownKita, `declined unknown Kita "Z"`},
		{"fixed over capacity", func(r *Round) {
			r.Children[0].FixedKitaID, r.Children[1].FixedKitaID = "B", "B"
			r.Children[1].AgeGroup = U3
		}, apperr.RoundFixedOverCapacity, `kita "B": 2 children fixed in U3, but its capacity there is 1`},
		{"bad catalogue", func(r *Round) { r.Catalogue.Sibling = -1 }, apperr.CatalogueNegativePoints, "criterion sibling"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.change(&r)
			_, err := NewMarket(r)
			assertProblem(t, err, tt.code, tt.text)
		})
	}
	t.Run("problems are capped", func(t *testing.T) {
		r := valid()
		for i := range 200 {
			r.Children = append(r.Children, child("x"+string(rune('a'+i%26))+string(rune('a'+i/26)), U3, "Z"))
		}
		_, err := NewMarket(r)
		var e *Error
		if n := strings.Count(err.Error(), "\n"); n != maxProblems || !errors.As(err, &e) {
			t.Fatalf("%d lines", n+1)
		}
		if !strings.Contains(err.Error(), "150 more problems not listed") {
			t.Fatalf("no summary line: %v", err)
		}
	})
}

func TestAgeGroupAtStartDate(t *testing.T) {
	start := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	for birth, want := range map[string]AgeGroup{
		"2023-08-02": U3,  // turns 3 the day after the start
		"2023-08-01": Ue3, // third birthday on the start date
		"2020-02-29": Ue3,
		"2026-09-01": U3, // not yet born
	} {
		b, _ := time.Parse("2006-01-02", birth)
		if got := ageGroupOf(b, start); got != want {
			t.Errorf("born %s: %s, want %s", birth, got, want)
		}
	}
	var g AgeGroup
	for text, want := range map[string]AgeGroup{"u3": U3, "Ü3": Ue3, "UE3": Ue3} {
		if err := g.UnmarshalText([]byte(text)); err != nil || g != want {
			t.Errorf("%q: %v %v", text, g, err)
		}
	}
	if err := g.UnmarshalText([]byte("U6")); err == nil {
		t.Error("U6 accepted")
	}
}

func TestEnvyOfForeignResult(t *testing.T) {
	// x has more points than y, both want A (1 place); a result that gives
	// A to y has one instance of justified envy and one blocking pair.
	r := handRound([]Kita{kita("A", 1, 0), kita("B", 1, 0)},
		withPoints(child("x", U3, "A", "B"), true, false), child("y", U3, "A"))
	m := mustMarket(t, r)
	bad := &Result{Placements: []Placement{
		{ChildID: "x", Status: StatusPlaced, KitaID: "B"},
		{ChildID: "y", Status: StatusPlaced, KitaID: "A"},
	}}
	envy, err := m.Envy(bad)
	if err != nil {
		t.Fatal(err)
	}
	if envy.JustifiedEnvy != 1 || envy.BlockingPairs != 1 || envy.EnviousChildren != 1 {
		t.Fatalf("%+v", envy)
	}
	for name, placements := range map[string][]Placement{
		"unranked Kita":   {{ChildID: "y", Status: StatusPlaced, KitaID: "B"}},
		"unknown child":   {{ChildID: "q", Status: StatusPlaced, KitaID: "A"}},
		"over capacity":   {{ChildID: "x", Status: StatusPlaced, KitaID: "A"}, {ChildID: "y", Status: StatusPlaced, KitaID: "A"}},
		"placed twice":    {{ChildID: "x", Status: StatusPlaced, KitaID: "A"}, {ChildID: "x", Status: StatusPlaced, KitaID: "B"}},
		"unknown kita id": {{ChildID: "x", Status: StatusPlaced, KitaID: "Q"}},
	} {
		if _, err := m.Envy(&Result{Placements: placements}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
