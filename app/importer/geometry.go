package importer

import (
	"bytes"
	"encoding/json"
	"math"

	"kitaportal/storage"
)

type geometryJSON struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// geometryPoint gives the representative point of a GeoJSON geometry: the
// point itself, or the area-weighted centroid of a (multi)polygon. A null
// geometry gives no point and no problem.
func geometryPoint(raw json.RawMessage) (*storage.GeoPoint, string) {
	if len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, ""
	}
	var g geometryJSON
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, "is not a GeoJSON geometry"
	}
	switch g.Type {
	case "Point":
		var pos []float64
		if err := json.Unmarshal(g.Coordinates, &pos); err != nil || len(pos) < 2 {
			return nil, "has a Point without [lon, lat] coordinates"
		}
		return &storage.GeoPoint{Lat: pos[1], Lon: pos[0]}, ""
	case "Polygon":
		var poly [][][]float64
		if err := json.Unmarshal(g.Coordinates, &poly); err != nil {
			return nil, "has a Polygon with malformed coordinates"
		}
		return centroid([][][][]float64{poly})
	case "MultiPolygon":
		var polys [][][][]float64
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			return nil, "has a MultiPolygon with malformed coordinates"
		}
		return centroid(polys)
	}
	return nil, "has a geometry of type " + short(g.Type) + "; only Point, Polygon and MultiPolygon are supported"
}

// centroid is the area-weighted centroid of polygons with holes (the first
// ring of each polygon is its outline, the others are holes). Coordinates
// are taken as planar, which is accurate enough for a city district.
// Degenerate polygons (no area) fall back to the mean of their outline.
func centroid(polys [][][][]float64) (*storage.GeoPoint, string) {
	var ref []float64 // shift to a nearby origin for numeric stability
	var sumA, sumX, sumY float64
	var meanX, meanY float64
	var n int
	for _, poly := range polys {
		for ri, ring := range poly {
			for _, pos := range ring {
				if len(pos) < 2 || math.IsNaN(pos[0]) || math.IsNaN(pos[1]) {
					return nil, "has a position without [lon, lat]"
				}
			}
			if len(ring) == 0 {
				continue
			}
			if ref == nil {
				ref = ring[0]
			}
			a, cx, cy := ringMoments(ring, ref)
			if ri > 0 {
				a, cx, cy = -math.Abs(a), -math.Abs(a)*cx, -math.Abs(a)*cy
			} else {
				a, cx, cy = math.Abs(a), math.Abs(a)*cx, math.Abs(a)*cy
				for _, pos := range ring {
					meanX, meanY, n = meanX+pos[0], meanY+pos[1], n+1
				}
			}
			sumA, sumX, sumY = sumA+a, sumX+cx, sumY+cy
		}
	}
	if n == 0 {
		return nil, "has a polygon without coordinates"
	}
	if sumA <= 1e-15 {
		return &storage.GeoPoint{Lat: meanY / float64(n), Lon: meanX / float64(n)}, ""
	}
	return &storage.GeoPoint{Lat: ref[1] + sumY/sumA, Lon: ref[0] + sumX/sumA}, ""
}

// ringMoments returns a ring's signed area and its centroid relative to ref.
func ringMoments(ring [][]float64, ref []float64) (area, cx, cy float64) {
	var a2, sx, sy float64
	for i := range ring {
		x0, y0 := ring[i][0]-ref[0], ring[i][1]-ref[1]
		j := (i + 1) % len(ring)
		x1, y1 := ring[j][0]-ref[0], ring[j][1]-ref[1]
		cross := x0*y1 - x1*y0
		a2 += cross
		sx += (x0 + x1) * cross
		sy += (y0 + y1) * cross
	}
	if a2 == 0 {
		return 0, 0, 0
	}
	return a2 / 2, sx / (3 * a2), sy / (3 * a2)
}
