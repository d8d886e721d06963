package kitas

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"kitaportal/app/apperr"
	"kitaportal/app/domain"
	"kitaportal/search"
)

// QueryParams lists the parameters of a Kita search, in the snake_case
// of GET /api/kitas; the CLI offers each as a --kebab-case flag.
var QueryParams = []struct{ Name, Help string }{
	{"q", "free text: name, concept, carrier, street, district (typos and prefixes allowed)"},
	{"near", "LAT,LON to measure distance from"},
	{"place", "street and number, postcode or district to measure distance from (offline gazetteer)"},
	{"radius_km", "only Kitas within this great-circle distance of near/place"},
	{"age_months", "only Kitas that accept a child of this age in months"},
	{"open_from", "HH:MM: open at the latest from this time on every requested weekday"},
	{"open_until", "HH:MM: open at least until this time on every requested weekday"},
	{"weekdays", "comma-separated mo,tu,we,th,fr,sa,su (default mo-fr when hours are given)"},
	{"carrier_type", "städtisch, frei, katholisch, evangelisch, elterninitiative, betrieblich (comma-separated: any of)"},
	{"district", "district (Stadtteil); comma-separated: any of"},
	{"concept", "pedagogical concept (repeat: all of)"},
	{"language", "language spoken (repeat: all of)"},
	{"feature", "feature key such as mittagessen, integrativ, naturgruppe (repeat: all of)"},
	{"bookable", "true: only Kitas that take Vormerkungen through the portal"},
	{"free_only", "true: only Kitas reporting a free place (in the child's age group if age_months is set)"},
	{"limit", "page size (default 20, at most 500)"},
	{"offset", "number of results to skip"},
}

// Query is a parsed search request.
type Query struct {
	Filter search.Filter
	// Place is the free-text location to resolve through the gazetteer.
	Place string
}

// ParseQuery validates request parameters. Every error names the
// parameter and what a valid value looks like.
func ParseQuery(v url.Values) (Query, error) {
	var q Query
	known := map[string]bool{}
	for _, p := range QueryParams {
		known[p.Name] = true
	}
	for name := range v {
		if !known[name] {
			return q, apperr.Invalid(name, apperr.QueryUnknownParameter, "unknown parameter %q", name)
		}
	}
	f := &q.Filter
	f.Text = strings.TrimSpace(v.Get("q"))
	if len(f.Text) > 200 {
		return q, apperr.Invalid("q", apperr.QueryTooLong, "search text is longer than 200 characters")
	}
	q.Place = strings.TrimSpace(v.Get("place"))
	var err error
	if s := v.Get("near"); s != "" {
		if f.Near, err = parsePoint(s); err != nil {
			return q, apperr.Invalid("near", apperr.QueryInvalidLocation, "%v", err)
		}
	}
	if q.Place != "" && f.Near != nil {
		return q, apperr.Invalid("place", apperr.QueryPlaceAndNear, "give either near or place, not both")
	}
	if f.RadiusKm, err = parseFloat(v, "radius_km", 0, 1000); err != nil {
		return q, err
	}
	if f.RadiusKm > 0 && f.Near == nil && q.Place == "" {
		return q, apperr.Invalid("radius_km", apperr.QueryRadiusWithoutLocation, "a radius needs near or place")
	}
	if f.AgeMonths, err = parseOptInt(v, "age_months", 0, 216); err != nil {
		return q, err
	}
	if f.OpenFrom, err = parseClock(v, "open_from"); err != nil {
		return q, err
	}
	if f.OpenUntil, err = parseClock(v, "open_until"); err != nil {
		return q, err
	}
	if f.OpenFrom != nil && f.OpenUntil != nil && *f.OpenFrom >= *f.OpenUntil {
		return q, apperr.Invalid("open_until", apperr.QueryHoursOrder, "open_until must be later than open_from")
	}
	if f.Weekdays, err = parseWeekdays(v.Get("weekdays")); err != nil {
		return q, err
	}
	if f.CarrierTypes, err = parseCarrierTypes(v.Get("carrier_type")); err != nil {
		return q, err
	}
	f.Districts = splitList(v["district"])
	f.Concepts, f.Languages, f.Features = nonEmpty(v["concept"]), nonEmpty(v["language"]), nonEmpty(v["feature"])
	if f.Bookable, err = parseOptBool(v, "bookable"); err != nil {
		return q, err
	}
	free, err := parseOptBool(v, "free_only")
	if err != nil {
		return q, err
	}
	f.FreeOnly = free != nil && *free
	limit, err := parseOptInt(v, "limit", 1, search.MaxLimit)
	if err != nil {
		return q, err
	}
	if limit != nil {
		f.Limit = *limit
	}
	offset, err := parseOptInt(v, "offset", 0, 1_000_000)
	if err != nil {
		return q, err
	}
	if offset != nil {
		f.Offset = *offset
	}
	return q, nil
}

