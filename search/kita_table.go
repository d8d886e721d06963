package search

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/geo"
	"github.com/blevesearch/bleve/v2/numeric"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// tableSeqKey is the internal key under which the Kita index names the
// docTable that describes its documents. It is written in the same Bleve
// batch as the documents, so every reader carries the number of the table
// that matches exactly what it reads.
var tableSeqKey = []byte("kitaportal_table_seq")

// tableFields are the doc-value fields a docTable holds.
var tableFields = append([]string{fNameSort, fLocation}, FacetFields...)

// docTable holds, per Kita document, the values a search sorts and counts
// facets by, read once from the index's doc values. Without it Bleve reads
// them from compressed doc-value chunks for every match of every search,
// which was about half the cost of a search at 60,000 Kitas.
//
// Entries are numbered, and searches refer to them by number, so that the
// matches of a search hold no pointers for the garbage collector to trace.
// The entries of a published table never change: an update builds the next
// table, which keeps the numbers of the entries it does not change.
type docTable struct {
	seq     uint64
	entries []docEntry
	byID    map[string]uint32 // entry number of each indexed id
	dict    *facetDict
	// segs holds the values of each index segment's documents by their
	// number within the segment, filled as searches meet segments (see
	// view).
	segMu sync.Mutex
	segs  map[segment.Segment]*segColumns
}

// noEntry marks a document number without an entry.
const noEntry = ^uint32(0)

// maxGarbageShare bounds the entries an update leaves behind (replaced or
// deleted ones): beyond one in maxGarbageShare, the next update rebuilds.
const maxGarbageShare = 2

// docEntry is one document's sort and facet values, exactly as Bleve's
// sorts and facet builders would see them.
type docEntry struct {
	id string
	// nameKey is the name_sort value as Bleve's field sort computes it;
	// namePrefix is its first eight bytes, which decide most comparisons.
	nameKey    string
	namePrefix uint64
	// lon and lat are the stored location, decoded as Bleve's distance sort
	// decodes it; hasLoc is false when the document has none.
	hasLoc   bool
	lon, lat float64
	// facets are the codes (in the table's facetDict) of every facet term
	// the document's doc values hold.
	facets []uint32
}

// facetDict numbers facet terms so that counting them is indexing an array.
// A table that needs a new term gets its own copy of the dictionary.
type facetDict struct {
	field []uint8  // code → index in FacetFields
	term  []string // code → term
	code  map[facetKey]uint32
}

type facetKey struct {
	field uint8
	term  string
}

func newFacetDict() *facetDict { return &facetDict{code: map[facetKey]uint32{}} }

func (d *facetDict) clone() *facetDict {
	return &facetDict{field: append([]uint8(nil), d.field...), term: append([]string(nil), d.term...), code: maps.Clone(d.code)}
}

func (d *facetDict) codeOf(field uint8, term []byte) uint32 {
	if c, ok := d.code[facetKey{field, string(term)}]; ok {
		return c
	}
	c := uint32(len(d.term))
	d.field, d.term = append(d.field, field), append(d.term, string(term))
	d.code[facetKey{field, string(term)}] = c
	return c
}

// facetFieldIndex maps a facet field name to its index in FacetFields.
var facetFieldIndex = func() map[string]uint8 {
	m := map[string]uint8{}
	for i, f := range FacetFields {
		m[f] = uint8(i)
	}
	return m
}()

// entryLoader reads docEntries through one doc-value reader.
type entryLoader struct {
	dv   index.DocValueReader
	dict *facetDict
	name bsearch.SortField
	// e and locTerm are the state of the visit in progress.
	e       *docEntry
	locTerm []byte
}

func newEntryLoader(r index.IndexReader, dict *facetDict) (*entryLoader, error) {
	dv, err := r.DocValueReader(tableFields)
	if err != nil {
		return nil, fmt.Errorf("search: doc values: %w", err)
	}
	// The same sort field as SortBy([]string{fNameSort}) builds.
	return &entryLoader{dv: dv, dict: dict, name: bsearch.SortField{Field: fNameSort}}, nil
}

