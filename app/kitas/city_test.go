package kitas

import (
	"testing"

	"kitaportal/app/internal/testcity"
	"kitaportal/storage"
)

func TestCityFromGazetteerOrKitas(t *testing.T) {
	svc, _ := newFixture(t)
	info, err := svc.City()
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Districts) != 2 || info.Districts[0].Name != "Betzenberg" || info.Center == nil || info.Name != "Kaiserslautern" {
		t.Fatalf("from the gazetteer: %+v", info)
	}
	// A city whose gazetteer has no districts (Berlin's open data has
	// postcodes only): the districts come from the Kitas' addresses.
	other := openServices(t, t.TempDir())
	b := testcity.Batch()
	b.Places = []storage.Place{b.Places[2]} // one postcode, no district
	if _, err := other.ApplyBatch(b); err != nil {
		t.Fatal(err)
	}
	info, err = other.City()
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Districts) != 2 || info.Center == nil {
		t.Fatalf("from the Kitas: %+v", info)
	}
	inner := info.Districts[1]
	if inner.Name != "Innenstadt" || inner.Location.Lat != (49.4450+49.4430)/2 {
		t.Errorf("Innenstadt at the mean of its two Kitas: %+v", inner)
	}
}
