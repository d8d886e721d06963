package app

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/kitas"
	"kitaportal/storage"
)

// InboxItem is one Vormerkung as the Kita's staff sees it: what they need
// to decide and to reach the family.
type InboxItem struct {
	ID        uint64                 `json:"id"`
	Number    string                 `json:"number"`
	KitaID    string                 `json:"kita_id"`
	Priority  int                    `json:"priority"`
	Status    domain.Status          `json:"status"`
	CreatedAt time.Time              `json:"created_at"`
	Child     storage.Child          `json:"child"`
	AgeGroup  string                 `json:"age_group"` // u3 or ue3 at the desired start
	StartDate string                 `json:"start_date"`
	CareHours int                    `json:"care_hours"`
	Criteria  InboxCriteria          `json:"criteria"`
	Guardians []storage.Guardian     `json:"guardians"`
	History   []storage.StatusChange `json:"history"`
	Offer     *storage.Offer         `json:"offer,omitempty"`
	Actions   []string               `json:"actions"`
}

// InboxCriteria are the criteria as flags (employment summarised).
type InboxCriteria struct {
	SingleParent   bool `json:"single_parent"`
	SiblingHere    bool `json:"sibling_here"`
	SpecialNeeds   bool `json:"special_needs"`
	YouthWelfare   bool `json:"youth_welfare"`
	AllEmployed    bool `json:"all_employed"`
	EmployedHours  int  `json:"employed_hours"` // sum over the guardians
	GuardiansCount int  `json:"guardians"`
}

// InboxFilter narrows and sorts a Kita's list (GET /api/kita/vormerkungen).
type InboxFilter struct {
	KitaID     string
	AgeGroup   string // u3, ue3
	StartFrom  string // YYYY-MM-DD
	StartUntil string
	Priority   int    // 0: any
	Criterion  string // single_parent, sibling_here, special_needs, youth_welfare, all_employed
	Status     string
	Sort       string // created (default), priority, start_date, birth_date
}

var kitaActions = []string{"read", "appointment", "offer", "waitlist", "reject"}

// ParseInboxFilter validates the query of the Kita's list.
func ParseInboxFilter(q map[string][]string) (InboxFilter, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	f := InboxFilter{KitaID: get("kita_id"), AgeGroup: get("age_group"), StartFrom: get("start_from"),
		StartUntil: get("start_until"), Criterion: get("criterion"), Status: get("status"), Sort: get("sort")}
	if f.KitaID == "" {
		return f, apperr.Invalid("kita_id", apperr.QueryRequired, "kita_id is required")
	}
	if f.AgeGroup != "" && f.AgeGroup != "u3" && f.AgeGroup != "ue3" {
		return f, apperr.Invalid("age_group", apperr.QueryInvalid, "age_group is u3 or ue3")
	}
	for _, d := range []struct{ name, v string }{{"start_from", f.StartFrom}, {"start_until", f.StartUntil}} {
		if _, ok := domain.ParseDay(d.v); d.v != "" && !ok {
			return f, apperr.Invalid(d.name, apperr.QueryInvalidDate, "%s is a date YYYY-MM-DD", d.name)
		}
	}
	if p := get("priority"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 10 {
			return f, apperr.Invalid("priority", apperr.QueryInvalidNumber, "priority is a whole number from 1 to 10")
		}
		f.Priority = n
	}
	if f.Criterion != "" && !slices.Contains([]string{"single_parent", "sibling_here", "special_needs", "youth_welfare", "all_employed"}, f.Criterion) {
		return f, apperr.Invalid("criterion", apperr.QueryInvalid, "unknown criterion %q", f.Criterion)
	}
	if f.Sort != "" && !slices.Contains([]string{"created", "priority", "start_date", "birth_date"}, f.Sort) {
		return f, apperr.Invalid("sort", apperr.QueryInvalid, "sort is created, priority, start_date or birth_date")
	}
	return f, nil
}

// KitaInbox lists the Vormerkungen at one of the principal's Kitas.
func (s *Services) KitaInbox(p *auth.Principal, f InboxFilter) ([]InboxItem, error) {
	if err := auth.RequireKita(p, f.KitaID); err != nil {
		return nil, err
	}
	vs, apps, err := s.Store.KitaInbox(f.KitaID)
	if err != nil {
		return nil, err
	}
	items := []InboxItem{}
	for _, v := range vs {
		it := inboxItem(v, apps[v.Number])
		if f.matches(it) {
			items = append(items, it)
		}
	}
	f.sort(items)
	id, role := p.Actor()
	err = s.Store.AppendAudit(storage.AuditEntry{At: s.Now(), ActorID: id, ActorRole: role, Action: "kita.list", KitaID: f.KitaID,
		Detail: strconv.Itoa(len(items)) + " shown"})
	return items, err
}

