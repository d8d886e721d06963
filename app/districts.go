package app

import (
	"net/http"
	"sort"
	"sync"

	"kitaportal/storage"
)

// cityInfo is what the UI needs to draw the city: its districts, its name
// and a centre. It is derived from the gazetteer and cached per store
// generation, since the gazetteer changes only by import.
type cityInfo struct {
	Name      string
	Center    *storage.GeoPoint
	Districts []PlaceItem
}

type cityCache struct {
	mu         sync.Mutex
	generation uint64
	loaded     bool
	info       cityInfo
}

// City returns the districts of the gazetteer, the most common city name
// and the mean of the district points.
func (s *Services) City() (cityInfo, error) {
	gen, err := s.Store.Generation()
	if err != nil {
		return cityInfo{}, err
	}
	s.city.mu.Lock()
	defer s.city.mu.Unlock()
	if s.city.loaded && s.city.generation == gen {
		return s.city.info, nil
	}
	info := cityInfo{Districts: []PlaceItem{}}
	cities := map[string]int{}
	var lat, lon float64
	err = s.Store.ForEachPlace(func(p storage.Place) error {
		if p.City != "" {
			cities[p.City]++
		}
		if p.Kind == storage.PlaceDistrict {
			info.Districts = append(info.Districts, placeItem(p, ""))
			lat, lon = lat+p.Location.Lat, lon+p.Location.Lon
		}
		return nil
	})
	if err != nil {
		return cityInfo{}, err
	}
	sort.Slice(info.Districts, func(i, j int) bool { return info.Districts[i].Name < info.Districts[j].Name })
	if n := float64(len(info.Districts)); n > 0 {
		info.Center = &storage.GeoPoint{Lat: lat / n, Lon: lon / n}
	}
	best := 0
	for name, n := range cities {
		if n > best || (n == best && name < info.Name) {
			info.Name, best = name, n
		}
	}
	s.city.generation, s.city.loaded, s.city.info = gen, true, info
	return info, nil
}

// handleDistricts answers GET /api/districts: every district with its point.
func (s *Services) handleDistricts(w http.ResponseWriter, r *http.Request) {
	info, err := s.City()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"items": info.Districts})
}
