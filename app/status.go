package app

import (
	"slices"
	"time"

	"kitaportal/app/apperr"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// The life of a Vormerkung. Each action moves it from one of a few
// statuses to one status, and only one kind of actor may take it: the Kita
// (its staff), the family (or a clerk on its behalf), or the system.

// Who takes a step.
const (
	ByKita   = "kita"
	ByFamily = "family"
	BySystem = "system"
)

type statusAction struct {
	to   domain.Status
	by   string
	from []domain.Status
}

var (
	open       = []domain.Status{domain.StatusEingegangen, domain.StatusGelesen, domain.StatusTermin, domain.StatusWarteliste}
	notFinal   = append(slices.Clone(open), domain.StatusPlatzangebot, domain.StatusAngenommen)
	beforeRead = []domain.Status{domain.StatusEingegangen}
)

// statusActions are every allowed step. Anything not listed is refused.
var statusActions = map[string]statusAction{
	"read":        {domain.StatusGelesen, ByKita, beforeRead},
	"appointment": {domain.StatusTermin, ByKita, open},
	"offer":       {domain.StatusPlatzangebot, ByKita, open},
	"waitlist":    {domain.StatusWarteliste, ByKita, []domain.Status{domain.StatusEingegangen, domain.StatusGelesen, domain.StatusTermin}},
	"reject":      {domain.StatusAbsage, ByKita, open},
	"accept":      {domain.StatusAngenommen, ByFamily, []domain.Status{domain.StatusPlatzangebot}},
	"decline":     {domain.StatusAbgelehnt, ByFamily, []domain.Status{domain.StatusPlatzangebot}},
	"withdraw":    {domain.StatusZurueckgezogen, ByFamily, notFinal},
	// System steps: an offer whose deadline passed, and the other
	// Vormerkungen of a child whose family accepted a place.
	"expire":         {domain.StatusAbgelehnt, BySystem, []domain.Status{domain.StatusPlatzangebot}},
	"auto_withdraw":  {domain.StatusZurueckgezogen, BySystem, slices.DeleteFunc(slices.Clone(notFinal), func(s domain.Status) bool { return s == domain.StatusAngenommen })},
	"merge_withdraw": {domain.StatusZurueckgezogen, BySystem, notFinal},
	// A published Vergaberunde offers the places it allocated.
	"round_offer": {domain.StatusPlatzangebot, BySystem, open},
}

// CanAct says whether an actor kind may take an action on a Vormerkung in
// the given status.
func CanAct(action, by string, status domain.Status) bool {
	a, ok := statusActions[action]
	return ok && a.by == by && slices.Contains(a.from, status)
}

// Step moves v by an action, appending the history entry.
func Step(v *storage.Vormerkung, action, by string, change storage.StatusChange) error {
	if !CanAct(action, by, v.Status) {
		return apperr.Conflict("", apperr.VormerkungInvalidTransition, "this step is not possible in status %s", v.Status)
	}
	change.Status = statusActions[action].to
	v.Status = change.Status
	v.UpdatedAt = change.At
	v.History = append(v.History, change)
	if change.Offer != nil {
		v.Offer = change.Offer
	}
	return nil
}

// expireOffers turns offers whose deadline has passed into "abgelehnt"
// and returns the changed ones.
func expireOffers(vs []storage.Vormerkung, now time.Time) []storage.Vormerkung {
	var changed []storage.Vormerkung
	for i := range vs {
		v := &vs[i]
		if v.Status != domain.StatusPlatzangebot || v.Offer == nil || now.Before(v.Offer.Deadline) {
			continue
		}
		if Step(v, "expire", BySystem, storage.StatusChange{At: now, Actor: "system", Reason: "deadline_passed"}) == nil {
			changed = append(changed, *v)
		}
	}
	return changed
}

// running counts the Vormerkungen that are not over.
func running(vs []storage.Vormerkung) int {
	n := 0
	for _, v := range vs {
		if !v.Status.Final() {
			n++
		}
	}
	return n
}

// hasAccepted says whether the child has accepted a place.
func hasAccepted(vs []storage.Vormerkung) bool {
	return slices.ContainsFunc(vs, func(v storage.Vormerkung) bool { return v.Status == domain.StatusAngenommen })
}
