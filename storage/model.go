package storage

import "time"

// Kita is one daycare centre as stored.
type Kita struct {
	ID        string  `json:"id"`
	SourceKey string  `json:"source_key"`
	Name      string  `json:"name"`
	CarrierID string  `json:"carrier_id,omitempty"`
	Address   Address `json:"address"`
	// Location is nil when the source has no coordinates.
	Location *GeoPoint `json:"location,omitempty"`
	// Hours maps a weekday key (domain.Weekdays) to its opening time; a missing
	// day means "not known" or "closed", which no filter on hours matches.
	Hours map[string]TimeRange `json:"hours,omitempty"`
	// Ages is nil when the accepted age range is not known.
	Ages        *AgeRange  `json:"ages,omitempty"`
	Places      Places     `json:"places"`
	FreePlaces  FreePlaces `json:"free_places"`
	Concepts    []string   `json:"concepts,omitempty"`
	Languages   []string   `json:"languages,omitempty"`
	Features    []string   `json:"features,omitempty"`
	Contact     Contact    `json:"contact"`
	Description string     `json:"description,omitempty"`
	Bookable    bool       `json:"bookable"`
	Demo        bool       `json:"demo,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

// Address is a postal address and the district (Stadtteil) it lies in.
type Address struct {
	Street   string `json:"street,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	City     string `json:"city,omitempty"`
	District string `json:"district,omitempty"`
}

// GeoPoint is a WGS84 coordinate.
type GeoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// TimeRange is an opening time in minutes after midnight, Open < Close.
type TimeRange struct {
	Open  int `json:"open"`
	Close int `json:"close"`
}

// AgeRange is the accepted age of a child in whole months, both ends inclusive.
type AgeRange struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Places counts places; a nil pointer means "not known", which differs from 0.
type Places struct {
	Total *int `json:"total,omitempty"`
	U3    *int `json:"u3,omitempty"`
	Ue3   *int `json:"ue3,omitempty"`
}

// FreePlaces are the places a Kita reports free, by age group, as of a date.
type FreePlaces struct {
	U3   *int   `json:"u3,omitempty"`
	Ue3  *int   `json:"ue3,omitempty"`
	AsOf string `json:"as_of,omitempty"` // YYYY-MM-DD
}

// Contact is how parents reach a Kita.
type Contact struct {
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Website string `json:"website,omitempty"`
	Person  string `json:"person,omitempty"`
}

// Carrier is a Träger: the organisation that runs one or more Kitas.
type Carrier struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// Place kinds in the gazetteer.
const (
	PlaceDistrict = "district"
	PlaceStreet   = "street"
	PlacePostcode = "postcode"
)

// Place is a gazetteer entry: a district, a street or a postcode area with
// a representative coordinate.
type Place struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Name     string   `json:"name"`
	District string   `json:"district,omitempty"`
	Postcode string   `json:"postcode,omitempty"`
	City     string   `json:"city,omitempty"`
	Location GeoPoint `json:"location"`
	Demo     bool     `json:"demo,omitempty"`
}
