package search

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"golang.org/x/sync/errgroup"
)

// batchSize bounds memory while indexing many documents: a batch in flight
// holds its documents, analysed, in memory.
const batchSize = 500

// parallelBatches is how many batches a large update indexes at once: Bleve
// analyses a batch on all cores but builds its segment on one, so a single
// stream of batches left a core idle for most of a rebuild. Two batches of
// 500 take the memory one of 1,000 took and build 60,000 Kitas in about
// three quarters of the time.
const parallelBatches = 2

// KitaChanges are Kita documents to index and ids to remove.
type KitaChanges struct {
	Upsert []KitaDoc
	Delete []string
}

// UpdateKitas applies changes in batches. Callers record the new store
// generation with SetGeneration only after every update succeeded, so an
// interrupted update leaves an index that is detected as outdated.
//
// The last batch also numbers the new index state, and the docTable of that
// state is published once it is built; every earlier batch marks the index
// as matching no table, so no search pairs a half-applied update with a
// table (it lets Bleve read the doc values itself meanwhile).
func (ix *Index) UpdateKitas(c KitaChanges) error {
	ix.updateMu.Lock()
	defer ix.updateMu.Unlock()
	seq := ix.seq + 1
	n := len(c.Delete) + len(c.Upsert)
	// Operation i: the deletions first, then the documents.
	op := func(b *bleve.Batch, i int) error {
		if i < len(c.Delete) {
			b.Delete(c.Delete[i])
			return nil
		}
		return indexKita(b, c.Upsert[i-len(c.Delete)])
	}
	last := max(0, (n-1)/batchSize*batchSize) // start of the last batch
	g := new(errgroup.Group)
	g.SetLimit(1)
	if last > batchSize && c.distinctIDs() {
		// Batches about different Kitas commute.
		g.SetLimit(parallelBatches)
	}
	for lo := 0; lo < last; lo += batchSize {
		g.Go(func() error { return ix.applyBatch(op, lo, lo+batchSize, 0) })
	}
	if err := g.Wait(); err != nil {
		return err
	}
	if err := ix.applyBatch(op, last, n, seq); err != nil {
		return err
	}
	ix.seq = seq
	return ix.refreshTable(c, seq)
}

// applyBatch indexes operations lo to hi in one batch that marks the index
// state with the table number mark.
func (ix *Index) applyBatch(op func(*bleve.Batch, int) error, lo, hi int, mark uint64) error {
	b := ix.kitas.NewBatch()
	for i := lo; i < hi; i++ {
		if err := op(b, i); err != nil {
			return err
		}
	}
	b.SetInternal(tableSeqKey, seqBytes(mark))
	if err := ix.kitas.Batch(b); err != nil {
		return fmt.Errorf("search: index kitas: %w", err)
	}
	return nil
}

// distinctIDs says whether no Kita is named twice in c.
func (c KitaChanges) distinctIDs() bool {
	seen := make(map[string]bool, len(c.Delete)+len(c.Upsert))
	for _, id := range slices.Concat(c.Delete, upsertIDs(c.Upsert)) {
		if seen[id] {
			return false
		}
		seen[id] = true
	}
	return true
}

func indexKita(b *bleve.Batch, d KitaDoc) error {
	if err := b.Index(d.ID, d.fields()); err != nil {
		return fmt.Errorf("search: index kita %s: %w", d.ID, err)
	}
	return nil
}

// ReplacePlaces replaces the whole gazetteer index.
func (ix *Index) ReplacePlaces(docs []PlaceDoc) error {
	var ids []string
	n, err := ix.places.DocCount()
	if err != nil {
		return fmt.Errorf("search: count places: %w", err)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n), 0, false)
	res, err := ix.places.Search(req)
	if err != nil {
		return fmt.Errorf("search: list places: %w", err)
	}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	b := ix.places.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	for _, d := range docs {
		if err := b.Index(d.ID, d.fields()); err != nil {
			return fmt.Errorf("search: index place %s: %w", d.ID, err)
		}
	}
	if err := ix.places.Batch(b); err != nil {
		return fmt.Errorf("search: index places: %w", err)
	}
	return nil
}

// SetGeneration records the store generation both indexes now reflect.
func (ix *Index) SetGeneration(generation uint64) error {
	if err := writeMeta(ix.places.SetInternal, generation); err != nil {
		return err
	}
	return writeMeta(ix.kitas.SetInternal, generation)
}
