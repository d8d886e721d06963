package importer

import (
	"path/filepath"
	"strings"
	"time"

	"kitaportal/app/apperr"
	"kitaportal/storage"
)

// Options control one import.
type Options struct {
	// Format is "auto" (or ""), "csv", "geojson" or "json". With a mapping,
	// auto means the mapping's format; without one, the file must be in the
	// native JSON format.
	Format string
	// Mapping describes the source; nil means the native JSON format.
	Mapping *Mapping
	// SkipInvalid keeps the valid rows and reports the rejected ones;
	// otherwise any rejected row rejects the whole file.
	SkipInvalid bool
	// Now is stored as UpdatedAt; zero means the current time.
	Now time.Time
}

// Result is what a file yields. Batch is empty when rows were rejected and
// SkipInvalid was false.
type Result struct {
	Batch    storage.Batch
	Rows     int         // data rows (records, features) read
	Rejected []*RowError // every problem found; a row may have several

	bad int // rows rejected
}

// RejectedRows is the number of rows rejected (each may have several
// problems in Rejected).
func (r *Result) RejectedRows() int { return r.bad }

// ParseFile reads a file, maps and checks every row, and returns the batch
// for storage.DB.ApplyBatch. It never touches the store. File-level problems
// are *FileError; rejected rows without SkipInvalid give a *RejectedError
// (wrapping ErrRejected) together with the Result listing them all.
func ParseFile(path string, opts Options) (*Result, error) {
	name := filepath.Base(path)
	data, err := readFile(path, name)
	if err != nil {
		return nil, err
	}
	return parseData(name, filepath.Dir(path), data, opts)
}

// Parse is ParseFile on bytes already in memory (the embedded demo data).
// Code list files named by a mapping are looked up in the working directory.
func Parse(data []byte, name string, opts Options) (*Result, error) {
	return parseData(name, ".", data, opts)
}

// parseData is ParseFile on bytes; dir is where the file lives (for code
// list files next to the data).
func parseData(name, dir string, data []byte, opts Options) (*Result, error) {
	format, err := resolveFormat(name, opts)
	if err != nil {
		return nil, err
	}
	m := opts.Mapping
	if m == nil {
		return parseNative(name, data, opts)
	}
	text, err := decodeText(name, data, m.encoding)
	if err != nil {
		return nil, err
	}
	codes, err := m.loadCodes(dir)
	if err != nil {
		return nil, err
	}
	b := newBuilder(name, m, codes, opts.Now)
	switch format {
	case FormatCSV:
		err = readCSV(name, text, m, b.add)
	case FormatGeoJSON:
		b.unit = "feature"
		err = readGeoJSON(name, []byte(text), m, b.add)
	default:
		b.unit = "record"
		err = readJSON(name, []byte(text), m, b.add)
	}
	if err != nil {
		return nil, err
	}
	return finalize(name, b.partial(), opts.SkipInvalid)
}

// resolveFormat checks the requested format against the mapping, or, with
// no mapping, insists on the native JSON format.
func resolveFormat(name string, opts Options) (string, error) {
	f := strings.ToLower(opts.Format)
	switch f {
	case "", FormatAuto, FormatCSV, FormatGeoJSON, FormatJSON:
	default:
		return "", fileErr(name, 0, apperr.ImportFormat, "unknown format %q (auto, csv, geojson or json)", opts.Format)
	}
	auto := f == "" || f == FormatAuto
	if m := opts.Mapping; m != nil {
		if !auto && f != m.Format {
			return "", fileErr(name, 0, apperr.ImportFormat, "format %s was asked for, but the mapping %s is for %s files", f, m.Path, m.Format)
		}
		return m.Format, nil
	}
	if auto {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".csv", ".tsv", ".txt":
			f = FormatCSV
		case ".geojson":
			f = FormatGeoJSON
		default:
			f = FormatJSON
		}
	}
	if f != FormatJSON {
		return "", fileErr(name, 0, apperr.ImportFormat, "%s files need a mapping (--mapping); only the native JSON format imports without one", f)
	}
	return f, nil
}

// merge adds another partial result (the native format has two parts).
func (r *Result) merge(o *Result) {
	r.Rows += o.Rows
	r.bad += o.bad
	r.Rejected = append(r.Rejected, o.Rejected...)
	r.Batch.Kitas = append(r.Batch.Kitas, o.Batch.Kitas...)
	r.Batch.Carriers = append(r.Batch.Carriers, o.Batch.Carriers...)
	r.Batch.Places = append(r.Batch.Places, o.Batch.Places...)
}

// finalize empties the batch when rows were rejected and SkipInvalid is
// false, so a careless caller cannot apply half a file.
func finalize(name string, res *Result, skipInvalid bool) (*Result, error) {
	if res.bad > 0 && !skipInvalid {
		res.Batch = storage.Batch{}
		return res, &RejectedError{File: name, Rows: res.Rows, Bad: res.bad, Errors: res.Rejected}
	}
	return res, nil
}
