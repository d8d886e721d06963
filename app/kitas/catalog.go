// Package kitas is the Kita catalogue: the search (its query, the Bleve
// index kept in step with the store, the list items and their cache), the
// Kita details, the gazetteer behind "near my home" and the city's
// districts. Anyone may use it: nothing in it is personal.
package kitas

import (
	"sync"

	"github.com/sirupsen/logrus"

	"kitaportal/search"
	"kitaportal/storage"
)

// Store is what the catalogue reads and writes of the store.
type Store interface {
	GetKita(id string) (storage.Kita, error)
	GetKitas(ids []string) ([]storage.Kita, error)
	PutKita(k storage.Kita) error
	CountKitas() (int, error)
	ForEachKita(fn func(storage.Kita) error) (generation uint64, err error)
	GetCarrier(id string) (storage.Carrier, error)
	Carriers() (map[string]storage.Carrier, error)
	GetPlace(id string) (storage.Place, error)
	ForEachPlace(fn func(storage.Place) error) error
	Generation() (uint64, error)
	ApplyBatch(b storage.Batch) (storage.BatchResult, error)
}

// Catalog is the Kita catalogue over one store and its index.
type Catalog struct {
	store Store
	log   *logrus.Logger

	// index is the live index. Readers hold ixMu's read lock while they
	// use it; a swap (Reindex, repair) takes the write lock to replace it,
	// so the old index is closed only when no search still reads it.
	ixMu  sync.RWMutex
	index *search.Index
	swaps uint64 // number of swaps, so concurrent repairs rebuild once

	// writeMu serialises Kita writes with their index updates, so the
	// index generation always follows the store's in order.
	writeMu sync.Mutex
	// cache holds decoded Kitas and carriers for search results.
	cache kitaCache
	city  cityCache
}

// New is the catalogue; the caller owns store and index.
func New(store Store, index *search.Index, log *logrus.Logger) *Catalog {
	return &Catalog{store: store, index: index, log: log}
}

// Index is the search index the catalogue keeps in step.
// It may be replaced by Reindex: hold on to it only briefly.
func (c *Catalog) Index() *search.Index {
	c.ixMu.RLock()
	defer c.ixMu.RUnlock()
	return c.index
}

// StoreGeneration is the store's generation of Kita data (what the index
// must reflect).
func (c *Catalog) StoreGeneration() (uint64, error) { return c.store.Generation() }
