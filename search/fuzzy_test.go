package search

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// TestFuzzyCandidatesMatchScorch checks that a shared automaton finds the
// very candidate terms, in the same order and with the same edit distances,
// as scorch finds for Bleve's FuzzyQuery, in an index of several segments.
func TestFuzzyCandidatesMatchScorch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	ix := openTestIndex(t)
	for part := range 3 {
		var docs []KitaDoc
		for i := range 200 {
			docs = append(docs, randomKitaDoc(rng, part*200+i))
		}
		if err := ix.UpdateKitas(KitaChanges{Upsert: docs}); err != nil {
			t.Fatal(err)
		}
	}
	r, err := ix.kitaReader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap := r.(*scorch.IndexSnapshot)
	if len(snap.Segments()) < 2 {
		t.Logf("only %d segment(s)", len(snap.Segments()))
	}
	words := []string{"sonnenschein", "sonenschein", "regenbogn", "kinderladen", "kindreladen", "montesori",
		"hauptstrasse", "hauptstrase", "zwerge", "zwerg", "villla", "lowenzahn", "lõwenzahn", "caritas", "mitte", "altstadt",
		"schillerstrase", "gartenweeg", "lindenalle", "kunterbunt", "kuntrebunt", "spatzenest", "elternverien",
		"kirchengemeinde", "kreisverbnd", "neustadt", "weststad", "martin", "marktt"}
	found := 0
	for _, w := range words {
		fz := fuzziness(w)
		if fz == 0 {
			continue
		}
		a := newWordAutomaton(w, fz)
		dfa, err := a.build()
		if err != nil {
			t.Fatal(err)
		}
		for _, fb := range foldedFields {
			terms, dists, err := fuzzyCandidates(snap, fb.field, dfa)
			if err != nil {
				t.Fatal(err)
			}
			wantTerms, wantDists := scorchCandidates(t, snap, fb.field, w, fz)
			found += len(wantTerms)
			if !slices.Equal(terms, wantTerms) || !slices.Equal(dists, wantDists) {
				t.Errorf("%s in %s: got %v %v, want %v %v", w, fb.field, terms, dists, wantTerms, wantDists)
			}
		}
	}
	if found < 30 {
		t.Errorf("only %d candidates: the words do not test much", found)
	}
}

func scorchCandidates(t *testing.T, snap *scorch.IndexSnapshot, field, w string, fz int) ([]string, []uint8) {
	t.Helper()
	fd, _, err := snap.FieldDictFuzzyAutomaton(field, w, fz, "")
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	var terms []string
	var dists []uint8
	for {
		e, err := fd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return terms, dists
		}
		terms, dists = append(terms, e.Term), append(dists, e.EditDistance)
	}
}
