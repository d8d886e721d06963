package app

import (
	"net/http"
	"slices"
	"time"

	"kitaportal/storage"
)

// The life of a Vormerkung. Each action moves it from one of a few
// statuses to one status, and only one kind of actor may take it: the Kita
// (its staff), the family (or a clerk on its behalf), or the system.

const (
	byKita   = "kita"
	byFamily = "family"
	bySystem = "system"
)

type statusAction struct {
	to   string
	by   string
	from []string
}

var (
	open       = []string{storage.StatusEingegangen, storage.StatusGelesen, storage.StatusTermin, storage.StatusWarteliste}
	notFinal   = append(slices.Clone(open), storage.StatusPlatzangebot, storage.StatusAngenommen)
	beforeRead = []string{storage.StatusEingegangen}
)

// statusActions are every allowed step. Anything not listed is refused.
var statusActions = map[string]statusAction{
	"read":        {storage.StatusGelesen, byKita, beforeRead},
	"appointment": {storage.StatusTermin, byKita, open},
	"offer":       {storage.StatusPlatzangebot, byKita, open},
	"waitlist":    {storage.StatusWarteliste, byKita, []string{storage.StatusEingegangen, storage.StatusGelesen, storage.StatusTermin}},
	"reject":      {storage.StatusAbsage, byKita, open},
	"accept":      {storage.StatusAngenommen, byFamily, []string{storage.StatusPlatzangebot}},
	"decline":     {storage.StatusAbgelehnt, byFamily, []string{storage.StatusPlatzangebot}},
	"withdraw":    {storage.StatusZurueckgezogen, byFamily, notFinal},
	// System steps: an offer whose deadline passed, and the other
	// Vormerkungen of a child whose family accepted a place.
	"expire":         {storage.StatusAbgelehnt, bySystem, []string{storage.StatusPlatzangebot}},
	"auto_withdraw":  {storage.StatusZurueckgezogen, bySystem, slices.DeleteFunc(slices.Clone(notFinal), func(s string) bool { return s == storage.StatusAngenommen })},
	"merge_withdraw": {storage.StatusZurueckgezogen, bySystem, notFinal},
	// A published Vergaberunde offers the places it allocated.
	"round_offer": {storage.StatusPlatzangebot, bySystem, open},
}

// CanAct says whether an actor kind may take an action on a Vormerkung in
// the given status.
func CanAct(action, by, status string) bool {
	a, ok := statusActions[action]
	return ok && a.by == by && slices.Contains(a.from, status)
}

// step moves v by an action, appending the history entry.
func step(v *storage.Vormerkung, action, by string, change storage.StatusChange) error {
	if !CanAct(action, by, v.Status) {
		return &Error{Code: "vormerkung.invalid_transition", status: http.StatusConflict,
			Message: "this step is not possible in status " + v.Status}
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
		if v.Status != storage.StatusPlatzangebot || v.Offer == nil || now.Before(v.Offer.Deadline) {
			continue
		}
		if step(v, "expire", bySystem, storage.StatusChange{At: now, Actor: "system", Reason: "deadline_passed"}) == nil {
			changed = append(changed, *v)
		}
	}
	return changed
}

// running counts the Vormerkungen that are not over.
func running(vs []storage.Vormerkung) int {
	n := 0
	for _, v := range vs {
		if !storage.FinalStatus(v.Status) {
			n++
		}
	}
	return n
}

// hasAccepted says whether the child has accepted a place.
func hasAccepted(vs []storage.Vormerkung) bool {
	return slices.ContainsFunc(vs, func(v storage.Vormerkung) bool { return v.Status == storage.StatusAngenommen })
}
