package app

import (
	"slices"
	"testing"

	"kitaportal/app/apperr"
	"kitaportal/app/domain"
	"kitaportal/app/internal/testcity"
	"kitaportal/storage"
)

var allStatuses = []domain.Status{
	domain.StatusEingegangen, domain.StatusGelesen, domain.StatusTermin, domain.StatusPlatzangebot,
	domain.StatusAngenommen, domain.StatusAbgelehnt, domain.StatusWarteliste, domain.StatusAbsage,
	domain.StatusZurueckgezogen,
}

// TestOnlyAllowedTransitions writes the whole life of a Vormerkung out once
// more, independently of statusActions, and checks every action by every
// actor in every status against it.
func TestOnlyAllowedTransitions(t *testing.T) {
	const (
		ein, gel, ter, ang = domain.StatusEingegangen, domain.StatusGelesen, domain.StatusTermin, domain.StatusPlatzangebot
		acc, dec, wart, ab = domain.StatusAngenommen, domain.StatusAbgelehnt, domain.StatusWarteliste, domain.StatusAbsage
	)
	allowed := map[string]map[string][]domain.Status{ // actor → action → statuses it may start from
		ByKita: {
			"read":        {ein},
			"appointment": {ein, gel, ter, wart},
			"offer":       {ein, gel, ter, wart},
			"waitlist":    {ein, gel, ter},
			"reject":      {ein, gel, ter, wart},
		},
		ByFamily: {
			"accept":   {ang},
			"decline":  {ang},
			"withdraw": {ein, gel, ter, wart, ang, acc},
		},
		BySystem: {
			"expire":         {ang},
			"auto_withdraw":  {ein, gel, ter, wart, ang},
			"merge_withdraw": {ein, gel, ter, wart, ang, acc},
			"round_offer":    {ein, gel, ter, wart},
		},
	}
	for action := range statusActions {
		for _, by := range []string{ByKita, ByFamily, BySystem} {
			for _, st := range allStatuses {
				want := slices.Contains(allowed[by][action], st)
				if got := CanAct(action, by, st); got != want {
					t.Errorf("%s by %s from %s: allowed=%v, want %v", action, by, st, got, want)
				}
			}
		}
	}
	for _, st := range []domain.Status{dec, ab, domain.StatusZurueckgezogen} {
		for action := range statusActions {
			for _, by := range []string{ByKita, ByFamily, BySystem} {
				if CanAct(action, by, st) {
					t.Errorf("final status %s can still be left by %s (%s)", st, action, by)
				}
			}
		}
	}
	v := storage.Vormerkung{Status: domain.StatusAbsage}
	if err := Step(&v, "offer", ByKita, storage.StatusChange{At: testcity.Now}); apperr.CodeOf(err) != apperr.VormerkungInvalidTransition || len(v.History) != 0 {
		t.Errorf("a refused step changed the Vormerkung: %v %+v", err, v)
	}
}
