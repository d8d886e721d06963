package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// specJSON is one field spec as written in a mapping.
type specJSON struct {
	Comment    json.RawMessage            `json:"comment"`
	Column     string                     `json:"column"`
	Columns    []string                   `json:"columns"`
	Parse      string                     `json:"parse"`
	Split      string                     `json:"split"`
	Code       string                     `json:"code"`
	NullValues []string                   `json:"null_values"`
	Map        map[string]json.RawMessage `json:"map"`
	Replace    []replaceJSON              `json:"replace"`
	Default    json.RawMessage            `json:"default"`
	Constant   json.RawMessage            `json:"constant"`
	Required   bool                       `json:"required"`
}

// featureJSON is an entry of "features"; with Value it is a flag.
type featureJSON struct {
	specJSON
	Value string `json:"value"`
}

// ageGroupJSON is an entry of "age_groups".
type ageGroupJSON struct {
	specJSON
	From *int `json:"from"`
	To   *int `json:"to"`
}

// bboxJSON names the four corner columns of a bounding box (lon/lat).
type bboxJSON struct {
	Comment    json.RawMessage `json:"comment"`
	Xmin       string          `json:"xmin"`
	Ymin       string          `json:"ymin"`
	Xmax       string          `json:"xmax"`
	Ymax       string          `json:"ymax"`
	NullValues []string        `json:"null_values"`
}

type replaceJSON struct {
	Pattern string `json:"pattern"`
	With    string `json:"with"`
}

// rule is a compiled spec: how one target field is read from a row.
type rule struct {
	field    string
	tgt      *target
	typ      valueType // effective type (features split into flag and list)
	columns  []string
	parse    string
	split    string
	code     string
	nulls    map[string]bool // lower-cased
	mapping  map[string]mapValue
	mapAny   *mapValue // the "*" entry: what every unmapped value becomes
	replace  []replacement
	constant *cell
	def      *cell
	required bool
	feature  string    // flag features: the key added when the flag is set
	from, to int       // age groups
	bbox     [4]string // xmin, ymin, xmax, ymax columns
}

type replacement struct {
	re   *regexp.Regexp
	with string
}

// mapValue is what "map" turns a value into: nothing (unknown), one value,
// or several (list fields only).
type mapValue struct {
	null  bool
	items []string
}

func (r *rule) isList() bool {
	return r.parse == "list" || r.parse == "code_list"
}

func (r *rule) isCode() bool {
	return r.parse == "code" || r.parse == "code_list"
}

func (m *Mapping) setFields(fields map[string]json.RawMessage) error {
	ts := targetsFor(m.Target)
	for name := range fields {
		if findTarget(ts, name) == nil {
			return fmt.Errorf("fields: unknown target field %q for target %q (known: %s)", name, m.Target, targetNames(ts))
		}
	}
	// Table order, not map order: errors and results must not depend on
	// Go's map iteration.
	for _, t := range ts {
		raw, ok := fields[t.name]
		if !ok {
			continue
		}
		rules, err := m.compileField(t, raw)
		if err != nil {
			return fmt.Errorf("fields.%s: %w", t.name, err)
		}
		m.rules = append(m.rules, rules...)
		m.mapped[t.name] = true
	}
	if m.Target == TargetKitas && !m.mapped["name"] {
		return errors.New(`fields: "name" is missing; every Kita needs a name`)
	}
	if m.Target == TargetPlaces && (!m.mapped["name"] || !m.mapped["kind"]) {
		return errors.New(`fields: "name" and "kind" are required for places`)
	}
	if m.mapped["lat"] != m.mapped["lon"] {
		return errors.New(`fields: "lat" and "lon" go together; map both or neither`)
	}
	return nil
}

func targetNames(ts []*target) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.name
	}
	return strings.Join(names, ", ")
}

// compileField accepts a column name, a spec object, or (for list targets)
// an array of them.
func (m *Mapping) compileField(t *target, raw json.RawMessage) ([]*rule, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		if !t.multi {
			return nil, errors.New("takes one spec, not a list")
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, err
		}
		var rules []*rule
		for i, item := range items {
			r, err := m.compileSpec(t, item)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			rules = append(rules, r)
		}
		return rules, nil
	}
	r, err := m.compileSpec(t, raw)
	if err != nil {
		return nil, err
	}
	return []*rule{r}, nil
}

func (m *Mapping) compileSpec(t *target, raw json.RawMessage) (*rule, error) {
	if len(raw) > 0 && raw[0] == '"' {
		var col string
		if err := json.Unmarshal(raw, &col); err != nil {
			return nil, err
		}
		raw, _ = json.Marshal(map[string]string{"column": col})
	}
	r := &rule{field: t.name, tgt: t, typ: t.typ}
	var err error
	switch t.name {
	case "features":
		err = m.decodeFeature(r, raw)
	case "age_groups":
		err = m.decodeAgeGroup(r, raw)
	case "bbox":
		err = m.decodeBBox(r, raw)
	default:
		var s specJSON
		if err = strictJSON(raw, &s); err == nil {
			err = m.applySpec(r, &s)
		}
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

func (m *Mapping) decodeFeature(r *rule, raw json.RawMessage) error {
	var f featureJSON
	if err := strictJSON(raw, &f); err != nil {
		return err
	}
	if f.Value != "" {
		key, reason := featureKey(f.Value)
		if reason != "" {
			return fmt.Errorf("value: %s", reason)
		}
		r.feature = key
	} else {
		r.typ = vFeatureList
	}
	return m.applySpec(r, &f.specJSON)
}

func (m *Mapping) decodeAgeGroup(r *rule, raw json.RawMessage) error {
	var g ageGroupJSON
	if err := strictJSON(raw, &g); err != nil {
		return err
	}
	if g.From == nil || g.To == nil || *g.From < 0 || *g.To < *g.From {
		return errors.New(`an age group needs "from" and "to" in months, 0 <= from <= to`)
	}
	r.from, r.to = *g.From, *g.To
	return m.applySpec(r, &g.specJSON)
}

func (m *Mapping) decodeBBox(r *rule, raw json.RawMessage) error {
	var b bboxJSON
	if err := strictJSON(raw, &b); err != nil {
		return err
	}
	r.bbox = [4]string{b.Xmin, b.Ymin, b.Xmax, b.Ymax}
	if slices.Contains(r.bbox[:], "") {
		return errors.New(`a bbox needs the columns "xmin", "ymin", "xmax" and "ymax"`)
	}
	r.parse = "number"
	r.nulls = lowerSet(b.NullValues)
	return nil
}

// strictJSON decodes a spec object, naming unknown options.
func strictJSON(raw json.RawMessage, v any) error {
	if err := decodeStrict(raw, v); err != nil {
		if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return fmt.Errorf("unknown option %s", rest)
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return fmt.Errorf("%s must be %s, not JSON %s", typ.Field, typ.Type, typ.Value)
		}
		return errors.New(strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

func lowerSet(values []string) map[string]bool {
	set := make(map[string]bool, len(values))
	for _, v := range values {
		set[strings.ToLower(strings.TrimSpace(v))] = true
	}
	return set
}
