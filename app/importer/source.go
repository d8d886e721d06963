package importer

import (
	"encoding/json"
	"strconv"
	"strings"
)

// cell is one raw value read from a row: text, or the items of a JSON array.
type cell struct {
	text    string
	list    []string
	isList  bool
	object  bool // a JSON object (or array of them): not a value
	jsonNum bool // a JSON number: always written with a decimal point
}

// decimal is the separator this cell's numbers use.
func (c cell) decimal(mapping byte) byte {
	if c.jsonNum {
		return '.'
	}
	return mapping
}

// fields is one row as the rules see it.
type fields interface {
	// value returns the raw value of a column or property; ok is false when
	// the row has no such column or property at all.
	value(name string) (c cell, ok bool)
}

// sourceRecord is one row or record with where it came from.
type sourceRecord struct {
	line  int // 1-based line where it starts; 0 if unknown
	index int // 1-based index of a JSON record or GeoJSON feature; 0 for CSV
	data  fields
	geom  json.RawMessage // GeoJSON geometry, if any
	err   string          // a problem with the row as a whole
}

// csvRow reads a CSV record by header name.
type csvRow struct {
	header map[string]int
	rec    []string
}

func (r csvRow) value(name string) (cell, bool) {
	i, ok := r.header[name]
	if !ok || i >= len(r.rec) {
		return cell{}, false
	}
	return cell{text: r.rec[i]}, true
}

// jsonObject reads a decoded JSON object; "a.b" reaches into nested objects
// unless the object has a key "a.b" itself.
type jsonObject map[string]any

func (o jsonObject) value(name string) (cell, bool) {
	if v, ok := o[name]; ok {
		return toCell(v), true
	}
	var cur any = map[string]any(o)
	for part := range strings.SplitSeq(name, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return cell{}, false
		}
		if cur, ok = obj[part]; !ok {
			return cell{}, false
		}
	}
	return toCell(cur), true
}

// toCell converts a decoded JSON value (decoded with UseNumber).
func toCell(v any) cell {
	switch x := v.(type) {
	case nil:
		return cell{}
	case string:
		return cell{text: x}
	case json.Number:
		return cell{text: x.String(), jsonNum: true}
	case float64: // decoded without UseNumber, e.g. a feature id
		return cell{text: strconv.FormatFloat(x, 'f', -1, 64), jsonNum: true}
	case bool:
		if x {
			return cell{text: "true"}
		}
		return cell{text: "false"}
	case []any:
		c := cell{isList: true}
		for _, it := range x {
			item := toCell(it)
			switch {
			case item.object || item.isList:
				return cell{object: true}
			case item.text != "":
				c.list = append(c.list, item.text)
			}
		}
		return c
	default:
		return cell{object: true}
	}
}
