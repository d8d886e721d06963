package app

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// FamilySummary is one application in a clerk's search results.
type FamilySummary struct {
	Number       string              `json:"number"`
	Child        storage.Child       `json:"child"`
	Guardians    []string            `json:"guardians"` // names only
	Statuses     []domain.Status     `json:"statuses"`  // in priority order
	Vormerkungen []SummaryVormerkung `json:"vormerkungen"`
	Channel      string              `json:"channel"`
	CreatedAt    string              `json:"created_at"`
}

// SummaryVormerkung is one Kita of a family in a list.
type SummaryVormerkung struct {
	KitaID   string        `json:"kita_id"`
	KitaName string        `json:"kita_name"`
	Priority int           `json:"priority"`
	Status   domain.Status `json:"status"`
}

// FindFamilies is the clerk's search: by the child's or a guardian's name
// (all words must match), a birth date, or a Vormerkungsnummer; with none
// of them, the latest registrations.
func (s *Services) FindFamilies(p *auth.Principal, text, birthDate, number string) ([]FamilySummary, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return nil, err
	}
	words := splitFolded(text)
	if number != "" {
		number = auth.NormalizeNumber(number)
	}
	out := []FamilySummary{}
	err := s.Store.ForEachApplication(func(l storage.Loaded) error {
		a := l.App
		if (number != "" && a.Number != number) || (birthDate != "" && a.Child.BirthDate != birthDate) || !namesMatch(a, words) {
			return nil
		}
		out = append(out, s.summarize(l))
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt > out[j].CreatedAt })
	if len(out) > 50 {
		out = out[:50]
	}
	id, role := p.Actor()
	return out, s.Store.AppendAudit(storage.AuditEntry{At: s.Now(), ActorID: id, ActorRole: role, Action: "family.search",
		Detail: strings.Join(numbersOf(out), ",")})
}

// splitFolded folds each word of a text like foldName.
func splitFolded(text string) []string {
	var out []string
	for _, w := range strings.Fields(text) {
		if f := foldName(w); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func namesMatch(a storage.Application, words []string) bool {
	names := []string{foldName(a.Child.FirstName), foldName(a.Child.LastName)}
	for _, g := range a.Guardians {
		names = append(names, foldName(g.FirstName), foldName(g.LastName))
	}
	for _, w := range words {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.HasPrefix(n, w) }) {
			return false
		}
	}
	return true
}

func (s *Services) summarize(l storage.Loaded) FamilySummary {
	f := FamilySummary{Number: l.App.Number, Child: l.App.Child, Channel: l.App.Channel,
		CreatedAt: l.App.CreatedAt.Format("2006-01-02T15:04:05Z07:00"), Guardians: []string{}, Statuses: []domain.Status{},
		Vormerkungen: []SummaryVormerkung{}}
	for _, g := range l.App.Guardians {
		f.Guardians = append(f.Guardians, strings.TrimSpace(g.FirstName+" "+g.LastName))
	}
	for _, v := range l.Vormerkungen {
		f.Statuses = append(f.Statuses, v.Status)
		sv := SummaryVormerkung{KitaID: v.KitaID, Priority: v.Priority, Status: v.Status}
		if k, err := s.Store.GetKita(v.KitaID); err == nil {
			sv.KitaName = k.Name
		}
		f.Vormerkungen = append(f.Vormerkungen, sv)
	}
	return f
}

func numbersOf(fs []FamilySummary) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Number
	}
	return out
}

// ClerkFamilyDetail is a family as the clerk sees it: the child's overview
// and the guardians' data, for phone calls and printing.
type ClerkFamilyDetail struct {
	ChildOverview
	Guardians []storage.Guardian `json:"guardians"`
	Criteria  storage.Criteria   `json:"criteria"`
	Channel   string             `json:"channel"`
	// Siblings are the Vormerkungen a clerk linked with this one.
	Siblings []string `json:"siblings"`
}

// ClerkFamily opens one family's registration for a clerk.
func (s *Services) ClerkFamily(p *auth.Principal, number string) (ClerkFamilyDetail, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return ClerkFamilyDetail{}, err
	}
	c, err := s.childOverview(p, number)
	if storage.IsNotFound(err) {
		return ClerkFamilyDetail{}, apperr.NotFound(apperr.FamilyNotFound, "no Vormerkung %s", number)
	}
	if err != nil {
		return ClerkFamilyDetail{}, err
	}
	app, _, err := s.Store.GetApplication(number)
	if err != nil {
		return ClerkFamilyDetail{}, err
	}
	siblings, err := s.siblingsOf(app)
	if err != nil {
		return ClerkFamilyDetail{}, err
	}
	if siblings == nil {
		siblings = []string{}
	}
	id, role := p.Actor()
	err = s.Store.AppendAudit(storage.AuditEntry{At: s.Now(), ActorID: id, ActorRole: role, Action: "family.view", Number: number})
	return ClerkFamilyDetail{ChildOverview: c, Guardians: app.Guardians, Criteria: app.Criteria, Channel: app.Channel, Siblings: siblings}, err
}

