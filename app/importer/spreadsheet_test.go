package importer

import (
	"slices"
	"testing"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// germanMapping reads a typical German spreadsheet export: delimiter and
// encoding detected, decimal comma.
const germanMapping = `{
  "format": "csv", "source": "musterstadt", "target": "kitas", "key": "Nr",
  "decimal": ",",
  "fields": {
    "name": {"column": "Name", "required": true},
    "carrier.name": "Träger",
    "carrier.type": "Trägerart",
    "address.street": "Straße",
    "address.postcode": "PLZ",
    "address.city": "Ort",
    "lat": "Breite", "lon": "Länge",
    "hours": "Öffnungszeiten",
    "places.u3": {"column": "Plätze U3"},
    "features": [{"column": "Mittagessen", "parse": "flag", "value": "mittagessen"}]
  }
}`

const germanHeader = "Nr;Name;Träger;Trägerart;Straße;PLZ;Ort;Breite;Länge;Öffnungszeiten;Mittagessen;Plätze U3\r\n"

func checkGerman(t *testing.T, res *Result) {
	t.Helper()
	if len(res.Batch.Kitas) != 2 {
		t.Fatalf("%d kitas, want 2", len(res.Batch.Kitas))
	}
	k := res.Batch.Kitas[0]
	if k.ID != "musterstadt-1" || k.Name != "Kita Bärenhöhle" || k.Address.Street != "Große Straße 7" {
		t.Errorf("kita %+v", k)
	}
	if k.Location == nil || k.Location.Lat != 49.4431 || k.Location.Lon != 7.7689 {
		t.Errorf("location %v", k.Location)
	}
	if k.Hours["mo"] != (storage.TimeRange{Open: hm(7, 30), Close: hm(16, 30)}) {
		t.Errorf("hours %v", k.Hours)
	}
	if !slices.Equal(k.Features, []string{"mittagessen"}) || *k.Places.U3 != 12 {
		t.Errorf("features %v, u3 %v", k.Features, k.Places.U3)
	}
	c := carrierByID(t, res, k.CarrierID)
	if c.Name != "Katholische Kirchengemeinde St. Martin" || c.Type != domain.CarrierKatholisch {
		t.Errorf("carrier %+v", c)
	}
	if k2 := res.Batch.Kitas[1]; k2.Name != "Kita Süßes Früchtchen" || carrierByID(t, res, k2.CarrierID).Type != domain.CarrierStaedtisch {
		t.Errorf("second kita %+v", k2)
	}
}

func TestGermanSpreadsheetExports(t *testing.T) {
	rows := "1;Kita Bärenhöhle;Katholische Kirchengemeinde St. Martin;Katholisch;Große Straße 7;67655;Kaiserslautern;49,4431;7,7689;7:30 - 16:30;ja;12\r\n" +
		"2;Kita Süßes Früchtchen;Stadt Musterstadt;staedtisch;Weg 1;67657;Kaiserslautern;49,45;7,77;07:00–17:00;nein;0\r\n" +
		";;;;;;;;;;;\r\n" // Excel pads exports with empty rows
	cases := []struct {
		name string
		data []byte
	}{
		{"UTF-8", []byte(germanHeader + rows)},
		{"UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, germanHeader+rows...)},
		{"Windows-1252", toWindows1252(t, germanHeader+rows)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m := mappingFrom(t, dir, germanMapping)
			path := writeFile(t, dir, "kitas.csv", string(tc.data))
			checkGerman(t, parseOK(t, path, m))
		})
	}
}

// toWindows1252 encodes the few non-ASCII letters the test uses, byte by
// byte, so the test does not depend on the decoder it checks.
func toWindows1252(t *testing.T, s string) []byte {
	t.Helper()
	table := map[rune]byte{'ä': 0xE4, 'ö': 0xF6, 'ü': 0xFC, 'ß': 0xDF, 'Ä': 0xC4, 'Ö': 0xD6, 'Ü': 0xDC, '–': 0x96}
	var out []byte
	for _, r := range s {
		switch b, ok := table[r]; {
		case ok:
			out = append(out, b)
		case r < 0x80:
			out = append(out, byte(r))
		default:
			t.Fatalf("no Windows-1252 byte for %q in the test table", r)
		}
	}
	return out
}

func TestSpreadsheetTimeFormats(t *testing.T) {
	dir := t.TempDir()
	m := mappingFrom(t, dir, `{
	  "format": "csv", "source": "t", "target": "kitas", "key": "id", "delimiter": "\t",
	  "fields": {"name": "name", "hours.mo.open": "auf", "hours.mo.close": "zu", "hours.tu": "di", "free_places.as_of": "stand"}
	}`)
	path := writeFile(t, dir, "k.tsv", "id\tname\tauf\tzu\tdi\tstand\n"+
		"a\tKita A\t07:30:00\t16.45 Uhr\t7:00 bis 15:00\t01.11.2026\n")
	k := parseOK(t, path, m).Batch.Kitas[0]
	if k.Hours["mo"] != (storage.TimeRange{Open: hm(7, 30), Close: hm(16, 45)}) ||
		k.Hours["tu"] != (storage.TimeRange{Open: hm(7, 0), Close: hm(15, 0)}) || k.FreePlaces.AsOf != "2026-11-01" {
		t.Errorf("hours %v, as of %q", k.Hours, k.FreePlaces.AsOf)
	}
}