func inboxItem(v storage.Vormerkung, a storage.Application) InboxItem {
	it := InboxItem{ID: v.ID, Number: v.Number, KitaID: v.KitaID, Priority: v.Priority, Status: v.Status,
		CreatedAt: v.CreatedAt, Child: a.Child, StartDate: a.StartDate, CareHours: a.CareHours,
		Guardians: a.Guardians, History: v.History, Offer: v.Offer, Actions: []string{}}
	it.AgeGroup = domain.AgeGroup(a.Child.BirthDate, a.StartDate)
	it.Criteria = InboxCriteria{SingleParent: a.Criteria.SingleParent, SpecialNeeds: a.Criteria.SpecialNeeds,
		YouthWelfare: a.Criteria.YouthWelfare, SiblingHere: slices.Contains(a.Criteria.SiblingKitaIDs, v.KitaID),
		GuardiansCount: len(a.Guardians), AllEmployed: len(a.Guardians) > 0}
	for _, g := range a.Guardians {
		it.Criteria.EmployedHours += g.EmploymentHours
		if g.Employment != "vollzeit" && g.Employment != "teilzeit" && g.Employment != "ausbildung" {
			it.Criteria.AllEmployed = false
		}
	}
	for _, act := range kitaActions {
		if CanAct(act, ByKita, v.Status) {
			it.Actions = append(it.Actions, act)
		}
	}
	return it
}

func (f InboxFilter) matches(it InboxItem) bool {
	crit := map[string]bool{"single_parent": it.Criteria.SingleParent, "sibling_here": it.Criteria.SiblingHere,
		"special_needs": it.Criteria.SpecialNeeds, "youth_welfare": it.Criteria.YouthWelfare, "all_employed": it.Criteria.AllEmployed}
	switch {
	case f.AgeGroup != "" && it.AgeGroup != f.AgeGroup,
		f.StartFrom != "" && it.StartDate < f.StartFrom,
		f.StartUntil != "" && it.StartDate > f.StartUntil,
		f.Priority != 0 && it.Priority != f.Priority,
		f.Criterion != "" && !crit[f.Criterion],
		f.Status != "" && string(it.Status) != f.Status:
		return false
	}
	return true
}

func (f InboxFilter) sort(items []InboxItem) {
	key := func(it InboxItem) string {
		switch f.Sort {
		case "priority":
			return strconv.Itoa(100 + it.Priority)
		case "start_date":
			return it.StartDate
		case "birth_date":
			return it.Child.BirthDate
		}
		return it.CreatedAt.Format(time.RFC3339Nano)
	}
	sort.SliceStable(items, func(i, j int) bool {
		if a, b := key(items[i]), key(items[j]); a != b {
			return a < b
		}
		return items[i].ID < items[j].ID
	})
}

// KitaAnswer is what staff send with an action.
type KitaAnswer struct {
	Message     string               `json:"message"`
	Appointment *storage.Appointment `json:"appointment"`
	Offer       *OfferRequest        `json:"offer"`
}

// OfferRequest is a place offer as staff fill it in; the deadline defaults
// to the offer_answer_days setting.
type OfferRequest struct {
	StartDate string `json:"start_date"`
	CareHours int    `json:"care_hours"`
	Deadline  string `json:"deadline"` // YYYY-MM-DD, the last day to answer
}

// KitaAct takes a Kita's step on one of its Vormerkungen; the family sees
// it at once in its account (and by e-mail when configured).
func (s *Services) KitaAct(p *auth.Principal, id uint64, action string, ans KitaAnswer) error {
	if !slices.Contains(kitaActions, action) {
		return apperr.NotFound(apperr.APINotFound, "no Kita action %q", action)
	}
	v, err := s.Store.GetVormerkung(id)
	if storage.IsNotFound(err) {
		return apperr.NotFound(apperr.VormerkungNotFound, "no Vormerkung %d", id)
	}
	if err != nil {
		return err
	}
	if err := auth.RequireKita(p, v.KitaID); err != nil {
		if err == apperr.ErrForbidden {
			return apperr.NotFound(apperr.VormerkungNotFound, "no Vormerkung %d", id)
		}
		return err
	}
	now := s.Now()
	change, err := s.answerChange(action, ans, now)
	if err != nil {
		return err
	}
	change.Actor = p.HistoryActor()
	return s.Store.Change([]string{v.Number}, func(l []storage.Loaded) (storage.ChangeSet, error) {
		vs := l[0].Vormerkungen
		cs := storage.ChangeSet{PutVormerkungen: expireOffers(vs, now)}
		i := slices.IndexFunc(vs, func(x storage.Vormerkung) bool { return x.ID == id })
		if err := Step(&vs[i], action, ByKita, change); err != nil {
			return cs, err
		}
		cs.PutVormerkungen = mergeByID(cs.PutVormerkungen, vs[i:i+1])
		s.Notify.Announce(&cs, l[0].App, nil, vs[i].Status, now)
		audit(&cs, p, now, "vormerkung."+action, v.Number, &vs[i], "")
		return cs, nil
	})
}

