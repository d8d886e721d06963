package search

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Filter is a typed Kita query. Zero values mean "no restriction".
type Filter struct {
	Text string
	// Near and RadiusKm restrict to a great-circle distance; Near alone only
	// sorts by distance.
	Near     *Point
	RadiusKm float64
	// AgeMonths keeps Kitas that accept a child of that age.
	AgeMonths *int
	// OpenFrom and OpenUntil (minutes after midnight) keep Kitas open at least
	// from OpenFrom until OpenUntil on every day of Weekdays.
	OpenFrom, OpenUntil *int
	// Weekdays defaults to Monday–Friday when hours are asked for.
	Weekdays []string
	// CarrierTypes and Districts match any of the values.
	CarrierTypes []string
	Districts    []string
	// Concepts, Languages and Features must all be present.
	Concepts  []string
	Languages []string
	Features  []string
	Bookable  *bool
	// FreeOnly keeps Kitas that report a free place: in the child's age
	// group when AgeMonths is set, otherwise in any group.
	FreeOnly bool
	Limit    int
	Offset   int
}

// U3Months is the age in months from which a child counts as Ü3.
const U3Months = 36

// Validate reports filter values that cannot be searched.
func (f Filter) Validate() error {
	for _, d := range f.Weekdays {
		if !isWeekday(d) {
			return fmt.Errorf("unknown weekday %q (use mo, tu, we, th, fr, sa, su)", d)
		}
	}
	switch {
	case f.RadiusKm < 0:
		return fmt.Errorf("radius must not be negative")
	case f.RadiusKm > 0 && f.Near == nil:
		return fmt.Errorf("a radius needs a location")
	case f.OpenFrom != nil && f.OpenUntil != nil && *f.OpenFrom >= *f.OpenUntil:
		return fmt.Errorf("opening time must be before closing time")
	case f.AgeMonths != nil && *f.AgeMonths < 0:
		return fmt.Errorf("age must not be negative")
	case f.Limit < 0 || f.Offset < 0:
		return fmt.Errorf("limit and offset must not be negative")
	}
	return nil
}

func isWeekday(d string) bool {
	for _, w := range weekdays {
		if w == d {
			return true
		}
	}
	return false
}

// kitaQuery builds the Bleve query. Text ranks; everything else filters.
// Bleve adds the scores of the filters to the text's, so when the text
// ranks (scored) every filter keeps the clauses it has always had; when
// nothing ranks, a filter may use cheaper clauses that match the same
// Kitas.
//
// views, when not nil, lets clauses read the docTable of the snapshot the
// search runs on.
func (f Filter) kitaQuery(scored bool, views *searchViews) query.Query {
	var must []query.Query
	if q := textQuery(f.Text); q != nil {
		must = append(must, q)
	}
	if f.Near != nil && f.RadiusKm > 0 {
		must = append(must, newRadiusQuery(*f.Near, f.RadiusKm, views))
	}
	if f.AgeMonths != nil {
		age := float64(*f.AgeMonths)
		must = append(must, numRange(fAgeMin, nil, &age), numRange(fAgeMax, &age, nil))
	}
	must = append(must, f.hoursQueries(scored)...)
	if q := anyOf(fCarrierType, f.CarrierTypes); q != nil {
		must = append(must, q)
	}
	if q := anyOf(fDistrict, f.Districts); q != nil {
		must = append(must, q)
	}
	for _, all := range []struct {
		field  string
		values []string
	}{{fConcepts, f.Concepts}, {fLanguages, f.Languages}, {fFeatures, f.Features}} {
		for _, v := range all.values {
			must = append(must, term(all.field, v))
		}
	}
	if f.Bookable != nil {
		q := bleve.NewBoolFieldQuery(*f.Bookable)
		q.SetField(fBookable)
		must = append(must, q)
	}
	if f.FreeOnly {
		must = append(must, f.freeQuery())
	}
	if len(must) == 0 {
		return bleve.NewMatchAllQuery()
	}
	return bleve.NewConjunctionQuery(must...)
}

func (f Filter) hoursQueries(scored bool) []query.Query {
	days := f.Weekdays
	if len(days) == 0 && (f.OpenFrom != nil || f.OpenUntil != nil) {
		days = weekdays[:5]
	}
	if !scored && isMondayToFriday(days) {
		// Open on every weekday from … until … is the earliest common
		// opening and the latest common closing: two clauses, not ten.
		return f.dayQueries(fOpenWeekdays, fCloseWeekdays)
	}
	var out []query.Query
	for _, day := range days {
		out = append(out, f.dayQueries(openField(day), closeField(day))...)
	}
	return out
}

