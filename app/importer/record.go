package importer

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// finishKita checks what the rules found as a whole (things no single value
// shows) and builds the Kita. failed lists fields that already have a
// problem, so the same mistake is not reported twice.
func (b *builder) finishKita(rec *sourceRecord, d *draft, failed map[string]bool) (storage.Kita, []problem) {
	var ps []problem
	k := d.kita
	if k.Name == "" && !failed["name"] {
		ps = append(ps, problem{field: "name", fieldError: fieldError{column: d.col(b.m, "name"), reason: "is required but empty"}})
	}
	loc, more := b.location(rec, d, failed)
	ps = append(ps, more...)
	k.Location = loc
	hours, more := finishHours(d)
	ps = append(ps, more...)
	if len(hours) > 0 {
		k.Hours = hours
	}
	ages, p := finishAges(d)
	if p != nil {
		ps = append(ps, *p)
	}
	k.Ages = ages
	k.Concepts = dedupe(d.concepts)
	k.Languages = dedupe(d.languages)
	k.Features = orderFeatures(d.features)
	k.Bookable = d.bookable == nil || *d.bookable
	return k, ps
}

// finishPlace builds a gazetteer entry; a place without a location is of
// no use for "near my home", so it is a problem.
func (b *builder) finishPlace(rec *sourceRecord, d *draft, failed map[string]bool) (storage.Place, []problem) {
	var ps []problem
	p := d.place
	if p.Name == "" && !failed["name"] {
		ps = append(ps, problem{field: "name", fieldError: fieldError{column: d.col(b.m, "name"), reason: "is required but empty"}})
	}
	if p.Kind == "" && !failed["kind"] {
		ps = append(ps, problem{field: "kind", fieldError: fieldError{column: d.col(b.m, "kind"), reason: "is required but empty"}})
	}
	loc, more := b.location(rec, d, failed)
	ps = append(ps, more...)
	switch {
	case loc != nil:
		p.Location = *loc
	case len(more) == 0 && !failed["lat"] && !failed["lon"] && !failed["bbox"]:
		ps = append(ps, problem{field: "location", fieldError: fieldError{
			reason: "is missing: map lat/lon or a bbox, or give the feature a geometry"}})
	}
	return p, ps
}

// col names the column a field came from, or the first one its rule reads.
func (d *draft) col(m *Mapping, field string) string {
	if c, ok := d.lookupCol(field); ok {
		return c
	}
	for _, r := range m.rules {
		if r.field == field && len(r.columns) > 0 {
			return r.columns[0]
		}
	}
	return ""
}

// location takes lat/lon, else the bbox centre, else the GeoJSON geometry
// (only when lat/lon are not mapped), and checks the result.
func (b *builder) location(rec *sourceRecord, d *draft, failed map[string]bool) (*storage.GeoPoint, []problem) {
	var pt storage.GeoPoint
	var col string
	switch {
	case failed["lat"] || failed["lon"] || failed["bbox"]:
		return nil, nil // already reported
	case d.lat != nil && d.lon != nil:
		pt, col = storage.GeoPoint{Lat: *d.lat, Lon: *d.lon}, d.colOf("lat")+", "+d.colOf("lon")
	case d.lat != nil || d.lon != nil:
		return nil, []problem{{field: "location", fieldError: fieldError{
			column: d.col(b.m, "lat") + ", " + d.col(b.m, "lon"), reason: "has only one of latitude and longitude"}}}
	case d.bbox != nil:
		box := *d.bbox
		pt, col = storage.GeoPoint{Lat: (box[1] + box[3]) / 2, Lon: (box[0] + box[2]) / 2}, d.colOf("bbox")
	case !b.m.mapped["lat"] && len(rec.geom) > 0:
		g, reason := geometryPoint(rec.geom)
		if reason != "" {
			return nil, []problem{{field: "location", fieldError: fieldError{column: "geometry", reason: reason}}}
		}
		if g == nil {
			return nil, nil
		}
		pt, col = *g, "geometry"
	default:
		return nil, nil
	}
	if p := checkPoint(pt, col, d); p != nil {
		return nil, []problem{*p}
	}
	return &pt, nil
}

// Germany lies within these bounds; a point whose latitude falls in the
// longitude band and vice versa was almost certainly written the wrong way
// round.
const (
	deLatMin, deLatMax = 47.2, 55.1
	deLonMin, deLonMax = 5.8, 15.1
)

