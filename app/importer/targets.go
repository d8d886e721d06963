package importer

import (
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// valueType is what a target field holds; it decides which parse kinds may
// feed it and how the final text is checked.
type valueType int

const (
	vText        valueType = iota
	vCarrierType           // one of domain.CarrierTypes
	vPlaceKind             // district, street or postcode
	vEmail
	vNumber
	vCount // non-negative whole number
	vBool
	vTime
	vTimeRange
	vDate
	vList
	vFeatureList // features spec without "value": the items are feature keys
	vFlag        // features spec with "value", and age groups
	vBBox
)

// parseKinds lists, per value type, the parse kinds a spec may name; the
// first is the default.
var parseKinds = map[valueType][]string{
	vText:        {"text", "code"},
	vCarrierType: {"text", "code"},
	vPlaceKind:   {"text", "code"},
	vEmail:       {"text"},
	vNumber:      {"number"},
	vCount:       {"int"},
	vBool:        {"bool"},
	vTime:        {"time"},
	vTimeRange:   {"time_range"},
	vDate:        {"date"},
	vList:        {"list", "code_list", "text", "code"},
	vFeatureList: {"text", "code", "list", "code_list"},
	vFlag:        {"flag", "bool"},
	vBBox:        {"number"},
}

// allParseKinds is every kind the mapping format knows, for error messages.
const allParseKinds = "text, number, int, bool, flag, time, time_range, date, list, code, code_list"

// typed is a parsed value on its way into a draft.
type typed struct {
	s     string
	f     float64
	n     int
	b     bool
	tr    storage.TimeRange
	items []string
	box   [4]float64
}

// draft collects what the rules found in one row before it is checked and
// turned into a Kita or a Place.
type draft struct {
	kita                     storage.Kita
	place                    storage.Place
	carrierName, carrierType string
	lat, lon                 *float64
	bbox                     *[4]float64
	allDays                  *storage.TimeRange
	days                     [7]*storage.TimeRange
	open, closing            [7]*int
	ageMin, ageMax           *int
	groups                   []*rule // age groups present in this row
	concepts, languages      []string
	features                 []string
	bookable                 *bool
	cols                     []fieldCol // which column each known field came from
}

type fieldCol struct{ field, col string }

// colOf names the column a field's value came from ("" for a constant or
// an unknown value).
func (d *draft) colOf(field string) string {
	c, _ := d.lookupCol(field)
	return c
}

func (d *draft) lookupCol(field string) (string, bool) {
	for _, fc := range d.cols {
		if fc.field == field {
			return fc.col, true
		}
	}
	return "", false
}

// target is one field a mapping can fill.
type target struct {
	name  string
	typ   valueType
	multi bool // takes a list of specs (concatenated lists, features, age groups)
	set   func(d *draft, r *rule, v typed)
}

func intPtr(n int) *int           { return &n }
func floatPtr(f float64) *float64 { return &f }

var kitaTargets = buildKitaTargets()

func buildKitaTargets() []*target {
	ts := []*target{
		{name: "name", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Name = v.s }},
		{name: "carrier.name", typ: vText, set: func(d *draft, _ *rule, v typed) { d.carrierName = v.s }},
		{name: "carrier.type", typ: vCarrierType, set: func(d *draft, _ *rule, v typed) { d.carrierType = v.s }},
		{name: "address.street", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Address.Street = v.s }},
		{name: "address.postcode", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Address.Postcode = v.s }},
		{name: "address.city", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Address.City = v.s }},
		{name: "address.district", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Address.District = v.s }},
		{name: "lat", typ: vNumber, set: func(d *draft, _ *rule, v typed) { d.lat = floatPtr(v.f) }},
		{name: "lon", typ: vNumber, set: func(d *draft, _ *rule, v typed) { d.lon = floatPtr(v.f) }},
		{name: "hours", typ: vTimeRange, set: func(d *draft, _ *rule, v typed) { tr := v.tr; d.allDays = &tr }},
	}
	ts = append(ts, dayTargets()...)
	ts = append(ts,
		&target{name: "age.min", typ: vCount, set: func(d *draft, _ *rule, v typed) { d.ageMin = intPtr(v.n) }},
		&target{name: "age.max", typ: vCount, set: func(d *draft, _ *rule, v typed) { d.ageMax = intPtr(v.n) }},
		&target{name: "age_groups", typ: vFlag, multi: true, set: func(d *draft, r *rule, v typed) {
			if v.b {
				d.groups = append(d.groups, r)
			}
		}},
		&target{name: "places.total", typ: vCount, set: func(d *draft, _ *rule, v typed) { d.kita.Places.Total = intPtr(v.n) }},
		&target{name: "places.u3", typ: vCount, set: func(d *draft, _ *rule, v typed) { d.kita.Places.U3 = intPtr(v.n) }},
		&target{name: "places.ue3", typ: vCount, set: func(d *draft, _ *rule, v typed) { d.kita.Places.Ue3 = intPtr(v.n) }},
		&target{name: "free_places.u3", typ: vCount, set: func(d *draft, _ *rule, v typed) { d.kita.FreePlaces.U3 = intPtr(v.n) }},
		&target{name: "free_places.ue3", typ: vCount, set: func(d *draft, _ *rule, v typed) { d.kita.FreePlaces.Ue3 = intPtr(v.n) }},
		&target{name: "free_places.as_of", typ: vDate, set: func(d *draft, _ *rule, v typed) { d.kita.FreePlaces.AsOf = v.s }},
		&target{name: "concepts", typ: vList, multi: true, set: func(d *draft, _ *rule, v typed) { d.concepts = append(d.concepts, v.items...) }},
		&target{name: "languages", typ: vList, multi: true, set: func(d *draft, _ *rule, v typed) { d.languages = append(d.languages, v.items...) }},
		&target{name: "features", typ: vFlag, multi: true, set: setFeature},
		&target{name: "contact.phone", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Contact.Phone = v.s }},
		&target{name: "contact.email", typ: vEmail, set: func(d *draft, _ *rule, v typed) { d.kita.Contact.Email = v.s }},
		&target{name: "contact.website", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Contact.Website = v.s }},
		&target{name: "contact.person", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Contact.Person = v.s }},
		&target{name: "description", typ: vText, set: func(d *draft, _ *rule, v typed) { d.kita.Description = v.s }},
		&target{name: "bookable", typ: vBool, set: func(d *draft, _ *rule, v typed) { b := v.b; d.bookable = &b }},
	)
	return ts
}