func parsePoint(s string) (*search.Point, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return nil, fmt.Errorf("%q is not LAT,LON (for example 49.4447,7.7690)", s)
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	switch {
	case err1 != nil || err2 != nil:
		return nil, fmt.Errorf("%q is not LAT,LON with decimal points (for example 49.4447,7.7690)", s)
	case lat < -90 || lat > 90:
		return nil, fmt.Errorf("latitude %g is outside -90..90", lat)
	case lon < -180 || lon > 180:
		return nil, fmt.Errorf("longitude %g is outside -180..180", lon)
	}
	return &search.Point{Lat: lat, Lon: lon}, nil
}

func parseFloat(v url.Values, name string, min, max float64) (float64, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(f) || f < min || f > max {
		return 0, apperr.Invalid(name, apperr.QueryInvalidNumber, "%q is not a number between %g and %g", s, min, max)
	}
	return f, nil
}

func parseOptInt(v url.Values, name string, min, max int) (*int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > max {
		return nil, apperr.Invalid(name, apperr.QueryInvalidNumber, "%q is not a whole number between %d and %d", s, min, max)
	}
	return &n, nil
}

func parseOptBool(v url.Values, name string) (*bool, error) {
	s := strings.ToLower(strings.TrimSpace(v.Get(name)))
	var b bool
	switch s {
	case "":
		return nil, nil
	case "true", "1", "yes", "ja":
		b = true
	case "false", "0", "no", "nein":
		b = false
	default:
		return nil, apperr.Invalid(name, apperr.QueryInvalidBool, "%q is not true or false", s)
	}
	return &b, nil
}

func parseClock(v url.Values, name string) (*int, error) {
	s := v.Get(name)
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	m, err := domain.ParseClock(s)
	if err != nil {
		return nil, apperr.Invalid(name, apperr.QueryInvalidTime, "%v", err)
	}
	return &m, nil
}

func parseWeekdays(s string) ([]string, error) {
	var out []string
	for _, d := range splitList([]string{s}) {
		d = strings.ToLower(d)
		if !contains(domain.Weekdays, d) {
			return nil, apperr.Invalid("weekdays", apperr.QueryInvalidWeekday, "%q is not a weekday (use mo, tu, we, th, fr, sa, su)", d)
		}
		out = append(out, d)
	}
	return out, nil
}

func parseCarrierTypes(s string) ([]string, error) {
	var out []string
	for _, t := range splitList([]string{s}) {
		t = domain.NormalizeCarrierType(t)
		if !contains(domain.CarrierTypes, t) {
			return nil, apperr.Invalid("carrier_type", apperr.QueryInvalidCarrierType, "%q is not a carrier type (use %s)", t, strings.Join(domain.CarrierTypes, ", "))
		}
		out = append(out, t)
	}
	return out, nil
}

func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func nonEmpty(values []string) []string {
	var out []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
