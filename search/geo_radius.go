package search

import (
	"context"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/geo"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// searchViews gives the docTable, and its view, of the index snapshot one
// search reads, worked out once for the queries and the collection.
type searchViews struct {
	ix *Index
	mu sync.Mutex
	r  index.IndexReader
	t  *docTable
	v  *tableView
}

func (s *searchViews) of(r index.IndexReader) (*docTable, *tableView) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.r != r {
		s.r, s.t, s.v = r, s.ix.tableFor(r), nil
		if snap, ok := r.(*scorch.IndexSnapshot); ok && s.t != nil {
			s.v = s.t.view(snap)
		}
	}
	return s.t, s.v
}

// radiusQuery is Bleve's GeoDistanceQuery with the distance check of the
// candidates in the bounding box done on the docTable's locations rather
// than on the doc values, which Bleve decompresses for every candidate. The
// locations are the same values, checked with the same arithmetic, and the
// box searcher that scores the matches is Bleve's own.
type radiusQuery struct {
	*query.GeoDistanceQuery
	views *searchViews
}

func newRadiusQuery(near Point, km float64, views *searchViews) query.Query {
	q := bleve.NewGeoDistanceQuery(near.Lon, near.Lat, formatKm(km))
	q.SetField(fLocation)
	if views == nil {
		return q
	}
	return &radiusQuery{GeoDistanceQuery: q, views: views}
}

func (q *radiusQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	_, v := q.views.of(r)
	if v == nil || hasSpatialPlugin(r) {
		return q.GeoDistanceQuery.Searcher(ctx, r, m, opts)
	}
	ctx = context.WithValue(ctx, bsearch.QueryTypeKey, bsearch.Geo)
	maxDist, err := geo.ParseDistance(q.Distance)
	if err != nil {
		return nil, err
	}
	lon, lat := q.Location[0], q.Location[1]
	minLon, maxLat, maxLon, minLat, err := geo.RectFromPointDistance(lon, lat, maxDist)
	if err != nil {
		return nil, err
	}
	box, err := boxSearcher(ctx, r, minLon, maxLat, maxLon, minLat, q.FieldVal, q.BoostVal.Value(), opts)
	if err != nil {
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, box, func(_ *bsearch.SearchContext, d *bsearch.DocumentMatch) bool {
		cols, n, ok := v.doc(d.IndexInternalID)
		if !ok {
			return true // the collection finds no entry either and starts over without the table
		}
		// As Bleve's buildDistFilter: document first, centre second.
		return cols.hasLoc[n] && geo.Haversin(cols.lon[n], cols.lat[n], lon, lat) <= maxDist/1000
	}), nil
}

// hasSpatialPlugin mirrors the check with which Bleve's geo searchers pick
// another implementation than the bounding box of geo point terms.
func hasSpatialPlugin(r index.IndexReader) bool {
	sp, ok := r.(index.SpatialIndexPlugin)
	if !ok {
		return false
	}
	_, err := sp.GetSpatialAnalyzerPlugin("s2")
	return err == nil
}

// boxSearcher is Bleve's searcher of the geo point terms in a bounding box,
// in two halves when the box crosses the date line (as its unexported
// boxSearcher does, without checking boundaries).
func boxSearcher(ctx context.Context, r index.IndexReader, topLeftLon, topLeftLat, bottomRightLon, bottomRightLat float64,
	field string, boost float64, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	if bottomRightLon >= topLeftLon {
		return searcher.NewGeoBoundingBoxSearcher(ctx, r, topLeftLon, bottomRightLat, bottomRightLon, topLeftLat, field, boost, opts, false)
	}
	left, err := searcher.NewGeoBoundingBoxSearcher(ctx, r, -180, bottomRightLat, bottomRightLon, topLeftLat, field, boost, opts, false)
	if err != nil {
		return nil, err
	}
	right, err := searcher.NewGeoBoundingBoxSearcher(ctx, r, topLeftLon, bottomRightLat, 180, topLeftLat, field, boost, opts, false)
	if err != nil {
		_ = left.Close()
		return nil, err
	}
	both, err := searcher.NewDisjunctionSearcher(ctx, r, []bsearch.Searcher{left, right}, 0, opts)
	if err != nil {
		_ = left.Close()
		_ = right.Close()
		return nil, err
	}
	return both, nil
}
