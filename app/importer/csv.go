package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"kitaportal/app/apperr"
	"strings"
)

// readCSV feeds every data row of a CSV text to add. Header problems,
// broken quoting and files without data rows are file errors; a row with
// the wrong number of values is a row problem.
func readCSV(name, text string, m *Mapping, add func(*sourceRecord)) error {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = m.delimiter
	if r.Comma == 0 {
		r.Comma = detectDelimiter(text)
	}
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return csvError(name, err)
	}
	header, err := headerIndex(name, head, m)
	if err != nil {
		return err
	}
	rows := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return csvError(name, err)
		}
		if blankRow(rec) {
			continue // spreadsheets pad exports with rows of empty cells
		}
		line, _ := r.FieldPos(0)
		sr := &sourceRecord{line: line, data: csvRow{header: header, rec: rec}}
		if len(rec) != len(head) {
			sr.err = fmt.Sprintf("has %d values, but the header has %d columns (check the delimiter and quoting)", len(rec), len(head))
		}
		add(sr)
		rows++
	}
	if rows == 0 {
		return fileErr(name, 0, apperr.ImportNoRecords, "has a header but no data rows")
	}
	return nil
}

// headerIndex maps column names to positions and checks that every column
// the mapping reads is there (for alternatives, at least one of them).
func headerIndex(name string, head []string, m *Mapping) (map[string]int, error) {
	header := make(map[string]int, len(head))
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		if _, dup := header[h]; !dup {
			header[h] = i
		}
	}
	for _, need := range m.columns() {
		found := false
		for _, c := range need.names {
			if _, ok := header[c]; ok {
				found = true
				break
			}
		}
		if !found {
			return nil, fileErr(name, 1, apperr.ImportColumn, "column %q (for %s) is not in the header; the header has: %s",
				strings.Join(need.names, `" or "`), need.field, listColumns(head))
		}
	}
	return header, nil
}

func listColumns(head []string) string {
	const max = 30
	if len(head) > max {
		return strings.Join(head[:max], ", ") + ", …"
	}
	return strings.Join(head, ", ")
}

func blankRow(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// detectDelimiter picks the most frequent of , ; tab | in the header line
// (outside quotes); German spreadsheet exports use ";".
func detectDelimiter(text string) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, c := range text {
		if c == '"' {
			inQuote = !inQuote
			continue
		}
		if c == '\n' && !inQuote {
			break
		}
		if !inQuote && strings.ContainsRune(",;\t|", c) {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t', '|'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// csvError explains encoding/csv errors in the words of a spreadsheet user.
func csvError(name string, err error) error {
	if errors.Is(err, io.EOF) {
		return fileErr(name, 0, apperr.ImportEmpty, "is empty")
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &FileError{File: name, Code: apperr.ImportCSV, Reason: err.Error(), Err: err}
	}
	reason := pe.Err.Error()
	line := pe.Line
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		line = pe.StartLine
		reason = "broken quoting: a quoted value that starts here is not closed correctly"
		if pe.Line != pe.StartLine {
			reason += fmt.Sprintf(" (the problem shows on line %d)", pe.Line)
		}
	case errors.Is(pe.Err, csv.ErrBareQuote):
		reason = fmt.Sprintf("broken quoting: a \" inside an unquoted value (column %d); quote the value and double the \"", pe.Column)
	}
	return &FileError{File: name, Line: line, Code: apperr.ImportCSV, Reason: reason, Err: err}
}
