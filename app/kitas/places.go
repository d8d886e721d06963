package kitas

import (
	"strings"

	"kitaportal/app/apperr"
	"kitaportal/search"
	"kitaportal/storage"
)

// Precision of a resolved place.
const (
	PrecisionStreet   = "street"
	PrecisionPostcode = "postcode"
	PrecisionDistrict = "district"
)

// PlaceItem is a gazetteer entry as the API shows it.
type PlaceItem struct {
	ID       string           `json:"id"`
	Kind     string           `json:"kind"`
	Name     string           `json:"name"`
	District string           `json:"district,omitempty"`
	Postcode string           `json:"postcode,omitempty"`
	City     string           `json:"city,omitempty"`
	Location storage.GeoPoint `json:"location"`
	// Label is what a parent picks from, e.g. "Pfaffstraße 12, 67655 Innenstadt".
	Label string `json:"label"`
}

// ResolvedPlace is the point a "near" text stands for.
type ResolvedPlace struct {
	PlaceItem
	Query string `json:"query"`
	// Precision says whether the street itself, or only its postcode or
	// district, was found.
	Precision string `json:"precision"`
	// Fallback is set when the street was not found and a coarser place is
	// used instead: a code for the UI (apperr.PlaceFallbackPostcode) …
	Fallback apperr.Code `json:"fallback,omitempty"`
	// … and a plain message.
	Note string `json:"note,omitempty"`
}

// SuggestPlaces answers the "near" autocomplete: streets, districts and
// postcodes that match what was typed so far.
func (c *Catalog) SuggestPlaces(text string, limit int) ([]PlaceItem, error) {
	text = strings.TrimSpace(text)
	if len(text) > 120 {
		return nil, apperr.Invalid("q", apperr.QueryTooLong, "place text is longer than 120 characters")
	}
	if limit <= 0 || limit > 20 {
		limit = 8
	}
	pq := search.ParsePlaceQuery(text)
	var hits []search.PlaceHit
	var err error
	switch {
	case len(pq.Words) > 0:
		hits, err = c.searchPlaces(pq.Words, nil, limit)
	case pq.Postcode != "":
		hits, err = c.searchPostcodes(pq.Postcode, limit)
	case len(pq.HouseNumber) >= 2 && isDigits(pq.HouseNumber):
		hits, err = c.searchPostcodes(pq.HouseNumber, limit)
		pq.HouseNumber = ""
	}
	if err != nil {
		return nil, err
	}
	items := make([]PlaceItem, 0, len(hits))
	for _, h := range hits {
		p, err := c.store.GetPlace(h.ID)
		if err != nil {
			return nil, err
		}
		items = append(items, placeItem(p, pq.HouseNumber))
	}
	return items, nil
}

// ResolvePlace turns a parent's text into a point: the street (house numbers
// are not in the gazetteer; the street's centre is used), else the postcode,
// else a district named in the text — saying so when it falls back.
func (c *Catalog) ResolvePlace(text string) (ResolvedPlace, error) {
	pq := search.ParsePlaceQuery(text)
	if len(pq.Words) > 0 {
		hits, err := c.searchPlaces(pq.Words, nil, 5)
		if err != nil {
			return ResolvedPlace{}, err
		}
		if h, ok := preferPostcode(c, hits, pq.Postcode); ok {
			p, err := c.store.GetPlace(h)
			if err != nil {
				return ResolvedPlace{}, err
			}
			return ResolvedPlace{PlaceItem: placeItem(p, pq.HouseNumber), Query: text, Precision: p.Kind}, nil
		}
	}
	if pq.Postcode != "" {
		if r, ok, err := c.resolveKind(text, pq.Postcode, search.KindPostcode, len(pq.Words) > 0); ok || err != nil {
			return r, err
		}
	}
	// The whole text named no place; a district named in it is a fallback.
	for _, w := range pq.Words {
		if r, ok, err := c.resolveKind(text, w, search.KindDistrict, true); ok || err != nil {
			return r, err
		}
	}
	return ResolvedPlace{}, apperr.NotFound(apperr.PlaceNotFound, "no street, postcode or district matches %q", text)
}

func (c *Catalog) resolveKind(text, word, kind string, fallback bool) (ResolvedPlace, bool, error) {
	var hits []search.PlaceHit
	var err error
	if kind == search.KindPostcode {
		hits, err = c.searchPostcodes(word, 1)
	} else {
		hits, err = c.searchPlaces([]string{word}, []string{kind}, 1)
	}
	if err != nil || len(hits) == 0 {
		return ResolvedPlace{}, false, err
	}
	p, err := c.store.GetPlace(hits[0].ID)
	if err != nil {
		return ResolvedPlace{}, false, err
	}
	r := ResolvedPlace{PlaceItem: placeItem(p, ""), Query: text, Precision: kind}
	if fallback {
		r.Fallback = apperr.PlaceFallbackDistrict
		if kind == search.KindPostcode {
			r.Fallback = apperr.PlaceFallbackPostcode
		}
		r.Note = "street not found; using the centre of " + kind + " " + p.Name
	}
	return r, true, nil
}

// preferPostcode picks the best hit, preferring one in the given postcode
// ("Hauptstraße 3, 67659" when several districts have a Hauptstraße).
func preferPostcode(c *Catalog, hits []search.PlaceHit, postcode string) (string, bool) {
	if len(hits) == 0 {
		return "", false
	}
	if postcode != "" {
		for _, h := range hits {
			if p, err := c.store.GetPlace(h.ID); err == nil && p.Postcode == postcode {
				return h.ID, true
			}
		}
	}
	return hits[0].ID, true
}

func placeItem(p storage.Place, houseNumber string) PlaceItem {
	label := p.Name
	if houseNumber != "" && p.Kind == storage.PlaceStreet {
		label += " " + houseNumber
	}
	switch p.Kind {
	case storage.PlaceStreet:
		label += ", " + strings.TrimSpace(p.Postcode+" "+p.District)
	case storage.PlacePostcode:
		label = strings.TrimSpace(p.Name + " " + p.City)
	}
	return PlaceItem{ID: p.ID, Kind: p.Kind, Name: p.Name, District: p.District, Postcode: p.Postcode,
		City: p.City, Location: p.Location, Label: strings.TrimSuffix(label, ", ")}
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
