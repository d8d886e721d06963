package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// batchSize bounds memory while indexing many documents.
const batchSize = 1000

// KitaChanges are Kita documents to index and ids to remove.
type KitaChanges struct {
	Upsert []KitaDoc
	Delete []string
}

// UpdateKitas applies changes in batches. Callers record the new store
// generation with SetGeneration only after every update succeeded, so an
// interrupted update leaves an index that is detected as outdated.
func (ix *Index) UpdateKitas(c KitaChanges) error {
	b := ix.kitas.NewBatch()
	flush := func() error {
		if err := ix.kitas.Batch(b); err != nil {
			return fmt.Errorf("search: index kitas: %w", err)
		}
		b.Reset()
		return nil
	}
	for _, id := range c.Delete {
		b.Delete(id)
	}
	for _, d := range c.Upsert {
		if err := b.Index(d.ID, d.fields()); err != nil {
			return fmt.Errorf("search: index kita %s: %w", d.ID, err)
		}
		if b.Size() >= batchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
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
