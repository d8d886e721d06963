package httpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"kitaportal/app/apperr"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/kitas"
)

type apiList struct {
	Total int `json:"total"`
	Items []struct {
		ID         string   `json:"id"`
		DistanceKm *float64 `json:"distance_km"`
	} `json:"items"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	} `json:"facets"`
	Place *struct {
		Name      string `json:"name"`
		Precision string `json:"precision"`
		Fallback  string `json:"fallback"`
	} `json:"place"`
}

type apiError struct {
	Error struct {
		Code, Message, Field string
	} `json:"error"`
}

func get(t *testing.T, h http.Handler, url string, v any) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: content type %q", url, ct)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("%s: %v: %s", url, err, rec.Body)
	}
	return rec.Code
}

func TestKitaSearchAPI(t *testing.T) {
	svc, _ := apptest.NewCity(t)
	h := handlerOf(svc, Options{})
	for _, tc := range []struct {
		name, url string
		ids       []string
	}{
		{"all by name", "/api/kitas", []string{"k-martin", "k-betze", "k-unknown", "k-pfaff"}},
		{"two-year-old open 07:30-16:30", "/api/kitas?age_months=24&open_from=07:30&open_until=16:30", []string{"k-betze", "k-pfaff"}},
		{"near sorts by distance", "/api/kitas?near=49.4452,7.7625", []string{"k-pfaff", "k-martin", "k-betze", "k-unknown"}},
		{"radius", "/api/kitas?near=49.4452,7.7625&radius_km=1", []string{"k-pfaff", "k-martin"}},
		{"place street", "/api/kitas?place=Pfaffstr.%2012&radius_km=1", []string{"k-pfaff", "k-martin"}},
		{"place district", "/api/kitas?place=Betzenberg&radius_km=0.5", []string{"k-betze"}},
		{"bookable", "/api/kitas?bookable=true&carrier_type=katholisch", []string{}},
		{"carrier type without umlaut", "/api/kitas?carrier_type=staedtisch&limit=2", []string{"k-betze", "k-unknown"}},
		{"typo", "/api/kitas?q=Montesori", []string{"k-pfaff"}},
		{"free places for a toddler", "/api/kitas?free_only=true&age_months=20", []string{"k-pfaff"}},
		{"weekend: nobody", "/api/kitas?weekdays=sa", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res apiList
			if code := get(t, h, tc.url, &res); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			ids := []string{}
			for _, it := range res.Items {
				ids = append(ids, it.ID)
			}
			if !slices.Equal(ids, tc.ids) {
				t.Errorf("ids %v, want %v", ids, tc.ids)
			}
			if res.Facets == nil || res.Facets["carrier_type"] == nil {
				t.Errorf("facets missing: %v", res.Facets)
			}
		})
	}
}

func TestKitaSearchTotalCountsAllMatches(t *testing.T) {
	svc, _ := apptest.NewCity(t)
	var res apiList
	get(t, handlerOf(svc, Options{}), "/api/kitas?limit=1&offset=1", &res)
	if res.Total != 4 || len(res.Items) != 1 || res.Items[0].ID != "k-betze" {
		t.Errorf("total %d, items %+v", res.Total, res.Items)
	}
	for _, f := range res.Facets["carrier_type"] {
		if f.Value == "städtisch" && f.Count != 3 {
			t.Errorf("facet städtisch = %d, want 3", f.Count)
		}
	}
}

func TestKitaSearchDistanceShown(t *testing.T) {
	svc, _ := apptest.NewCity(t)
	var res apiList
	get(t, handlerOf(svc, Options{}), "/api/kitas?near=49.4452,7.7625", &res)
	if d := res.Items[0].DistanceKm; d == nil || *d > 0.1 {
		t.Errorf("distance of the nearest Kita: %v", d)
	}
	if d := res.Items[3].DistanceKm; d != nil {
		t.Errorf("a Kita without location has a distance: %v", *d)
	}
}

func TestKitaSearchBadParameters(t *testing.T) {
	svc, _ := apptest.NewCity(t)
	h := handlerOf(svc, Options{})
	for _, tc := range []struct{ name, url, field, code string }{
		{"time 25:00", "/api/kitas?open_from=25:00", "open_from", "query.invalid_time"},
		{"time words", "/api/kitas?open_until=abends", "open_until", "query.invalid_time"},
		{"hours reversed", "/api/kitas?open_from=17:00&open_until=08:00", "open_until", "query.hours_order"},
		{"near not a point", "/api/kitas?near=abc", "near", "query.invalid_location"},
		{"latitude out of range", "/api/kitas?near=95,7", "near", "query.invalid_location"},
		{"radius without location", "/api/kitas?radius_km=5", "radius_km", "query.radius_without_location"},
		{"negative radius", "/api/kitas?near=49,7&radius_km=-1", "radius_km", "query.invalid_number"},
		{"age not a number", "/api/kitas?age_months=zwei", "age_months", "query.invalid_number"},
		{"weekday", "/api/kitas?weekdays=mo,xx", "weekdays", "query.invalid_weekday"},
		{"carrier type", "/api/kitas?carrier_type=privat", "carrier_type", "query.invalid_carrier_type"},
		{"limit zero", "/api/kitas?limit=0", "limit", "query.invalid_number"},
		{"unknown parameter", "/api/kitas?colour=blue", "colour", "query.unknown_parameter"},
		{"bookable not bool", "/api/kitas?bookable=vielleicht", "bookable", "query.invalid_bool"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e apiError
			if code := get(t, h, tc.url, &e); code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", code)
			}
			if e.Error.Field != tc.field || e.Error.Code != tc.code || e.Error.Message == "" {
				t.Errorf("error %+v, want field %s code %s", e.Error, tc.field, tc.code)
			}
		})
	}
}

func TestKitaGetAPI(t *testing.T) {
	svc, _ := apptest.NewCity(t)
	h := handlerOf(svc, Options{})
	var k kitas.Detail
	if code := get(t, h, "/api/kitas/k-pfaff", &k); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if k.Name != "Städtische Kita Pfaffstraße" || k.Carrier.Type != "städtisch" || k.Hours["mo"] != "07:00-17:00" ||
		k.Contact.Phone != "0631 1" || k.Description == "" || k.AgeMonths.Min != 12 {
		t.Errorf("detail %+v", k)
	}
	var e apiError
	if code := get(t, h, "/api/kitas/nope", &e); code != http.StatusNotFound || e.Error.Code != "kita.not_found" {
		t.Errorf("missing Kita: %d %+v", code, e)
	}
	if code := get(t, h, "/api/nothing", &e); code != http.StatusNotFound || e.Error.Code != "api.not_found" {
		t.Errorf("unknown route: %d %+v", code, e)
	}
}

func TestPlacesAPI(t *testing.T) {
	svc, _ := apptest.NewCity(t)
	h := handlerOf(svc, Options{})
	for _, tc := range []struct{ q, first, label string }{
		{"Kaiserberg", "s-kaiserbergstrasse", "Kaiserbergstraße, 67663 Betzenberg"},
		{"Betzenberg", "d-betzenberg", "Betzenberg"},
		{"Betzenbreg", "d-betzenberg", "Betzenberg"},
		{"Pfaffstr. 12", "s-pfaffstrasse", "Pfaffstraße 12, 67655 Innenstadt"},
		{"pfaffstrasse", "s-pfaffstrasse", "Pfaffstraße, 67655 Innenstadt"},
		{"6765", "p-67655", "67655 Kaiserslautern"},
	} {
		t.Run(tc.q, func(t *testing.T) {
			var res struct{ Items []kitas.PlaceItem }
			if code := get(t, h, "/api/places?q="+urlQuery(tc.q), &res); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			if len(res.Items) == 0 || res.Items[0].ID != tc.first || res.Items[0].Label != tc.label {
				t.Errorf("items %+v, want first %s labelled %q", res.Items, tc.first, tc.label)
			}
		})
	}
}

func TestResolvePlaceFallback(t *testing.T) {
	svc, _ := apptest.NewCity(t)
	for _, tc := range []struct{ text, id, precision, fallback string }{
		{"Pfaffstraße 12", "s-pfaffstrasse", "street", ""},
		{"Betzenberg", "d-betzenberg", "district", ""},
		{"67657", "p-67657", "postcode", ""},
		{"Gibtsnichtstraße 3, 67657", "p-67657", "postcode", "place.fallback_postcode"},
		{"Gibtsnichtweg 3 Betzenberg", "d-betzenberg", "district", "place.fallback_district"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			r, err := svc.Catalog.ResolvePlace(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if r.ID != tc.id || r.Precision != tc.precision || string(r.Fallback) != tc.fallback {
				t.Errorf("got %s/%s/%q, want %s/%s/%q", r.ID, r.Precision, r.Fallback, tc.id, tc.precision, tc.fallback)
			}
		})
	}
	_, err := svc.Catalog.ResolvePlace("Atlantis")
	if e, ok := apperr.As(err); !ok || e.Code != "place.not_found" {
		t.Errorf("unknown place: %v", err)
	}
}

func urlQuery(s string) string {
	return strings.NewReplacer(" ", "%20", ".", ".").Replace(s)
}
