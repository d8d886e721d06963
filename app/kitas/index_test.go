package kitas

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"kitaportal/app/internal/testcity"
	"kitaportal/search"
	"kitaportal/storage"
)

var indexProbes = []search.Filter{
	{},
	{Text: "Montesori"},
	{AgeMonths: testcity.Intp(24), OpenFrom: testcity.Intp(450), OpenUntil: testcity.Intp(990)},
	{Near: &search.Point{Lat: 49.4452, Lon: 7.7625}, RadiusKm: 2},
	{CarrierTypes: []string{"katholisch"}},
}

func probe(t *testing.T, ix *search.Index) []search.KitaResult {
	t.Helper()
	var out []search.KitaResult
	for _, f := range indexProbes {
		r, err := ix.SearchKitas(f)
		if err != nil {
			t.Fatal(err)
		}
		for i := range r.Hits {
			r.Hits[i].Score = 0 // scores may differ in the last bits across segment layouts
		}
		out = append(out, r)
	}
	return out
}

func TestIndexRebuiltFromStore(t *testing.T) {
	svc, dir := newFixture(t)
	want := probe(t, svc.Index)
	closeServices(t, svc)

	for name, damage := range map[string]func(indexDir string){
		"deleted": func(d string) { os.RemoveAll(d) },
		"unreadable": func(d string) {
			os.WriteFile(filepath.Join(d, "kitas", "index_meta.json"), []byte("{broken"), 0o600)
		},
	} {
		t.Run(name, func(t *testing.T) {
			damage(filepath.Join(dir, "index"))
			svc := openServices(t, dir)
			got := probe(t, svc.Index)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("results after rebuild differ:\n got %+v\nwant %+v", got, want)
			}
			if g, _ := svc.Index.Generation(); g == 0 {
				t.Error("rebuilt index records no generation")
			}
			closeServices(t, svc)
		})
	}
}

func TestIndexCatchesUpWithStore(t *testing.T) {
	svc, dir := newFixture(t)
	closeServices(t, svc)
	store, err := storage.Open(filepath.Join(dir, "kitaportal.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	k, _ := store.GetKita("k-martin")
	k.Name = "Kath. Kita Sankt Martin"
	if err := store.PutKita(k); err != nil { // a write whose index update never happened
		t.Fatal(err)
	}
	store.Close()

	svc = openServices(t, dir)
	res, err := svc.Index.SearchKitas(search.Filter{Text: "Sankt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].ID != "k-martin" {
		t.Errorf("index did not catch up with the store: %+v", res.Hits)
	}
}

// TestIndexBehindTheStoreIsRebuiltFromEmpty: a crash between an import
// that removed Kitas and the index update (kill -9 during import) left the
// removed Kitas in the index for good, because the catch-up only upserted.
// The index behind the store is rebuilt from empty: no ghosts.
func TestIndexBehindTheStoreIsRebuiltFromEmpty(t *testing.T) {
	svc, dir := newFixture(t)
	before, _, err := svc.Index.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	closeServices(t, svc)
	store, err := storage.Open(filepath.Join(dir, "kitaportal.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// An import that replaces the city by one Kita, committed to the store
	// only (the process died before the index update).
	k, err := store.GetKita("k-martin")
	if err != nil {
		t.Fatal(err)
	}
	k.ID, k.SourceKey, k.Name = "k-neu", "neu", "Kita Neu"
	var gone []string
	if _, err := store.ForEachKita(func(x storage.Kita) error { gone = append(gone, x.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := store.ApplyBatch(storage.Batch{Kitas: []storage.Kita{k}}); err != nil {
		t.Fatal(err)
	}
	for _, id := range gone {
		if err := store.DeleteKita(id); err != nil {
			t.Fatal(err)
		}
	}
	n, err := store.CountKitas()
	if err != nil || n != 1 || before < 2 {
		t.Fatalf("the store holds %d Kitas (%v); the index had %d", n, err, before)
	}
	store.Close()

	svc = openServices(t, dir)
	res, err := svc.Index.SearchKitas(search.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].ID != "k-neu" {
		t.Fatalf("after the catch-up the index holds %d Kitas (ghosts of removed ones): %+v", res.Total, res.Hits)
	}
}
