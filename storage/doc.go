// Package storage is the bbolt store, the source of truth for Kitas, their
// carriers (Träger) and the offline gazetteer of places. Everything else in
// the product — the search index in particular — is derived from it.
//
// The store returns and accepts plain structs; no byte slice owned by bbolt
// leaves a transaction. Values are JSON-encoded so that a record can be read
// by a human with bbolt's own tools and survives additive schema changes.
package storage
