package importer

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"kitaportal/storage"
)

// snapshot is everything the store holds about Kitas and carriers, as JSON.
func snapshot(t *testing.T, db *storage.DB) string {
	t.Helper()
	var b strings.Builder
	if _, err := db.ForEachKita(func(k storage.Kita) error {
		data, err := json.Marshal(k)
		b.Write(data)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	carriers, err := db.Carriers()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(carriers)
	b.Write(data)
	return b.String()
}

func apply(t *testing.T, db *storage.DB, res *Result) storage.BatchResult {
	t.Helper()
	out, err := db.ApplyBatch(res.Batch)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return out
}

func TestImportTwiceChangesNothing(t *testing.T) {
	sources := map[string]func(t *testing.T) (string, *Mapping){
		"synthetic CSV": func(t *testing.T) (string, *Mapping) {
			dir := t.TempDir()
			return writeFile(t, dir, "kitas.csv", testHeader+goodRow+"2,Kita B,Stadt X,0,49.45,7.77,,,,,,nein\n"),
				mappingFrom(t, dir, testMapping)
		},
		"Flensburg": func(t *testing.T) (string, *Mapping) {
			return realData(t, "flensburg-kitas.geojson"), shippedMapping(t, "flensburg-kitas.json")
		},
	}
	for name, source := range sources {
		t.Run(name, func(t *testing.T) {
			path, m := source(t)
			db := openStore(t)
			first := parseOK(t, path, m)
			if got := apply(t, db, first); got.Created != len(first.Batch.Kitas) || got.Updated != 0 {
				t.Fatalf("first import: %+v", got)
			}
			before := snapshot(t, db)
			// A later run: only UpdatedAt differs, which must not count as a change.
			second, err := ParseFile(path, Options{Mapping: m, Now: testNow.AddDate(0, 0, 7)})
			if err != nil {
				t.Fatal(err)
			}
			got := apply(t, db, second)
			if got.Created != 0 || got.Updated != 0 || got.Unchanged != len(first.Batch.Kitas) || len(got.ChangedKitas) != 0 {
				t.Errorf("second import: %+v", got)
			}
			if after := snapshot(t, db); after != before {
				t.Error("the store changed on the second import")
			}
		})
	}
}

func TestRejectedRowStoresNothing(t *testing.T) {
	dir := t.TempDir()
	m := mappingFrom(t, dir, testMapping)
	db := openStore(t)
	apply(t, db, parseOK(t, writeFile(t, dir, "old.csv", testHeader+"9,Kita Alt,,,,,,,,,,\n"), m))
	before := snapshot(t, db)

	path := writeFile(t, dir, "new.csv", testHeader+goodRow+"2,Kita B,,,,,07:00-25:00,,,,,\n3,Kita C,,,,,,,,,,\n")
	res, err := ParseFile(path, Options{Mapping: m})
	if err == nil {
		t.Fatal("want an error")
	}
	if len(res.Batch.Kitas)+len(res.Batch.Carriers)+len(res.Batch.Places) != 0 {
		t.Fatalf("batch not empty: %+v", res.Batch)
	}
	apply(t, db, res) // even a careless caller stores nothing
	if n, _ := db.CountKitas(); n != 1 || snapshot(t, db) != before {
		t.Errorf("store changed: %d kitas", n)
	}
}

func TestSkipInvalidKeepsValidRows(t *testing.T) {
	dir := t.TempDir()
	m := mappingFrom(t, dir, testMapping)
	var rows strings.Builder
	rows.WriteString(testHeader)
	bad := map[int]string{}
	for i := 1; i <= 12; i++ {
		line := i + 1
		switch i % 4 {
		case 0:
			fmt.Fprintf(&rows, "%d,Kita %d,,,7.7,49.4,,,,,,\n", i, i)
			bad[line] = "latitude and longitude look swapped"
		case 1:
			fmt.Fprintf(&rows, "%d,Kita %d,,,,,06:00-24:30,,,,,\n", i, i)
			bad[line] = `"24:30" is not a time of day`
		default:
			fmt.Fprintf(&rows, "%d,Kita %d,Träger %d,1,49.4,7.7,06:00-24:00,,0,35,,\n", i, i, i%2)
		}
	}
	res, err := ParseFile(writeFile(t, dir, "k.csv", rows.String()), Options{Mapping: m, SkipInvalid: true, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows != 12 || len(res.Batch.Kitas) != 6 || len(res.Batch.Carriers) != 2 || res.RejectedRows() != 6 {
		t.Fatalf("rows %d, kitas %d, carriers %d, rejected %d", res.Rows, len(res.Batch.Kitas), len(res.Batch.Carriers), res.RejectedRows())
	}
	for _, re := range res.Rejected {
		want, ok := bad[re.Line]
		if !ok || !strings.Contains(re.Error(), want) {
			t.Errorf("unexpected rejection %v", re)
		}
		delete(bad, re.Line)
	}
	if len(bad) != 0 {
		t.Errorf("not reported: %v", bad)
	}
	db := openStore(t)
	if got := apply(t, db, res); got.Created != 6 {
		t.Errorf("apply: %+v", got)
	}
	k, err := db.GetKita("test-2")
	if err != nil || k.Hours["mo"].Close != 24*60 || k.Ages.Max != 35 || !k.UpdatedAt.Equal(testNow) {
		t.Errorf("stored %+v, %v", k, err)
	}
}
