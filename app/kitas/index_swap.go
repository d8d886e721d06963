package kitas

import (
	"errors"
	"time"

	"kitaportal/search"
)

// ReindexResult says what a rebuild beside the live index produced.
type ReindexResult struct {
	Kitas    uint64        `json:"kitas"`
	Places   uint64        `json:"places"`
	Duration time.Duration `json:"duration_ns"`
}

// Reindex builds a new index from the store beside the live one, while the
// live one goes on answering searches, and swaps it in: a search sees the
// old index or the new one, never a half-filled one. Kita writes wait for
// the build (they would be missing from the new index otherwise).
func (c *Catalog) Reindex() (ReindexResult, error) {
	start := time.Now()
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	ix, err := c.rebuildBeside()
	if err != nil {
		return ReindexResult{}, err
	}
	r := ReindexResult{Duration: time.Since(start)}
	r.Kitas, r.Places, err = ix.DocCount()
	return r, err
}

// rebuildBeside fills a new index from the store and makes it the live one.
// Callers hold writeMu.
func (c *Catalog) rebuildBeside() (*search.Index, error) {
	old := c.Index()
	next, err := old.Beside()
	if err != nil {
		return nil, err
	}
	if err := Rebuild(next, c.store, c.log); err != nil {
		return nil, errors.Join(err, next.Discard())
	}
	if err := next.Promote(); err != nil {
		return nil, errors.Join(err, next.Discard())
	}
	c.ixMu.Lock()
	c.index = next
	c.swaps++
	c.ixMu.Unlock()
	if err := old.Discard(); err != nil {
		c.log.WithError(err).Warn("search: the replaced index was not removed completely")
	}
	return next, nil
}

// useIndex runs fn on the live index. When the index turns out damaged (a
// garbled segment met by a search), it is rebuilt from the store beside
// the damaged one and fn runs again, once.
func (c *Catalog) useIndex(fn func(*search.Index) error) error {
	c.ixMu.RLock()
	swaps := c.swaps
	err := fn(c.index)
	c.ixMu.RUnlock()
	if !errors.Is(err, search.ErrDamaged) {
		return err
	}
	c.log.WithError(err).Error("search index damaged: rebuilding it from the store")
	if rerr := c.repair(swaps); rerr != nil {
		c.log.WithError(rerr).Error("search index not rebuilt")
		return err
	}
	c.ixMu.RLock()
	defer c.ixMu.RUnlock()
	return fn(c.index)
}

// repair rebuilds the index unless another repair or reindex swapped it
// since the damaged read (swaps then differs).
func (c *Catalog) repair(swaps uint64) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.ixMu.RLock()
	done := c.swaps != swaps
	c.ixMu.RUnlock()
	if done {
		return nil
	}
	_, err := c.rebuildBeside()
	return err
}

func (c *Catalog) searchKitas(f search.Filter) (res search.KitaResult, err error) {
	err = c.useIndex(func(ix *search.Index) error {
		res, err = ix.SearchKitas(f)
		return err
	})
	return res, err
}

func (c *Catalog) searchPlaces(words, kinds []string, limit int) (hits []search.PlaceHit, err error) {
	err = c.useIndex(func(ix *search.Index) error {
		hits, err = ix.SearchPlaces(words, kinds, limit)
		return err
	})
	return hits, err
}

func (c *Catalog) searchPostcodes(prefix string, limit int) (hits []search.PlaceHit, err error) {
	err = c.useIndex(func(ix *search.Index) error {
		hits, err = ix.SearchPostcodes(prefix, limit)
		return err
	})
	return hits, err
}
