package search

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// persistWait bounds how long compact waits for Bleve to write the segments
// of the last update to disk; only written segments can be merged.
const persistWait = 2 * time.Minute

// compaction is a compact running in the background.
type compaction struct {
	done chan struct{}
	err  error
}

// CompactInBackground starts compact on its own goroutine, unless one is
// still running, and calls onError with its error, if any. A rebuilt index
// can be searched at once; merging 60,000 Kitas into one segment takes a
// few seconds more.
func (ix *Index) CompactInBackground(onError func(error)) {
	ix.compactMu.Lock()
	defer ix.compactMu.Unlock()
	if c := ix.compacting; c != nil && !isClosed(c.done) {
		return
	}
	c := &compaction{done: make(chan struct{})}
	ix.compacting = c
	go func() {
		defer close(c.done)
		if c.err = ix.compact(); c.err != nil && onError != nil {
			onError(c.err)
		}
	}()
}

// Compacted waits for the background compaction, if one was started, and
// returns its error.
func (ix *Index) Compacted() error {
	ix.compactMu.Lock()
	c := ix.compacting
	ix.compactMu.Unlock()
	if c == nil {
		return nil
	}
	<-c.done
	return c.err
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// compact merges the Kita index into a single segment. A rebuild writes one
// segment per batch, which Bleve merges down to about eight at 60,000 Kitas
// and leaves there; a search looks up every term of its query in every
// segment, so the merged index answers text searches up to twice as fast.
// It is worth its cost (a few seconds at 60,000 Kitas) after a rebuild, not
// after small updates.
func (ix *Index) compact() error {
	adv, err := ix.kitas.Advanced()
	if err != nil {
		return fmt.Errorf("search: compact: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := ix.waitPersisted(); err != nil {
		return err
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	if err := s.ForceMerge(context.Background(), &opts); err != nil {
		return fmt.Errorf("search: compact: %w", err)
	}
	return ix.warmTable()
}

// waitPersisted returns once everything indexed so far is on disk: Bleve
// reports a batch persisted when the snapshot that holds it is written.
func (ix *Index) waitPersisted() error {
	done := make(chan error, 1)
	b := ix.kitas.NewBatch()
	b.SetPersistedCallback(func(err error) { done <- err })
	if err := ix.kitas.Batch(b); err != nil {
		return fmt.Errorf("search: compact: %w", err)
	}
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("search: compact: persist: %w", err)
		}
		return nil
	case <-time.After(persistWait):
		return fmt.Errorf("search: compact: index not written to disk after %s", persistWait)
	}
}

// warmTable maps the documents of the merged segment to the current
// table's entries now rather than in the first search.
func (ix *Index) warmTable() error {
	r, err := ix.kitaReader()
	if err != nil {
		return err
	}
	defer r.Close()
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		if t := ix.tableFor(r); t != nil {
			t.view(snap)
		}
	}
	return nil
}
