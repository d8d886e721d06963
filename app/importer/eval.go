package importer

import (
	"strconv"
	"strings"
)

// evaluator applies rules to rows, with the code lists of one import.
type evaluator struct {
	m     *Mapping
	codes map[string]*codeList
	buf   []string // scratch for decoded values; setters copy what they keep
}

// eval reads one rule from a row. ok is false when the value is unknown
// (missing, empty or a null value), which is not an error unless required.
func (e *evaluator) eval(r *rule, row fields) (v typed, col string, ok bool, fe *fieldError) {
	if r.typ == vBBox {
		return e.evalBBox(r, row)
	}
	c, col, known, final := e.read(r, row)
	if !known {
		if r.required {
			return typed{}, col, false, &fieldError{column: col, reason: "is required but empty"}
		}
		return typed{}, col, false, nil
	}
	fail := func(raw, reason string) (typed, string, bool, *fieldError) {
		return typed{}, col, false, &fieldError{column: col, value: raw, reason: reason}
	}
	if c.object {
		return fail("", "is a JSON object, not a value")
	}
	if r.isList() {
		items, raw, reason := e.items(r, c, final)
		if reason != "" {
			return fail(raw, reason)
		}
		if r.typ == vFeatureList {
			if raw, reason = checkFeatures(items); reason != "" {
				return fail(raw, reason)
			}
		}
		return typed{items: items}, col, len(items) > 0, nil
	}
	items, raw, reason := e.scalar(r, c, final)
	if reason != "" {
		return fail(raw, reason)
	}
	if len(items) == 0 {
		if r.required {
			return fail(raw, "is required but empty")
		}
		return typed{}, col, false, nil
	}
	if r.typ == vList || r.typ == vFeatureList {
		if r.typ == vFeatureList {
			if raw, reason = checkFeatures(items); reason != "" {
				return fail(raw, reason)
			}
		}
		return typed{items: items}, col, true, nil
	}
	v, reason = parseScalar(r, items[0], c.decimal(e.m.decimal))
	if reason != "" {
		return fail(items[0], reason)
	}
	return v, col, true, nil
}

// read finds the raw cell: the constant, the first column with a known
// value, or the default. col names the column for messages. final is true
// for constants and defaults: they are already target values and skip
// replace, code lookup and map.
func (e *evaluator) read(r *rule, row fields) (c cell, col string, known, final bool) {
	if r.constant != nil {
		return *r.constant, "", true, true
	}
	col = r.columns[0]
	for _, name := range r.columns {
		c, ok := row.value(name)
		if ok && !r.isNull(c) {
			return c, name, true, false
		}
	}
	if r.def != nil {
		return *r.def, col, true, true
	}
	return cell{}, col, false, false
}

func (r *rule) isNull(c cell) bool {
	if c.object {
		return false
	}
	if c.isList {
		return len(c.list) == 0
	}
	t := strings.TrimSpace(c.text)
	if t == "" {
		return true
	}
	return len(r.nulls) > 0 && r.nulls[strings.ToLower(t)]
}

// scalar decodes a one-value cell: text clean-up, replace, code, map. It
// returns the resulting values (map may turn one into several or none).
func (e *evaluator) scalar(r *rule, c cell, final bool) ([]string, string, string) {
	s := c.text
	if c.isList {
		if len(c.list) != 1 {
			raw := strings.Join(c.list, ", ")
			return nil, raw, short(raw) + " is a list of " + strconv.Itoa(len(c.list)) + " values, expected one"
		}
		s = c.list[0]
	}
	return e.decode(e.buf[:0], r, s, final)
}

// items decodes a list cell item by item; empty and null items are dropped.
func (e *evaluator) items(r *rule, c cell, final bool) ([]string, string, string) {
	raw := c.list
	if !c.isList {
		raw = strings.Split(c.text, r.split)
	}
	out := e.buf[:0]
	for _, it := range raw {
		if r.isNull(cell{text: it}) {
			continue
		}
		var bad, reason string
		if out, bad, reason = e.decode(out, r, it, final); reason != "" {
			return nil, bad, reason
		}
	}
	e.buf = out
	return out, "", ""
}

