package importer

import (
	"errors"
	"fmt"
	"kitaportal/app/apperr"
	"math/rand/v2"
	"strings"
	"testing"
)

// testMapping is a small CSV mapping the bad-input cases share.
const testMapping = `{
  "format": "csv", "source": "test", "target": "kitas", "key": "id",
  "codes": {"type": ["städtisch", "frei"]},
  "fields": {
    "name": {"column": "name", "required": true},
    "carrier.name": "carrier",
    "carrier.type": {"column": "type", "parse": "code"},
    "lat": "lat", "lon": "lon",
    "hours.mo": "mo",
    "contact.email": "email",
    "age.min": "amin", "age.max": "amax",
    "places.total": "places",
    "bookable": "bookable"
  }
}`

const (
	testHeader = "id,name,carrier,type,lat,lon,mo,email,amin,amax,places,bookable\n"
	goodRow    = "1,Kita A,Stadt X,0,49.44,7.76,07:00-16:00,a@b.de,12,71,40,ja\n"
)

// rowCase is a file with one bad row and what its RowError must say.
type rowCase struct {
	name   string
	rows   string // after the header and one good row (so the bad row is line 3)
	field  string
	column string
	reason string
}

func TestBadRows(t *testing.T) {
	cases := []rowCase{
		{"latitude out of range", "2,Kita B,,,123.4,7.76,,,,,,\n", "lat", "lat", "latitude 123.4 is out of range"},
		{"longitude out of range", "2,Kita B,,,49.4,-190,,,,,,\n", "lon", "lon", "longitude -190 is out of range"},
		{"swapped lat/lon", "2,Kita B,,,7.76,49.44,,,,,,\n", "location", "lat, lon", "latitude and longitude look swapped"},
		{"25:00", "2,Kita B,,,,,07:00-25:00,,,,,\n", "hours.mo", "mo", `"25:00" is not a time of day (expected HH:MM, 00:00-24:00)`},
		{"closing before opening", "2,Kita B,,,,,17:00-07:00,,,,,\n", "hours.mo", "mo", "opening time must be before closing time"},
		{"unknown code", "2,Kita B,Stadt X,7,,,,,,,,\n", "carrier.type", "type", `code "7" is not in code list "type"`},
		{"duplicate key", "1,Kita B,,,,,,,,,,\n", "key", "id", `duplicate key "1" (first used on line 2)`},
		{"empty name", "2, ,,,,,,,,,,\n", "name", "name", "is required but empty"},
		{"empty key", ",Kita B,,,,,,,,,,\n", "key", "id", "is empty"},
		{"bad e-mail", "2,Kita B,,,,,,kita@,,,,\n", "contact.email", "email", `"kita@" is not a valid e-mail address`},
		{"age min above max", "2,Kita B,,,,,,,36,12,,\n", "age", "amin, amax", "minimum age 36 months is above the maximum 12"},
		{"negative places", "2,Kita B,,,,,,,,,-5,\n", "places.total", "places", `"-5" must not be negative`},
		{"not a yes/no", "2,Kita B,,,,,,,,,,vielleicht\n", "bookable", "bookable", `"vielleicht" is not a yes/no value`},
		{"decimal comma without the mapping saying so", "2,Kita B,,,\"49,4\",7.7,,,,,,\n", "lat", "lat", "decimal separator is '.'"},
		{"only latitude", "2,Kita B,,,49.4,,,,,,,\n", "location", "lat, lon", "only one of latitude and longitude"},
		{"carrier type conflict", "2,Kita B,Stadt X,1,,,,,,,,\n", "carrier.type", "type", `differs from the type "städtisch" that carrier "Stadt X" has on line 2`},
		{"wrong number of values", "2,Kita B\n", "", "", "has 2 values, but the header has 12 columns"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m := mappingFrom(t, dir, testMapping)
			path := writeFile(t, dir, "kitas.csv", testHeader+goodRow+tc.rows)
			res, err := ParseFile(path, Options{Mapping: m})
			var rej *RejectedError
			if !errors.As(err, &rej) || !errors.Is(err, ErrRejected) {
				t.Fatalf("want a RejectedError, got %v", err)
			}
			if len(res.Batch.Kitas) != 0 || res.RejectedRows() != 1 || len(res.Rejected) != 1 {
				t.Fatalf("batch %d kitas, %d rows / %d problems rejected: %v", len(res.Batch.Kitas), res.RejectedRows(), len(res.Rejected), res.Rejected)
			}
			re := res.Rejected[0]
			if re.File != "kitas.csv" || re.Line != 3 || re.Feature != 0 || re.Field != tc.field || re.Column != tc.column {
				t.Errorf("got file %q line %d field %q column %q", re.File, re.Line, re.Field, re.Column)
			}
			msg := re.Error()
			for _, want := range []string{"kitas.csv line 3", tc.reason} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			if tc.field != "" && !strings.Contains(msg, "field "+tc.field) {
				t.Errorf("message %q does not name the field", msg)
			}
			if !strings.Contains(err.Error(), msg) || !strings.Contains(err.Error(), "1 of 2 rows rejected") {
				t.Errorf("file error %q does not list the row", err)
			}
		})
	}
}

