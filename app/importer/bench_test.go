package importer

import "testing"

// BenchmarkParseBerlin parses all 2,552 Berlin Kitas with the shipped
// mapping (read, decode, map, check; no store).
func BenchmarkParseBerlin(b *testing.B) {
	path := realData(b, "berlin-kitas.csv")
	m := shippedMapping(b, "berlin-kitas.json")
	b.ReportAllocs()
	for b.Loop() {
		res, err := ParseFile(path, Options{Mapping: m, Now: testNow})
		if err != nil || len(res.Batch.Kitas) != 2552 {
			b.Fatalf("%v, %d kitas", err, len(res.Batch.Kitas))
		}
	}
}
