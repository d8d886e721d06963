package kitas

import (
	"sync"
	"time"

	"kitaportal/storage"
)

// kitaCache keeps Kitas as list items, and their carriers, once decoded
// from the store, so that a search page is rendered without a bbolt read
// and JSON decoding per hit, and above all without decoding every carrier
// per request (16,903 of them at 60,000 Kitas: most of a search's time).
//
// The store stays the truth. The cache belongs to one store generation:
// syncIndex, which runs after every write the services make, carries it
// over to the next generation with the records it rereads anyway; any other
// change of generation empties it. Entries are filled on first use.
//
// Items handed out share their slices, maps and pointers with the cache:
// callers only encode them and must not modify them.
type kitaCache struct {
	mu       sync.RWMutex
	gen      uint64
	kitas    map[string]cachedKita
	carriers map[string]storage.Carrier
	// behind is when a search first found the store one generation ahead
	// (see add).
	behind time.Time
}

// writeGrace is how long the cache waits for the syncIndex of a write that
// has committed before it gives up and starts over: under load a search
// nearly always falls between a commit and its syncIndex, and starting
// over there would empty the cache on every write.
const writeGrace = time.Second

// cachedKita is a list item without its carrier and distance, which
// depend on the carrier record and on the query.
type cachedKita struct {
	item      Item
	carrierID string
}

// listItems returns the list items of the Kitas ids, with their carriers,
// as the store holds them now. A missing Kita is an error wrapping
// storage.ErrNotFound, as from Store.GetKitas.
func (c *Catalog) listItems(ids []string) ([]Item, error) {
	gen, err := c.store.Generation()
	if err != nil {
		return nil, err
	}
	if items, ok := c.cache.lookup(gen, ids); ok {
		return items, nil
	}
	kitas, err := c.store.GetKitas(ids)
	if err != nil {
		return nil, err
	}
	carriers := map[string]storage.Carrier{}
	items := make([]Item, len(kitas))
	for i, k := range kitas {
		cr, ok := carriers[k.CarrierID]
		if !ok {
			if cr, err = c.CarrierOf(k); err != nil {
				return nil, err
			}
			carriers[k.CarrierID] = cr
		}
		items[i] = itemOf(k, cr)
	}
	c.cache.add(gen, kitas, carriers)
	return items, nil
}

// lookup returns the items of ids when all of them, and their carriers,
// are cached for generation gen.
func (c *kitaCache) lookup(gen uint64, ids []string) ([]Item, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.gen != gen || c.kitas == nil {
		return nil, false
	}
	items := make([]Item, len(ids))
	for i, id := range ids {
		ck, ok := c.kitas[id]
		if !ok {
			return nil, false
		}
		cr, ok := c.carriers[ck.carrierID]
		if !ok {
			return nil, false
		}
		items[i] = ck.item
		items[i].Carrier = CarrierView{Name: cr.Name, Type: cr.Type}
	}
	return items, true
}

// add stores kitas and carriers as of generation gen. Records read after a
// later write committed may be newer than gen; that write's syncIndex
// overwrites the same records with the same values when it moves the cache
// on, so they are never older than the generation they are filed under.
func (c *kitaCache) add(gen uint64, kitas []storage.Kita, carriers map[string]storage.Carrier) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.gen > gen:
		return // a write has moved the cache on already
	case c.gen+1 == gen && c.kitas != nil && c.waitForWrite():
		return // the write's syncIndex moves the cache on in a moment
	case c.gen < gen || c.kitas == nil:
		c.reset(gen)
	}
	for id, cr := range carriers {
		c.carriers[id] = cr
	}
	c.put(kitas)
}

// written moves the cache on to generation gen after a write that changed
// exactly the Kitas upserted and deleted; carriers is every carrier as of
// gen. The cache is kept when it was at the generation just before the
// write (or was already refilled at gen by searches since the commit), and
// starts over otherwise.
func (c *kitaCache) written(gen uint64, upserted []storage.Kita, deleted []string, carriers map[string]storage.Carrier) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kitas == nil || (c.gen+1 != gen && c.gen != gen) {
		c.reset(gen)
	}
	c.gen, c.carriers, c.behind = gen, carriers, time.Time{}
	for _, id := range deleted {
		delete(c.kitas, id)
	}
	c.put(upserted)
}

// waitForWrite says whether the store has been one generation ahead for
// less than writeGrace.
func (c *kitaCache) waitForWrite() bool {
	if c.behind.IsZero() {
		c.behind = time.Now()
	}
	return time.Since(c.behind) < writeGrace
}

func (c *kitaCache) reset(gen uint64) {
	c.gen, c.kitas, c.carriers = gen, map[string]cachedKita{}, map[string]storage.Carrier{}
	c.behind = time.Time{}
}

func (c *kitaCache) put(kitas []storage.Kita) {
	for _, k := range kitas {
		c.kitas[k.ID] = cachedKita{item: itemOf(k, storage.Carrier{}), carrierID: k.CarrierID}
	}
}
