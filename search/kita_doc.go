package search

import (
	"regexp"
	"strings"
)

// Point is a WGS84 coordinate.
type Point struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Hours is an opening time in minutes after midnight.
type Hours struct{ Open, Close int }

// KitaDoc is what the index knows about one Kita. Nil pointers and missing
// days mean "not known" and are not indexed, so no filter on them matches.
type KitaDoc struct {
	ID          string
	Name        string
	Description string
	CarrierName string
	CarrierType string
	Street      string
	Postcode    string
	District    string
	Location    *Point
	Hours       map[string]Hours // "mo" … "su"
	AgeMin      *int
	AgeMax      *int
	PlacesTotal *int
	PlacesU3    *int
	PlacesUe3   *int
	FreeU3      *int
	FreeUe3     *int
	Concepts    []string
	Languages   []string
	Features    []string
	Bookable    bool
}

// fields turns the document into the explicit field map the mapping expects.
func (d KitaDoc) fields() map[string]any {
	m := map[string]any{
		fName:        d.Name,
		fNameFold:    d.Name,
		fNameSort:    strings.ToLower(d.Name),
		fDescription: d.Description,
		fConceptText: strings.Join(d.Concepts, " . "),
		fConceptFold: strings.Join(d.Concepts, " . "),
		fCarrierText: d.CarrierName,
		fStreetFold:  ExpandStreetAbbrev(d.Street),
		fDistrictTxt: d.District,
		fCarrierType: d.CarrierType,
		fBookable:    d.Bookable,
	}
	if d.District != "" {
		m[fDistrict] = d.District
	}
	for name, values := range map[string][]string{fConcepts: d.Concepts, fLanguages: d.Languages, fFeatures: d.Features} {
		if len(values) > 0 {
			m[name] = values
		}
	}
	if d.Location != nil {
		m[fLocation] = []float64{d.Location.Lon, d.Location.Lat}
	}
	for day, h := range d.Hours {
		m[openField(day)] = float64(h.Open)
		m[closeField(day)] = float64(h.Close)
	}
	for name, v := range map[string]*int{
		fAgeMin: d.AgeMin, fAgeMax: d.AgeMax, fPlacesTotal: d.PlacesTotal,
		fPlacesU3: d.PlacesU3, fPlacesUe3: d.PlacesUe3, fFreeU3: d.FreeU3, fFreeUe3: d.FreeUe3,
	} {
		if v != nil {
			m[name] = float64(*v)
		}
	}
	return m
}

var streetAbbrev = regexp.MustCompile(`(?i)(str|straße|strasse)\.?(\s|$|,)`)

// ExpandStreetAbbrev writes "Sewanstr. 197" as "Sewanstraße 197", so that
// both spellings of a street meet in the index.
func ExpandStreetAbbrev(s string) string {
	return streetAbbrev.ReplaceAllString(s, "straße$2")
}