func checkPoint(pt storage.GeoPoint, col string, d *draft) *problem {
	switch {
	case math.IsNaN(pt.Lat) || math.IsNaN(pt.Lon):
		return &problem{field: "location", fieldError: fieldError{column: col, reason: "is not a number"}}
	case pt.Lat < -90 || pt.Lat > 90:
		return &problem{field: "lat", fieldError: fieldError{column: colOr(d, "lat", col), value: fmt.Sprint(pt.Lat),
			reason: fmt.Sprintf("latitude %v is out of range (-90 to 90)", pt.Lat)}}
	case pt.Lon < -180 || pt.Lon > 180:
		return &problem{field: "lon", fieldError: fieldError{column: colOr(d, "lon", col), value: fmt.Sprint(pt.Lon),
			reason: fmt.Sprintf("longitude %v is out of range (-180 to 180)", pt.Lon)}}
	case pt.Lat >= deLonMin && pt.Lat <= deLonMax && pt.Lon >= deLatMin && pt.Lon <= deLatMax:
		return &problem{field: "location", fieldError: fieldError{column: col, value: fmt.Sprintf("%v, %v", pt.Lat, pt.Lon),
			reason: fmt.Sprintf("latitude and longitude look swapped (lat %v, lon %v)", pt.Lat, pt.Lon)}}
	}
	return nil
}

func colOr(d *draft, field, fallback string) string {
	if c, ok := d.lookupCol(field); ok {
		return c
	}
	return fallback
}

// finishHours combines per-day ranges, per-day open/close pairs and the
// Mon–Fri range, in that order of precedence. A day with an unknown opening
// or closing time stays unknown.
func finishHours(d *draft) (map[string]storage.TimeRange, []problem) {
	hours := map[string]storage.TimeRange{}
	var ps []problem
	for i, day := range domain.Weekdays {
		switch {
		case d.days[i] != nil:
			hours[day] = *d.days[i]
		case d.open[i] != nil && d.closing[i] != nil:
			open, closing := *d.open[i], *d.closing[i]
			if open >= closing {
				text := clock(open) + "-" + clock(closing)
				_, reason := checkRange(text, open, closing)
				col := d.colOf("hours."+day+".open") + ", " + d.colOf("hours."+day+".close")
				ps = append(ps, problem{field: "hours." + day, fieldError: fieldError{column: col, value: text, reason: reason}})
				continue
			}
			hours[day] = storage.TimeRange{Open: open, Close: closing}
		case i < 5 && d.allDays != nil:
			hours[day] = *d.allDays
		}
	}
	return hours, ps
}

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// finishAges takes age.min/age.max when both are known, else the span of
// the age groups present in the row.
func finishAges(d *draft) (*storage.AgeRange, *problem) {
	var ages *storage.AgeRange
	switch {
	case d.ageMin != nil && d.ageMax != nil:
		ages = &storage.AgeRange{Min: *d.ageMin, Max: *d.ageMax}
	case len(d.groups) > 0:
		ages = &storage.AgeRange{Min: d.groups[0].from, Max: d.groups[0].to}
		for _, g := range d.groups[1:] {
			ages.Min, ages.Max = min(ages.Min, g.from), max(ages.Max, g.to)
		}
	}
	if ages != nil && ages.Min > ages.Max {
		return nil, &problem{field: "age", fieldError: fieldError{column: d.colOf("age.min") + ", " + d.colOf("age.max"),
			value:  fmt.Sprintf("%d-%d", ages.Min, ages.Max),
			reason: fmt.Sprintf("minimum age %d months is above the maximum %d", ages.Min, ages.Max)}}
	}
	return ages, nil
}

// dedupe keeps the first spelling of values that differ only in case.
func dedupe(items []string) []string {
	if len(items) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(items))
	out := make([]string, 0, len(items))
	for _, it := range items {
		k := strings.ToLower(it)
		if !seen[k] {
			seen[k] = true
			out = append(out, it)
		}
	}
	return out
}

// orderFeatures de-duplicates and sorts feature keys in catalogue order, so
// the same source always yields the same record.
func orderFeatures(keys []string) []string {
	var out []string
	for _, k := range domain.FeatureKeys {
		if slices.Contains(keys, k) {
			out = append(out, k)
		}
	}
	return out
}
