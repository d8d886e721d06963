package importer

import (
	"encoding/json"
	"fmt"
	"kitaportal/app/apperr"
	"strings"
)

// featureJSONDoc is one GeoJSON feature; properties are read as a record.
type featureJSONDoc struct {
	Type       string          `json:"type"`
	ID         any             `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

// geoRecord reads feature properties; "@id" is the feature's own id.
type geoRecord struct {
	props jsonObject
	id    any
}

func (g geoRecord) value(name string) (cell, bool) {
	if name == "@id" {
		if g.id == nil {
			return cell{}, false
		}
		return toCell(g.id), true
	}
	return g.props.value(name)
}

// readGeoJSON feeds the features of a FeatureCollection. Coordinates must be
// WGS84 longitude/latitude: a projected CRS (e.g. UTM) would otherwise give
// every row a nonsense "out of range" error.
func readGeoJSON(name string, data []byte, m *Mapping, add func(*sourceRecord)) error {
	if err := checkJSON(name, data); err != nil {
		return err
	}
	var head struct {
		Type string `json:"type"`
		CRS  *struct {
			Properties struct {
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"crs"`
	}
	if err := json.Unmarshal(data, &head); err != nil || head.Type != "FeatureCollection" {
		return fileErr(name, 1, apperr.ImportJSON, "is not a GeoJSON FeatureCollection")
	}
	if head.CRS != nil && !wgs84(head.CRS.Properties.Name) {
		return fileErr(name, 0, apperr.ImportFormat, "uses the coordinate system %q; only WGS84 longitude/latitude (CRS84, EPSG:4326) is supported",
			head.CRS.Properties.Name)
	}
	recs, err := recordsAt(name, data, []string{"features"})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return fileErr(name, 0, apperr.ImportNoRecords, "has no features")
	}
	objs := make([]jsonObject, len(recs))
	for i, rr := range recs {
		sr := geoFeature(rr, i+1)
		if g, ok := sr.data.(geoRecord); ok {
			objs[i] = g.props
		}
		add(sr)
	}
	return requireProperties(name, objs, m)
}

func geoFeature(rr rawRecord, index int) *sourceRecord {
	sr := &sourceRecord{line: rr.line, index: index, data: geoRecord{props: jsonObject{}}}
	var f featureJSONDoc
	if err := json.Unmarshal(rr.raw, &f); err != nil || f.Type != "Feature" {
		sr.err = "is not a GeoJSON Feature"
		return sr
	}
	props := jsonObject{}
	if len(f.Properties) > 0 && string(f.Properties) != "null" {
		obj, err := decodeObject(f.Properties)
		if err != nil {
			sr.err = fmt.Sprintf("its properties %s", err)
			return sr
		}
		props = obj
	}
	sr.data = geoRecord{props: props, id: f.ID}
	sr.geom = f.Geometry
	return sr
}

func wgs84(crs string) bool {
	c := strings.ToUpper(crs)
	return c == "" || strings.HasSuffix(c, "CRS84") || strings.HasSuffix(c, ":4326") || strings.HasSuffix(c, "::4326")
}