func TestBadFiles(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	noise := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.UintN(256))
	}
	cases := []struct {
		name      string
		data      string
		code      apperr.Code
		fragments []string
	}{
		{"empty file", "", apperr.ImportEmpty, []string{"kitas.csv: is empty"}},
		{"only white space", " \n\r\n", apperr.ImportEmpty, []string{"is empty"}},
		{"PNG header", png, apperr.ImportBinary, []string{"kitas.csv line 3", "binary file"}},
		{"random bytes", string(noise), apperr.ImportBinary, []string{"kitas.csv", "binary file"}},
		{"UTF-16", "\xff\xfei\x00d\x00", apperr.ImportEncoding, []string{"UTF-16"}},
		{"unclosed quote", testHeader + goodRow + "2,\"Kita B,,,,,,,,,,\n3,Kita C,,,,,,,,,,\n", apperr.ImportCSV,
			[]string{"kitas.csv line 3", "broken quoting", "(the problem shows on line 4)"}},
		{"quote inside a value", testHeader + goodRow + "2,Kita \"B\",,,,,,,,,,\n", apperr.ImportCSV,
			[]string{"kitas.csv line 3", "broken quoting", "column 8"}},
		{"missing required column", "id,carrier,type,lat,lon,mo,email,amin,amax,places,bookable\n1,,,,,,,,,,\n", apperr.ImportColumn,
			[]string{"kitas.csv line 1", `column "name" (for name) is not in the header`}},
		{"header only", testHeader, apperr.ImportNoRecords, []string{"no data rows"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m := mappingFrom(t, dir, testMapping)
			res, err := ParseFile(writeFile(t, dir, "kitas.csv", tc.data), Options{Mapping: m})
			if res != nil {
				t.Errorf("want no result for a file error, got %+v", res)
			}
			wantFileErr(t, err, tc.fragments...)
			var fe *FileError
			if errors.As(err, &fe) && fe.Code != tc.code {
				t.Errorf("code %q, want %q", fe.Code, tc.code)
			}
		})
	}
}

