package app

import (
	"net/http"
	"slices"
	"time"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/kitas"
	"kitaportal/storage"
)

// ChildOverview is one child's registration as the family (or a clerk)
// sees it in "Meine Vormerkungen".
type ChildOverview struct {
	Number       string           `json:"number"`
	Child        storage.Child    `json:"child"`
	StartDate    string           `json:"start_date"`
	CareHours    int              `json:"care_hours"`
	Reduced      bool             `json:"reduced,omitempty"`
	Vormerkungen []VormerkungView `json:"vormerkungen"`
	// CanAdd says whether another Kita can be added (below the limit and
	// no place accepted yet).
	CanAdd bool `json:"can_add"`
	Limit  int  `json:"limit"`
	// Rounds explain the outcomes of published Vergaberunden.
	Rounds []storage.RoundOutcome `json:"rounds"`
	apart  bool
}

// VormerkungView is one Vormerkung with what the viewer may do next.
type VormerkungView struct {
	ID        uint64                 `json:"id"`
	Priority  int                    `json:"priority"`
	Status    domain.Status          `json:"status"`
	Kita      kitas.Item             `json:"kita"`
	History   []storage.StatusChange `json:"history"`
	Offer     *storage.Offer         `json:"offer,omitempty"`
	Actions   []string               `json:"actions"` // accept, decline, withdraw
	CreatedAt time.Time              `json:"created_at"`
}

// FamilyOverview answers GET /api/family.
type FamilyOverview struct {
	Children []ChildOverview `json:"children"`
	// SiblingsApart: the family said its children need not be in the same Kita.
	SiblingsApart bool `json:"siblings_apart"`
}

// Family returns the children of a logged-in family with their
// Vormerkungen, after expiring offers whose deadline passed.
func (s *Services) Family(p *auth.Principal) (FamilyOverview, error) {
	if p == nil || p.Kind != auth.KindFamily {
		return FamilyOverview{}, apperr.ErrLoginRequired
	}
	numbers, err := s.familyNumbers(p)
	if err != nil {
		return FamilyOverview{}, err
	}
	out := FamilyOverview{Children: []ChildOverview{}}
	for _, n := range numbers {
		c, err := s.childOverview(p, n)
		if err != nil {
			return FamilyOverview{}, err
		}
		out.Children = append(out.Children, c)
		out.SiblingsApart = out.SiblingsApart || c.apart
	}
	return out, nil
}

func (s *Services) childOverview(p *auth.Principal, number string) (ChildOverview, error) {
	if err := s.ExpireOffersOf(number); err != nil {
		return ChildOverview{}, err
	}
	app, vs, err := s.Store.GetApplication(number)
	if err != nil {
		return ChildOverview{}, err
	}
	set, err := s.Settings.Get()
	if err != nil {
		return ChildOverview{}, err
	}
	c := ChildOverview{Number: app.Number, Child: app.Child, StartDate: app.StartDate, CareHours: app.CareHours,
		Reduced: app.Reduced, Limit: set.VormerkungLimit, Vormerkungen: []VormerkungView{}, Rounds: app.Rounds, apart: app.Apart}
	if c.Rounds == nil {
		c.Rounds = []storage.RoundOutcome{}
	}
	c.CanAdd = !app.Reduced && running(vs) < set.VormerkungLimit && !hasAccepted(vs)
	for _, v := range vs {
		view, err := s.vormerkungView(v, ByFamily)
		if err != nil {
			return ChildOverview{}, err
		}
		c.Vormerkungen = append(c.Vormerkungen, view)
	}
	return c, nil
}

func (s *Services) vormerkungView(v storage.Vormerkung, by string) (VormerkungView, error) {
	view := VormerkungView{ID: v.ID, Priority: v.Priority, Status: v.Status, History: v.History,
		Offer: v.Offer, CreatedAt: v.CreatedAt, Actions: []string{}}
	k, err := s.Store.GetKita(v.KitaID)
	switch {
	case err == nil:
		if view.Kita, err = s.Catalog.ItemOf(k); err != nil {
			return view, err
		}
	case storage.IsNotFound(err):
		view.Kita = kitas.Item{ID: v.KitaID, Name: "(nicht mehr im Verzeichnis)"}
	default:
		return view, err
	}
	for _, a := range []string{"accept", "decline", "withdraw"} {
		if CanAct(a, by, v.Status) {
			view.Actions = append(view.Actions, a)
		}
	}
	return view, nil
}

