package app

import (
	"net/http"
	"slices"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// FamilyAddKita adds a Kita to a child's registration later, up to the
// limit of running Vormerkungen; it gets the next priority.
func (s *Services) FamilyAddKita(p *auth.Principal, number, kitaID string) error {
	if err := s.authorizeApplication(p, number); err != nil {
		return err
	}
	k, err := s.Catalog.Get(kitaID)
	if err != nil {
		return err
	}
	if !k.Bookable {
		return &apperr.Error{Code: apperr.KitaNotBookable, Field: "kita_id", Status: http.StatusConflict,
			Message: "this Kita does not take Vormerkungen through the portal yet; contact it directly"}
	}
	set, err := s.Settings.Get()
	if err != nil {
		return err
	}
	now := s.Now()
	return s.Store.Change([]string{number}, func(l []storage.Loaded) (storage.ChangeSet, error) {
		vs := l[0].Vormerkungen
		cs := storage.ChangeSet{PutVormerkungen: expireOffers(vs, now)}
		switch {
		case l[0].App.Reduced:
			return cs, apperr.ErrForbidden
		case checkAge(k, l[0].App.Child, l[0].App.StartDate, "kita_id") != nil:
			return cs, checkAge(k, l[0].App.Child, l[0].App.StartDate, "kita_id")
		case hasAccepted(vs):
			return cs, &apperr.Error{Code: apperr.VormerkungPlaceAccepted, Status: http.StatusConflict, Message: "the child has accepted a place already"}
		case checkLimit(running(vs)+1, set.VormerkungLimit) != nil:
			return cs, checkLimit(running(vs)+1, set.VormerkungLimit)
		case slices.ContainsFunc(vs, func(v storage.Vormerkung) bool { return v.KitaID == kitaID && !v.Status.Final() }):
			return cs, &apperr.Error{Code: apperr.VormerkungAlreadyListed, Field: "kita_id", Status: http.StatusConflict, Message: "the child is registered at this Kita already"}
		}
		prio := 1
		for _, v := range vs {
			prio = max(prio, v.Priority+1)
		}
		added := newVormerkungen(l[0].App, []string{kitaID})
		added[0].Priority, added[0].CreatedAt, added[0].UpdatedAt, added[0].History[0].At = prio, now, now, now
		added[0].History[0].Actor = p.HistoryActor()
		cs.AddVormerkungen = added
		s.Notify.Announce(&cs, l[0].App, added, domain.StatusEingegangen, now)
		audit(&cs, p, now, "vormerkung.add_kita", number, nil, kitaID)
		return cs, nil
	})
}

// FamilyReorder sets new priorities: ids lists the child's running
// Vormerkungen, first choice first. Finished ones follow in their old order.
func (s *Services) FamilyReorder(p *auth.Principal, number string, ids []uint64) error {
	if err := s.authorizeApplication(p, number); err != nil {
		return err
	}
	now := s.Now()
	return s.Store.Change([]string{number}, func(l []storage.Loaded) (storage.ChangeSet, error) {
		vs := l[0].Vormerkungen
		var active []uint64
		for _, v := range vs {
			if !v.Status.Final() {
				active = append(active, v.ID)
			}
		}
		if !samePermutation(active, ids) {
			return storage.ChangeSet{}, apperr.Invalid("ids", apperr.VormerkungOrderMismatch, "ids must list exactly the running Vormerkungen of this child, in the new order")
		}
		order := append(slices.Clone(ids), finishedIDs(vs)...)
		var cs storage.ChangeSet
		for i := range vs {
			prio := slices.Index(order, vs[i].ID) + 1
			if vs[i].Priority != prio {
				vs[i].Priority, vs[i].UpdatedAt = prio, now
				cs.PutVormerkungen = append(cs.PutVormerkungen, vs[i])
			}
		}
		audit(&cs, p, now, "vormerkung.reorder", number, nil, "")
		return cs, nil
	})
}

func finishedIDs(vs []storage.Vormerkung) []uint64 {
	var out []uint64
	for _, v := range vs {
		if v.Status.Final() {
			out = append(out, v.ID)
		}
	}
	return out
}

func samePermutation(a, b []uint64) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
