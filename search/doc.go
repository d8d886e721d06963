// Package search is the Bleve index over Kitas and the gazetteer of places:
// its mapping, indexing, queries and facets.
//
// The index is derived data. It records the mapping version it was built with
// and the store generation it reflects; when either does not match, or the
// index cannot be opened, the caller rebuilds it from the store. This package
// imports neither the store nor the UI: callers hand it documents.
package search
