package app

import (
	"kitaportal/search"
	"kitaportal/storage"
)

// KitaList is one page of a Kita search with the total and facet counts.
type KitaList struct {
	Total  uint64                         `json:"total"`
	Items  []KitaItem                     `json:"items"`
	Facets map[string][]search.FacetValue `json:"facets"`
	Place  *ResolvedPlace                 `json:"place,omitempty"`
}

// SearchKitas is the Kita search use case, shared by the API and the CLI.
// Anyone may search; there is nothing personal in it.
func (s *Services) SearchKitas(q KitaQuery) (KitaList, error) {
	var place *ResolvedPlace
	if q.Place != "" {
		r, err := s.ResolvePlace(q.Place)
		if err != nil {
			return KitaList{}, err
		}
		place = &r
		q.Filter.Near = &search.Point{Lat: r.Location.Lat, Lon: r.Location.Lon}
	}
	if err := q.Filter.Validate(); err != nil {
		return KitaList{}, invalid("", "query.invalid", "%v", err)
	}
	res, err := s.Index.SearchKitas(q.Filter)
	if err != nil {
		return KitaList{}, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	items, err := s.listItems(ids)
	if err != nil {
		return KitaList{}, err
	}
	for i, it := range items {
		if q.Filter.Near != nil && it.Location != nil {
			d := roundKm(search.Distance(*q.Filter.Near, search.Point{Lat: it.Location.Lat, Lon: it.Location.Lon}))
			items[i].DistanceKm = &d
		}
	}
	return KitaList{Total: res.Total, Items: items, Facets: facetView(res.Facets), Place: place}, nil
}

// facetView renames Bleve's boolean terms to true/false.
func facetView(f map[string][]search.FacetValue) map[string][]search.FacetValue {
	for i, v := range f["bookable"] {
		switch v.Value {
		case "T":
			f["bookable"][i].Value = "true"
		case "F":
			f["bookable"][i].Value = "false"
		}
	}
	return f
}

// GetKita returns everything known about one Kita.
func (s *Services) GetKita(id string) (KitaDetail, error) {
	if id == "" || len(id) > 200 {
		return KitaDetail{}, invalid("id", "kita.invalid_id", "invalid Kita id")
	}
	k, err := s.Store.GetKita(id)
	if isNotFound(err) {
		return KitaDetail{}, notFound("kita.not_found", "no Kita with id %q", id)
	}
	if err != nil {
		return KitaDetail{}, err
	}
	c, err := s.carrierOf(k)
	if err != nil {
		return KitaDetail{}, err
	}
	return KitaDetail{KitaItem: kitaItem(k, c), Contact: k.Contact, Description: k.Description, UpdatedAt: k.UpdatedAt}, nil
}

// carrierOf is the Kita's Träger; an unknown one is an empty carrier.
func (s *Services) carrierOf(k storage.Kita) (storage.Carrier, error) {
	if k.CarrierID == "" {
		return storage.Carrier{}, nil
	}
	c, err := s.Store.GetCarrier(k.CarrierID)
	if err != nil && !isNotFound(err) {
		return storage.Carrier{}, err
	}
	return c, nil
}
