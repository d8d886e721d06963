package search

import (
	"fmt"
	"slices"

	index "github.com/blevesearch/bleve_index_api"
)

// tableSet is the published docTables: the one of the newest index state
// and the one before it, for searches whose reader was opened just before
// an update landed.
type tableSet struct {
	cur, prev *docTable
}

// fullRebuildShare is the share of changed documents from which an update
// rereads every document instead of copying the table and patching it.
const fullRebuildShare = 4

// tableFor is the table that describes exactly what r reads, or nil when
// none does (an update is in flight); the caller then lets Bleve read the
// doc values itself.
func (ix *Index) tableFor(r index.IndexReader) *docTable {
	seq := readSeq(r)
	ts := ix.tables.Load()
	if seq == 0 || ts == nil {
		return nil
	}
	for _, t := range []*docTable{ts.cur, ts.prev} {
		if t != nil && t.seq == seq {
			return t
		}
	}
	return nil
}

// loadTable builds the table of the Kita index as opened, numbering its
// state first if it carries no number.
func (ix *Index) loadTable() error {
	ix.updateMu.Lock()
	defer ix.updateMu.Unlock()
	ix.tables.Store(nil)
	r, err := ix.kitaReader()
	if err != nil {
		return err
	}
	seq := readSeq(r)
	if seq == 0 {
		r.Close()
		seq = ix.seq + 1
		if err := ix.kitas.SetInternal(tableSeqKey, seqBytes(seq)); err != nil {
			return fmt.Errorf("search: number index state: %w", err)
		}
		if r, err = ix.kitaReader(); err != nil {
			return err
		}
	}
	defer r.Close()
	t, err := buildTable(r, seq)
	if err != nil {
		return err
	}
	ix.seq = seq
	ix.tables.Store(&tableSet{cur: t})
	return nil
}

// refreshTable publishes the table of index state seq, which c produced.
// Callers hold updateMu.
func (ix *Index) refreshTable(c KitaChanges, seq uint64) error {
	r, err := ix.kitaReader()
	if err != nil {
		return err
	}
	defer r.Close()
	if readSeq(r) != seq {
		return fmt.Errorf("search: index state %d, want %d", readSeq(r), seq)
	}
	var cur *docTable
	if ts := ix.tables.Load(); ts != nil {
		cur = ts.cur
	}
	ids := slices.Concat(c.Delete, upsertIDs(c.Upsert))
	var next *docTable
	if cur == nil || cur.seq != seq-1 || cur.wasteful() || len(ids)*fullRebuildShare > len(cur.byID) {
		next, err = buildTable(r, seq)
	} else {
		next, err = cur.withChanges(r, seq, ids)
	}
	if err != nil {
		return err
	}
	ix.tables.Store(&tableSet{cur: next, prev: cur})
	return nil
}

func upsertIDs(docs []KitaDoc) []string {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	return ids
}

func (ix *Index) kitaReader() (index.IndexReader, error) {
	adv, err := ix.kitas.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: kita index: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: kita index reader: %w", err)
	}
	return r, nil
}
