package importer

import (
	"errors"
	"fmt"
	"kitaportal/app/apperr"
	"strings"
)

// ErrRejected is wrapped by the error ParseFile returns when rows were
// rejected and Options.SkipInvalid is false.
var ErrRejected = errors.New("import: rows rejected")

// FileError is a problem with a whole file (data, mapping or code list):
// nothing from it can be imported.
type FileError struct {
	File   string
	Line   int // 1-based; 0 when not known
	Code   apperr.Code
	Reason string
	Err    error // underlying error, if any
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s line %d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

func (e *FileError) Unwrap() error { return e.Err }

func fileErr(file string, line int, code apperr.Code, format string, args ...any) *FileError {
	return &FileError{File: file, Line: line, Code: code, Reason: fmt.Sprintf(format, args...)}
}

// RowError is one problem with one row (CSV) or record (JSON, GeoJSON).
// A row can have several; the row is rejected if it has any.
type RowError struct {
	File    string
	Line    int    // CSV line (header = line 1), or where a JSON record starts; 0 if unknown
	Feature int    // 1-based index of a GeoJSON feature or JSON record; 0 for CSV
	Key     string // the row's source key, when it could be read
	Field   string // target field, e.g. "hours.mo"; empty for a whole-row problem
	Column  string // source column or property the value came from
	Value   string // the offending raw value, if any
	Reason  string // what is wrong, already naming the value

	unit string // "feature" or "record": how Feature is printed
}

func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	switch {
	case e.Feature > 0 && e.Line > 0:
		fmt.Fprintf(&b, " %s %d (line %d)", e.unitName(), e.Feature, e.Line)
	case e.Feature > 0:
		fmt.Fprintf(&b, " %s %d", e.unitName(), e.Feature)
	case e.Line > 0:
		fmt.Fprintf(&b, " line %d", e.Line)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ", field %s", e.Field)
		if e.Column != "" {
			fmt.Fprintf(&b, " (%s %q)", e.columnWord(), e.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

func (e *RowError) unitName() string {
	if e.unit == "" {
		return "record"
	}
	return e.unit
}

func (e *RowError) columnWord() string {
	if e.Feature > 0 {
		return "property"
	}
	return "column"
}

// RejectedError says that rows were rejected and therefore nothing from the
// file may be imported. Errors holds every problem found.
type RejectedError struct {
	File   string
	Rows   int // rows read
	Bad    int // rows rejected
	Errors []*RowError
}

// maxListed bounds how many problems the error message itself lists.
const maxListed = 10

func (e *RejectedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d of %d rows rejected, so nothing is imported (skip-invalid imports the valid rows):",
		e.File, e.Bad, e.Rows)
	for i, re := range e.Errors {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  … and %d more problems", len(e.Errors)-maxListed)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(re.Error())
	}
	return b.String()
}

func (e *RejectedError) Unwrap() error { return ErrRejected }

// fieldError is a problem with one value, before it is placed in a row.
type fieldError struct {
	column, value, reason string
}

// short quotes a value for a message, cutting very long ones.
func short(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