// decode runs one value through clean-up, replace, code lookup and map,
// appending the results (map may turn one value into several or none) to dst.
func (e *evaluator) decode(dst []string, r *rule, s string, final bool) ([]string, string, string) {
	s = normText(s)
	if final {
		return appendNonEmpty(dst, s), "", ""
	}
	for _, rep := range r.replace {
		s = normText(rep.re.ReplaceAllString(s, rep.with))
	}
	if s == "" || (len(r.nulls) > 0 && r.nulls[strings.ToLower(s)]) {
		return dst, "", ""
	}
	if r.isCode() {
		label, reason := e.codes[r.code].lookup(s)
		if reason != "" {
			return dst, s, reason
		}
		if s = normText(label); s == "" {
			return dst, "", ""
		}
	}
	if r.mapping != nil || r.mapAny != nil {
		mv, ok := r.mapping[mapKey(s)]
		if !ok && r.mapAny != nil {
			mv, ok = *r.mapAny, true
		}
		if ok {
			return append(dst, mv.items...), "", ""
		}
	}
	return append(dst, s), "", ""
}

func appendNonEmpty(dst []string, s string) []string {
	if s == "" {
		return dst
	}
	return append(dst, s)
}

func checkFeatures(items []string) (string, string) {
	for i, it := range items {
		key, reason := featureKey(it)
		if reason != "" {
			return it, reason
		}
		items[i] = key
	}
	return "", ""
}

// evalBBox reads the four corners and returns them as xmin, ymin, xmax, ymax.
func (e *evaluator) evalBBox(r *rule, row fields) (typed, string, bool, *fieldError) {
	var v typed
	known := 0
	for i, name := range r.bbox {
		c, ok := row.value(name)
		if !ok || r.isNull(c) {
			continue
		}
		s := normText(c.text)
		f, reason := parseNumber(s, c.decimal(e.m.decimal))
		if reason != "" || c.isList || c.object {
			return typed{}, name, false, &fieldError{column: name, value: s, reason: reason}
		}
		v.box[i] = f
		known++
	}
	col := strings.Join(r.bbox[:], ", ")
	switch {
	case known == 0:
		return typed{}, col, false, nil
	case known < 4:
		return typed{}, col, false, &fieldError{column: col, reason: "has only some of its four corners"}
	case v.box[0] > v.box[2] || v.box[1] > v.box[3]:
		return typed{}, col, false, &fieldError{column: col, reason: "has a minimum greater than its maximum"}
	}
	return v, col, true, nil
}

// parseScalar turns one decoded value into the rule's value type.
func parseScalar(r *rule, s string, decimal byte) (typed, string) {
	var v typed
	var reason string
	switch r.typ {
	case vText:
		v.s = s
	case vCarrierType:
		v.s, reason = carrierType(s)
	case vPlaceKind:
		v.s, reason = placeKind(s)
	case vEmail:
		v.s, reason = checkEmail(s)
	case vNumber, vBBox:
		v.f, reason = parseNumber(s, decimal)
	case vCount:
		v.n, reason = parseCount(s, decimal)
	case vBool:
		v.b, reason = parseBool(s)
	case vTime:
		v.n, reason = parseClock(s)
	case vTimeRange:
		v.tr, reason = parseTimeRange(s)
	case vDate:
		v.s, reason = parseDate(s)
	case vFlag:
		if r.parse == "bool" {
			v.b, reason = parseBool(s)
		} else {
			v.b, reason = parseFlag(s, decimal)
		}
	case vFeatureList:
		var key string
		key, reason = featureKey(s)
		v.items = []string{key}
	case vList:
		v.items = []string{s}
	}
	return v, reason
}