func TestBadJSONFiles(t *testing.T) {
	geo := `{"format": "geojson", "source": "g", "target": "kitas", "key": "id", "fields": {"name": "name"}}`
	cases := []struct {
		name, mapping, file, data string
		fragments                 []string
	}{
		{"invalid JSON", geo, "k.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [\n {,}]}", []string{"k.geojson line 3", "not valid JSON"}},
		{"not a FeatureCollection", geo, "k.geojson", `{"type": "Feature"}`, []string{"not a GeoJSON FeatureCollection"}},
		{"projected CRS", geo, "k.geojson", `{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}}, "features": []}`,
			[]string{"EPSG::25832", "only WGS84"}},
		{"key property in no feature", geo, "k.geojson", `{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {"ID": 1, "name": "A"}}]}`,
			[]string{`property "id" (for key) is in no record`}},
		{"native: unknown top-level key", "", "k.json", `{"demo": true, "kitaz": []}`, []string{`unknown top-level key "kitaz"`}},
		{"native: GeoJSON without mapping", "", "k.json", `{"type": "FeatureCollection", "features": []}`, []string{"GeoJSON needs a mapping"}},
		{"CSV without mapping", "", "k.csv", "id,name\n1,A\n", []string{"csv files need a mapping"}},
		{"JSON records path missing", `{"format": "json", "source": "j", "target": "kitas", "key": "id", "records": "data.items", "fields": {"name": "name"}}`,
			"k.json", `{"data": {"rows": []}}`, []string{`no array of records at "data.items"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var m *Mapping
			if tc.mapping != "" {
				m = mappingFrom(t, dir, tc.mapping)
			}
			_, err := ParseFile(writeFile(t, dir, tc.file, tc.data), Options{Mapping: m})
			wantFileErr(t, err, tc.fragments...)
		})
	}
}

func TestBadGeoJSONFeatures(t *testing.T) {
	dir := t.TempDir()
	m := mappingFrom(t, dir, `{"format": "geojson", "source": "g", "target": "kitas", "key": "id", "fields": {"name": "name", "hours": "hours"}}`)
	data := `{"type": "FeatureCollection", "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.43, 54.79]}, "properties": {"id": 1, "name": "A"}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [54.79, 9.43]}, "properties": {"id": 2, "name": "B"}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.43, 94.79]}, "properties": {"id": 3, "name": "C"}},
  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[9.43, 54.79]]}, "properties": {"id": 4, "name": "D"}},
  {"type": "Feature", "geometry": null, "properties": {"id": 5, "name": "E", "hours": "07:00-25:00"}},
  {"type": "Feature", "geometry": null, "properties": {"id": 6, "name": ["E", "F"]}}
]}`
	res, err := ParseFile(writeFile(t, dir, "k.geojson", data), Options{Mapping: m, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`k.geojson feature 2 (line 3), field location (property "geometry"): latitude and longitude look swapped`,
		`k.geojson feature 3 (line 4), field lat (property "geometry"): latitude 94.79 is out of range`,
		`k.geojson feature 4 (line 5), field location (property "geometry"): has a geometry of type "LineString"`,
		`k.geojson feature 5 (line 6), field hours (property "hours"): "25:00" is not a time of day`,
		`k.geojson feature 6 (line 7), field name (property "name"): "E, F" is a list of 2 values, expected one`,
	}
	if len(res.Rejected) != len(want) || len(res.Batch.Kitas) != 1 {
		t.Fatalf("rejected %v, kitas %d", res.Rejected, len(res.Batch.Kitas))
	}
	for i, w := range want {
		if got := res.Rejected[i].Error(); !strings.HasPrefix(got, w) {
			t.Errorf("problem %d:\n got %s\nwant %s…", i, got, w)
		}
	}
}

func TestRejectedErrorListsTen(t *testing.T) {
	dir := t.TempDir()
	m := mappingFrom(t, dir, testMapping)
	var b strings.Builder
	b.WriteString(testHeader)
	for i := range 25 {
		b.WriteString(strings.Replace(goodRow, "1,", fmt.Sprintf("g%d,", i), 1))
		b.WriteString(fmt.Sprintf("b%d,Kita,,,,,26:00-27:00,,,,,\n", i))
	}
	res, err := ParseFile(writeFile(t, dir, "kitas.csv", b.String()), Options{Mapping: m})
	if err == nil || res.RejectedRows() != 25 || len(res.Rejected) != 25 {
		t.Fatalf("err %v, rejected %d", err, len(res.Rejected))
	}
	msg := err.Error()
	if strings.Count(msg, "\n  kitas.csv line") != 10 || !strings.Contains(msg, "… and 15 more problems") ||
		!strings.HasPrefix(msg, "kitas.csv: 25 of 50 rows rejected") {
		t.Errorf("message:\n%s", msg)
	}
}