// answerChange checks what staff typed for an action.
func (s *Services) answerChange(action string, ans KitaAnswer, now time.Time) (storage.StatusChange, error) {
	c := storage.StatusChange{At: now, Message: strings.TrimSpace(ans.Message)}
	if utf8.RuneCountInString(c.Message) > 1000 {
		return c, apperr.Invalid("message", apperr.FormTooLong, "at most 1000 characters")
	}
	switch action {
	case "reject":
		if c.Message == "" {
			return c, apperr.Invalid("message", apperr.FormRequired, "please give the family a reason")
		}
	case "appointment":
		a, err := checkAppointment(ans.Appointment, now)
		if err != nil {
			return c, err
		}
		c.Appointment = a
	case "offer":
		set, err := s.Settings.Get()
		if err != nil {
			return c, err
		}
		o, err := CheckOffer(ans.Offer, now, set.OfferAnswerDays)
		if err != nil {
			return c, err
		}
		c.Offer = o
	}
	return c, nil
}

func checkAppointment(a *storage.Appointment, now time.Time) (*storage.Appointment, error) {
	if a == nil {
		return nil, apperr.Invalid("appointment.date", apperr.FormRequired, "date, time and place of the appointment are required")
	}
	d, ok := domain.ParseDay(a.Date)
	switch {
	case !ok:
		return nil, apperr.Invalid("appointment.date", apperr.FormInvalidDate, "not a date (YYYY-MM-DD)")
	case d.Before(domain.Today(now)):
		return nil, apperr.Invalid("appointment.date", apperr.FormDateInPast, "the appointment cannot be in the past")
	}
	if _, err := domain.ParseClock(a.Time); err != nil {
		return nil, apperr.Invalid("appointment.time", apperr.FormInvalidTime, "not a time (HH:MM)")
	}
	a.Place = domain.Collapse(a.Place)
	if a.Place == "" || utf8.RuneCountInString(a.Place) > 200 {
		return nil, apperr.Invalid("appointment.place", apperr.FormRequired, "where the appointment is (at most 200 characters)")
	}
	return a, nil
}

// CheckOffer checks a place offer as staff (or a Vergaberunde) make it;
// the deadline defaults to answerDays from today, German time.
func CheckOffer(o *OfferRequest, now time.Time, answerDays int) (*storage.Offer, error) {
	if o == nil {
		return nil, apperr.Invalid("offer.start_date", apperr.FormRequired, "start date and care hours of the offer are required")
	}
	start, ok := domain.ParseDay(o.StartDate)
	switch {
	case !ok:
		return nil, apperr.Invalid("offer.start_date", apperr.FormInvalidDate, "not a date (YYYY-MM-DD)")
	case start.Before(domain.Today(now)):
		return nil, apperr.Invalid("offer.start_date", apperr.FormStartInPast, "the start cannot be in the past")
	}
	if !slices.Contains(CareHourOptions, o.CareHours) {
		return nil, apperr.Invalid("offer.care_hours", apperr.FormInvalidCareHours, "choose one of %v hours per week", CareHourOptions)
	}
	last := domain.Today(now).AddDate(0, 0, answerDays)
	if o.Deadline != "" {
		d, ok := domain.ParseDay(o.Deadline)
		if !ok || !d.After(domain.Today(now)) || d.After(domain.Today(now).AddDate(0, 0, 60)) {
			return nil, apperr.Invalid("offer.deadline", apperr.FormInvalidDeadline, "the deadline is a date from tomorrow to 60 days ahead")
		}
		last = d
	}
	// The family may answer until the end of the last day, German time.
	y, m, d := last.Date()
	deadline := time.Date(y, m, d, 0, 0, 0, 0, domain.Berlin).AddDate(0, 0, 1)
	return &storage.Offer{StartDate: o.StartDate, CareHours: o.CareHours, Deadline: deadline}, nil
}

// UpdateFreePlaces sets a Kita's free places by age group (as of today) and
// updates the search index; it returns them as stored.
func (s *Services) UpdateFreePlaces(p *auth.Principal, kitaID string, u3, ue3 *int) (storage.FreePlaces, error) {
	if err := auth.RequireKita(p, kitaID); err != nil {
		return storage.FreePlaces{}, err
	}
	for _, n := range []struct {
		field string
		v     *int
	}{{"u3", u3}, {"ue3", ue3}} {
		if n.v != nil && (*n.v < 0 || *n.v > 500) {
			return storage.FreePlaces{}, apperr.Invalid(n.field, apperr.FormInvalidNumber, "free places are a number from 0 to 500")
		}
	}
	now := s.Now()
	free := storage.FreePlaces{U3: u3, Ue3: ue3, AsOf: domain.Today(now).Format(time.DateOnly)}
	err := s.Catalog.UpdateKita(kitaID, func(k *storage.Kita) error {
		k.FreePlaces, k.UpdatedAt = free, now
		return nil
	})
	if err != nil {
		return free, err
	}
	id, role := p.Actor()
	return free, s.Store.AppendAudit(storage.AuditEntry{At: now, ActorID: id, ActorRole: role, Action: "kita.free_places", KitaID: kitaID})
}

// StaffKitas are the Kitas a member of Kita staff answers for.
func (s *Services) StaffKitas(p *auth.Principal) ([]kitas.Item, error) {
	if err := auth.RequireStaff(p, domain.RoleKita); err != nil {
		return nil, err
	}
	return s.Catalog.Items(p.KitaIDs)
}
