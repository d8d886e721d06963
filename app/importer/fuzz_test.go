package importer

import (
	"encoding/json"
	"errors"
	"testing"
)

// fuzzCSVMapping exercises most parse kinds, with detection of delimiter
// and encoding left to the importer.
const fuzzCSVMapping = `{
  "format": "csv", "source": "fz", "target": "kitas", "key": "id", "decimal": ",",
  "codes": {"t": ["städtisch", "frei", ""], "c": {"a": "Montessori", "b": "Waldorf"}},
  "fields": {
    "name": {"column": "name", "required": true},
    "carrier.name": "carrier",
    "carrier.type": {"column": "t", "parse": "code", "map": {"frei": "frei", "*": "städtisch"}},
    "lat": "lat", "lon": "lon",
    "hours": {"column": "h", "null_values": ["0"]},
    "hours.sa.open": "so", "hours.sa.close": "sc",
    "age_groups": [{"column": "u", "from": 0, "to": 35}, {"column": "o", "from": 36, "to": 71}],
    "places.total": {"column": "p", "null_values": ["null"]},
    "concepts": {"column": "c", "parse": "code_list", "split": "|"},
    "features": [{"column": "m", "parse": "flag", "value": "mittagessen"}, {"column": "f", "parse": "list"}],
    "contact.email": "e", "bookable": {"column": "b", "default": true}
  }
}`

const fuzzGeoMapping = `{
  "format": "geojson", "source": "fz", "target": "kitas", "key": "@id",
  "fields": {
    "name": "name", "hours": "hours", "places.total": "p",
    "age_groups": [{"column": "g", "from": 0, "to": 35}],
    "features": [{"column": "lunch", "value": "mittagessen"}]
  }
}`

func fuzzMapping(t testing.TB, text string) *Mapping {
	m, err := parseMapping("fuzz-mapping.json", []byte(text), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checkFuzzResult states what must hold for any input besides not panicking.
func checkFuzzResult(t *testing.T, res *Result, err error) {
	var fe *FileError
	var rej *RejectedError
	switch {
	case errors.As(err, &fe):
		if res != nil {
			t.Fatalf("file error with a result: %v", err)
		}
		return
	case errors.As(err, &rej):
		if len(res.Batch.Kitas)+len(res.Batch.Carriers) != 0 || len(rej.Errors) == 0 {
			t.Fatalf("rejected but batch not empty: %v", err)
		}
		return
	case err != nil:
		t.Fatalf("unexpected error type %T: %v", err, err)
	}
	if _, err := json.Marshal(res.Batch); err != nil {
		t.Fatalf("batch cannot be stored: %v", err)
	}
	for _, k := range res.Batch.Kitas {
		if k.ID == "" || k.Name == "" {
			t.Fatalf("kita without id or name: %+v", k)
		}
		for day, h := range k.Hours {
			if h.Open < 0 || h.Close > 24*60 || h.Open >= h.Close {
				t.Fatalf("kita %s: bad hours on %s: %+v", k.ID, day, h)
			}
		}
		if l := k.Location; l != nil && (l.Lat < -90 || l.Lat > 90 || l.Lon < -180 || l.Lon > 180) {
			t.Fatalf("kita %s: location %v", k.ID, l)
		}
		if a := k.Ages; a != nil && (a.Min < 0 || a.Min > a.Max) {
			t.Fatalf("kita %s: ages %v", k.ID, a)
		}
	}
}

func FuzzParseCSV(f *testing.F) {
	head := "id;name;carrier;t;lat;lon;h;so;sc;u;o;p;c;m;f;e;b\n"
	f.Add([]byte(head + "1;Kita Ä;Stadt;0;49,44;7,76;07:00-16:00;09:00;12:00;1;0;40;a|b;ja;hort;k@x.de;nein\n"))
	f.Add([]byte(head + "1;Kita;;9;7,7;49,4;25:00-26:00;;;x;;-1;z;vielleicht;pool;@;\n2;Kita;;;;;;;;;;;;;;;\n"))
	f.Add([]byte("\xef\xbb\xbf" + head + "1;K\xe4ta;;;;;0;;;;;null;;;;;\n"))
	f.Add([]byte(head + "1;\"Kita\n2;x\n"))
	f.Add([]byte("id,name\n1,\"a\"b\"\n"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte(""))
	m := fuzzMapping(f, fuzzCSVMapping)
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := parseData("fuzz.csv", t.TempDir(), data, Options{Mapping: m, Now: testNow})
		checkFuzzResult(t, res, err)
		res, err = parseData("fuzz.csv", t.TempDir(), data, Options{Mapping: m, SkipInvalid: true, Now: testNow})
		checkFuzzResult(t, res, err)
	})
}

func FuzzParseGeoJSON(f *testing.F) {
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[9.4,54.8]},"properties":{"name":"A","hours":"07:00-17.00","p":60,"g":1,"lunch":true}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","geometry":{"type":"Polygon","coordinates":[[[9,54],[10,54],[10,55],[9,54]],[[9.1,54.1]]]},"properties":{"name":["A"]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":2,"geometry":{"type":"MultiPolygon","coordinates":[[[[1,2]]]]},"properties":null},{"type":"Feature","geometry":{"type":"Point","coordinates":[1]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","crs":{"properties":{"name":"EPSG:25832"}},"features":[]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[1e308,-1e308]},"properties":{"name":{"a":1}}}]}`))
	f.Add([]byte(`[`))
	m := fuzzMapping(f, fuzzGeoMapping)
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := parseData("fuzz.geojson", t.TempDir(), data, Options{Mapping: m, SkipInvalid: true, Now: testNow})
		checkFuzzResult(t, res, err)
	})
}
