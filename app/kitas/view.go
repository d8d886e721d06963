package kitas

import (
	"math"
	"time"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// Item is a Kita as lists show it (GET /api/kitas, search --json).
type Item struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	DistanceKm *float64          `json:"distance_km,omitempty"`
	Carrier    CarrierView       `json:"carrier"`
	Address    storage.Address   `json:"address"`
	Location   *storage.GeoPoint `json:"location,omitempty"`
	// Hours per weekday as "07:30-16:30"; unknown days are absent.
	Hours      map[string]string  `json:"hours,omitempty"`
	AgeMonths  *storage.AgeRange  `json:"age_months,omitempty"`
	Places     storage.Places     `json:"places"`
	FreePlaces storage.FreePlaces `json:"free_places"`
	Concepts   []string           `json:"concepts"`
	Languages  []string           `json:"languages"`
	Features   []string           `json:"features"`
	Bookable   bool               `json:"bookable"`
	Demo       bool               `json:"demo,omitempty"`
}

// Detail is everything known about one Kita (GET /api/kitas/{id}).
type Detail struct {
	Item
	Contact     storage.Contact `json:"contact"`
	Description string          `json:"description,omitempty"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// CarrierView is the Träger of a Kita.
type CarrierView struct {
	Name string `json:"name,omitempty"`
	Type string `json:"type,omitempty"`
}

func itemOf(k storage.Kita, c storage.Carrier) Item {
	it := Item{
		ID: k.ID, Name: k.Name, Carrier: CarrierView{Name: c.Name, Type: c.Type},
		Address: k.Address, Location: k.Location, AgeMonths: k.Ages,
		Places: k.Places, FreePlaces: k.FreePlaces,
		Concepts: orEmpty(k.Concepts), Languages: orEmpty(k.Languages), Features: orEmpty(k.Features),
		Bookable: k.Bookable, Demo: k.Demo,
	}
	if len(k.Hours) > 0 {
		it.Hours = make(map[string]string, len(k.Hours))
		for day, h := range k.Hours {
			it.Hours[day] = domain.FormatClock(h.Open) + "-" + domain.FormatClock(h.Close)
		}
	}
	return it
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// roundKm keeps distances readable and stable: 10 m steps.
func roundKm(d float64) float64 { return math.Round(d*100) / 100 }
