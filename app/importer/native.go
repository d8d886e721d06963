package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"kitaportal/app/apperr"
	"slices"
	"strings"
)

// The native format is read through two built-in mappings, so that it gets
// exactly the parsing and checks of mapped imports.
const nativeKitasMapping = `{
  "format": "json", "source": "native", "target": "kitas", "key": "key", "records": "kitas",
  "fields": {
    "name": {"column": "name", "required": true},
    "carrier.name": "carrier.name", "carrier.type": "carrier.type",
    "address.street": "address.street", "address.postcode": "address.postcode",
    "address.city": "address.city", "address.district": "address.district",
    "lat": "location.lat", "lon": "location.lon",
    "hours.mo": "hours.mo", "hours.tu": "hours.tu", "hours.we": "hours.we", "hours.th": "hours.th",
    "hours.fr": "hours.fr", "hours.sa": "hours.sa", "hours.su": "hours.su",
    "age.min": "age_months.min", "age.max": "age_months.max",
    "places.total": "places.total", "places.u3": "places.u3", "places.ue3": "places.ue3",
    "free_places.u3": "free_places.u3", "free_places.ue3": "free_places.ue3",
    "free_places.as_of": "free_places.as_of",
    "concepts": {"column": "concepts", "parse": "list"},
    "languages": {"column": "languages", "parse": "list"},
    "features": [{"column": "features", "parse": "list"}],
    "contact.phone": "contact.phone", "contact.email": "contact.email",
    "contact.website": "contact.website", "contact.person": "contact.person",
    "description": "description",
    "bookable": {"column": "bookable", "default": true}
  }
}`

const nativePlacesMapping = `{
  "format": "json", "source": "native", "target": "places", "key": "key", "records": "places",
  "fields": {
    "name": {"column": "name", "required": true}, "kind": {"column": "kind", "required": true},
    "district": "district", "postcode": "postcode", "city": "city",
    "lat": {"column": "lat", "required": true}, "lon": {"column": "lon", "required": true}
  }
}`

var (
	nativeKitas  = mustNative(nativeKitasMapping)
	nativePlaces = mustNative(nativePlacesMapping)
)

func mustNative(text string) *Mapping {
	m, err := parseMapping("native format", []byte(text), "")
	if err != nil {
		panic(err) // a bug in the constants above, caught by every test run
	}
	m.native = true
	m.nativeProps = map[string]bool{m.key: true}
	for _, r := range m.rules {
		for _, c := range r.columns {
			m.nativeProps[c] = true
		}
	}
	return m
}

// nativeHead is the top level of a native file in its object form.
type nativeHead struct {
	Comment json.RawMessage `json:"comment"`
	Demo    bool            `json:"demo"`
	Source  string          `json:"source"`
	Kitas   json.RawMessage `json:"kitas"`
	Places  json.RawMessage `json:"places"`
}

// parseNative reads {"demo": …, "kitas": […], "places": […]} or a bare
// array of Kitas. Ids are the keys themselves; source keys are
// "<source>:<key>" with source "demo" for demo files, else "native".
func parseNative(name string, data []byte, opts Options) (*Result, error) {
	text, err := decodeText(name, data, encUTF8)
	if err != nil {
		return nil, err
	}
	data = []byte(text)
	if err := checkJSON(name, data); err != nil {
		return nil, err
	}
	head, parts, err := nativeParts(name, data)
	if err != nil {
		return nil, err
	}
	source := head.Source
	switch {
	case source != "" && !sourceName.MatchString(source):
		return nil, fileErr(name, 0, apperr.ImportFormat, "\"source\": %q must be lower-case letters, digits or \"-\"", source)
	case source == "" && head.Demo:
		source = "demo"
	case source == "":
		source = "native"
	}
	total := &Result{}
	for _, m := range parts {
		b := newBuilder(name, m, nil, opts.Now)
		b.unit, b.source, b.demo = "record", source, head.Demo
		if err := readJSON(name, data, m, b.add); err != nil {
			return nil, err
		}
		total.merge(b.partial())
	}
	return finalize(name, total, opts.SkipInvalid)
}

// nativeParts decides which record arrays the file has.
func nativeParts(name string, data []byte) (nativeHead, []*Mapping, error) {
	var head nativeHead
	trimmed := bytes.TrimSpace(data)
	if trimmed[0] == '[' {
		kitas := *nativeKitas
		kitas.records = nil
		return head, []*Mapping{&kitas}, nil
	}
	if err := decodeStrict(data, &head); err != nil {
		var probe struct{ Type string }
		if json.Unmarshal(data, &probe) == nil && probe.Type == "FeatureCollection" {
			return head, nil, fileErr(name, 0, apperr.ImportFormat, "is GeoJSON; GeoJSON needs a mapping (--mapping)")
		}
		msg := strings.Replace(err.Error(), "json: unknown field", "unknown top-level key", 1)
		return head, nil, fileErr(name, 0, apperr.ImportFormat, "is not in the native format (%s); other JSON needs a mapping", msg)
	}
	var parts []*Mapping
	if len(head.Kitas) > 0 {
		parts = append(parts, nativeKitas)
	}
	if len(head.Places) > 0 {
		parts = append(parts, nativePlaces)
	}
	if len(parts) == 0 {
		return head, nil, fileErr(name, 0, apperr.ImportNoRecords, "has neither \"kitas\" nor \"places\"")
	}
	return head, parts, nil
}

// unknownProperty names the first property a native record has that the
// format does not know, so a misspelt "adress" is not silently dropped.
func unknownProperty(obj map[string]any, m *Mapping) string {
	return unknownIn(obj, "", m.nativeProps)
}

func unknownIn(obj map[string]any, prefix string, known map[string]bool) string {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		path := prefix + k
		if known[path] {
			continue
		}
		sub, isObj := obj[k].(map[string]any)
		if isObj && hasPrefix(known, path+".") {
			if bad := unknownIn(sub, path+".", known); bad != "" {
				return bad
			}
			continue
		}
		if obj[k] == nil && hasPrefix(known, path+".") {
			continue
		}
		return fmt.Sprintf("has an unknown property %q", path)
	}
	return ""
}

func hasPrefix(known map[string]bool, prefix string) bool {
	for k := range known {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}
