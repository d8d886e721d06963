package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/geo"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// errNoTable stops a collection whose reader has no matching docTable.
var errNoTable = errors.New("search: no table for this index state")

// order is how a result list is sorted; every order ends with the name
// and then the id, so it is total.
type order int

const (
	byName     order = iota // name_sort, _id
	byScore                 // -_score, name_sort, _id
	byDistance              // geo distance, name_sort, _id
)

// kmMult is Bleve's unit multiplier for "km", as its distance sort applies it.
var kmMult = func() float64 {
	m, err := geo.ParseDistanceUnit("km")
	if err != nil {
		panic(err)
	}
	return m
}()

// match is one matching document during a collection. It holds no
// pointers, so that tens of thousands of them cost the garbage collector
// nothing.
type match struct {
	entry uint32
	score float64
	// dist is the distance Bleve's geo sort would compute, +Inf without a
	// location (Bleve sorts those last, as equals among themselves).
	dist float64
}

// matchBuffers recycles the match lists of finished searches; a search
// over 60,000 Kitas would otherwise allocate over a megabyte.
var matchBuffers = sync.Pool{New: func() any { return new([]match) }}

// collection gathers every match of one search with the table of the
// reader Bleve searches, counting facets as it goes.
type collection struct {
	t       *docTable
	order   order
	near    Point
	buf     *[]match
	matches []match
	counts  []int
}

// collect runs q through Bleve and does what Bleve's collector would do
// with the doc values (sorting, paging, facets) from the docTable instead.
// Bleve still finds and scores the matches. ok is false when no table
// matches the index state the search ran on.
func (ix *Index) collect(q query.Query, views *searchViews, f Filter, o order, limit int) (res KitaResult, ok bool, err error) {
	var c *collection
	makeHandler := func(sc *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		t, v := views.of(sc.IndexReader)
		if v == nil {
			return nil, false, errNoTable
		}
		c = newCollection(t, o, f.Near)
		return func(d *bsearch.DocumentMatch) error {
			if d == nil {
				return nil
			}
			cols, n, ok := v.doc(d.IndexInternalID)
			if !ok {
				return errNoTable // cannot happen while tables follow seq
			}
			c.add(cols, n, d.Score)
			sc.DocumentMatchPool.Put(d)
			return nil
		}, false, nil
	}
	ctx := context.WithValue(context.Background(), bsearch.MakeDocumentMatchHandlerKey,
		bsearch.MakeDocumentMatchHandler(makeHandler))
	// Size 0: the handler above takes every match; Bleve keeps none.
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	if o != byScore {
		// Nothing ranks, so Bleve may skip scoring and intersect posting
		// lists as bitmaps.
		req.Score = "none"
	}
	sr, err := ix.kitas.SearchInContext(ctx, req)
	if c != nil {
		defer c.release()
	}
	if errors.Is(err, errNoTable) {
		return KitaResult{}, false, nil
	}
	if err != nil {
		return KitaResult{}, false, fmt.Errorf("search: kitas: %w", err)
	}
	return c.result(sr.Total, f.Offset, limit), true, nil
}

func newCollection(t *docTable, o order, near *Point) *collection {
	c := &collection{t: t, order: o, counts: make([]int, len(t.dict.term))}
	if near != nil {
		c.near = *near
	}
	c.buf = matchBuffers.Get().(*[]match)
	c.matches = (*c.buf)[:0]
	return c
}

func (c *collection) release() {
	*c.buf = c.matches[:0]
	matchBuffers.Put(c.buf)
}

// add collects document n of a segment.
func (c *collection) add(cols *segColumns, n uint32, score float64) {
	m := match{entry: cols.entry[n], score: score}
	if c.order == byDistance {
		m.dist = math.Inf(1)
		if cols.hasLoc[n] {
			// The very arithmetic of Bleve's SortGeoDistance, so that equal
			// and near-equal distances order the same way.
			m.dist = geo.Haversin(c.near.Lon, c.near.Lat, cols.lon[n], cols.lat[n]) * 1000 / kmMult
		}
	}
	c.matches = append(c.matches, m)
	for _, code := range cols.codes[cols.start[n]:cols.start[n+1]] {
		c.counts[code]++
	}
}

func (c *collection) result(total uint64, offset, limit int) KitaResult {
	page := topMatches(c.matches, offset+limit, c.less)
	page = page[min(offset, len(page)):]
	out := KitaResult{Total: total, Hits: make([]KitaHit, len(page)), Facets: c.facets()}
	for i, m := range page {
		out.Hits[i] = KitaHit{ID: c.t.entries[m.entry].id, Score: m.score}
		if c.order == byDistance && m.dist <= 40000 {
			d := m.dist
			out.Hits[i].DistanceKm = &d
		}
	}
	return out
}

// less is the sort order of the Bleve request this collection replaces.
func (c *collection) less(a, b *match) bool {
	switch {
	case c.order == byScore && a.score != b.score:
		return a.score > b.score
	case c.order == byDistance && a.dist != b.dist:
		return a.dist < b.dist
	}
	x, y := &c.t.entries[a.entry], &c.t.entries[b.entry]
	switch {
	case x.namePrefix != y.namePrefix:
		return x.namePrefix < y.namePrefix
	case x.nameKey != y.nameKey:
		return x.nameKey < y.nameKey
	}
	return x.id < y.id
}

// facets turns the counts into the values Bleve's terms facets return:
// per field the most frequent values, ties by value, at most the facet size.
func (c *collection) facets() map[string][]FacetValue {
	out := make(map[string][]FacetValue, len(FacetFields))
	for _, field := range FacetFields {
		out[field] = []FacetValue{}
	}
	d := c.t.dict
	for code, n := range c.counts {
		if n > 0 {
			field := FacetFields[d.field[code]]
			out[field] = append(out[field], FacetValue{Value: d.term[code], Count: n})
		}
	}
	for field, values := range out {
		sortFacetValues(values)
		out[field] = values[:min(len(values), facetSizeOf(field))]
	}
	return out
}

// topMatches returns the k first of ms in order, sorted, reusing ms. Below
// the whole list it keeps a heap of the k best so far (worst on top), so a
// first page of a long list costs about one comparison per match.
func topMatches(ms []match, k int, less func(a, b *match) bool) []match {
	if k >= len(ms) {
		slices.SortFunc(ms, func(a, b match) int { return compareBy(less, &a, &b) })
		return ms
	}
	if k <= 0 {
		return nil
	}
	h := ms[:k]
	for i := k/2 - 1; i >= 0; i-- {
		siftDown(h, i, less)
	}
	for i := k; i < len(ms); i++ {
		if less(&ms[i], &h[0]) {
			h[0] = ms[i]
			siftDown(h, 0, less)
		}
	}
	slices.SortFunc(h, func(a, b match) int { return compareBy(less, &a, &b) })
	return h
}

func compareBy(less func(a, b *match) bool, a, b *match) int {
	switch {
	case less(a, b):
		return -1
	case less(b, a):
		return 1
	}
	return 0
}

// siftDown restores the max-heap (by less) below i.
func siftDown(h []match, i int, less func(a, b *match) bool) {
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && less(&h[worst], &h[l]) {
			worst = l
		}
		if r < len(h) && less(&h[worst], &h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}
