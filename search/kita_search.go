package search

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/geo"
	bsearch "github.com/blevesearch/bleve/v2/search"
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
	ID    string
	Score float64
	// DistanceKm is set when the filter has a location and the Kita has one.
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
func (ix *Index) SearchKitas(f Filter) (KitaResult, error) {
	if err := f.Validate(); err != nil {
		return KitaResult{}, err
	}
	limit := f.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	req := bleve.NewSearchRequestOptions(f.kitaQuery(), limit, f.Offset, false)
	geoSort := -1
	switch {
	case f.Text != "":
		req.SortBy([]string{"-_score", fNameSort, "_id"})
	case f.Near != nil:
		s, err := bsearch.NewSortGeoDistance(fLocation, "km", f.Near.Lon, f.Near.Lat, false)
		if err != nil {
			return KitaResult{}, fmt.Errorf("search: distance sort: %w", err)
		}
		req.SortByCustom(bsearch.SortOrder{s, &bsearch.SortField{Field: fNameSort}, &bsearch.SortDocID{}})
		geoSort = 0
	default:
		req.SortBy([]string{fNameSort, "_id"})
	}
	for _, field := range FacetFields {
		size := facetSize[field]
		if size == 0 {
			size = 50
		}
		req.AddFacet(field, bleve.NewFacetRequest(field, size))
	}
	res, err := ix.kitas.Search(req)
	if err != nil {
		return KitaResult{}, fmt.Errorf("search: kitas: %w", err)
	}
	out := KitaResult{Total: res.Total, Hits: make([]KitaHit, 0, len(res.Hits)), Facets: facetsOf(res.Facets)}
	for _, h := range res.Hits {
		hit := KitaHit{ID: h.ID, Score: h.Score}
		if geoSort >= 0 && geoSort < len(h.DecodedSort) {
			hit.DistanceKm = sortDistance(h.DecodedSort[geoSort])
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// sortDistance decodes the distance Bleve sorted by; Kitas without a
// location sort last with an "infinite" value and get no distance.
func sortDistance(raw string) *float64 {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(v, 0) || v > 40000 {
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
		sort.SliceStable(values, func(i, j int) bool {
			if values[i].Count != values[j].Count {
				return values[i].Count > values[j].Count
			}
			return values[i].Value < values[j].Value
		})
		out[field] = values
	}
	return out
}

// Distance is the great-circle distance in kilometres, computed exactly as
// the index filters and sorts by it.
func Distance(a, b Point) float64 {
	return geo.Haversin(a.Lon, a.Lat, b.Lon, b.Lat)
}
