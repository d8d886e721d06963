package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// applySpec checks a decoded spec against its target field and fills the
// rule. Constants, defaults and map results are parsed here already, so a
// bad one is a mapping error instead of an error on every row.
func (m *Mapping) applySpec(r *rule, s *specJSON) error {
	if err := m.setColumns(r, s); err != nil {
		return err
	}
	if err := setParse(r, s.Parse); err != nil {
		return err
	}
	if s.Split != "" && !r.isList() {
		return errors.New(`"split" is only for parse "list" or "code_list"`)
	}
	r.split = s.Split
	if r.split == "" {
		r.split = ","
	}
	if err := m.setCode(r, s.Code); err != nil {
		return err
	}
	r.nulls = lowerSet(s.NullValues)
	for i, rep := range s.Replace {
		re, err := regexp.Compile(rep.Pattern)
		if err != nil {
			return fmt.Errorf("replace[%d]: %w", i, err)
		}
		r.replace = append(r.replace, replacement{re: re, with: rep.With})
	}
	if err := m.setMap(r, s.Map); err != nil {
		return err
	}
	var err error
	if r.constant, err = m.staticCell(r, "constant", s.Constant); err != nil {
		return err
	}
	if r.def, err = m.staticCell(r, "default", s.Default); err != nil {
		return err
	}
	r.required = s.Required
	return nil
}

func (m *Mapping) setColumns(r *rule, s *specJSON) error {
	cols := s.Columns
	if s.Column != "" {
		if len(cols) > 0 {
			return errors.New(`give "column" or "columns", not both`)
		}
		cols = []string{s.Column}
	}
	hasConst := len(s.Constant) > 0
	switch {
	case hasConst && len(cols) > 0:
		return errors.New(`a "constant" takes no column`)
	case !hasConst && len(cols) == 0:
		return errors.New(`needs a "column" (or "columns", or a "constant")`)
	case slices.Contains(cols, ""):
		return errors.New("a column name is empty")
	}
	r.columns = cols
	return nil
}

func setParse(r *rule, parse string) error {
	kinds := parseKinds[r.typ]
	switch {
	case parse == "":
		r.parse = kinds[0]
	case slices.Contains(kinds, parse):
		r.parse = parse
	case !strings.Contains(", "+allParseKinds+",", ", "+parse+","):
		return fmt.Errorf("unknown parse kind %q (known: %s)", parse, allParseKinds)
	default:
		return fmt.Errorf("parse %q cannot feed this field (use %s)", parse, strings.Join(kinds, " or "))
	}
	return nil
}

func (m *Mapping) setCode(r *rule, code string) error {
	if !r.isCode() {
		if code != "" {
			return errors.New(`"code" is only for parse "code" or "code_list"`)
		}
		return nil
	}
	if len(r.columns) == 0 {
		return errors.New(`a "constant" cannot be a code`)
	}
	if code == "" {
		code = r.columns[0]
	}
	if _, ok := m.codes[code]; !ok {
		return fmt.Errorf("code list %q is not defined under \"codes\"", code)
	}
	r.code = code
	return nil
}

func (m *Mapping) setMap(r *rule, entries map[string]json.RawMessage) error {
	if len(entries) == 0 {
		return nil
	}
	r.mapping = make(map[string]mapValue, len(entries))
	for from, raw := range entries {
		mv, err := m.mapEntry(r, raw)
		if err != nil {
			return fmt.Errorf("map[%q]: %w", from, err)
		}
		if from == "*" {
			r.mapAny = &mv
			continue
		}
		r.mapping[mapKey(from)] = mv
	}
	return nil
}

func (m *Mapping) mapEntry(r *rule, raw json.RawMessage) (mapValue, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return mapValue{}, err
	}
	var items []string
	switch x := v.(type) {
	case nil:
		return mapValue{null: true}, nil
	case string:
		items = []string{x}
	case []any:
		if r.typ != vList && r.typ != vFeatureList {
			return mapValue{}, errors.New("a list of values is only for list fields")
		}
		for _, it := range x {
			s, ok := it.(string)
			if !ok {
				return mapValue{}, errors.New("list items must be strings")
			}
			items = append(items, s)
		}
	default:
		return mapValue{}, errors.New("must be a string, a list of strings, or null")
	}
	for i, it := range items {
		items[i] = normText(it)
		if _, reason := parseScalar(r, items[i], m.decimal); reason != "" {
			return mapValue{}, errors.New(reason)
		}
	}
	return mapValue{items: items}, nil
}

// mapKey is how map keys and looked-up values are compared: white space
// collapsed, case ignored.
func mapKey(s string) string { return strings.ToLower(normText(s)) }

// staticCell reads a constant or default and parses it once to prove it.
func (m *Mapping) staticCell(r *rule, what string, raw json.RawMessage) (*cell, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	c, err := jsonCell(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if c.isList && !r.isList() && r.typ != vList && r.typ != vFeatureList {
		return nil, fmt.Errorf("%s: a list is only for list fields", what)
	}
	values := c.list
	if !c.isList {
		values = []string{c.text}
	}
	for _, s := range values {
		if _, reason := parseScalar(r, normText(s), c.decimal(m.decimal)); reason != "" {
			return nil, fmt.Errorf("%s: %s", what, reason)
		}
	}
	return &c, nil
}

// jsonCell turns a JSON constant into a cell like one read from a file.
func jsonCell(raw json.RawMessage) (cell, error) {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return cell{}, err
	}
	if v == nil {
		return cell{}, errors.New("must not be null")
	}
	c := toCell(v)
	if c.object {
		return cell{}, errors.New("must be a string, number, boolean or list of strings")
	}
	return c, nil
}
