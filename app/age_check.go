package app

import (
	"fmt"
	"net/http"

	"kitaportal/app/apperr"
	"kitaportal/app/domain"
	"kitaportal/app/kitas"
	"kitaportal/storage"
)

// checkAge refuses a Kita that does not take a child of the age the child
// will have at the start date (a Hort for a two-year-old, a Krippe for a
// four-year-old). A Kita without a known age range, or a child whose dates
// are not known yet, passes: the Kita decides.
func checkAge(k kitas.Detail, child storage.Child, start, field string) error {
	if k.AgeMonths == nil {
		return nil
	}
	months, ok := domain.AgeMonthsAt(child.BirthDate, start)
	if !ok || (months >= k.AgeMonths.Min && months <= k.AgeMonths.Max) {
		return nil
	}
	return &apperr.Error{Code: apperr.KitaAgeMismatch, Field: field, Status: http.StatusConflict,
		Message: fmt.Sprintf("Kita %s takes children of %d to %d months; on %s the child will be %d months old",
			k.ID, k.AgeMonths.Min, k.AgeMonths.Max, start, months)}
}
