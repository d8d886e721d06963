package kitas

import (
	"sort"
	"sync"

	"kitaportal/storage"
)

// CityInfo is what the UI needs to draw the city: its districts, its name
// and a centre. It is derived from the gazetteer and cached per store
// generation, since the gazetteer changes only by import.
type CityInfo struct {
	Name      string
	Center    *storage.GeoPoint
	Districts []PlaceItem
	// Demo: the store holds the invented demo city.
	Demo bool
}

type cityCache struct {
	mu         sync.Mutex
	generation uint64
	loaded     bool
	info       CityInfo
}

// City returns the districts of the gazetteer, the most common city name
// and the mean of the district points.
func (c *Catalog) City() (CityInfo, error) {
	gen, err := c.store.Generation()
	if err != nil {
		return CityInfo{}, err
	}
	c.city.mu.Lock()
	defer c.city.mu.Unlock()
	if c.city.loaded && c.city.generation == gen {
		return c.city.info, nil
	}
	info := CityInfo{Districts: []PlaceItem{}}
	cities := map[string]int{}
	var lat, lon float64
	err = c.store.ForEachPlace(func(p storage.Place) error {
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
		return CityInfo{}, err
	}
	if len(info.Districts) == 0 {
		// A gazetteer without districts (Berlin's has postcodes only): the
		// districts named in the Kitas' addresses, at their Kitas' mean.
		if err := c.districtsFromKitas(&info, cities); err != nil {
			return CityInfo{}, err
		}
	} else {
		lat, lon = lat/float64(len(info.Districts)), lon/float64(len(info.Districts))
		info.Center = &storage.GeoPoint{Lat: lat, Lon: lon}
	}
	if _, err := c.store.ForEachKita(func(k storage.Kita) error {
		info.Demo = info.Demo || k.Demo
		return nil
	}); err != nil {
		return CityInfo{}, err
	}
	sort.Slice(info.Districts, func(i, j int) bool { return info.Districts[i].Name < info.Districts[j].Name })
	best := 0
	for name, n := range cities {
		if n > best || (n == best && name < info.Name) {
			info.Name, best = name, n
		}
	}
	c.city.generation, c.city.loaded, c.city.info = gen, true, info
	return info, nil
}

func (c *Catalog) districtsFromKitas(info *CityInfo, cities map[string]int) error {
	type acc struct {
		lat, lon float64
		n        int
	}
	by := map[string]*acc{}
	var all acc
	_, err := c.store.ForEachKita(func(k storage.Kita) error {
		if k.Address.City != "" {
			cities[k.Address.City]++
		}
		if k.Location == nil {
			return nil
		}
		all.lat, all.lon, all.n = all.lat+k.Location.Lat, all.lon+k.Location.Lon, all.n+1
		if d := k.Address.District; d != "" {
			if by[d] == nil {
				by[d] = &acc{}
			}
			a := by[d]
			a.lat, a.lon, a.n = a.lat+k.Location.Lat, a.lon+k.Location.Lon, a.n+1
		}
		return nil
	})
	if err != nil {
		return err
	}
	for name, a := range by {
		p := storage.GeoPoint{Lat: a.lat / float64(a.n), Lon: a.lon / float64(a.n)}
		info.Districts = append(info.Districts, PlaceItem{ID: "kita-district:" + name, Kind: storage.PlaceDistrict, Name: name, District: name, Location: p, Label: name})
	}
	if all.n > 0 {
		info.Center = &storage.GeoPoint{Lat: all.lat / float64(all.n), Lon: all.lon / float64(all.n)}
	}
	return nil
}
