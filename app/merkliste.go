package app

import (
	"fmt"
	"net/http"
	"slices"

	"kitaportal/app/apperr"
)

// The Merkliste: the Kitas a family has chosen before submitting, first
// choice first. Its rules are here; the session only holds the list.

// MerklisteAdd puts a Kita at the end of the list: it must be choosable,
// and the list stays within the Vormerkung limit. A Kita already on the
// list leaves it as it is.
func (s *Services) MerklisteAdd(list []string, kitaID string) ([]string, error) {
	if _, err := s.Catalog.Choosable(kitaID, "kita_id"); err != nil {
		return nil, err
	}
	if slices.Contains(list, kitaID) {
		return list, nil
	}
	set, err := s.Settings.Get()
	if err != nil {
		return nil, err
	}
	if err := checkLimit(len(list)+1, set.VormerkungLimit); err != nil {
		return nil, err
	}
	return append(slices.Clone(list), kitaID), nil
}

// MerklisteRemove takes a Kita off the list.
func MerklisteRemove(list []string, kitaID string) []string {
	return slices.DeleteFunc(slices.Clone(list), func(x string) bool { return x == kitaID })
}

// MerklisteOrder puts the same Kitas in a new order of priority.
func MerklisteOrder(list, ids []string) ([]string, error) {
	a, b := slices.Clone(list), slices.Clone(ids)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		return nil, apperr.Invalid("kita_ids", apperr.MerklisteOrderMismatch, "kita_ids must list exactly the Kitas on the list, in the new order")
	}
	return slices.Clone(ids), nil
}

// checkLimit is the Vormerkung limit, wherever a child's Kitas grow (the
// Merkliste, the submit, "Kita hinzufügen" later): count is the number of
// running Vormerkungen the change leads to.
func checkLimit(count, limit int) error {
	if count <= limit {
		return nil
	}
	return &apperr.Error{Code: apperr.MerklisteLimitReached, Field: "kita_id", Status: http.StatusConflict,
		Message: pluralf(limit, "at most %d Kita can be on the list", "at most %d Kitas can be on the list")}
}

// pluralf formats n into the singular or plural form.
func pluralf(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(many, n)
}
