package kitas

import (
	"kitaportal/app/apperr"
	"kitaportal/search"
	"kitaportal/storage"
)

// List is one page of a Kita search with the total and facet counts.
type List struct {
	Total  uint64                         `json:"total"`
	Items  []Item                         `json:"items"`
	Facets map[string][]search.FacetValue `json:"facets"`
	Place  *ResolvedPlace                 `json:"place,omitempty"`
}

// Search is the Kita search use case, shared by the API and the CLI.
// Anyone may search; there is nothing personal in it.
func (c *Catalog) Search(q Query) (List, error) {
	var place *ResolvedPlace
	if q.Place != "" {
		r, err := c.ResolvePlace(q.Place)
		if err != nil {
			return List{}, err
		}
		place = &r
		q.Filter.Near = &search.Point{Lat: r.Location.Lat, Lon: r.Location.Lon}
	}
	if err := q.Filter.Validate(); err != nil {
		return List{}, apperr.Invalid("", apperr.QueryInvalid, "%v", err)
	}
	res, err := c.searchKitas(q.Filter)
	if err != nil {
		return List{}, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	items, err := c.listItems(ids)
	if storage.IsNotFound(err) {
		// An import that removed Kitas has committed and its index update
		// is still running: the index names Kitas the store no longer
		// holds. They are left out of the page (and the total).
		var gone uint64
		if ids, gone, err = c.stillStored(ids); err == nil {
			res.Total -= min(gone, res.Total)
			items, err = c.listItems(ids)
		}
	}
	if err != nil {
		return List{}, err
	}
	for i, it := range items {
		if q.Filter.Near != nil && it.Location != nil {
			d := roundKm(search.Distance(*q.Filter.Near, search.Point{Lat: it.Location.Lat, Lon: it.Location.Lon}))
			items[i].DistanceKm = &d
		}
	}
	return List{Total: res.Total, Items: items, Facets: facetView(res.Facets), Place: place}, nil
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

// Get returns everything known about one Kita.
func (c *Catalog) Get(id string) (Detail, error) {
	if id == "" || len(id) > 200 {
		return Detail{}, apperr.Invalid("id", apperr.KitaInvalidID, "invalid Kita id")
	}
	k, err := c.store.GetKita(id)
	if storage.IsNotFound(err) {
		return Detail{}, apperr.NotFound(apperr.KitaNotFound, "no Kita with id %q", id)
	}
	if err != nil {
		return Detail{}, err
	}
	cr, err := c.CarrierOf(k)
	if err != nil {
		return Detail{}, err
	}
	return Detail{Item: itemOf(k, cr), Contact: k.Contact, Description: k.Description, UpdatedAt: k.UpdatedAt}, nil
}

// CarrierOf is the Kita's Träger; an unknown one is an empty carrier.
func (c *Catalog) CarrierOf(k storage.Kita) (storage.Carrier, error) {
	if k.CarrierID == "" {
		return storage.Carrier{}, nil
	}
	cr, err := c.store.GetCarrier(k.CarrierID)
	if err != nil && !storage.IsNotFound(err) {
		return storage.Carrier{}, err
	}
	return cr, nil
}

// stillStored is ids without those the store does not hold.
func (c *Catalog) stillStored(ids []string) (kept []string, gone uint64, err error) {
	for _, id := range ids {
		_, err := c.store.GetKita(id)
		switch {
		case err == nil:
			kept = append(kept, id)
		case storage.IsNotFound(err):
			gone++
		default:
			return nil, 0, err
		}
	}
	return kept, gone, nil
}
