package kitas

import (
	"net/http"

	"kitaportal/app/apperr"
	"kitaportal/storage"
)

// Choosable is the rule for every way a Kita gets onto a child's list (the
// Merkliste, the submit, "Kita hinzufügen" later): it must exist and take
// Vormerkungen through the portal. The error names field.
func (c *Catalog) Choosable(id, field string) (Detail, error) {
	k, err := c.Get(id)
	if e, ok := apperr.As(err); ok {
		return k, e.At(field)
	}
	if err != nil {
		return k, err
	}
	if !k.Bookable {
		return k, &apperr.Error{Code: apperr.KitaNotBookable, Field: field, Status: http.StatusConflict,
			Message: "this Kita does not take Vormerkungen through the portal yet; contact it directly"}
	}
	return k, nil
}

// Items expands Kita ids into list items, in their order, skipping Kitas
// that no longer exist (an import may remove one while a family is
// choosing).
func (c *Catalog) Items(ids []string) ([]Item, error) {
	out := []Item{}
	for _, id := range ids {
		k, err := c.store.GetKita(id)
		if storage.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		cr, err := c.CarrierOf(k)
		if err != nil {
			return nil, err
		}
		out = append(out, itemOf(k, cr))
	}
	return out, nil
}

// ItemOf is a stored Kita as lists show it.
func (c *Catalog) ItemOf(k storage.Kita) (Item, error) {
	cr, err := c.CarrierOf(k)
	if err != nil {
		return Item{}, err
	}
	return itemOf(k, cr), nil
}
