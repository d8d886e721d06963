package search

import (
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// tableView finds the values of a matching document by its number in one
// index snapshot, without looking up its id: a snapshot numbers documents
// segment after segment, each segment from its offset on. At 60,000 matches
// the id lookup (a stored-field read and a map access) was over half the
// cost of collecting them.
type tableView struct {
	offsets []uint64
	segs    []*segColumns
}

// segColumns are the values of one segment's documents in the order of
// their numbers. Matches arrive in that order, so collecting them reads
// memory front to back; reading the entries themselves, scattered over
// the table, cost a cache miss or two per match.
type segColumns struct {
	entry []uint32 // entry number, noEntry for none
	// The facet codes of document n are codes[start[n]:start[n+1]].
	start []uint32
	codes []uint32
	// The location as in docEntry.
	hasLoc   []bool
	lon, lat []float64
}

// view is the table's view of snap, or nil when snap does not number its
// documents as expected.
func (t *docTable) view(snap *scorch.IndexSnapshot) *tableView {
	segs := snap.Segments()
	v := &tableView{offsets: make([]uint64, len(segs)), segs: make([]*segColumns, len(segs))}
	t.segMu.Lock()
	defer t.segMu.Unlock()
	var running uint64
	live := make(map[segment.Segment]bool, len(segs))
	for i, ss := range segs {
		seg := ss.Segment()
		v.offsets[i] = running
		running += seg.Count()
		cols, ok := t.segs[seg]
		if !ok {
			cols = t.columns(seg)
			t.segs[seg] = cols
		}
		v.segs[i], live[seg] = cols, true
		if !t.checkSegment(snap, ss, v, i) {
			return nil
		}
	}
	// Forget segments merged away since.
	for seg := range t.segs {
		if !live[seg] {
			delete(t.segs, seg)
		}
	}
	return v
}

// columns lays out the values of every document of seg, deleted ones too:
// a deleted document never matches, so its values do not matter.
func (t *docTable) columns(seg segment.Segment) *segColumns {
	n := int(seg.Count())
	c := &segColumns{entry: make([]uint32, n), start: make([]uint32, n+1),
		hasLoc: make([]bool, n), lon: make([]float64, n), lat: make([]float64, n)}
	for i := range n {
		c.entry[i] = noEntry
		if id, err := seg.DocID(uint64(i)); err == nil {
			if e, ok := t.byID[string(id)]; ok {
				c.entry[i] = e
				d := &t.entries[e]
				c.codes = append(c.codes, d.facets...)
				c.hasLoc[i], c.lon[i], c.lat[i] = d.hasLoc, d.lon, d.lat
			}
		}
		c.start[i+1] = uint32(len(c.codes))
	}
	return c
}

// checkSegment tests the numbering on the first live document of segment
// i (among its first few): its id must be the one of its entry.
func (t *docTable) checkSegment(snap *scorch.IndexSnapshot, ss *scorch.SegmentSnapshot, v *tableView, i int) bool {
	deleted := ss.Deleted()
	for n, e := range v.segs[i].entry[:min(len(v.segs[i].entry), 64)] {
		if deleted != nil && deleted.Contains(uint32(n)) {
			continue
		}
		id, err := snap.ExternalID(index.NewIndexInternalID(nil, v.offsets[i]+uint64(n)))
		return err == nil && e != noEntry && t.entries[e].id == id
	}
	return true
}

// doc finds a document number of the snapshot: its segment's columns and
// its number there; ok is false if it has no entry.
func (v *tableView) doc(id index.IndexInternalID) (cols *segColumns, n uint32, ok bool) {
	num := id.Value()
	i := len(v.offsets) - 1
	for i > 0 && v.offsets[i] > num {
		i--
	}
	if i < 0 || num-v.offsets[i] >= uint64(len(v.segs[i].entry)) {
		return nil, 0, false
	}
	cols, n = v.segs[i], uint32(num-v.offsets[i])
	return cols, n, cols.entry[n] != noEntry
}