// DuplicateGroup is a set of applications that may be the same child: the
// same normalised name and birth date, each with running Vormerkungen.
type DuplicateGroup struct {
	ChildKey     string          `json:"child_key"`
	Applications []FamilySummary `json:"applications"`
}

// Duplicates lists suspected duplicates for a clerk to merge.
func (s *Services) Duplicates(p *auth.Principal) ([]DuplicateGroup, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return nil, err
	}
	groups := map[string][]FamilySummary{}
	err := s.Store.ForEachApplication(func(l storage.Loaded) error {
		if running(l.Vormerkungen) > 0 {
			groups[l.App.ChildKey] = append(groups[l.App.ChildKey], s.summarize(l))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := []DuplicateGroup{}
	for key, apps := range groups {
		if len(apps) > 1 {
			out = append(out, DuplicateGroup{ChildKey: key, Applications: apps})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ChildKey < out[j].ChildKey })
	return out, nil
}

// Merge joins application drop into keep: drop's Vormerkungen move over
// (a Kita already at keep is withdrawn on drop's side), its contacts are
// added for future duplicate checks, its account link carries over, and
// drop is removed. The running total must stay within the limit.
func (s *Services) Merge(p *auth.Principal, keep, drop string) error {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return err
	}
	if keep == drop {
		return apperr.Invalid("drop", apperr.MergeSame, "choose two different Vormerkungen")
	}
	set, err := s.Settings.Get()
	if err != nil {
		return err
	}
	now := s.Now()
	err = s.Store.Change([]string{keep, drop}, func(l []storage.Loaded) (storage.ChangeSet, error) {
		k, d := l[0], l[1]
		if k.App.ChildKey != d.App.ChildKey {
			return storage.ChangeSet{}, apperr.Invalid("drop", apperr.MergeOtherChild, "the two Vormerkungen are for different children (name or birth date differ)")
		}
		cs := storage.ChangeSet{DeleteApplications: []string{drop}, RenumberMessages: map[string]string{drop: keep}}
		moved, err := mergeVormerkungen(k, d, now)
		if err != nil {
			return cs, err
		}
		if running(append(slices.Clone(k.Vormerkungen), moved...)) > set.VormerkungLimit {
			return cs, &apperr.Error{Code: apperr.MergeLimit, Status: http.StatusConflict,
				Message: "together the child would have more running Vormerkungen than allowed; withdraw some first"}
		}
		cs.PutVormerkungen = moved
		app := k.App
		app.ContactKeys = append(app.ContactKeys, d.App.ContactKeys...)
		slices.Sort(app.ContactKeys)
		app.ContactKeys = slices.Compact(app.ContactKeys)
		if app.SiblingGroup == "" {
			app.SiblingGroup = d.App.SiblingGroup
		}
		app.UpdatedAt = now
		if err := s.mergeAccounts(&cs, &app, d.App); err != nil {
			return cs, err
		}
		cs.PutApplications = []storage.Application{app}
		audit(&cs, p, now, "family.merge", keep, nil, "merged "+drop)
		return cs, nil
	})
	if storage.IsNotFound(err) {
		return apperr.NotFound(apperr.FamilyNotFound, "one of the Vormerkungen does not exist")
	}
	return err
}

// mergeVormerkungen moves drop's Vormerkungen behind keep's priorities.
func mergeVormerkungen(keep, drop storage.Loaded, now time.Time) ([]storage.Vormerkung, error) {
	prio := 0
	for _, v := range keep.Vormerkungen {
		prio = max(prio, v.Priority)
	}
	var moved []storage.Vormerkung
	for _, v := range drop.Vormerkungen {
		dup := slices.ContainsFunc(keep.Vormerkungen, func(x storage.Vormerkung) bool {
			return x.KitaID == v.KitaID && !x.Status.Final()
		})
		if dup {
			_ = Step(&v, "merge_withdraw", BySystem, storage.StatusChange{At: now, Actor: "system", Reason: "merged"})
		}
		prio++
		v.Number, v.Priority, v.UpdatedAt = keep.App.Number, prio, now
		moved = append(moved, v)
	}
	return moved, nil
}

// mergeAccounts moves drop's account link to keep.
func (s *Services) mergeAccounts(cs *storage.ChangeSet, keep *storage.Application, drop storage.Application) error {
	for _, id := range []string{keep.AccountID, drop.AccountID} {
		if id == "" {
			continue
		}
		a, err := s.Store.GetAccount(id)
		if err != nil {
			return err
		}
		a.Numbers = slices.DeleteFunc(a.Numbers, func(n string) bool { return n == drop.Number })
		if !slices.Contains(a.Numbers, keep.Number) && (id == keep.AccountID || keep.AccountID == "") {
			a.Numbers = append(a.Numbers, keep.Number)
			keep.AccountID = id
		}
		cs.PutAccounts = append(cs.PutAccounts, a)
	}
	return nil
}
