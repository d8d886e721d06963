package kitas

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/sirupsen/logrus"

	"kitaportal/app/internal/testcity"
	"kitaportal/search"
	"kitaportal/storage"
)

func quietLog() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

// testCatalog is a catalogue with the store and index behind it in reach.
type testCatalog struct {
	*Catalog
	Store *storage.DB
	Index *search.Index
}

func newTestCatalog(store *storage.DB, ix *search.Index) *testCatalog {
	return &testCatalog{Catalog: New(store, ix, quietLog()), Store: store, Index: ix}
}

// newFixture opens a real store and index in a temporary directory and
// loads the test city.
func newFixture(t testing.TB) (*testCatalog, string) {
	t.Helper()
	dir := t.TempDir()
	svc := openServices(t, dir)
	if _, err := svc.ApplyBatch(testcity.Batch()); err != nil {
		t.Fatal(err)
	}
	return svc, dir
}

func openServices(t testing.TB, dir string) *testCatalog {
	t.Helper()
	store, err := storage.Open(filepath.Join(dir, "kitaportal.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := OpenIndex(filepath.Join(dir, "index"), store, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	svc := newTestCatalog(store, ix)
	t.Cleanup(func() { closeServices(t, svc) })
	return svc
}

func closeServices(t testing.TB, svc *testCatalog) {
	if svc.Store == nil {
		return
	}
	if err := svc.Store.Check(); err != nil {
		t.Error(err)
	}
	svc.Catalog.Index().Close()
	svc.Store.Close()
	svc.Store = nil
}

// setFreePlaces writes a Kita's free places the way Kita staff do.
func setFreePlaces(svc *testCatalog, id string, u3, ue3 *int) error {
	return svc.UpdateKita(id, func(k *storage.Kita) error {
		k.FreePlaces = storage.FreePlaces{U3: u3, Ue3: ue3}
		return nil
	})
}
