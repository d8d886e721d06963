package kitas

import (
	"fmt"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/app/apperr"
	"kitaportal/search"
	"kitaportal/storage"
)

// OpenIndex opens the index in dir and makes it reflect the store: it is
// rebuilt from empty when missing, of another mapping version, unreadable,
// or behind the store's generation (a crash between a commit and an index
// update) — never patched by upserts.
func OpenIndex(dir string, store *storage.DB, log *logrus.Logger) (*search.Index, error) {
	ix, state, err := search.Open(dir)
	if err != nil {
		return nil, err
	}
	gen, err := store.Generation()
	if err != nil {
		ix.Close()
		return nil, err
	}
	reason := state.Reason
	if !state.Rebuilt && state.Generation != gen {
		// Upserts cannot remove what the store no longer holds (Kitas an
		// interrupted import deleted): the index starts from empty.
		reason = fmt.Sprintf("index reflects generation %d, store is at %d", state.Generation, gen)
		if err := ix.Reset(); err != nil {
			ix.Close()
			return nil, err
		}
	}
	if reason == "" {
		return ix, nil
	}
	log.WithField("reason", reason).Info("rebuilding search index from the store")
	if err := Rebuild(ix, store, log); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

// Rebuild fills an empty index from the whole store.
func Rebuild(ix *search.Index, store Store, log *logrus.Logger) error {
	start := time.Now()
	carriers, err := store.Carriers()
	if err != nil {
		return err
	}
	var docs []search.KitaDoc
	gen, err := store.ForEachKita(func(k storage.Kita) error {
		docs = append(docs, KitaDoc(k, carriers[k.CarrierID]))
		return nil
	})
	if err != nil {
		return err
	}
	if err := ix.UpdateKitas(search.KitaChanges{Upsert: docs}); err != nil {
		return err
	}
	ix.CompactInBackground(func(err error) {
		// Searches work on an index that is not compacted, only slower.
		log.WithError(err).Warn("search index not compacted")
	})
	places, err := placeDocs(store)
	if err != nil {
		return err
	}
	if err := ix.ReplacePlaces(places); err != nil {
		return err
	}
	if err := ix.SetGeneration(gen); err != nil {
		return err
	}
	log.WithFields(logrus.Fields{"kitas": len(docs), "places": len(places), "ms": time.Since(start).Milliseconds()}).Info("search index built")
	return nil
}

// ApplyBatch commits a batch to the store and then brings the index up to
// date with what changed.
func (c *Catalog) ApplyBatch(b storage.Batch) (storage.BatchResult, error) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	res, err := c.store.ApplyBatch(b)
	if err != nil {
		return res, err
	}
	if err := c.syncIndex(res.ChangedKitas, res.PlacesWritten > 0 || res.Removed > 0); err != nil {
		return res, fmt.Errorf("stored, but updating the search index failed (it is rebuilt on the next start): %w", err)
	}
	return res, nil
}

// syncIndex brings the index, and the Kita cache, up to date with a write
// that has just committed and changed the Kitas changed. Callers hold
// writeMu, so no other write lands in between.
func (c *Catalog) syncIndex(changed []string, placesChanged bool) error {
	gen, err := c.store.Generation()
	if err != nil {
		return err
	}
	carriers, err := c.store.Carriers()
	if err != nil {
		return err
	}
	var ch search.KitaChanges
	var upserted []storage.Kita
	for _, id := range changed {
		k, err := c.store.GetKita(id)
		switch {
		case err == nil:
			upserted = append(upserted, k)
			ch.Upsert = append(ch.Upsert, KitaDoc(k, carriers[k.CarrierID]))
		case storage.IsNotFound(err):
			ch.Delete = append(ch.Delete, id)
		default:
			return err
		}
	}
	c.cache.written(gen, upserted, ch.Delete, carriers)
	if err := c.index.UpdateKitas(ch); err != nil {
		return err
	}
	if placesChanged {
		docs, err := placeDocs(c.store)
		if err != nil {
			return err
		}
		if err := c.index.ReplacePlaces(docs); err != nil {
			return err
		}
	}
	return c.index.SetGeneration(gen)
}

// KitaDoc turns a stored Kita into its index document.
func KitaDoc(k storage.Kita, c storage.Carrier) search.KitaDoc {
	d := search.KitaDoc{
		ID: k.ID, Name: k.Name, Description: k.Description,
		CarrierName: c.Name, CarrierType: c.Type,
		Street: k.Address.Street, Postcode: k.Address.Postcode, District: k.Address.District,
		FreeU3: k.FreePlaces.U3, FreeUe3: k.FreePlaces.Ue3,
		Concepts: k.Concepts, Languages: k.Languages, Features: k.Features,
		Bookable: k.Bookable,
	}
	if k.Location != nil {
		d.Location = &search.Point{Lat: k.Location.Lat, Lon: k.Location.Lon}
	}
	if k.Ages != nil {
		d.AgeMin, d.AgeMax = &k.Ages.Min, &k.Ages.Max
	}
	if len(k.Hours) > 0 {
		d.Hours = make(map[string]search.Hours, len(k.Hours))
		for day, h := range k.Hours {
			d.Hours[day] = search.Hours{Open: h.Open, Close: h.Close}
		}
	}
	return d
}

func placeDocs(store interface {
	ForEachPlace(func(storage.Place) error) error
}) ([]search.PlaceDoc, error) {
	var docs []search.PlaceDoc
	err := store.ForEachPlace(func(p storage.Place) error {
		docs = append(docs, search.PlaceDoc{
			ID: p.ID, Kind: p.Kind, Name: p.Name, District: p.District, Postcode: p.Postcode,
			Location: search.Point{Lat: p.Location.Lat, Lon: p.Location.Lon},
		})
		return nil
	})
	return docs, err
}

// UpdateKita changes one stored Kita with fn and brings the index up to
// date with it.
func (c *Catalog) UpdateKita(id string, fn func(*storage.Kita) error) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	k, err := c.store.GetKita(id)
	if storage.IsNotFound(err) {
		return apperr.NotFound(apperr.KitaNotFound, "no Kita with id %q", id)
	}
	if err != nil {
		return err
	}
	if err := fn(&k); err != nil {
		return err
	}
	if err := c.store.PutKita(k); err != nil {
		return err
	}
	return c.syncIndex([]string{id}, false)
}
