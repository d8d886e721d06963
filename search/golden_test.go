package search

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

type goldenSearch struct {
	Name   string                    `json:"name"`
	Filter Filter                    `json:"filter"`
	IDs    []string                  `json:"ids"`
	Total  *uint64                   `json:"total"`
	Facets map[string]map[string]int `json:"facets"`
}

// TestGolden runs every search/testdata/<case>/searches.json against an
// index built from that case's docs.json.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*/searches.json")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, path := range cases {
		dir := filepath.Dir(path)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			ix := openTestIndex(t)
			var docs []KitaDoc
			readJSON(t, filepath.Join(dir, "docs.json"), &docs)
			if err := ix.UpdateKitas(KitaChanges{Upsert: docs}); err != nil {
				t.Fatal(err)
			}
			var searches []goldenSearch
			readJSON(t, path, &searches)
			for _, s := range searches {
				t.Run(s.Name, func(t *testing.T) { checkGolden(t, ix, s) })
			}
		})
	}
}

func checkGolden(t *testing.T, ix *Index, s goldenSearch) {
	res, err := ix.SearchKitas(s.Filter)
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if !slices.Equal(ids, s.IDs) {
		t.Errorf("ids = %v, want %v", ids, s.IDs)
	}
	if s.Total != nil && res.Total != *s.Total {
		t.Errorf("total = %d, want %d", res.Total, *s.Total)
	}
	for field, want := range s.Facets {
		got := map[string]int{}
		for _, v := range res.Facets[field] {
			got[v.Value] = v.Count
		}
		for value, n := range want {
			if got[value] != n {
				t.Errorf("facet %s[%s] = %d, want %d (all: %v)", field, value, got[value], n, got)
			}
		}
	}
}

func openTestIndex(t *testing.T) *Index {
	t.Helper()
	ix, state, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	if !state.Rebuilt {
		t.Fatalf("a new index must report Rebuilt")
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
