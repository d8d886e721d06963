package kitas

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"kitaportal/app/domain"
	"kitaportal/app/importer"
	"kitaportal/search"
	"kitaportal/storage"
)

// sharedData is where the real open data sets live beside the repository.
const sharedData = "../../shared/data"

// importReal imports a real data set with its shipped mapping into a fresh
// store and index, and returns the services plus the stored records.
func importReal(t testing.TB, file, mapping string) (*testCatalog, referenceScan) {
	t.Helper()
	path := filepath.Join(sharedData, file)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real data not available: %v", err)
	}
	m, err := importer.LoadMapping(filepath.Join("..", "build", "mappings", mapping))
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.ParseFile(path, importer.Options{Format: "auto", Mapping: m, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	store, err := storage.Open(filepath.Join(dir, "kitaportal.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := OpenIndex(filepath.Join(dir, "index"), store, quietLog())
	if err != nil {
		t.Fatal(err)
	}
	svc := newTestCatalog(store, ix)
	t.Cleanup(func() { ix.Close(); store.Close() })
	if _, err := svc.ApplyBatch(res.Batch); err != nil {
		t.Fatal(err)
	}
	ref := referenceScan{carriers: map[string]storage.Carrier{}}
	if _, err := store.ForEachKita(func(k storage.Kita) error { ref.kitas = append(ref.kitas, k); return nil }); err != nil {
		t.Fatal(err)
	}
	if ref.carriers, err = store.Carriers(); err != nil {
		t.Fatal(err)
	}
	return svc, ref
}

// realFilters are the checks of the foundation issue on real data: every
// filter alone and combined, including the parent's "near, 2 years old,
// open 07:30 to 16:30" search.
func realFilters(centre search.Point) map[string]search.Filter {
	age := func(n int) *int { return &n }
	clock := func(s string) *int { m, _ := domain.ParseClock(s); return &m }
	yes := true
	return map[string]search.Filter{
		"everything":                    {},
		"age 24 months":                 {AgeMonths: age(24)},
		"age 0 months":                  {AgeMonths: age(0)},
		"age 40 months":                 {AgeMonths: age(40)},
		"open 07:30-16:30 mon-fri":      {OpenFrom: clock("07:30"), OpenUntil: clock("16:30")},
		"open from 06:00":               {OpenFrom: clock("06:00")},
		"open until 18:00 on mo,we":     {OpenUntil: clock("18:00"), Weekdays: []string{"mo", "we"}},
		"radius 2 km":                   {Near: &centre, RadiusKm: 2},
		"radius 5 km, 24 months, hours": {Near: &centre, RadiusKm: 5, AgeMonths: age(24), OpenFrom: clock("07:30"), OpenUntil: clock("16:30")},
		"carrier städtisch":             {CarrierTypes: []string{domain.CarrierStaedtisch}},
		"carrier kirchlich":             {CarrierTypes: []string{domain.CarrierKatholisch, domain.CarrierEvangelisch}},
		"elterninitiative near":         {CarrierTypes: []string{domain.CarrierElterninitiative}, Near: &centre, RadiusKm: 3},
		"feature mittagessen":           {Features: []string{"mittagessen"}},
		"bookable, 30 months":           {Bookable: &yes, AgeMonths: age(30)},
	}
}

func TestRealDataSearchMatchesScan(t *testing.T) {
	for _, tc := range []struct {
		name, file, mapping string
		count               int
		centre              search.Point
	}{
		{"berlin", "berlin-kitas.csv", "berlin-kitas.json", 2552, search.Point{Lat: 52.5200, Lon: 13.4050}},
		{"flensburg", "flensburg-kitas.geojson", "flensburg-kitas.json", 70, search.Point{Lat: 54.7836, Lon: 9.4321}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc, ref := importReal(t, tc.file, tc.mapping)
			if len(ref.kitas) != tc.count {
				t.Fatalf("imported %d Kitas, want %d", len(ref.kitas), tc.count)
			}
			for name, f := range realFilters(tc.centre) {
				t.Run(name, func(t *testing.T) { compareWithScan(t, svc, ref, f) })
			}
		})
	}
}

// compareWithScan checks that the index returns exactly the Kitas the scan
// finds, in distance or name order. Kitas within a few metres of the radius
// are left out of the comparison: the index measures on an ellipsoid-aware
// formula, the scan on a sphere, and the two may disagree there by design.
func compareWithScan(t *testing.T, svc *testCatalog, ref referenceScan, f search.Filter) {
	f.Limit = search.MaxLimit
	var got []string
	var total uint64
	for {
		res, err := svc.Index.SearchKitas(f)
		if err != nil {
			t.Fatal(err)
		}
		total = res.Total
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if len(res.Hits) < f.Limit {
			break
		}
		f.Offset += f.Limit
	}
	want := ref.run(f)
	if int(total) != len(got) {
		t.Errorf("total %d but %d hits paged through", total, len(got))
	}
	if f.Near != nil && f.RadiusKm > 0 {
		got, want = dropBoundary(ref, f, got), dropBoundary(ref, f, want)
	}
	if f.Near == nil {
		if !slices.Equal(got, want) {
			t.Fatalf("index and scan differ: %s", diff(got, want))
		}
		return
	}
	a, b := slices.Clone(got), slices.Clone(want)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Fatalf("index and scan differ: %s", diff(got, want))
	}
	checkDistanceOrder(t, ref, f, got)
	if len(want) == 0 {
		t.Logf("no matches for %+v", f)
	}
}

func dropBoundary(ref referenceScan, f search.Filter, ids []string) []string {
	byID := map[string]storage.Kita{}
	for _, k := range ref.kitas {
		byID[k.ID] = k
	}
	var out []string
	for _, id := range ids {
		k := byID[id]
		if k.Location != nil && math.Abs(greatCircleKm(*f.Near, *k.Location)-f.RadiusKm) < 0.005*f.RadiusKm+0.01 {
			continue
		}
		out = append(out, id)
	}
	return out
}

// checkDistanceOrder: each hit is no nearer than the one before, allowing
// for the two formulas' difference.
func checkDistanceOrder(t *testing.T, ref referenceScan, f search.Filter, ids []string) {
	byID := map[string]storage.Kita{}
	for _, k := range ref.kitas {
		byID[k.ID] = k
	}
	prev := -1.0
	for _, id := range ids {
		k := byID[id]
		if k.Location == nil {
			prev = math.Inf(1)
			continue
		}
		d := greatCircleKm(*f.Near, *k.Location)
		if d < prev-0.005*prev-0.001 {
			t.Fatalf("%s at %.4f km comes after one at %.4f km", id, d, prev)
		}
		prev = math.Max(prev, d)
	}
}

func diff(got, want []string) string {
	in := func(s []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var extra, missing []string
	for _, x := range got {
		if !w[x] {
			extra = append(extra, x)
		}
	}
	for _, x := range want {
		if !g[x] {
			missing = append(missing, x)
		}
	}
	return fmt.Sprintf("%d vs %d; only in index %v; only in scan %v (first of each order: %v / %v)",
		len(got), len(want), head(extra), head(missing), head(got), head(want))
}

func head(s []string) []string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}
