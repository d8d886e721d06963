// Package importer turns a city's Kita list (CSV, GeoJSON or JSON) and a
// mapping file into a checked storage.Batch, with precise errors for every
// row it cannot take. It reads files only; the caller applies the batch with
// storage.DB.ApplyBatch (one transaction, so an import is all or nothing)
// and updates the search index.
//
// The API is small:
//
//	m, err := importer.LoadMapping("build/mappings/berlin-kitas.json")
//	res, err := importer.ParseFile("berlin-kitas.csv", importer.Options{Mapping: m})
//	// res.Batch → db.ApplyBatch; res.Rejected lists problems (*RowError)
//
// Without a mapping the file must be in the native JSON format used by the
// embedded demo data. The mapping format is documented in
// build/mappings/README.md.
//
// Errors: file-level problems (empty or binary file, broken CSV quoting,
// invalid JSON, a column the mapping needs but the header lacks, a bad
// mapping) are *FileError with a translatable Code. Row problems are
// *RowError naming file, line or feature, field and column. When rows are
// rejected and Options.SkipInvalid is false, ParseFile returns a
// *RejectedError (errors.Is(err, ErrRejected)) and a Result whose Batch is
// empty and whose Rejected lists every problem.
//
// Ids are stable across imports: a Kita from source "berlin" with key
// "274129" gets id "berlin-274129" and source key "berlin:274129"; its
// carrier gets "berlin-c-<slug of name>". Importing the same file twice
// therefore changes nothing in the store.
package importer
