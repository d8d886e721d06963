package search

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/geo"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// DefaultLimit and MaxLimit bound one page of results.
const (
	DefaultLimit = 20
	MaxLimit     = 500
)

// facetSize is the number of values returned per facet; districts of a big
// city exceed the others.
var facetSize = map[string]int{fDistrict: 200}

// KitaHit is one matching Kita.
type KitaHit struct {
	ID string
	// Score is the relevance to the text; 0 when there is no text, as
	// searches that nothing ranks skip scoring.
	Score float64
	// DistanceKm is set when the results sort by distance from the
	// filter's location and the Kita has a location.
	DistanceKm *float64
}

// FacetValue is one value of a facet with the number of matching Kitas.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// KitaResult is one page of hits, the total number of matches and the
// facet counts over all matches.
type KitaResult struct {
	Total  uint64
	Hits   []KitaHit
	Facets map[string][]FacetValue
}

// SearchKitas runs a filter. Results with a location sort by distance unless
// a text ranks them; without either they sort by name.
//
// A damaged index (a garbled or truncated segment) makes it return an error
// wrapping ErrDamaged rather than panic.
func (ix *Index) SearchKitas(f Filter) (res KitaResult, err error) {
	if err := f.Validate(); err != nil {
		return KitaResult{}, err
	}
	err = guarded(func() error {
		res, err = ix.searchKitas(f)
		return err
	})
	return res, damaged(err)
}

// damaged marks an error of reading the index as damage: the query was
// valid, so what failed is the index.
func damaged(err error) error {
	if err == nil || errors.Is(err, ErrDamaged) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrDamaged, err)
}

func (ix *Index) searchKitas(f Filter) (KitaResult, error) {
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	o := f.order()
	views := &searchViews{ix: ix}
	if res, ok, err := ix.collect(f.kitaQuery(o == byScore, views), views, f, o, limit); ok || err != nil {
		return res, err
	}
	return ix.searchWithDocValues(f.kitaQuery(o == byScore, nil), f, o, limit)
}

func (f Filter) order() order {
	switch {
	case f.Text != "":
		return byScore
	case f.Near != nil:
		return byDistance
	}
	return byName
}

// searchWithDocValues is the search as Bleve alone runs it, reading sort
// keys and facet terms from the doc values of every match. It answers while
// an update is being applied, when no docTable describes the index.
func (ix *Index) searchWithDocValues(q query.Query, f Filter, o order, limit int) (KitaResult, error) {
	req := bleve.NewSearchRequestOptions(q, limit, f.Offset, false)
	switch o {
	case byScore:
		req.SortBy([]string{"-_score", fNameSort, "_id"})
	case byDistance:
		s, err := bsearch.NewSortGeoDistance(fLocation, "km", f.Near.Lon, f.Near.Lat, false)
		if err != nil {
			return KitaResult{}, fmt.Errorf("search: distance sort: %w", err)
		}
		req.SortByCustom(bsearch.SortOrder{s, &bsearch.SortField{Field: fNameSort}, &bsearch.SortDocID{}})
	default:
		req.SortBy([]string{fNameSort, "_id"})
	}
	for _, field := range FacetFields {
		req.AddFacet(field, bleve.NewFacetRequest(field, facetSizeOf(field)))
	}
	res, err := ix.kitas.Search(req)
	if err != nil {
		return KitaResult{}, fmt.Errorf("search: kitas: %w", err)
	}
	out := KitaResult{Total: res.Total, Hits: make([]KitaHit, 0, len(res.Hits)), Facets: facetsOf(res.Facets)}
	for _, h := range res.Hits {
		hit := KitaHit{ID: h.ID}
		if o == byScore {
			hit.Score = h.Score
		}
		if o == byDistance && len(h.DecodedSort) > 0 {
			hit.DistanceKm = sortDistance(h.DecodedSort[0])
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func facetSizeOf(field string) int {
	if size := facetSize[field]; size > 0 {
		return size
	}
	return 50
}

// sortDistance decodes the distance Bleve sorted by; Kitas without a
// location sort last with the largest value, which decodes to NaN, and get
// no distance.
func sortDistance(raw string) *float64 {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v > 40000 {
		return nil
	}
	return &v
}

func facetsOf(fr bsearch.FacetResults) map[string][]FacetValue {
	out := make(map[string][]FacetValue, len(FacetFields))
	for _, field := range FacetFields {
		values := []FacetValue{}
		if f := fr[field]; f != nil && f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				values = append(values, FacetValue{Value: t.Term, Count: t.Count})
			}
		}
		sortFacetValues(values)
		out[field] = values
	}
	return out
}

// Distance is the great-circle distance in kilometres, computed exactly as
// the index filters and sorts by it.
func Distance(a, b Point) float64 {
	return geo.Haversin(a.Lon, a.Lat, b.Lon, b.Lat)
}

// sortFacetValues orders facet values as Bleve's terms facets do: most
// frequent first, ties by value.
func sortFacetValues(values []FacetValue) {
	slices.SortFunc(values, func(a, b FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}