// setFeature adds the rule's feature key when its flag is set, or the
// feature keys the value lists (specs without "value").
func setFeature(d *draft, r *rule, v typed) {
	if r.feature == "" {
		d.features = append(d.features, v.items...)
		return
	}
	if v.b {
		d.features = append(d.features, r.feature)
	}
}

// dayTargets are hours.mo … hours.su (a range) and hours.mo.open/close.
func dayTargets() []*target {
	var ts []*target
	for i, day := range domain.Weekdays {
		ts = append(ts,
			&target{name: "hours." + day, typ: vTimeRange, set: func(d *draft, _ *rule, v typed) { tr := v.tr; d.days[i] = &tr }},
			&target{name: "hours." + day + ".open", typ: vTime, set: func(d *draft, _ *rule, v typed) { d.open[i] = intPtr(v.n) }},
			&target{name: "hours." + day + ".close", typ: vTime, set: func(d *draft, _ *rule, v typed) { d.closing[i] = intPtr(v.n) }},
		)
	}
	return ts
}

var placeTargets = []*target{
	{name: "name", typ: vText, set: func(d *draft, _ *rule, v typed) { d.place.Name = v.s }},
	{name: "kind", typ: vPlaceKind, set: func(d *draft, _ *rule, v typed) { d.place.Kind = v.s }},
	{name: "district", typ: vText, set: func(d *draft, _ *rule, v typed) { d.place.District = v.s }},
	{name: "postcode", typ: vText, set: func(d *draft, _ *rule, v typed) { d.place.Postcode = v.s }},
	{name: "city", typ: vText, set: func(d *draft, _ *rule, v typed) { d.place.City = v.s }},
	{name: "lat", typ: vNumber, set: func(d *draft, _ *rule, v typed) { d.lat = floatPtr(v.f) }},
	{name: "lon", typ: vNumber, set: func(d *draft, _ *rule, v typed) { d.lon = floatPtr(v.f) }},
	{name: "bbox", typ: vBBox, set: func(d *draft, _ *rule, v typed) { b := v.box; d.bbox = &b }},
}

func targetsFor(t string) []*target {
	if t == TargetPlaces {
		return placeTargets
	}
	return kitaTargets
}

func findTarget(ts []*target, name string) *target {
	for _, t := range ts {
		if t.name == name {
			return t
		}
	}
	return nil
}
