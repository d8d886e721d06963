package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestCollectMatchesBleve checks that a search answered with the docTable
// returns exactly what Bleve's own collector returns for the query as it
// always was (doc values, per-day hours, its geo filter): the same hits in
// the same order with the same scores and distances, the same total and
// facets. It runs before and after updates, which patch the table and add
// segments.
func TestCollectMatchesBleve(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	ix := openTestIndex(t)
	docs := make([]KitaDoc, 0, 900)
	for i := range 900 {
		docs = append(docs, randomKitaDoc(rng, i))
	}
	// Three updates, so the index has several segments.
	for _, part := range [][]KitaDoc{docs[:300], docs[300:600], docs[600:]} {
		if err := ix.UpdateKitas(KitaChanges{Upsert: part}); err != nil {
			t.Fatal(err)
		}
	}
	filters := make([]Filter, 250)
	for i := range filters {
		filters[i] = randomFilter(rng, docs)
	}
	compareAll(t, ix, filters)

	// Change some Kitas and remove others; the table is patched.
	var c KitaChanges
	for i := range 40 {
		d := randomKitaDoc(rng, rng.IntN(len(docs)))
		if i%4 == 0 {
			c.Delete = append(c.Delete, d.ID)
			continue
		}
		c.Upsert = append(c.Upsert, d)
	}
	if err := ix.UpdateKitas(c); err != nil {
		t.Fatal(err)
	}
	compareAll(t, ix, filters)
}

func compareAll(t *testing.T, ix *Index, filters []Filter) {
	t.Helper()
	if ix.tables.Load() == nil {
		t.Fatal("no table published")
	}
	for i, f := range filters {
		limit := f.Limit
		if limit == 0 {
			limit = DefaultLimit
		}
		o := f.order()
		views := &searchViews{ix: ix}
		got, ok, err := ix.collect(f.kitaQuery(o == byScore, views), views, f, o, limit)
		if err != nil || !ok {
			t.Fatalf("filter %d: collect ok=%v err=%v", i, ok, err)
		}
		want, err := ix.searchWithDocValues(f.kitaQuery(true, nil), f, o, limit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("filter %d %+v:\n got %s\nwant %s", i, f, summary(got), summary(want))
		}
	}
}

func summary(r KitaResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "total %d:", r.Total)
	for _, h := range r.Hits {
		fmt.Fprintf(&b, " %s(%g", h.ID, h.Score)
		if h.DistanceKm != nil {
			fmt.Fprintf(&b, " %gkm", *h.DistanceKm)
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, " facets %v", r.Facets)
	return b.String()
}

var (
	testWords     = []string{"Sonnenschein", "Regenbogen", "Kinderladen", "Zwerge", "Montessori", "Waldkinder", "Villa", "Kunterbunt", "Spatzennest", "Löwenzahn"}
	testStreets   = []string{"Hauptstraße", "Schillerstr.", "Gartenweg", "Am Markt", "Lindenallee"}
	testCarriers  = []string{"AWO Kreisverband", "Caritas", "Stadt", "Elternverein Kunterbunt", "Kirchengemeinde St. Martin"}
	testDistricts = []string{"Mitte", "Nord", "Süd", "Altstadt", "Neustadt", "Weststadt"}
	testConcepts  = []string{"Montessori", "Waldorf", "Situationsansatz", "Reggio", "Naturpädagogik"}
	testLanguages = []string{"deutsch", "englisch", "türkisch", "französisch"}
	testFeatures  = []string{"mittagessen", "integrativ", "naturgruppe", "ganztag"}
	testTypes     = []string{"städtisch", "frei", "katholisch", "evangelisch", "elterninitiative", ""}
)

func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

func somePicks(rng *rand.Rand, list []string, max int) []string {
	var out []string
	for range rng.IntN(max + 1) {
		out = append(out, pick(rng, list))
	}
	return out
}

func intPtr(n int) *int { return &n }