// ExpireOffersOf applies passed deadlines to one application.
func (s *Services) ExpireOffersOf(number string) error {
	now := s.Now()
	return s.Store.Change([]string{number}, func(l []storage.Loaded) (storage.ChangeSet, error) {
		changed := expireOffers(l[0].Vormerkungen, now)
		cs := storage.ChangeSet{PutVormerkungen: changed}
		if len(changed) > 0 {
			s.Notify.Announce(&cs, l[0].App, changed, domain.StatusAbgelehnt, now)
		}
		return cs, nil
	})
}

// FamilyRespond is the family's (or a clerk's) answer on one Vormerkung:
// accept or decline an offer, or withdraw. Accepting withdraws the child's
// other Vormerkungen and tells those Kitas.
func (s *Services) FamilyRespond(p *auth.Principal, id uint64, action string) error {
	if !slices.Contains([]string{"accept", "decline", "withdraw"}, action) {
		return apperr.NotFound(apperr.APINotFound, "no family action %q", action)
	}
	v, err := s.vormerkungFor(p, id)
	if err != nil {
		return err
	}
	now := s.Now()
	return s.Store.Change([]string{v.Number}, func(l []storage.Loaded) (storage.ChangeSet, error) {
		vs := l[0].Vormerkungen
		i := slices.IndexFunc(vs, func(x storage.Vormerkung) bool { return x.ID == id })
		if o := vs[i].Offer; action == "accept" && vs[i].Status == domain.StatusPlatzangebot && o != nil && !now.Before(o.Deadline) {
			return storage.ChangeSet{}, &apperr.Error{Code: apperr.VormerkungDeadlinePassed, Status: http.StatusConflict, Message: "the deadline of this offer has passed"}
		}
		cs := storage.ChangeSet{PutVormerkungen: expireOffers(vs, now)}
		if err := Step(&vs[i], action, ByFamily, storage.StatusChange{At: now, Actor: p.HistoryActor()}); err != nil {
			return cs, err
		}
		changed := []storage.Vormerkung{vs[i]}
		if action == "accept" {
			for j := range vs {
				if j != i && Step(&vs[j], "auto_withdraw", BySystem, storage.StatusChange{At: now, Actor: "system", Reason: "accepted_elsewhere"}) == nil {
					changed = append(changed, vs[j])
				}
			}
		}
		cs.PutVormerkungen = mergeByID(cs.PutVormerkungen, changed)
		s.Notify.Announce(&cs, l[0].App, changed, vs[i].Status, now)
		audit(&cs, p, now, "vormerkung."+action, v.Number, &vs[i], "")
		return cs, nil
	})
}

// mergeByID keeps the last version of each Vormerkung.
func mergeByID(a, b []storage.Vormerkung) []storage.Vormerkung {
	out := slices.Clone(b)
	for _, v := range a {
		if !slices.ContainsFunc(out, func(x storage.Vormerkung) bool { return x.ID == v.ID }) {
			out = append(out, v)
		}
	}
	return out
}

// vormerkungFor loads a Vormerkung the principal may act on as family.
func (s *Services) vormerkungFor(p *auth.Principal, id uint64) (storage.Vormerkung, error) {
	if p == nil {
		return storage.Vormerkung{}, apperr.ErrLoginRequired
	}
	v, err := s.Store.GetVormerkung(id)
	if storage.IsNotFound(err) {
		return v, apperr.NotFound(apperr.VormerkungNotFound, "no Vormerkung %d", id)
	}
	if err != nil {
		return v, err
	}
	if err := s.authorizeApplication(p, v.Number); err != nil {
		if err == apperr.ErrForbidden {
			// Someone else's: answer as if it did not exist.
			return v, apperr.NotFound(apperr.VormerkungNotFound, "no Vormerkung %d", id)
		}
		return v, err
	}
	return v, nil
}
