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
	if open, close, ok := weekdayHours(d.Hours); ok {
		m[fOpenWeekdays], m[fCloseWeekdays] = float64(open), float64(close)
	}
	for name, v := range map[string]*int{
		fAgeMin: d.AgeMin, fAgeMax: d.AgeMax, fFreeU3: d.FreeU3, fFreeUe3: d.FreeUe3,
	} {
		if v != nil {
			m[name] = float64(*v)
		}
	}
	return m
}

// weekdayHours is the latest opening and the earliest closing from Monday
// to Friday; ok is false unless all five days are known.
func weekdayHours(hours map[string]Hours) (open, close int, ok bool) {
	for i, day := range weekdays[:5] {
		h, known := hours[day]
		switch {
		case !known:
			return 0, 0, false
		case i == 0:
			open, close = h.Open, h.Close
		default:
			open, close = max(open, h.Open), min(close, h.Close)
		}
	}
	return open, close, true
}

var streetAbbrev = regexp.MustCompile(`(?i)(str|straße|strasse)\.?(\s|$|,)`)

// ExpandStreetAbbrev writes "Sewanstr. 197" as "Sewanstraße 197", so that
// both spellings of a street meet in the index.
func ExpandStreetAbbrev(s string) string {
	return streetAbbrev.ReplaceAllString(s, "straße$2")
}
