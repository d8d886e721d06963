package importer

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// berlinRaw reads berlin-kitas.csv independently of the importer, by id.
func berlinRaw(t *testing.T) (map[string]map[string]string, []string) {
	t.Helper()
	f, err := os.Open(realData(t, "berlin-kitas.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	var order []string
	for _, rec := range rows[1:] {
		row := map[string]string{}
		for i, h := range rows[0] {
			row[h] = rec[i]
		}
		out[row["id"]] = row
		order = append(order, row["id"])
	}
	return out, order
}

func TestBerlinKitas(t *testing.T) {
	path := realData(t, "berlin-kitas.csv")
	res := parseOK(t, path, shippedMapping(t, "berlin-kitas.json"))
	if res.Rows != 2552 || len(res.Batch.Kitas) != 2552 {
		t.Fatalf("rows %d, kitas %d, want 2552", res.Rows, len(res.Batch.Kitas))
	}
	raw, _ := berlinRaw(t)

	t.Run("casa dei bambini", func(t *testing.T) {
		k := kitaByID(t, res, "berlin-274129")
		if k.Name != "casa dei bambini" || k.SourceKey != "berlin:274129" || k.Address.District != "Biesdorf" {
			t.Errorf("got %+v", k)
		}
		if k.Hours["mo"] != (storage.TimeRange{Open: hm(6, 0), Close: hm(18, 0)}) || len(k.Hours) != 5 {
			t.Errorf("hours %v", k.Hours)
		}
		if *k.Places.U3 != 27 || *k.Places.Ue3 != 73 || *k.Places.Total != 100 {
			t.Errorf("places %d/%d/%d", *k.Places.U3, *k.Places.Ue3, *k.Places.Total)
		}
		if k.Ages == nil || *k.Ages != (storage.AgeRange{Min: 0, Max: 71}) {
			t.Errorf("ages %v", k.Ages)
		}
		c := carrierByID(t, res, k.CarrierID)
		if c.Name != "Kindergärten NordOst" || c.Type != domain.CarrierStaedtisch {
			t.Errorf("carrier %+v", c)
		}
		if !slices.Equal(k.Concepts, []string{"Montessori"}) || !k.Bookable || !k.UpdatedAt.Equal(testNow) {
			t.Errorf("concepts %v bookable %v updated %v", k.Concepts, k.Bookable, k.UpdatedAt)
		}
	})

	t.Run("carrier codes after the gap", func(t *testing.T) {
		// Checked against the source project's per-Kita files, which name
		// the carrier in full.
		for id, want := range map[string]string{
			"2578":   "W und W Wunderkids gGmbH",                                   // code 1213
			"1700":   `Kinderladen "Geierbande" e.V.`,                              // code 600
			"406129": "Kinderinsel am Garnisonkirchplatz gUG (haftungsbeschränkt)", // code 597
			"1376":   "LebensWelt Kindertagesstätte Neukölln gGmbH",                // code 1
			"1516":   "KOTTI - Nachbarschafts- und Gemeinwesenverein am Kottbusser Tor e.V.",
		} {
			k := kitaByID(t, res, "berlin-"+id)
			if c := carrierByID(t, res, k.CarrierID); c.Name != want {
				t.Errorf("kita %s: carrier %q, want %q", id, c.Name, want)
			}
		}
	})

	t.Run("every row against the raw file", func(t *testing.T) {
		for _, k := range res.Batch.Kitas {
			compareBerlin(t, k, raw[strings.TrimPrefix(k.ID, "berlin-")])
		}
	})
	logBerlinStats(t, res)
}

// compareBerlin checks one Kita against its raw row.
func compareBerlin(t *testing.T, k storage.Kita, row map[string]string) {
	t.Helper()
	if row == nil {
		t.Fatalf("%s: no raw row", k.ID)
	}
	lat, _ := strconv.ParseFloat(row["alat"], 64)
	lon, _ := strconv.ParseFloat(row["alon"], 64)
	if k.Name != strings.Join(strings.Fields(row["name"]), " ") || k.Location == nil ||
		k.Location.Lat != lat || k.Location.Lon != lon || k.Address.Postcode != row["plz"] {
		t.Errorf("%s: name/location/postcode differ: %+v vs %v", k.ID, k, row)
	}
	for _, day := range []string{"mo", "tu", "we", "th", "fr"} {
		o, c := row[day+"_o"], row[day+"_c"]
		got, has := k.Hours[day]
		unknown := func(s string) bool { return s == "0" || s == "undefined" || s == "" }
		if unknown(o) || unknown(c) {
			if has {
				t.Errorf("%s %s: hours %v, raw %q-%q", k.ID, day, got, o, c)
			}
			continue
		}
		if want, _ := parseTimeRange(o + "-" + c); got != want {
			t.Errorf("%s %s: hours %v, raw %q-%q", k.ID, day, got, o, c)
		}
	}
	checkCount(t, k.ID+" all", k.Places.Total, row["all"])
	checkCount(t, k.ID+" under", k.Places.U3, row["under"])
	checkCount(t, k.ID+" over", k.Places.Ue3, row["over"])
	if k.Hours == nil && len(k.Hours) != 0 {
		t.Errorf("%s: empty hours map stored", k.ID)
	}
}

func checkCount(t *testing.T, what string, got *int, raw string) {
	t.Helper()
	if raw == "null" {
		if got != nil {
			t.Errorf("%s: %d, raw null", what, *got)
		}
		return
	}
	want, _ := strconv.Atoi(raw)
	if got == nil || *got != want {
		t.Errorf("%s: %v, raw %q", what, got, raw)
	}
}

// logBerlinStats reports how much the source leaves unknown.
func logBerlinStats(t *testing.T, res *Result) {
	var noHours, someHours, noTotal, noU3, noUe3, noAges int
	features := map[string]int{}
	for _, k := range res.Batch.Kitas {
		switch {
		case len(k.Hours) == 0:
			noHours++
		case len(k.Hours) < 5:
			someHours++
		}
		if k.Places.Total == nil {
			noTotal++
		}
		if k.Places.U3 == nil {
			noU3++
		}
		if k.Places.Ue3 == nil {
			noUe3++
		}
		if k.Ages == nil {
			noAges++
		}
		for _, f := range k.Features {
			features[f]++
		}
	}
	t.Logf("berlin: %d kitas, %d carriers; no hours %d, some days only %d; unknown places total %d, U3 %d, Ü3 %d; unknown ages %d; features %v",
		len(res.Batch.Kitas), len(res.Batch.Carriers), noHours, someHours, noTotal, noU3, noUe3, noAges, features)
	if features["waldkita"] != 6 {
		t.Errorf("waldkita on %d Kitas, want the 6 of type Waldkindergarten", features["waldkita"])
	}
}

func TestBerlinUnknownValues(t *testing.T) {
	res := parseOK(t, realData(t, "berlin-kitas.csv"), shippedMapping(t, "berlin-kitas.json"))
	raw, order := berlinRaw(t)
	var zeroTimes, nullPlaces string
	for _, id := range order {
		r := raw[id]
		if zeroTimes == "" && r["mo_o"] == "0" && r["fr_c"] == "0" && r["we_o"] == "0" {
			zeroTimes = id
		}
		if nullPlaces == "" && r["all"] == "null" && r["under"] == "null" && r["over"] == "null" {
			nullPlaces = id
		}
	}
	t.Run("0 times give no hours", func(t *testing.T) {
		if k := kitaByID(t, res, "berlin-"+zeroTimes); k.Hours != nil {
			t.Errorf("kita %s: hours %v, want none", zeroTimes, k.Hours)
		}
	})
	t.Run("null places are unknown", func(t *testing.T) {
		k := kitaByID(t, res, "berlin-"+nullPlaces)
		if k.Places.Total != nil || k.Places.U3 != nil || k.Places.Ue3 != nil || k.Ages != nil {
			t.Errorf("kita %s: places %+v ages %v, want unknown", nullPlaces, k.Places, k.Ages)
		}
	})
}

func TestFlensburgKitas(t *testing.T) {
	path := realData(t, "flensburg-kitas.geojson")
	res := parseOK(t, path, shippedMapping(t, "flensburg-kitas.json"))
	if res.Rows != 70 || len(res.Batch.Kitas) != 70 {
		t.Fatalf("rows %d, kitas %d, want 70", res.Rows, len(res.Batch.Kitas))
	}
	t.Run("07:00-17.00", func(t *testing.T) {
		k := kitaByID(t, res, "flensburg-kita-villa-kaethe-roonstrasse-flensburg")
		want := storage.TimeRange{Open: hm(7, 0), Close: hm(17, 0)}
		for _, day := range []string{"mo", "tu", "we", "th", "fr"} {
			if k.Hours[day] != want {
				t.Errorf("%s: %v", day, k.Hours[day])
			}
		}
		if len(k.Hours) != 5 {
			t.Errorf("hours on %d days, want Mon-Fri", len(k.Hours))
		}
	})
	t.Run("only group_3_6", func(t *testing.T) {
		k := kitaByID(t, res, "flensburg-kita-duborg-boernehave-ritterstrasse-flensburg")
		if k.Ages == nil || *k.Ages != (storage.AgeRange{Min: 36, Max: 71}) {
			t.Errorf("ages %v", k.Ages)
		}
		if !slices.Equal(k.Languages, []string{"Dänisch"}) {
			t.Errorf("languages %v", k.Languages)
		}
	})
	t.Run("carrier types", func(t *testing.T) {
		want := map[string]string{
			"Stadt Flensburg": domain.CarrierStaedtisch, "Kirche": domain.CarrierEvangelisch,
			"Diako": domain.CarrierEvangelisch, "Malteser Norddeutschland gGmbH": domain.CarrierKatholisch,
			"DKSB": domain.CarrierFrei, "ADS": domain.CarrierFrei,
		}
		for _, c := range res.Batch.Carriers {
			if w, ok := want[c.Name]; ok && c.Type != w {
				t.Errorf("carrier %s: %s, want %s", c.Name, c.Type, w)
			}
			delete(want, c.Name)
		}
		if len(want) > 0 {
			t.Errorf("carriers missing: %v", want)
		}
	})
	t.Run("every feature against the raw file", func(t *testing.T) {
		compareFlensburg(t, res, path)
	})
}

func compareFlensburg(t *testing.T, res *Result, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry   struct{ Coordinates []float64 }
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	for _, f := range fc.Features {
		p := f.Properties
		k := kitaByID(t, res, "flensburg-"+p["slug"].(string))
		if k.Name != p["facility"] || k.Location.Lon != f.Geometry.Coordinates[0] || k.Location.Lat != f.Geometry.Coordinates[1] {
			t.Errorf("%s: name/location differ", k.ID)
		}
		if *k.Places.Total != int(p["childcare_places"].(float64)) {
			t.Errorf("%s: places %d", k.ID, *k.Places.Total)
		}
		if p["lunch_offer"].(bool) != slices.Contains(k.Features, "mittagessen") ||
			(p["integrational"].(float64) > 0) != slices.Contains(k.Features, "integrativ") ||
			(p["nature_3_6"].(float64) > 0) != slices.Contains(k.Features, "naturgruppe") {
			t.Errorf("%s: features %v, raw %v", k.ID, k.Features, p)
		}
		groups := p["group_0_3"].(float64) + p["group_1_6"].(float64) + p["group_3_6"].(float64) + p["group_6_14"].(float64)
		if (groups == 0) != (k.Ages == nil) {
			t.Errorf("%s: ages %v with groups %v", k.ID, k.Ages, groups)
		}
	}
}

func TestFlensburgDistricts(t *testing.T) {
	res := parseOK(t, realData(t, "flensburg-districts.geojson"), shippedMapping(t, "flensburg-districts.json"))
	kitas := parseOK(t, realData(t, "flensburg-kitas.geojson"), shippedMapping(t, "flensburg-kitas.json"))
	if len(res.Batch.Places) != 13 {
		t.Fatalf("%d districts, want 13", len(res.Batch.Places))
	}
	names := map[string]bool{}
	for _, p := range res.Batch.Places {
		if p.Kind != storage.PlaceDistrict || p.City != "Flensburg" || p.District != p.Name {
			t.Errorf("place %+v", p)
		}
		// Flensburg lies within these bounds; a centroid outside is wrong.
		if p.Location.Lat < 54.72 || p.Location.Lat > 54.84 || p.Location.Lon < 9.35 || p.Location.Lon > 9.52 {
			t.Errorf("%s: centroid %v outside Flensburg", p.Name, p.Location)
		}
		names[p.Name] = true
	}
	// The district names must be the ones the Kitas use.
	for _, k := range kitas.Batch.Kitas {
		if !names[k.Address.District] {
			t.Errorf("kita %s: district %q is not among the districts %v", k.ID, k.Address.District, names)
		}
	}
	nord := res.Batch.Places[0]
	if nord.ID != "flensburg-districts-stgt03" || nord.Name != "Nordstadt" ||
		math.Abs(nord.Location.Lat-54.8093254) > 1e-6 || math.Abs(nord.Location.Lon-9.4189891) > 1e-6 {
		t.Errorf("Nordstadt: %+v", nord)
	}
}

func TestBerlinPostcodes(t *testing.T) {
	res := parseOK(t, realData(t, "berlin-postcodes.csv"), shippedMapping(t, "berlin-postcodes.json"))
	if len(res.Batch.Places) != 190 {
		t.Fatalf("%d postcodes, want 190", len(res.Batch.Places))
	}
	p := res.Batch.Places[0]
	// 10115,13.3655,52.5233,13.4012,52.5401
	want := storage.GeoPoint{Lat: (52.5233 + 52.5401) / 2, Lon: (13.3655 + 13.4012) / 2}
	if p.ID != "berlin-plz-10115" || p.Name != "10115" || p.Postcode != "10115" || p.Kind != storage.PlacePostcode ||
		p.City != "Berlin" || p.Location != want {
		t.Errorf("first postcode %+v", p)
	}
}

// TestDemoData imports the embedded demo data, which uses the native format.
func TestDemoData(t *testing.T) {
	for _, name := range []string{"kitas.json", "places.json"} {
		t.Run(name, func(t *testing.T) {
			path := "../demodata/" + name
			if _, err := os.Stat(path); err != nil {
				t.Skipf("demo data %s not written yet", path)
			}
			res := parseOK(t, path, nil)
			if res.Rows == 0 {
				t.Fatal("no records")
			}
			for _, k := range res.Batch.Kitas {
				if !k.Demo || !strings.HasPrefix(k.SourceKey, "demo:") {
					t.Errorf("kita %s: demo %v, source key %q", k.ID, k.Demo, k.SourceKey)
				}
			}
			for _, p := range res.Batch.Places {
				if !p.Demo {
					t.Errorf("place %s not marked demo", p.ID)
				}
			}
		})
	}
}