// dayQueries are the clauses of the opening hours asked for on one day
// (or on all weekdays), given its opening and closing field.
func (f Filter) dayQueries(open, close string) []query.Query {
	if f.OpenFrom == nil && f.OpenUntil == nil {
		zero := 0.0 // open at all that day: hours known
		return []query.Query{numRange(open, &zero, nil)}
	}
	var out []query.Query
	if f.OpenFrom != nil {
		from := float64(*f.OpenFrom)
		out = append(out, numRange(open, nil, &from))
	}
	if f.OpenUntil != nil {
		until := float64(*f.OpenUntil)
		out = append(out, numRange(close, &until, nil))
	}
	return out
}

// isMondayToFriday says whether days are exactly Monday to Friday, in any
// order and with repeats.
func isMondayToFriday(days []string) bool {
	seen := map[string]bool{}
	for _, d := range days {
		if !slices.Contains(weekdays[:5], d) {
			return false
		}
		seen[d] = true
	}
	return len(seen) == 5
}

func (f Filter) freeQuery() query.Query {
	one := 1.0
	switch {
	case f.AgeMonths != nil && *f.AgeMonths < U3Months:
		return numRange(fFreeU3, &one, nil)
	case f.AgeMonths != nil:
		return numRange(fFreeUe3, &one, nil)
	}
	return bleve.NewDisjunctionQuery(numRange(fFreeU3, &one, nil), numRange(fFreeUe3, &one, nil))
}

// numRange is min <= field <= max, both ends inclusive.
func numRange(field string, min, max *float64) query.Query {
	t := true
	q := bleve.NewNumericRangeInclusiveQuery(min, max, &t, &t)
	q.SetField(field)
	return q
}

func term(field, value string) query.Query {
	q := bleve.NewTermQuery(value)
	q.SetField(field)
	return q
}

func anyOf(field string, values []string) query.Query {
	if len(values) == 0 {
		return nil
	}
	qs := make([]query.Query, len(values))
	for i, v := range values {
		qs[i] = term(field, v)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// formatKm writes a radius as Bleve's distance syntax.
func formatKm(km float64) string { return fmt.Sprintf("%gkm", km) }

// fieldBoost weighs matches in one field of a text query.
type fieldBoost struct {
	field string
	boost float64
}

// The fields a text query searches, in a fixed order: Bleve adds up the
// scores of a disjunction in the order of its clauses, so the order decides
// the last bits of a score and with them the order of near-ties.
var (
	analysedFields = []fieldBoost{{fName, 3}, {fConceptText, 2}, {fDescription, 0.5}}
	foldedFields   = []fieldBoost{{fNameFold, 2}, {fConceptFold, 1.5}, {fCarrierText, 1}, {fStreetFold, 1}, {fDistrictTxt, 1}}
)

// textQuery requires every word of the text to match somewhere: the German
// analysed name, description and concepts; or a prefix or small typo of a
// word in the name, concepts, carrier, street or district.
func textQuery(text string) query.Query {
	words := foldWords(ExpandStreetAbbrev(text))
	if len(words) == 0 {
		return nil
	}
	var all []query.Query
	for _, w := range words {
		var any []query.Query
		for _, fb := range analysedFields {
			m := bleve.NewMatchQuery(w)
			m.SetField(fb.field)
			m.SetBoost(fb.boost)
			any = append(any, m)
		}
		a := newWordAutomaton(w, fuzziness(w))
		for _, fb := range foldedFields {
			any = append(any, foldedWordQueries(a, fb.field, fb.boost)...)
		}
		all = append(all, bleve.NewDisjunctionQuery(any...))
	}
	return bleve.NewConjunctionQuery(all...)
}

// foldedWordQueries matches a folded word exactly, as a prefix (from three
// letters) and with typos (one edit from five letters, two from eight).
func foldedWordQueries(a *wordAutomaton, field string, boost float64) []query.Query {
	w := a.word
	exact := bleve.NewTermQuery(w)
	exact.SetField(field)
	exact.SetBoost(boost * 2)
	out := []query.Query{exact}
	if len([]rune(w)) >= 3 {
		p := bleve.NewPrefixQuery(w)
		p.SetField(field)
		p.SetBoost(boost)
		out = append(out, p)
	}
	if a.fuzziness > 0 {
		out = append(out, newFuzzyQuery(a, field, boost*0.5))
	}
	return out
}

func fuzziness(w string) int {
	switch n := len([]rune(w)); {
	case n >= 8:
		return 2
	case n >= 5:
		return 1
	}
	return 0
}

// foldWords splits text into lower-case words with diacritics folded the
// way the fold analyzer does.
func foldWords(text string) []string {
	return strings.FieldsFunc(foldText(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