// randomKitaDoc is Kita i with random values; few distinct names, so that
// the name and id break many ties.
func randomKitaDoc(rng *rand.Rand, i int) KitaDoc {
	d := KitaDoc{
		ID:          fmt.Sprintf("k%04d", i),
		Name:        "Kita " + pick(rng, testWords),
		Description: pick(rng, testWords) + " und " + pick(rng, testConcepts),
		CarrierName: pick(rng, testCarriers), CarrierType: pick(rng, testTypes),
		Street: pick(rng, testStreets) + " 12", Postcode: "12345", District: pick(rng, testDistricts),
		Concepts: somePicks(rng, testConcepts, 2), Languages: somePicks(rng, testLanguages, 2),
		Features: somePicks(rng, testFeatures, 3), Bookable: rng.IntN(3) > 0,
	}
	if rng.IntN(8) > 0 {
		d.Location = &Point{Lat: 52.5 + rng.Float64()*0.2, Lon: 13.3 + rng.Float64()*0.3}
	}
	if rng.IntN(6) > 0 {
		d.AgeMin, d.AgeMax = intPtr(rng.IntN(24)), intPtr(24+rng.IntN(60))
	}
	if rng.IntN(3) > 0 {
		d.FreeU3, d.FreeUe3 = intPtr(rng.IntN(3)), intPtr(rng.IntN(3))
	}
	d.Hours = map[string]Hours{}
	for _, day := range weekdays {
		if rng.IntN(7) > 0 {
			d.Hours[day] = Hours{Open: 360 + 30*rng.IntN(6), Close: 840 + 30*rng.IntN(10)}
		}
	}
	return d
}

// randomFilter combines every kind of filter, often several, with texts
// that match exactly, as a prefix, with typos or not at all.
func randomFilter(rng *rand.Rand, docs []KitaDoc) Filter {
	var f Filter
	if rng.IntN(2) == 0 {
		w := strings.ToLower(pick(rng, append(testWords, testStreets...)))
		switch rng.IntN(4) {
		case 0:
			w = w[:4]
		case 1:
			w = w[:2] + w[3:] // a typo
		}
		f.Text = w
	}
	if rng.IntN(2) == 0 {
		d := pick(rng, docs)
		if d.Location != nil {
			f.Near = &Point{Lat: d.Location.Lat + 0.01, Lon: d.Location.Lon}
			if rng.IntN(3) > 0 {
				f.RadiusKm = float64(1 + rng.IntN(8))
			}
		}
	}
	if rng.IntN(3) == 0 {
		f.AgeMonths = intPtr(rng.IntN(80))
	}
	if rng.IntN(3) == 0 {
		f.OpenFrom = intPtr(360 + 30*rng.IntN(6))
	}
	if rng.IntN(3) == 0 {
		f.OpenUntil = intPtr(840 + 30*rng.IntN(10))
	}
	if rng.IntN(4) == 0 {
		f.Weekdays = somePicks(rng, weekdays, 5)
		if rng.IntN(2) == 0 {
			f.Weekdays = []string{"fr", "mo", "we", "tu", "th", "mo"}
		}
	}
	if rng.IntN(4) == 0 {
		f.CarrierTypes = somePicks(rng, testTypes[:5], 2)
	}
	if rng.IntN(5) == 0 {
		f.Districts = somePicks(rng, testDistricts, 2)
	}
	if rng.IntN(5) == 0 {
		f.Concepts = somePicks(rng, testConcepts, 1)
	}
	if rng.IntN(6) == 0 {
		f.Languages = somePicks(rng, testLanguages, 1)
	}
	if rng.IntN(5) == 0 {
		f.Features = somePicks(rng, testFeatures, 2)
	}
	if rng.IntN(5) == 0 {
		b := rng.IntN(2) == 0
		f.Bookable = &b
	}
	f.FreeOnly = rng.IntN(6) == 0
	switch rng.IntN(4) {
	case 0:
		f.Limit = 1 + rng.IntN(200)
	case 1:
		f.Offset = rng.IntN(300)
	}
	return f
}

// TestSearchWhileUpdating runs searches while updates land, so that the
// race detector sees tables, views and their segment columns shared.
func TestSearchWhileUpdating(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ix := openTestIndex(t)
	docs := make([]KitaDoc, 400)
	for i := range docs {
		docs[i] = randomKitaDoc(rng, i)
	}
	if err := ix.UpdateKitas(KitaChanges{Upsert: docs}); err != nil {
		t.Fatal(err)
	}
	filters := make([]Filter, 60)
	for i := range filters {
		filters[i] = randomFilter(rng, docs)
	}
	done := make(chan struct{})
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			for i := w; ; i++ {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := ix.SearchKitas(filters[i%len(filters)]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 30 {
		d := randomKitaDoc(rng, rng.IntN(len(docs)))
		c := KitaChanges{Upsert: []KitaDoc{d}}
		if i%5 == 0 {
			c = KitaChanges{Delete: []string{d.ID}}
		}
		if err := ix.UpdateKitas(c); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	compareAll(t, ix, filters)
}
