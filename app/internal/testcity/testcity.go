// Package testcity is the small city the Go tests share: four Kitas of two
// Träger and a gazetteer with districts, postcodes and streets.
package testcity

import (
	"time"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// Intp is a pointer to n.
func Intp(n int) *int { return &n }

// Hours is the same opening time on each of days.
func Hours(open, close string, days ...string) map[string]storage.TimeRange {
	o, _ := domain.ParseClock(open)
	c, _ := domain.ParseClock(close)
	m := map[string]storage.TimeRange{}
	for _, d := range days {
		m[d] = storage.TimeRange{Open: o, Close: c}
	}
	return m
}

// Weekdays5 is Monday to Friday.
var Weekdays5 = []string{"mo", "tu", "we", "th", "fr"}

// Batch is a small city: four Kitas and a gazetteer.
func Batch() storage.Batch {
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	return storage.Batch{
		Carriers: []storage.Carrier{
			{ID: "c-stadt", Name: "Stadt Kaiserslautern", Type: domain.CarrierStaedtisch},
			{ID: "c-kath", Name: "Kath. Pfarrei Hl. Martin", Type: domain.CarrierKatholisch},
		},
		Kitas: []storage.Kita{
			{ID: "k-pfaff", SourceKey: "t:1", Name: "Städtische Kita Pfaffstraße", CarrierID: "c-stadt",
				Address:  storage.Address{Street: "Pfaffstraße 12", Postcode: "67655", City: "Kaiserslautern", District: "Innenstadt"},
				Location: &storage.GeoPoint{Lat: 49.4450, Lon: 7.7620}, Hours: Hours("07:00", "17:00", Weekdays5...),
				Ages: &storage.AgeRange{Min: 12, Max: 71}, FreePlaces: storage.FreePlaces{U3: Intp(2)},
				Concepts: []string{"Montessori"}, Features: []string{"mittagessen"}, Bookable: true, UpdatedAt: t0,
				Contact: storage.Contact{Phone: "0631 1"}, Description: "Eine Kita in der Innenstadt."},
			{ID: "k-martin", SourceKey: "t:2", Name: "Kath. Kita St. Martin", CarrierID: "c-kath",
				Address:  storage.Address{Street: "Martinsplatz 1", Postcode: "67657", District: "Innenstadt"},
				Location: &storage.GeoPoint{Lat: 49.4430, Lon: 7.7720}, Hours: Hours("07:30", "14:00", Weekdays5...),
				Ages: &storage.AgeRange{Min: 36, Max: 71}, Bookable: false, UpdatedAt: t0},
			{ID: "k-betze", SourceKey: "t:3", Name: "Kita Betzenberg", CarrierID: "c-stadt",
				Address:  storage.Address{Street: "Kaiserbergstraße 4", District: "Betzenberg"},
				Location: &storage.GeoPoint{Lat: 49.4340, Lon: 7.7500}, Hours: Hours("06:30", "17:30", Weekdays5...),
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

// Now is the clock of the tests: 25 November 2026, noon in Germany.
var Now = time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)
