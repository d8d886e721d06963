package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"kitaportal/app/apperr"
	"strings"
)

// rawRecord is one element of the records array and the line it starts on.
type rawRecord struct {
	raw  json.RawMessage
	line int
}

// checkJSON reports invalid JSON with the line of the first error.
func checkJSON(name string, data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v json.RawMessage
	err := json.Unmarshal(data, &v)
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return &FileError{File: name, Line: lineAt(data, int(syn.Offset)), Code: apperr.ImportJSON,
			Reason: "is not valid JSON: " + strings.TrimPrefix(syn.Error(), "json: "), Err: err}
	}
	return fileErr(name, 0, apperr.ImportJSON, "is not valid JSON")
}

// recordsAt returns the elements of the array found by following path
// (object keys) from the root, with the line each element starts on. The
// data must be valid JSON (see checkJSON).
func recordsAt(name string, data []byte, path []string) ([]rawRecord, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	for i, key := range path {
		if err := enterKey(dec, key); err != nil {
			where := strings.Join(path[:i+1], ".")
			return nil, fileErr(name, 0, apperr.ImportJSON, "has no array of records at %q: %s", where, err)
		}
	}
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('[') {
		where := "the top level"
		if len(path) > 0 {
			where = fmt.Sprintf("%q", strings.Join(path, "."))
		}
		return nil, fileErr(name, 0, apperr.ImportJSON, "has no array of records at %s", where)
	}
	var recs []rawRecord
	for dec.More() {
		start := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fileErr(name, lineAt(data, start), apperr.ImportJSON, "has a record that cannot be read: %s", err)
		}
		recs = append(recs, rawRecord{raw: raw, line: lineAt(data, skipSeparators(data, start))})
	}
	return recs, nil
}

// enterKey moves the decoder into the value of key in the current object.
func enterKey(dec *json.Decoder, key string) error {
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return errors.New("not an object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok == key {
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return fmt.Errorf("no key %q", key)
}

// skipSeparators moves past white space and the comma between elements, so
// a record's line is the line of its opening brace.
func skipSeparators(data []byte, off int) int {
	for off < len(data) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
		off++
	}
	return off
}

// decodeObject decodes one record as a JSON object with numbers kept as
// written.
func decodeObject(raw json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("is empty")
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return nil, fmt.Errorf("is a JSON %s, not an object", typ.Value)
		}
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("is null, not an object")
	}
	return obj, nil
}

// readJSON feeds the records of a JSON file, as a mapping describes them.
func readJSON(name string, data []byte, m *Mapping, add func(*sourceRecord)) error {
	if err := checkJSON(name, data); err != nil {
		return err
	}
	recs, err := recordsAt(name, data, m.records)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return fileErr(name, 0, apperr.ImportNoRecords, "has no records")
	}
	objs := make([]jsonObject, len(recs))
	for i, rr := range recs {
		sr := &sourceRecord{line: rr.line, index: i + 1}
		obj, err := decodeObject(rr.raw)
		if err != nil {
			sr.err = "the record " + err.Error()
			sr.data = jsonObject{}
		} else {
			objs[i], sr.data = obj, jsonObject(obj)
			if m.native {
				sr.err = unknownProperty(obj, m)
			}
		}
		add(sr)
	}
	return requireProperties(name, objs, m)
}

// requireProperties is the JSON counterpart of the CSV header check, for
// what every row needs: a key or name property that no record has is a typo
// in the mapping, not missing data.
func requireProperties(name string, objs []jsonObject, m *Mapping) error {
	needs := []columnNeed{{field: "key", names: []string{m.key}}}
	for _, r := range m.rules {
		if (r.field == "name" || r.required) && r.constant == nil {
			needs = append(needs, columnNeed{field: r.field, names: r.columns})
		}
	}
	for _, need := range needs {
		if !anyHas(objs, need.names) {
			return fileErr(name, 0, apperr.ImportColumn, "property %q (for %s) is in no record", strings.Join(need.names, `" or "`), need.field)
		}
	}
	return nil
}

func anyHas(objs []jsonObject, names []string) bool {
	for _, o := range objs {
		for _, c := range names {
			if _, ok := o.value(c); ok {
				return true
			}
		}
	}
	return false
}
