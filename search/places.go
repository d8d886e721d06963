package search

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Place kinds, as in the store.
const (
	KindDistrict = "district"
	KindStreet   = "street"
	KindPostcode = "postcode"
)

// PlaceDoc is one gazetteer entry as indexed.
type PlaceDoc struct {
	ID       string
	Kind     string
	Name     string
	District string
	Postcode string
	Location Point
}

func (d PlaceDoc) fields() map[string]any {
	return map[string]any{
		fNameFold:    ExpandStreetAbbrev(d.Name),
		fDistrictTxt: d.District,
		fKind:        d.Kind,
		fPostcode:    d.Postcode,
		fLocation:    []float64{d.Location.Lon, d.Location.Lat},
	}
}

// PlaceHit is a matching place id with its score.
type PlaceHit struct {
	ID    string
	Score float64
}

var postcodePattern = regexp.MustCompile(`\b\d{5}\b`)
var houseNumber = regexp.MustCompile(`^\d+[a-z]?$`)

// PlaceQuery is a parent's "near" text split into its parts.
type PlaceQuery struct {
	Words       []string // folded words of a street or district name
	HouseNumber string
	Postcode    string
}

// ParsePlaceQuery splits "Pfaffstr. 12, 67655" into words, house number and
// postcode.
func ParsePlaceQuery(text string) PlaceQuery {
	var pq PlaceQuery
	if m := postcodePattern.FindString(text); m != "" {
		pq.Postcode = m
		text = strings.Replace(text, m, " ", 1)
	}
	for _, w := range foldWords(ExpandStreetAbbrev(text)) {
		if houseNumber.MatchString(w) && pq.HouseNumber == "" {
			pq.HouseNumber = w
			continue
		}
		pq.Words = append(pq.Words, w)
	}
	return pq
}

// SearchPlaces finds gazetteer entries of the given kinds (all kinds when
// empty) whose name matches every word, exactly, as a prefix or with a small
// typo; exact and prefix matches rank above typos.
func (ix *Index) SearchPlaces(words []string, kinds []string, limit int) ([]PlaceHit, error) {
	if len(words) == 0 {
		return nil, nil
	}
	var all []query.Query
	for _, w := range words {
		all = append(all, bleve.NewDisjunctionQuery(foldedWordQueries(newWordAutomaton(w, fuzziness(w)), fNameFold, 1)...))
	}
	if q := anyOf(fKind, kinds); q != nil {
		all = append(all, q)
	}
	// A district is what most parents mean by a bare name ("Betzenberg").
	boostDistrict := term(fKind, KindDistrict)
	boostDistrict.(*query.TermQuery).SetBoost(0.5)
	q := bleve.NewBooleanQuery()
	q.AddMust(all...)
	q.AddShould(boostDistrict)
	return ix.placeHits(q, limit, "-_score", "_id")
}

// SearchPostcodes finds postcode areas whose code starts with prefix (a
// whole code finds exactly its area).
func (ix *Index) SearchPostcodes(prefix string, limit int) ([]PlaceHit, error) {
	p := bleve.NewPrefixQuery(prefix)
	p.SetField(fPostcode)
	return ix.placeHits(bleve.NewConjunctionQuery(term(fKind, KindPostcode), p), limit, "_id")
}

func (ix *Index) placeHits(q query.Query, limit int, sortBy ...string) ([]PlaceHit, error) {
	if limit <= 0 {
		limit = 10
	}
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	req.SortBy(sortBy)
	var res *bleve.SearchResult
	err := guarded(func() error {
		var err error
		res, err = ix.places.Search(req)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search: places: %w", damaged(err))
	}
	hits := make([]PlaceHit, len(res.Hits))
	for i, h := range res.Hits {
		hits[i] = PlaceHit{ID: h.ID, Score: h.Score}
	}
	return hits, nil
}
