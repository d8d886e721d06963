package importer

import (
	"slices"
	"strings"
	"testing"

	"kitaportal/storage"
)

const nativeKita = `{"key": "kl-001", "name": "Kita Pfaffstraße",
  "carrier": {"name": "Stadt Kaiserslautern", "type": "städtisch"},
  "address": {"street": "Pfaffstraße 12", "postcode": "67655", "city": "Kaiserslautern", "district": "Innenstadt"},
  "location": {"lat": 49.44, "lon": 7.76},
  "hours": {"mo": "07:00-16:30", "fr": "07:00-14:00", "sa": null},
  "age_months": {"min": 12, "max": 71}, "places": {"total": 75, "u3": 20, "ue3": 55},
  "free_places": {"u3": 2, "ue3": 0, "as_of": "2026-11-01"},
  "concepts": ["Montessori"], "languages": ["Deutsch"], "features": ["mittagessen", "ganztag"],
  "contact": {"phone": "0631 1", "email": "kita@example.org", "website": "https://example.org", "person": "Frau M"},
  "description": "Schön.", "bookable": false}`

func TestNativeFormat(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "demo.json", `{"demo": true, "kitas": [`+nativeKita+`],
	  "places": [{"key": "s-pfaffstrasse", "kind": "street", "name": "Pfaffstraße", "district": "Innenstadt",
	              "postcode": "67655", "city": "Kaiserslautern", "lat": 49.44, "lon": 7.76}]}`)
	res := parseOK(t, path, nil)
	if len(res.Batch.Kitas) != 1 || len(res.Batch.Places) != 1 || len(res.Batch.Carriers) != 1 || res.Rows != 2 {
		t.Fatalf("batch %+v", res.Batch)
	}
	k := res.Batch.Kitas[0]
	want := storage.Kita{
		ID: "kl-001", SourceKey: "demo:kl-001", Name: "Kita Pfaffstraße", CarrierID: "demo-c-stadt-kaiserslautern",
		Address:     storage.Address{Street: "Pfaffstraße 12", Postcode: "67655", City: "Kaiserslautern", District: "Innenstadt"},
		Location:    &storage.GeoPoint{Lat: 49.44, Lon: 7.76},
		Ages:        &storage.AgeRange{Min: 12, Max: 71},
		Contact:     storage.Contact{Phone: "0631 1", Email: "kita@example.org", Website: "https://example.org", Person: "Frau M"},
		Description: "Schön.", Demo: true, UpdatedAt: testNow,
	}
	if k.ID != want.ID || k.SourceKey != want.SourceKey || k.Name != want.Name || k.CarrierID != want.CarrierID ||
		k.Address != want.Address || *k.Location != *want.Location || *k.Ages != *want.Ages || k.Contact != want.Contact ||
		k.Description != want.Description || !k.Demo || k.Bookable || !k.UpdatedAt.Equal(testNow) {
		t.Errorf("kita %+v", k)
	}
	if len(k.Hours) != 2 || k.Hours["fr"] != (storage.TimeRange{Open: hm(7, 0), Close: hm(14, 0)}) {
		t.Errorf("hours %v", k.Hours)
	}
	if *k.Places.Total != 75 || *k.FreePlaces.Ue3 != 0 || k.FreePlaces.AsOf != "2026-11-01" ||
		!slices.Equal(k.Features, []string{"mittagessen", "ganztag"}) || !slices.Equal(k.Concepts, []string{"Montessori"}) {
		t.Errorf("places %+v free %+v features %v", k.Places, k.FreePlaces, k.Features)
	}
	if p := res.Batch.Places[0]; p.ID != "s-pfaffstrasse" || !p.Demo || p.Kind != storage.PlaceStreet || p.Location.Lat != 49.44 {
		t.Errorf("place %+v", p)
	}
}

func TestNativeBareArrayAndErrors(t *testing.T) {
	dir := t.TempDir()
	bad := strings.Replace(nativeKita, `"key": "kl-001"`, `"key": "kl-002", "adress": {}`, 1)
	bad2 := strings.Replace(nativeKita, `"features": ["mittagessen", "ganztag"]`, `"features": ["pool"]`, 1)
	bad2 = strings.Replace(bad2, "kl-001", "kl-003", 1)
	path := writeFile(t, dir, "kitas.json", "[\n"+nativeKita+",\n"+bad+",\n"+bad2+"\n]")
	res, err := ParseFile(path, Options{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Batch.Kitas) != 1 || res.Batch.Kitas[0].SourceKey != "native:kl-001" || res.Batch.Kitas[0].Demo {
		t.Errorf("kitas %+v", res.Batch.Kitas)
	}
	if len(res.Rejected) != 2 ||
		res.Rejected[0].Error() != `kitas.json record 2 (line 12): has an unknown property "adress"` ||
		!strings.HasPrefix(res.Rejected[1].Error(), `kitas.json record 3 (line 22), field features (property "features"): "pool" is not a feature key`) {
		t.Errorf("rejected %v", res.Rejected)
	}
}
