package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"kitaportal/app/apperr"
	"path/filepath"
	"regexp"
	"strings"
)

// Formats of source files.
const (
	FormatAuto    = "auto"
	FormatCSV     = "csv"
	FormatGeoJSON = "geojson"
	FormatJSON    = "json"
)

// Targets of a mapping.
const (
	TargetKitas  = "kitas"
	TargetPlaces = "places"
)

// maxMappingSize bounds mapping files; real ones are a few kilobytes.
const maxMappingSize = 1 << 20

// Mapping is a loaded and checked mapping file. It is immutable and may be
// shared by concurrent ParseFile calls.
type Mapping struct {
	Path   string // where it was loaded from
	Format string // FormatCSV, FormatGeoJSON or FormatJSON
	Source string // short source name used in ids and source keys
	Target string // TargetKitas or TargetPlaces

	// beside holds the code list files of an uploaded mapping by name;
	// when set, no code list is read from disk.
	beside map[string][]byte

	key       string
	delimiter rune // 0: detect from the header line
	encoding  string
	decimal   byte
	records   []string // JSON path to the array of records; nil: the root
	codes     map[string]*codeSpec
	rules     []*rule
	mapped    map[string]bool // target fields with at least one rule
	native    bool            // the built-in native format: id = slug(key)
	dir       string          // for code files given by relative path
	// nativeProps are the properties the native format knows.
	nativeProps map[string]bool
}

// mappingFile is the JSON shape of a mapping; see build/mappings/README.md.
type mappingFile struct {
	Comment   json.RawMessage            `json:"comment"`
	Format    string                     `json:"format"`
	Source    string                     `json:"source"`
	Target    string                     `json:"target"`
	Key       string                     `json:"key"`
	Delimiter string                     `json:"delimiter"`
	Encoding  string                     `json:"encoding"`
	Decimal   string                     `json:"decimal"`
	Records   string                     `json:"records"`
	Codes     map[string]json.RawMessage `json:"codes"`
	Fields    map[string]json.RawMessage `json:"fields"`
}