func (l *entryLoader) load(id string, internal index.IndexInternalID) (docEntry, error) {
	l.e, l.locTerm = &docEntry{id: id}, nil
	if err := l.dv.VisitDocValues(internal, l.visit); err != nil {
		return docEntry{}, fmt.Errorf("search: doc values of %s: %w", id, err)
	}
	l.e.nameKey = l.name.Value(nil)
	l.e.namePrefix = keyPrefix(l.e.nameKey)
	l.e.lon, l.e.lat, l.e.hasLoc = decodeLocation(l.locTerm)
	return *l.e, nil
}

func (l *entryLoader) visit(field string, term []byte) {
	switch field {
	case fNameSort:
		l.name.UpdateVisitor(field, term)
	case fLocation:
		// Bleve's distance sort uses the first full-precision term.
		if l.locTerm == nil {
			if valid, shift := numeric.ValidPrefixCodedTermBytes(term); valid && shift == 0 {
				l.locTerm = append([]byte(nil), term...)
			}
		}
	default:
		if i, ok := facetFieldIndex[field]; ok {
			l.e.facets = append(l.e.facets, l.dict.codeOf(i, term))
		}
	}
}

// keyPrefix is the first eight bytes of s, big-endian and zero-padded, so
// that prefixes order as the strings do wherever they differ.
func keyPrefix(s string) uint64 {
	var b [8]byte
	copy(b[:], s)
	return binary.BigEndian.Uint64(b[:])
}

func decodeLocation(term []byte) (lon, lat float64, ok bool) {
	if term == nil {
		return 0, 0, false
	}
	i64, err := numeric.PrefixCoded(term).Int64()
	if err != nil {
		return 0, 0, false
	}
	return geo.MortonUnhashLon(uint64(i64)), geo.MortonUnhashLat(uint64(i64)), true
}

// buildTable reads every live document of r.
func buildTable(r index.IndexReader, seq uint64) (*docTable, error) {
	t := &docTable{seq: seq, byID: map[string]uint32{}, dict: newFacetDict(), segs: map[segment.Segment]*segColumns{}}
	docs, err := r.DocIDReaderAll()
	if err != nil {
		return nil, fmt.Errorf("search: list documents: %w", err)
	}
	defer docs.Close()
	l, err := newEntryLoader(r, t.dict)
	if err != nil {
		return nil, err
	}
	for {
		internal, err := docs.Next()
		if err != nil {
			return nil, fmt.Errorf("search: list documents: %w", err)
		}
		if internal == nil {
			return t, nil
		}
		id, err := r.ExternalID(internal)
		if err != nil {
			return nil, fmt.Errorf("search: document id: %w", err)
		}
		if err := t.put(l, id, internal); err != nil {
			return nil, err
		}
	}
}

func (t *docTable) put(l *entryLoader, id string, internal index.IndexInternalID) error {
	e, err := l.load(id, internal)
	if err != nil {
		return err
	}
	t.byID[id] = uint32(len(t.entries))
	t.entries = append(t.entries, e)
	return nil
}

// withChanges is t after the documents ids were written or deleted, read
// from r, which reflects index state seq.
func (t *docTable) withChanges(r index.IndexReader, seq uint64, ids []string) (*docTable, error) {
	// Segments are immutable, and a changed document moves to a new one:
	// the columns of the segments already seen stay right for every live
	// document in them.
	t.segMu.Lock()
	segs := maps.Clone(t.segs)
	t.segMu.Unlock()
	next := &docTable{seq: seq, entries: slices.Clip(t.entries), byID: maps.Clone(t.byID), dict: t.dict.clone(), segs: segs}
	l, err := newEntryLoader(r, next.dict)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		internal, err := r.InternalID(id)
		if err != nil {
			return nil, fmt.Errorf("search: find %s: %w", id, err)
		}
		delete(next.byID, id)
		if internal != nil {
			if err := next.put(l, id, internal); err != nil {
				return nil, err
			}
		}
	}
	return next, nil
}

// wasteful says whether the next update should rebuild rather than add to
// the entries.
func (t *docTable) wasteful() bool {
	return len(t.entries) > maxGarbageShare*len(t.byID)+1024
}

// readSeq is the table number a reader's index state carries; 0 means none
// (an update is half applied, or the index predates tables).
func readSeq(r index.IndexReader) uint64 {
	raw, err := r.GetInternal(tableSeqKey)
	if err != nil || len(raw) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(raw)
}

func seqBytes(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }
