package search

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	lev "github.com/blevesearch/vellum/levenshtein"
)

// levBuilders are the Levenshtein automaton builders by edit distance, made
// as Bleve's scorch makes its own (with transpositions counting one edit).
var levBuilders = func() [3]*lev.LevenshteinAutomatonBuilder {
	var b [3]*lev.LevenshteinAutomatonBuilder
	for d := uint8(1); d <= 2; d++ {
		var err error
		if b[d], err = lev.NewLevenshteinAutomatonBuilder(d, true); err != nil {
			panic(err)
		}
	}
	return b
}()

// wordAutomaton is the Levenshtein automaton of one word, built on first
// use and shared by the fuzzy queries of that word on every field. Bleve's
// FuzzyQuery builds it again per field, and building one (0.05–0.9 ms, up to
// a megabyte of garbage) made up a third of a text search.
type wordAutomaton struct {
	word      string
	fuzziness int
	build     func() (*lev.DFA, error)
}

func newWordAutomaton(word string, fuzziness int) *wordAutomaton {
	return &wordAutomaton{word: word, fuzziness: fuzziness, build: sync.OnceValues(func() (*lev.DFA, error) {
		return levBuilders[fuzziness].BuildDfa(word, uint8(fuzziness))
	})}
}

// fuzzyQuery is a FuzzyQuery (no prefix) whose automaton is shared. Its
// searcher is the one Bleve's NewFuzzySearcher makes, from the same
// candidate terms in the same order, so matches and scores are unchanged.
type fuzzyQuery struct {
	*query.FuzzyQuery
	a *wordAutomaton
}

func newFuzzyQuery(a *wordAutomaton, field string, boost float64) *fuzzyQuery {
	q := query.NewFuzzyQuery(a.word)
	q.SetField(field)
	q.SetFuzziness(a.fuzziness)
	q.SetBoost(boost)
	return &fuzzyQuery{FuzzyQuery: q, a: a}
}

func (q *fuzzyQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return q.FuzzyQuery.Searcher(ctx, r, m, opts)
	}
	dfa, err := q.a.build()
	if err != nil {
		return nil, err
	}
	terms, dists, err := fuzzyCandidates(snap, q.FieldVal, dfa)
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 || (len(terms) == 1 && terms[0] == q.Term) {
		return searcher.NewTermSearcher(ctx, r, q.Term, q.FieldVal, q.Boost(), opts)
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, r, terms, q.FieldVal, q.Boost(), dists, opts, true)
}

// omitCounter is a term dictionary that can walk an automaton without
// reading posting lists, as zap's can; candidate terms need no counts.
type omitCounter interface {
	AutomatonIteratorOmitCount(a segment.Automaton, startKeyInclusive, endKeyExclusive []byte) segment.DictionaryIterator
}

// candidate is a term a fuzzy query matches, with its edit distance.
type candidate struct {
	term string
	dist uint8
}

// fuzzyCandidates lists the terms of field the automaton accepts, over all
// segments, sorted and without repeats, with their edit distances: what
// scorch's FieldDictFuzzyAutomaton yields to Bleve's fuzzy searcher.
func fuzzyCandidates(snap *scorch.IndexSnapshot, field string, dfa *lev.DFA) ([]string, []uint8, error) {
	var all []candidate
	for _, seg := range snap.Segments() {
		var err error
		if all, err = appendCandidates(all, seg.Segment(), field, dfa); err != nil {
			return nil, nil, err
		}
	}
	// A term's edit distance is the same in every segment it occurs in.
	slices.SortFunc(all, func(a, b candidate) int { return strings.Compare(a.term, b.term) })
	all = slices.CompactFunc(all, func(a, b candidate) bool { return a.term == b.term })
	terms, dists := make([]string, len(all)), make([]uint8, len(all))
	for i, c := range all {
		terms[i], dists[i] = c.term, c.dist
	}
	return terms, dists, nil
}

// appendCandidates adds the terms of field in seg that the automaton
// accepts.
func appendCandidates(all []candidate, seg segment.Segment, field string, dfa *lev.DFA) ([]candidate, error) {
	dict, err := seg.Dictionary(field)
	if err != nil {
		return nil, err
	}
	var it segment.DictionaryIterator
	if oc, ok := dict.(omitCounter); ok {
		it = oc.AutomatonIteratorOmitCount(dfa, nil, nil)
	} else {
		it = dict.AutomatonIterator(dfa, nil, nil)
	}
	for {
		e, err := it.Next()
		if err != nil || e == nil {
			return all, err
		}
		all = append(all, candidate{e.Term, e.EditDistance})
	}
}
