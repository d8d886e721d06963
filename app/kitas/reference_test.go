package kitas

import (
	"math"
	"sort"
	"strings"

	"kitaportal/search"
	"kitaportal/storage"
)

// referenceScan answers a filter by looking at every record in memory,
// written straight from the semantics in DESIGN.md and independent of the
// index. Tests compare the index with it; benchmarks measure both.
// Text is not supported here (ranking has no independent definition).
type referenceScan struct {
	kitas    []storage.Kita
	carriers map[string]storage.Carrier
}

func (r referenceScan) match(f search.Filter, k storage.Kita) bool {
	if f.Near != nil && f.RadiusKm > 0 {
		if k.Location == nil || greatCircleKm(*f.Near, *k.Location) > f.RadiusKm {
			return false
		}
	}
	if f.AgeMonths != nil && (k.Ages == nil || *f.AgeMonths < k.Ages.Min || *f.AgeMonths > k.Ages.Max) {
		return false
	}
	days := f.Weekdays
	if len(days) == 0 && (f.OpenFrom != nil || f.OpenUntil != nil) {
		days = []string{"mo", "tu", "we", "th", "fr"}
	}
	for _, d := range days {
		h, ok := k.Hours[d]
		if !ok || f.OpenFrom != nil && h.Open > *f.OpenFrom || f.OpenUntil != nil && h.Close < *f.OpenUntil {
			return false
		}
	}
	if len(f.CarrierTypes) > 0 && !contains(f.CarrierTypes, r.carriers[k.CarrierID].Type) {
		return false
	}
	if len(f.Districts) > 0 && !contains(f.Districts, k.Address.District) {
		return false
	}
	for _, want := range [][2][]string{{f.Concepts, k.Concepts}, {f.Languages, k.Languages}, {f.Features, k.Features}} {
		for _, v := range want[0] {
			if !contains(want[1], v) {
				return false
			}
		}
	}
	if f.Bookable != nil && k.Bookable != *f.Bookable {
		return false
	}
	if f.FreeOnly && !hasFree(f, k) {
		return false
	}
	return true
}

func hasFree(f search.Filter, k storage.Kita) bool {
	pos := func(p *int) bool { return p != nil && *p > 0 }
	switch {
	case f.AgeMonths != nil && *f.AgeMonths < search.U3Months:
		return pos(k.FreePlaces.U3)
	case f.AgeMonths != nil:
		return pos(k.FreePlaces.Ue3)
	}
	return pos(k.FreePlaces.U3) || pos(k.FreePlaces.Ue3)
}

// run returns the ids of all matches in the documented order: by distance
// when a location is given (Kitas without one last), else by name.
func (r referenceScan) run(f search.Filter) []string {
	type hit struct {
		id, name string
		dist     float64
	}
	var hits []hit
	for _, k := range r.kitas {
		if !r.match(f, k) {
			continue
		}
		h := hit{id: k.ID, name: strings.ToLower(k.Name), dist: math.Inf(1)}
		if f.Near != nil && k.Location != nil {
			h.dist = greatCircleKm(*f.Near, *k.Location)
		}
		hits = append(hits, h)
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		if a.name != b.name {
			return a.name < b.name
		}
		return a.id < b.id
	})
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.id
	}
	return ids
}

// greatCircleKm is the haversine distance on a sphere of the mean Earth
// radius — deliberately not the index's own formula.
func greatCircleKm(p search.Point, q storage.GeoPoint) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	dLat, dLon := (q.Lat-p.Lat)*rad, (q.Lon-p.Lon)*rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p.Lat*rad)*math.Cos(q.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}
