// Package search is the Bleve index over Kitas and the gazetteer of places:
// its mapping, indexing, queries and facets.
//
// The index is derived data. It records the mapping version it was built with
// and the store generation it reflects; when either does not match, or the
// index cannot be opened, the caller rebuilds it from the store. This package
// imports neither the store nor the UI: callers hand it documents.
//
// Bleve finds and scores the Kitas a search matches. What its collector would
// then read from the doc values of every match (the sort keys, the location,
// the facet terms) a search reads from a docTable instead: the same values,
// read once per index state and kept in memory (kita_table.go). The results
// are Bleve's own; kita_collect_test.go compares the two ways.
package search
