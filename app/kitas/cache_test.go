package kitas

import (
	"testing"
	"time"

	"kitaportal/app/domain"
	"kitaportal/app/internal/testcity"
	"kitaportal/search"
	"kitaportal/storage"
)

// itemOf searches for everything and returns the list item of Kita id.
func cachedItem(t *testing.T, svc *testCatalog, id string) Item {
	t.Helper()
	l, err := svc.Search(Query{Filter: search.Filter{Limit: search.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range l.Items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("%s not in the list", id)
	return Item{}
}

// storedKita reads a Kita from the store, as a write through the services
// would start from.
func storedKita(t *testing.T, svc *testCatalog, id string) storage.Kita {
	t.Helper()
	k, err := svc.Store.GetKita(id)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSearchShowsEveryWrite(t *testing.T) {
	svc, _ := newFixture(t)
	if it := cachedItem(t, svc, "k-pfaff"); it.Name != "Städtische Kita Pfaffstraße" || it.Carrier.Name != "Stadt Kaiserslautern" {
		t.Fatalf("before: %+v", it)
	}

	t.Run("import changes a Kita and its carrier", func(t *testing.T) {
		k := storedKita(t, svc, "k-pfaff")
		k.Name = "Kita Pfaffstraße"
		k.Concepts = []string{"Waldorf"}
		_, err := svc.ApplyBatch(storage.Batch{
			Kitas:    []storage.Kita{k},
			Carriers: []storage.Carrier{{ID: "c-stadt", Name: "Stadtverwaltung Kaiserslautern", Type: domain.CarrierStaedtisch}},
		})
		if err != nil {
			t.Fatal(err)
		}
		checkCacheCarriedOver(t, svc, "k-martin")
		it := cachedItem(t, svc, "k-pfaff")
		if it.Name != "Kita Pfaffstraße" || it.Carrier.Name != "Stadtverwaltung Kaiserslautern" || it.Concepts[0] != "Waldorf" {
			t.Errorf("after import: %+v", it)
		}
		if it := cachedItem(t, svc, "k-betze"); it.Carrier.Name != "Stadtverwaltung Kaiserslautern" {
			t.Errorf("another Kita of the carrier: %+v", it.Carrier)
		}
	})

	t.Run("staff report free places", func(t *testing.T) {
		if err := setFreePlaces(svc, "k-martin", testcity.Intp(3), testcity.Intp(0)); err != nil {
			t.Fatal(err)
		}
		checkCacheCarriedOver(t, svc, "k-pfaff")
		it := cachedItem(t, svc, "k-martin")
		if it.FreePlaces.U3 == nil || *it.FreePlaces.U3 != 3 {
			t.Errorf("free places: %+v", it.FreePlaces)
		}
	})

	t.Run("a write that bypasses the services", func(t *testing.T) {
		k := storedKita(t, svc, "k-betze")
		k.Name = "Kita am Betzenberg"
		if err := svc.Store.PutKita(k); err != nil {
			t.Fatal(err)
		}
		// The index still has the old name, but the list shows the store's.
		if it := cachedItem(t, svc, "k-betze"); it.Name != "Kita am Betzenberg" {
			t.Errorf("after a direct store write: %q", it.Name)
		}
	})
}

// checkCacheCarriedOver: a write through the services moved the cache to
// the store's generation and kept the Kita id, which it did not change.
func checkCacheCarriedOver(t *testing.T, svc *testCatalog, id string) {
	t.Helper()
	gen, err := svc.Store.Generation()
	if err != nil {
		t.Fatal(err)
	}
	c := &svc.cache
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := c.kitas[id]; c.gen != gen || !ok {
		t.Errorf("cache at generation %d (store %d), %s cached: %v", c.gen, gen, id, ok)
	}
}

func TestSearchItemsSameFromCache(t *testing.T) {
	svc, _ := newFixture(t)
	near := &search.Point{Lat: 49.4447, Lon: 7.7690}
	q := Query{Filter: search.Filter{Near: near, Limit: 10}}
	first, err := svc.Search(q) // reads the store
	if err != nil {
		t.Fatal(err)
	}
	second, err := svc.Search(q) // from the cache
	if err != nil {
		t.Fatal(err)
	}
	fromStore, err := svc.listItemsFromStore(t, first)
	if err != nil {
		t.Fatal(err)
	}
	for i := range first.Items {
		a, b, c := first.Items[i], second.Items[i], fromStore[i]
		a.DistanceKm, b.DistanceKm = nil, nil
		if a.ID != b.ID || a.Name != b.Name || a.Carrier != b.Carrier || a.ID != c.ID || a.Carrier != c.Carrier || a.Name != c.Name {
			t.Errorf("item %d: %+v / %+v / %+v", i, a, b, c)
		}
	}
}

// listItemsFromStore renders the items of a list the way the search did
// before the cache: every Kita and all carriers read from the store.
func (s *testCatalog) listItemsFromStore(t *testing.T, l List) ([]Item, error) {
	t.Helper()
	carriers, err := s.Store.Carriers()
	if err != nil {
		return nil, err
	}
	var out []Item
	for _, it := range l.Items {
		k, err := s.Store.GetKita(it.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, itemOf(k, carriers[k.CarrierID]))
	}
	return out, nil
}

// TestSearchWhileWriting runs searches while Kitas are written, for the
// race detector, and checks that the last write shows.
func TestSearchWhileWriting(t *testing.T) {
	svc, _ := newFixture(t)
	done := make(chan struct{})
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := svc.Search(Query{Filter: search.Filter{Text: "Kita"}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 20 {
		if err := setFreePlaces(svc, "k-pfaff", testcity.Intp(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if it := cachedItem(t, svc, "k-pfaff"); it.FreePlaces.U3 == nil || *it.FreePlaces.U3 != 19 {
		t.Errorf("free places after the last write: %+v", it.FreePlaces)
	}
}

func TestKitaCacheWaitsForTheWrite(t *testing.T) {
	var c kitaCache
	k := storage.Kita{ID: "k-1", Name: "Kita Eins", CarrierID: "c-1"}
	c.add(5, []storage.Kita{k}, map[string]storage.Carrier{"c-1": {ID: "c-1", Name: "Träger"}})
	newer := storage.Kita{ID: "k-2", Name: "Kita Zwei", CarrierID: "c-1"}

	// A search finds the store one ahead: a write is between its commit
	// and its syncIndex, which moves the cache on.
	c.add(6, []storage.Kita{newer}, nil)
	if _, ok := c.lookup(5, []string{"k-1"}); !ok {
		t.Fatal("the cache started over while a write was on its way")
	}
	c.written(6, []storage.Kita{{ID: "k-1", Name: "Kita Eins neu", CarrierID: "c-1"}}, nil,
		map[string]storage.Carrier{"c-1": {ID: "c-1", Name: "Träger"}})
	items, ok := c.lookup(6, []string{"k-1"})
	if !ok || items[0].Name != "Kita Eins neu" {
		t.Fatalf("after the write: %v %+v", ok, items)
	}

	// No syncIndex comes (the store was written around the services).
	c.add(7, []storage.Kita{newer}, nil)
	c.behind = time.Now().Add(-2 * writeGrace)
	c.add(7, []storage.Kita{newer}, map[string]storage.Carrier{"c-1": {ID: "c-1"}})
	if _, ok := c.lookup(7, []string{"k-1"}); ok {
		t.Error("k-1 of generation 6 is still cached at generation 7")
	}
	if _, ok := c.lookup(7, []string{"k-2"}); !ok {
		t.Error("the cache did not start over at generation 7")
	}
}
