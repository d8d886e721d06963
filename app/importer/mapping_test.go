package importer

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestMappingErrors(t *testing.T) {
	const head = `"format": "csv", "source": "t", "target": "kitas", "key": "id"`
	with := func(fields string) string { return `{` + head + `, "fields": {` + fields + `}}` }
	cases := []struct {
		name, mapping, want string
	}{
		{"unknown top-level key", `{` + head + `, "fomat": "csv", "fields": {"name": "n"}}`, `unknown key "fomat"`},
		{"unknown target field", with(`"name": "n", "nmae": "x"`), `unknown target field "nmae"`},
		{"unknown option", with(`"name": {"colum": "n"}`), `fields.name: unknown option "colum"`},
		{"unknown parse kind", with(`"name": "n", "hours": {"column": "h", "parse": "timerange"}`), `fields.hours: unknown parse kind "timerange"`},
		{"parse kind for another type", with(`"name": "n", "lat": {"column": "a", "parse": "time"}, "lon": "o"`), `fields.lat: parse "time" cannot feed this field (use number)`},
		{"carrier type not in the list", with(`"name": "n", "carrier.type": {"column": "t", "map": {"Stadt": "kommunal"}}`), `fields.carrier.type: map["Stadt"]: "kommunal" is not a carrier type`},
		{"unknown feature", with(`"name": "n", "features": [{"column": "p", "value": "pool"}]`), `fields.features: [0]: value: "pool" is not a feature key`},
		{"feature map to an unknown key", with(`"name": "n", "features": [{"column": "p", "map": {"x": "sauna"}}]`), `"sauna" is not a feature key`},
		{"undefined code list", with(`"name": "n", "carrier.name": {"column": "p", "parse": "code"}`), `code list "p" is not defined`},
		{"constant and column", with(`"name": "n", "address.city": {"column": "c", "constant": "Berlin"}`), `a "constant" takes no column`},
		{"bad constant", with(`"name": "n", "bookable": {"constant": "vielleicht"}`), `fields.bookable: constant: "vielleicht" is not a yes/no value`},
		{"list for a single field", with(`"name": ["n", "m"]`), `fields.name: takes one spec, not a list`},
		{"no name", with(`"address.city": "c"`), `"name" is missing`},
		{"lat without lon", with(`"name": "n", "lat": "a"`), `"lat" and "lon" go together`},
		{"age group without range", with(`"name": "n", "age_groups": [{"column": "u"}]`), `needs "from" and "to"`},
		{"bad regular expression", with(`"name": {"column": "n", "replace": [{"pattern": "([", "with": ""}]}`), `replace[0]: error parsing regexp`},
		{"split on a scalar", with(`"name": {"column": "n", "split": "|"}`), `"split" is only for parse "list"`},
		{"missing format", `{"source": "t", "target": "kitas", "key": "id", "fields": {"name": "n"}}`, `"format" is missing`},
		{"bad source", `{"format": "csv", "source": "Berlin Mitte", "target": "kitas", "key": "id", "fields": {"name": "n"}}`, `"source": "Berlin Mitte"`},
		{"bad target", `{"format": "csv", "source": "t", "target": "kita", "key": "id", "fields": {"name": "n"}}`, `"target": "kita"`},
		{"no key", `{"format": "csv", "source": "t", "target": "kitas", "fields": {"name": "n"}}`, `"key" is missing`},
		{"bad delimiter", `{` + head + `, "delimiter": "#", "fields": {"name": "n"}}`, `"delimiter": "#"`},
		{"bad encoding", `{` + head + `, "encoding": "ebcdic", "fields": {"name": "n"}}`, `"encoding": "ebcdic"`},
		{"wrong type", `{` + head + `, "fields": {"name": {"column": "n", "required": "yes"}}}`, `required must be bool`},
		{"code list neither list nor object", `{` + head + `, "codes": {"t": 5}, "fields": {"name": "n"}}`, `codes.t: must be a list of labels`},
		{"unknown code list option", `{` + head + `, "codes": {"t": {"file": "c.json", "lst": "t"}}, "fields": {"name": "n"}}`, `codes.t: unknown option "lst"`},
		{"invalid JSON", "{\n" + head + ",\n \"fields\": {\"name\": \"n\",}\n}", "mapping.json line 3: invalid JSON"},
		{"empty", "", "mapping.json: is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "mapping.json", tc.mapping)
			_, err := LoadMapping(path)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("want a FileError, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "mapping.json") {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

// TestShippedMappingsLoad keeps the documented mappings loadable even where
// the real data is not checked out.
func TestShippedMappingsLoad(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(mappingsDir, "*.json"))
	if err != nil || len(paths) < 4 {
		t.Fatalf("found %v (%v)", paths, err)
	}
	for _, p := range paths {
		if _, err := LoadMapping(p); err != nil {
			t.Error(err)
		}
	}
}

func TestCodeLists(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "codes.json", `{"carriers": ["Stadt", "Kirche", "Verein"], "other": {}}`)
	m := mappingFrom(t, dir, `{
	  "format": "csv", "source": "t", "target": "kitas", "key": "id",
	  "codes": {
	    "kind": {"a": "städtisch", "b": "evangelisch"},
	    "carrier": {"file": "codes.json", "list": "carriers", "gaps": [1]},
	    "tags": ["Montessori", null, "Waldorf"]
	  },
	  "fields": {
	    "name": "name",
	    "carrier.name": {"column": "carrier", "parse": "code"},
	    "carrier.type": {"column": "kind", "parse": "code"},
	    "concepts": {"column": "tags", "parse": "code_list", "split": "|"}
	  }
	}`)
	// The data lives elsewhere: the code file is found next to the mapping.
	data := writeFile(t, t.TempDir(), "k.csv", "id,name,carrier,kind,tags\n1,A,0,a,0|1|2\n2,B,2,b,\n3,C,3,a,2\n4,D,1,a,\n")
	res, err := ParseFile(data, Options{Mapping: m, SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, k := range res.Batch.Kitas {
		got[k.Name] = carrierByID(t, res, k.CarrierID).Name + "/" + strings.Join(k.Concepts, "+")
	}
	want := map[string]string{"A": "Stadt/Montessori+Waldorf", "B": "Kirche/", "C": "Verein/Waldorf"}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	if len(res.Rejected) != 1 || !strings.Contains(res.Rejected[0].Error(), `line 5, field carrier.name (column "carrier"): code "1" is not in code list "carrier" (0-3)`) {
		t.Errorf("rejected %v", res.Rejected)
	}
}

func TestCodeFileNotFound(t *testing.T) {
	dir := t.TempDir()
	m := mappingFrom(t, dir, `{"format": "csv", "source": "t", "target": "kitas", "key": "id",
	  "codes": {"c": {"file": "nowhere.json"}}, "fields": {"name": {"column": "c", "parse": "code"}}}`)
	_, err := ParseFile(writeFile(t, dir, "k.csv", "id,c\n1,0\n"), Options{Mapping: m})
	wantFileErr(t, err, "mapping.json", `code list "c"`, `"nowhere.json" was found neither next to the mapping nor next to the data file`)
}

func TestFormatOption(t *testing.T) {
	dir := t.TempDir()
	m := mappingFrom(t, dir, testMapping)
	path := writeFile(t, dir, "kitas.csv", testHeader+goodRow)
	_, err := ParseFile(path, Options{Mapping: m, Format: "geojson"})
	wantFileErr(t, err, "format geojson was asked for, but the mapping mapping.json is for csv files")
	_, err = ParseFile(path, Options{Mapping: m, Format: "xlsx"})
	wantFileErr(t, err, `unknown format "xlsx"`)
	if _, err := ParseFile(path, Options{Mapping: m, Format: "CSV"}); err != nil {
		t.Error(err)
	}
}
