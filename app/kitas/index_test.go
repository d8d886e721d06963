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
