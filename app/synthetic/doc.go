// Package synthetic generates realistic, deterministic Kita records spread
// over Germany, for benchmarks at a scale no open data set reaches.
//
// Kitas cluster around real cities with a gaussian spread, carry the mix of
// carrier types, opening hours, age ranges, concepts and gaps (no hours, no
// age range, no location) that real directories show, and pass the store's
// validation. The same seed always yields the same records.
package synthetic
