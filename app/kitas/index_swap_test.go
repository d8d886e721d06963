package kitas

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/sirupsen/logrus/hooks/test"

	"kitaportal/search"
	"kitaportal/storage"
)

// liveProbe runs the probes through the catalogue, as the API does.
func liveProbe(t *testing.T, c *Catalog) ([]search.KitaResult, error) {
	t.Helper()
	var out []search.KitaResult
	for _, f := range indexProbes {
		r, err := c.searchKitas(f)
		if err != nil {
			return nil, err
		}
		for i := range r.Hits {
			r.Hits[i].Score = 0
		}
		out = append(out, r)
	}
	return out, nil
}

// TestReindexBesideTheLiveIndex: a reindex builds the new index in its own
// folder while searches go on, swaps it in, removes the old one, and the
// next start opens the new one as it is.
func TestReindexBesideTheLiveIndex(t *testing.T) {
	svc, dir := newFixture(t)
	want, err := liveProbe(t, svc.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	var done atomic.Bool
	var searches atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				got, err := liveProbe(t, svc.Catalog)
				if err == nil && !reflect.DeepEqual(got, want) {
					err = errDiffer
				}
				if err != nil {
					errs <- err
					return
				}
				searches.Add(1)
			}
		}()
	}
	for range 3 {
		r, err := svc.Reindex()
		if err != nil {
			t.Fatal(err)
		}
		if r.Kitas != uint64(len(testCityIDs(t, svc))) {
			t.Errorf("reindex reports %d Kitas", r.Kitas)
		}
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a search during the reindex: %v", err)
	}
	t.Logf("%d probe rounds answered during 3 reindexes", searches.Load())

	root := filepath.Join(dir, "index")
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 || names[0] != "CURRENT" || !strings.HasPrefix(names[1], "r-") {
		t.Errorf("index folder after the reindexes holds %v, want CURRENT and one r-… folder", names)
	}
	closeServices(t, svc)
	ix, state, err := search.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if state.Rebuilt {
		t.Errorf("the swapped-in index is not opened as it is: %s", state.Reason)
	}
	if got := probe(t, ix); !reflect.DeepEqual(got, want) {
		t.Errorf("after reopening: got %+v\nwant %+v", got, want)
	}
}

var errDiffer = errors.New("results differ from before the reindex")

func testCityIDs(t *testing.T, svc *testCatalog) []string {
	var ids []string
	if _, err := svc.Store.ForEachKita(func(k storage.Kita) error { ids = append(ids, k.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestDamagedSegmentFoundBySearchIsRebuilt: garbage written into a live
// segment (found by searches after start-up, not at opening) makes the
// catalogue rebuild the index beside it; every search answers, with the
// results of before.
func TestDamagedSegmentFoundBySearchIsRebuilt(t *testing.T) {
	svc, dir := newFixture(t)
	log, hook := test.NewNullLogger()
	log.SetLevel(logrus.InfoLevel)
	svc.Catalog.log = log
	want, err := liveProbe(t, svc.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "index", "kitas", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment to damage")
	}
	for _, p := range segs {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := st.Size() / 2
		if _, err := f.WriteAt(bytes.Repeat([]byte{0xA5, 0x5A, 0xFF, 0x00}, int(n/4)), st.Size()/4); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	for round := range 3 {
		got, err := liveProbe(t, svc.Catalog)
		if err != nil {
			t.Fatalf("round %d: a search on the damaged index answered an error: %v", round, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: results differ after the repair", round)
		}
	}
	rebuilt := false
	for _, e := range hook.AllEntries() {
		rebuilt = rebuilt || strings.Contains(e.Message, "search index damaged")
	}
	if !rebuilt {
		t.Error("the damage was not noticed (no rebuild logged): the test damaged nothing a search reads")
	}
}