// LoadMapping reads and checks a mapping file. It is strict: an unknown
// key, target field or parse kind is an error naming it, so that a typo
// never silently drops a column.
func LoadMapping(path string) (*Mapping, error) {
	name := filepath.Base(path)
	data, err := readFile(path, name)
	if err != nil {
		return nil, err
	}
	if len(data) > maxMappingSize {
		return nil, fileErr(name, 0, apperr.ImportMapping, "is too large for a mapping file")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return parseMapping(name, data, filepath.Dir(abs))
}

// ParseMapping checks a mapping that came as bytes (an upload). Its code
// list files are looked up by name in beside only, never on disk.
func ParseMapping(name string, data []byte, beside map[string][]byte) (*Mapping, error) {
	name = filepath.Base(name)
	if len(data) > maxMappingSize {
		return nil, fileErr(name, 0, apperr.ImportMapping, "is too large for a mapping file")
	}
	m, err := parseMapping(name, data, "")
	if err != nil {
		return nil, err
	}
	m.beside = beside
	if m.beside == nil {
		m.beside = map[string][]byte{}
	}
	return m, nil
}

func parseMapping(name string, data []byte, dir string) (*Mapping, error) {
	var f mappingFile
	if err := decodeStrict(data, &f); err != nil {
		return nil, mappingErr(name, data, "", err)
	}
	m := &Mapping{Path: name, dir: dir, mapped: map[string]bool{}}
	if err := m.setHeader(&f); err != nil {
		return nil, fileErr(name, 0, apperr.ImportMapping, "%s", err)
	}
	if err := m.setCodes(f.Codes); err != nil {
		return nil, fileErr(name, 0, apperr.ImportMapping, "%s", err)
	}
	if err := m.setFields(f.Fields); err != nil {
		return nil, fileErr(name, 0, apperr.ImportMapping, "%s", err)
	}
	return m, nil
}

var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

func (m *Mapping) setHeader(f *mappingFile) error {
	switch f.Format {
	case FormatCSV, FormatGeoJSON, FormatJSON:
		m.Format = f.Format
	case "":
		return errors.New(`"format" is missing (csv, geojson or json)`)
	default:
		return fmt.Errorf(`"format": unknown format %q (csv, geojson or json)`, f.Format)
	}
	if !sourceName.MatchString(f.Source) {
		return fmt.Errorf(`"source": %q must be 1-40 lower-case letters, digits or "-", e.g. "berlin"`, f.Source)
	}
	m.Source = f.Source
	switch f.Target {
	case TargetKitas, TargetPlaces:
		m.Target = f.Target
	default:
		return fmt.Errorf(`"target": %q must be "kitas" or "places"`, f.Target)
	}
	if strings.TrimSpace(f.Key) == "" {
		return errors.New(`"key" is missing: name the column that holds a stable id of each row`)
	}
	m.key = f.Key
	return m.setFormatOptions(f)
}

func (m *Mapping) setFormatOptions(f *mappingFile) error {
	switch f.Delimiter {
	case "", "auto":
	case ",", ";", "\t", "|":
		m.delimiter = rune(f.Delimiter[0])
	case "tab", `\t`:
		m.delimiter = '\t'
	default:
		return fmt.Errorf(`"delimiter": %q is not supported (",", ";", "\t", "|" or "auto")`, f.Delimiter)
	}
	switch strings.ToLower(f.Encoding) {
	case "", encAuto:
		m.encoding = encAuto
	case "utf-8", "utf8":
		m.encoding = encUTF8
	case "windows-1252", "cp1252", "iso-8859-1", "latin1":
		m.encoding = encWindows1252
	default:
		return fmt.Errorf(`"encoding": %q is not supported (auto, utf-8 or windows-1252)`, f.Encoding)
	}
	switch f.Decimal {
	case "", ".":
		m.decimal = '.'
	case ",":
		m.decimal = ','
	default:
		return fmt.Errorf(`"decimal": %q must be "." or ","`, f.Decimal)
	}
	if f.Format == FormatCSV && f.Records != "" {
		return errors.New(`"records" is only for JSON files`)
	}
	if f.Format != FormatCSV && (f.Delimiter != "" || f.Decimal == ",") {
		return errors.New(`"delimiter" and a decimal comma are only for CSV files`)
	}
	if f.Records != "" {
		m.records = strings.Split(f.Records, ".")
	}
	return nil
}

// decodeStrict decodes one JSON value, refusing unknown keys and trailing data.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// mappingErr explains a JSON decoding error of a mapping, with the line for
// syntax errors and the key path for unknown keys.
func mappingErr(name string, data []byte, where string, err error) error {
	prefix := ""
	if where != "" {
		prefix = where + ": "
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &FileError{File: name, Line: lineAt(data, int(syn.Offset)), Code: apperr.ImportMapping,
			Reason: "invalid JSON: " + syn.Error(), Err: err}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return fileErr(name, 0, apperr.ImportMapping, "%s%s must be %s, not JSON %s", prefix, field, typ.Type, typ.Value)
	}
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return fileErr(name, 0, apperr.ImportMapping, "%sunknown key %s", prefix, rest)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fileErr(name, 0, apperr.ImportMapping, "%sis empty or cut off", prefix)
	}
	return fileErr(name, 0, apperr.ImportMapping, "%s%s", prefix, strings.TrimPrefix(msg, "json: "))
}

// columns lists, per target field, the source columns it reads, for the
// CSV header check. A rule with alternatives needs only one of them.
func (m *Mapping) columns() []columnNeed {
	needs := []columnNeed{{field: "key", names: []string{m.key}}}
	for _, r := range m.rules {
		switch {
		case r.constant != nil:
		case r.tgt.typ == vBBox:
			for _, c := range r.bbox {
				needs = append(needs, columnNeed{field: r.field, names: []string{c}})
			}
		default:
			needs = append(needs, columnNeed{field: r.field, names: r.columns})
		}
	}
	return needs
}

type columnNeed struct {
	field string
	names []string
}
