package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kitaportal/storage"
)

// Real data and the shipped mappings, relative to this package.
const (
	dataDir     = "../../../shared/data"
	mappingsDir = "../../build/mappings"
)

var testNow = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// realData returns the path of a file in shared/data, skipping the test
// when the data set is not checked out next to the repository.
func realData(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(dataDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real data %s not found (expected shared/data next to the repository): %v", name, err)
	}
	return path
}

func shippedMapping(t testing.TB, name string) *Mapping {
	t.Helper()
	m, err := LoadMapping(filepath.Join(mappingsDir, name))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return m
}

// writeFile writes content into the test's temporary directory.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// mappingFrom writes a mapping file and loads it.
func mappingFrom(t testing.TB, dir, content string) *Mapping {
	t.Helper()
	m, err := LoadMapping(writeFile(t, dir, "mapping.json", content))
	if err != nil {
		t.Fatalf("load mapping: %v", err)
	}
	return m
}

// parseOK parses a file that must import without any rejection.
func parseOK(t testing.TB, path string, m *Mapping) *Result {
	t.Helper()
	res, err := ParseFile(path, Options{Mapping: m, Now: testNow})
	if err != nil {
		t.Fatalf("parse %s: %v", filepath.Base(path), err)
	}
	if len(res.Rejected) > 0 {
		t.Fatalf("parse %s: %d rejected, first: %v", filepath.Base(path), len(res.Rejected), res.Rejected[0])
	}
	return res
}

// openStore opens a real store in a temporary directory and checks its
// consistency when the test ends.
func openStore(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "kitaportal.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Errorf("store check: %v", err)
		}
		db.Close()
	})
	return db
}

func kitaByID(t testing.TB, res *Result, id string) storage.Kita {
	t.Helper()
	for _, k := range res.Batch.Kitas {
		if k.ID == id {
			return k
		}
	}
	t.Fatalf("kita %s not in batch", id)
	return storage.Kita{}
}

func carrierByID(t testing.TB, res *Result, id string) storage.Carrier {
	t.Helper()
	for _, c := range res.Batch.Carriers {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("carrier %s not in batch", id)
	return storage.Carrier{}
}

// wantErr checks that err is a file error mentioning every fragment.
func wantFileErr(t *testing.T, err error, fragments ...string) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("want a *FileError, got %T: %v", err, err)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}

func hm(h, m int) int { return h*60 + m }
