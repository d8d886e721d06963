package app

import (
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/storage"
)

func quietLog() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

func intp(n int) *int { return &n }

func hours(open, close string, days ...string) map[string]storage.TimeRange {
	o, _ := ParseClock(open)
	c, _ := ParseClock(close)
	m := map[string]storage.TimeRange{}
	for _, d := range days {
		m[d] = storage.TimeRange{Open: o, Close: c}
	}
	return m
}

var weekdays5 = []string{"mo", "tu", "we", "th", "fr"}

// fixtureBatch is a small city: four Kitas and a gazetteer.
func fixtureBatch() storage.Batch {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	return storage.Batch{
		Carriers: []storage.Carrier{
			{ID: "c-stadt", Name: "Stadt Kaiserslautern", Type: storage.CarrierStaedtisch},
			{ID: "c-kath", Name: "Kath. Pfarrei Hl. Martin", Type: storage.CarrierKatholisch},
		},
		Kitas: []storage.Kita{
			{ID: "k-pfaff", SourceKey: "t:1", Name: "Städtische Kita Pfaffstraße", CarrierID: "c-stadt",
				Address:  storage.Address{Street: "Pfaffstraße 12", Postcode: "67655", City: "Kaiserslautern", District: "Innenstadt"},
				Location: &storage.GeoPoint{Lat: 49.4450, Lon: 7.7620}, Hours: hours("07:00", "17:00", weekdays5...),
				Ages: &storage.AgeRange{Min: 12, Max: 71}, FreePlaces: storage.FreePlaces{U3: intp(2)},
				Concepts: []string{"Montessori"}, Features: []string{"mittagessen"}, Bookable: true, UpdatedAt: t0,
				Contact: storage.Contact{Phone: "0631 1"}, Description: "Eine Kita in der Innenstadt."},
			{ID: "k-martin", SourceKey: "t:2", Name: "Kath. Kita St. Martin", CarrierID: "c-kath",
				Address:  storage.Address{Street: "Martinsplatz 1", Postcode: "67657", District: "Innenstadt"},
				Location: &storage.GeoPoint{Lat: 49.4430, Lon: 7.7720}, Hours: hours("07:30", "14:00", weekdays5...),
				Ages: &storage.AgeRange{Min: 36, Max: 71}, Bookable: false, UpdatedAt: t0},
			{ID: "k-betze", SourceKey: "t:3", Name: "Kita Betzenberg", CarrierID: "c-stadt",
				Address:  storage.Address{Street: "Kaiserbergstraße 4", District: "Betzenberg"},
				Location: &storage.GeoPoint{Lat: 49.4340, Lon: 7.7500}, Hours: hours("06:30", "17:30", weekdays5...),
				Ages: &storage.AgeRange{Min: 0, Max: 71}, Bookable: true, UpdatedAt: t0},
			{ID: "k-unknown", SourceKey: "t:4", Name: "Kita ohne Angaben", CarrierID: "c-stadt", Bookable: true, UpdatedAt: t0},
		},
		Places: []storage.Place{
			{ID: "d-innenstadt", Kind: storage.PlaceDistrict, Name: "Innenstadt", District: "Innenstadt", Postcode: "67655", Location: storage.GeoPoint{Lat: 49.4447, Lon: 7.7690}},
			{ID: "d-betzenberg", Kind: storage.PlaceDistrict, Name: "Betzenberg", District: "Betzenberg", Postcode: "67663", Location: storage.GeoPoint{Lat: 49.4350, Lon: 7.7540}},
			{ID: "p-67655", Kind: storage.PlacePostcode, Name: "67655", Postcode: "67655", City: "Kaiserslautern", Location: storage.GeoPoint{Lat: 49.4440, Lon: 7.7600}},
			{ID: "p-67657", Kind: storage.PlacePostcode, Name: "67657", Postcode: "67657", City: "Kaiserslautern", Location: storage.GeoPoint{Lat: 49.4480, Lon: 7.7900}},
			{ID: "s-pfaffstrasse", Kind: storage.PlaceStreet, Name: "Pfaffstraße", District: "Innenstadt", Postcode: "67655", Location: storage.GeoPoint{Lat: 49.4452, Lon: 7.7625}},
			{ID: "s-kaiserbergstrasse", Kind: storage.PlaceStreet, Name: "Kaiserbergstraße", District: "Betzenberg", Postcode: "67663", Location: storage.GeoPoint{Lat: 49.4338, Lon: 7.7505}},
		},
	}
}

// newFixture opens a real store and index in a temporary directory, loads
// the fixture city and returns the services.
func newFixture(t *testing.T) (*Services, string) {
	t.Helper()
	dir := t.TempDir()
	svc := openServices(t, dir)
	if _, err := svc.ApplyBatch(fixtureBatch()); err != nil {
		t.Fatal(err)
	}
	return svc, dir
}

func openServices(t *testing.T, dir string) *Services {
	t.Helper()
	store, err := storage.Open(filepath.Join(dir, "kitaportal.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := OpenIndex(filepath.Join(dir, "index"), store, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	svc := New(store, ix, quietLog())
	t.Cleanup(func() { closeServices(t, svc) })
	return svc
}

func closeServices(t *testing.T, svc *Services) {
	if svc.Store == nil {
		return
	}
	if err := svc.Store.Check(); err != nil {
		t.Error(err)
	}
	svc.Index.Close()
	svc.Store.Close()
	svc.Store = nil
}
