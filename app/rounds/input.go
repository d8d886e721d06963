package rounds

import (
	"sort"
	"strings"
	"time"

	"kitaportal/app/allocation"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// The input of a Vergaberunde, read from the store: every bookable Kita
// with its capacities by age group, and every child with Vormerkungen that
// were received by the deadline and are still open, ranked by the family's
// priorities, with the criteria the family gave.

// openForRound are the statuses a Vormerkung takes part in a round with.
var openForRound = map[domain.Status]bool{
	domain.StatusEingegangen: true, domain.StatusGelesen: true,
	domain.StatusTermin: true, domain.StatusWarteliste: true,
}

// Spec is what a clerk chooses for a round.
type Spec struct {
	Deadline   string `json:"deadline"`   // YYYY-MM-DD
	StartDate  string `json:"start_date"` // YYYY-MM-DD
	Seed       uint64 `json:"seed"`       // 0: drawn now and recorded
	Mechanism  string `json:"mechanism"`  // deferred_acceptance (default) or first_choice_first
	FollowUpOf string `json:"follow_up_of"`
}

// roundInput builds the allocation input; capacities start from the Kitas'
// reported free places (or, for a follow-up round, the earlier round's).
func (s *Service) roundInput(id string, spec Spec, cat allocation.Catalogue, caps map[string]allocation.Capacity) (allocation.Round, error) {
	start, _ := domain.ParseDay(spec.StartDate)
	deadline, _ := domain.ParseDay(spec.Deadline)
	cutoff := time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 0, 0, 0, 0, domain.Berlin).AddDate(0, 0, 1)
	in := allocation.Round{ID: id, StartDate: start, Seed: spec.Seed, Catalogue: cat}
	kitas := map[string]bool{}
	_, err := s.store.ForEachKita(func(k storage.Kita) error {
		if !k.Bookable {
			return nil
		}
		kitas[k.ID] = true
		c, ok := caps[k.ID]
		if !ok {
			c = allocation.Capacity{U3: deref(k.FreePlaces.U3), Ue3: deref(k.FreePlaces.Ue3)}
		}
		in.Kitas = append(in.Kitas, allocation.Kita{ID: k.ID, Name: k.Name, District: k.Address.District, Capacity: c})
		return nil
	})
	if err != nil {
		return in, err
	}
	districts := newDistrictFinder(s)
	var apps []storage.Loaded
	err = s.store.ForEachApplication(func(l storage.Loaded) error {
		if l.App.CreatedAt.Before(cutoff) && !l.App.Reduced {
			apps = append(apps, l)
		}
		return nil
	})
	if err != nil {
		return in, err
	}
	groups := familyGroups(apps)
	for _, l := range apps {
		if c, ok := roundChild(l, kitas, cutoff, start, districts.of(l.App)); ok {
			c.GroupID = groups[l.App.Number]
			in.Children = append(in.Children, c)
		}
	}
	sort.Slice(in.Children, func(i, j int) bool { return in.Children[i].ID < in.Children[j].ID })
	return in, nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// roundChild turns an application into a child of the round; ok is false
// when it has nothing to allocate (no open Vormerkung, no held place).
func roundChild(l storage.Loaded, kitas map[string]bool, cutoff, start time.Time, district string) (allocation.Child, bool) {
	a := l.App
	birth, _ := domain.ParseDay(a.Child.BirthDate)
	c := allocation.Child{ID: a.Number, BirthDate: birth, District: district, Criteria: roundCriteria(a, birth, start)}
	for _, v := range l.Vormerkungen {
		switch {
		case !kitas[v.KitaID]:
		case v.Status == domain.StatusAngenommen || v.Status == domain.StatusPlatzangebot:
			c.FixedKitaID = v.KitaID // a place accepted or offered earlier holds its seat
		case v.Status == domain.StatusAbgelehnt:
			c.DeclinedKitaIDs = append(c.DeclinedKitaIDs, v.KitaID)
		case openForRound[v.Status] && v.CreatedAt.Before(cutoff):
			c.Choices = append(c.Choices, allocation.Choice{KitaID: v.KitaID, Rank: v.Priority})
		}
	}
	if c.FixedKitaID != "" {
		c.Choices = nil
	}
	return c, len(c.Choices) > 0 || c.FixedKitaID != ""
}

// roundCriteria maps what the family said to the catalogue's criteria.
func roundCriteria(a storage.Application, birth, start time.Time) allocation.Criteria {
	cr := allocation.Criteria{SingleParent: a.Criteria.SingleParent, SpecialNeeds: a.Criteria.SpecialNeeds,
		YouthWelfare: a.Criteria.YouthWelfare, SiblingKitaIDs: a.Criteria.SiblingKitaIDs}
	for _, g := range a.Guardians {
		cr.ParentHours = append(cr.ParentHours, weeklyHours(g))
	}
	// Children who turn six in the year after the start go to school then.
	if !birth.IsZero() && !a.Child.Expected {
		months := monthsBetween(birth, start)
		cr.LastYearBeforeSchool = months >= 60 && months < 72
	}
	return cr
}

// weeklyHours is a guardian's working (or training) time; a missing
// figure counts as the usual hours of the kind of work.
func weeklyHours(g storage.Guardian) int {
	if g.EmploymentHours > 0 {
		return g.EmploymentHours
	}
	return map[string]int{"vollzeit": 39, "teilzeit": 20, "ausbildung": 39}[g.Employment]
}

func monthsBetween(from, to time.Time) int {
	m := (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
	if to.Day() < from.Day() {
		m--
	}
	return m
}

// familyGroups links children of one family who apply for the same start:
// twins and siblings, to be kept together where possible. Applications
// sharing a contact (e-mail, phone, address) and a start date form a group.
func familyGroups(apps []storage.Loaded) map[string]string {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		if p, ok := parent[x]; ok && p != x {
			parent[x] = find(p)
			return parent[x]
		}
		return x
	}
	byKey := map[string]string{}
	childKeys := map[string]string{}
	for _, l := range apps {
		childKeys[l.App.Number] = l.App.ChildKey
	}
	for _, l := range apps {
		n := l.App.Number
		parent[n] = n
		for _, k := range l.App.ContactKeys {
			key := k + "|" + l.App.StartDate
			if other, ok := byKey[key]; ok && l.App.ChildKey != childKeys[other] {
				parent[find(n)] = find(other)
			} else if !ok {
				byKey[key] = n
			}
		}
	}
	out := map[string]string{}
	size := map[string]int{}
	for n := range parent {
		size[find(n)]++
	}
	for n := range parent {
		if root := find(n); size[root] > 1 {
			out[n] = "family-" + strings.TrimPrefix(root, "KP-")
		}
	}
	return out
}

// districtFinder resolves a family's home district through the gazetteer,
// once per postcode and street.
type districtFinder struct {
	s     *Service
	cache map[string]string
}

func newDistrictFinder(s *Service) *districtFinder {
	return &districtFinder{s: s, cache: map[string]string{}}
}

func (d *districtFinder) of(a storage.Application) string {
	if len(a.Guardians) == 0 || d.s.catalog == nil {
		return ""
	}
	g := a.Guardians[0]
	key := strings.TrimSpace(g.Street + ", " + g.Postcode)
	if v, ok := d.cache[key]; ok {
		return v
	}
	district := ""
	if p, err := d.s.catalog.ResolvePlace(key); err == nil {
		district = p.District
		if district == "" && p.Kind == storage.PlaceDistrict {
			district = p.Name
		}
	}
	d.cache[key] = district
	return district
}
