package rounds

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"kitaportal/app/allocation"
	"kitaportal/app/domain"
	"kitaportal/search"
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

// base is what a round starts from: the places per Kita (a follow-up
// round's are the earlier round's) and, in a follow-up round, where the
// earlier round placed each child.
type base struct {
	caps     map[string]allocation.Capacity
	placedAt map[string]string   // child → Kita; nil in a first round
	refused  map[string][]string // child → Kitas that deviated from the recommendation
}

// refusing is the Kitas of each child whose deviation the round records.
func refusing(ds []storage.Deviation) map[string][]string {
	out := map[string][]string{}
	for _, d := range ds {
		out[d.Number] = append(out[d.Number], d.KitaID)
	}
	return out
}

// roundBase reads the earlier round of a follow-up round.
func (s *Service) roundBase(spec Spec) (base, error) {
	b := base{caps: map[string]allocation.Capacity{}}
	if spec.FollowUpOf == "" {
		return b, nil
	}
	_, m, res, err := s.loadRound(spec.FollowUpOf)
	if err != nil {
		return b, err
	}
	for _, k := range m.Round().Kitas {
		b.caps[k.ID] = k.Capacity
	}
	b.placedAt = map[string]string{}
	for _, pl := range res.Placements {
		if pl.Status == allocation.StatusPlaced || pl.Status == allocation.StatusFixed {
			b.placedAt[pl.ChildID] = pl.KitaID
		}
	}
	return b, nil
}

// input is a round's input with what the clerk is told about it.
type input struct {
	round   allocation.Round
	notes   []storage.RoundNote
	holding int
	names   map[string]string // child's name by number, for the view
	sources map[string]string // group → what linked it (groupByAccount, groupByClerk)
}

// What linked a group of siblings.
const (
	groupByAccount = "account"
	groupByClerk   = "clerk"
)

// roundInput builds the allocation input. What a round allocates are the
// places free for its start date: in a first round the free places the
// Kitas report (places already accepted or offered are not free, so the
// children holding them take no part and take nothing off); in a
// follow-up round the earlier round's places, where the children it placed
// keep theirs. A child whose stored data the engine cannot use is left
// out and named in a note; it never fails the round of the whole city.
func (s *Service) roundInput(id string, spec Spec, cat allocation.Catalogue, b base) (input, error) {
	set, err := s.settings.Get()
	if err != nil {
		return input{}, err
	}
	start, _ := domain.ParseDay(spec.StartDate)
	deadline, _ := domain.ParseDay(spec.Deadline)
	cutoff := time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 0, 0, 0, 0, domain.Berlin).AddDate(0, 0, 1)
	out := input{round: allocation.Round{ID: id, StartDate: start, Seed: spec.Seed, Catalogue: cat, MaxChoices: set.VormerkungLimit}}
	in := &out.round
	kitas := map[string]bool{}
	_, err = s.store.ForEachKita(func(k storage.Kita) error {
		if !k.Bookable {
			return nil
		}
		kitas[k.ID] = true
		c, ok := b.caps[k.ID]
		if !ok {
			c = allocation.Capacity{U3: deref(k.FreePlaces.U3), Ue3: deref(k.FreePlaces.Ue3)}
		}
		in.Kitas = append(in.Kitas, allocation.Kita{ID: k.ID, Name: k.Name, District: k.Address.District, Capacity: c})
		return nil
	})
	if err != nil {
		return out, err
	}
	districts, err := newDistrictFinder(s)
	if err != nil {
		return out, err
	}
	var apps []storage.Loaded
	err = s.store.ForEachApplication(func(l storage.Loaded) error {
		if l.App.CreatedAt.Before(cutoff) && !l.App.Reduced {
			apps = append(apps, l)
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	groups := familyGroups(apps)
	out.names = make(map[string]string, len(apps))
	out.sources = map[string]string{}
	for _, l := range apps {
		out.names[l.App.Number] = l.App.Child.FirstName + " " + l.App.Child.LastName
		if g := groups[l.App.Number]; g != "" && out.sources[g] != groupByClerk {
			out.sources[g] = groupByAccount
			if l.App.SiblingGroup != "" {
				out.sources[g] = groupByClerk
			}
		}
	}
	check := allocation.NewChildChecker(*in)
	for _, l := range apps {
		c, take := roundChild(l, kitas, cutoff, start, b)
		switch take {
		case takeNone:
			continue
		case takeNoneHolding:
			out.holding++
			continue
		}
		if len(c.Choices) > in.MaxChoices {
			out.notes = append(out.notes, storage.RoundNote{Number: c.ID, Code: noteChoicesCut,
				Message: fmt.Sprintf("holds %d running Vormerkungen, the round counts the first %d (setting vormerkung_limit)", len(c.Choices), in.MaxChoices)})
			c.Choices = c.Choices[:in.MaxChoices]
		}
		c.GroupID = groups[l.App.Number]
		if err := check.Check(c); err != nil {
			out.notes = append(out.notes, storage.RoundNote{Number: c.ID, Code: noteLeftOut, LeftOut: true,
				Message: strings.Join(allocation.Messages(err), "; ")})
			continue
		}
		c.District = districts.of(l.App)
		in.Children = append(in.Children, c)
	}
	sort.Slice(in.Children, func(i, j int) bool { return in.Children[i].ID < in.Children[j].ID })
	sort.Slice(out.notes, func(i, j int) bool { return out.notes[i].Number < out.notes[j].Number })
	return out, nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// How a registration takes part in a round.
const (
	takePart        = iota
	takeNone        // nothing to allocate
	takeNoneHolding // holds a place already, outside what the round allocates
)

// roundChild turns an application into a child of the round. Its running
// Vormerkungen are ranked 1..n in the family's order (withdrawn ones leave
// no gaps).
func roundChild(l storage.Loaded, kitas map[string]bool, cutoff, start time.Time, b base) (allocation.Child, int) {
	a := l.App
	birth, _ := domain.ParseDay(a.Child.BirthDate)
	c := allocation.Child{ID: a.Number, BirthDate: birth, Criteria: roundCriteria(a, birth, start)}
	for _, k := range b.refused[a.Number] {
		if kitas[k] {
			c.RefusedKitaIDs = append(c.RefusedKitaIDs, k)
		}
	}
	holds := ""
	for _, v := range l.Vormerkungen { // in priority order
		switch {
		case !kitas[v.KitaID]:
		case v.Status == domain.StatusAngenommen || v.Status == domain.StatusPlatzangebot:
			holds = v.KitaID
		case v.Status == domain.StatusAbgelehnt:
			c.DeclinedKitaIDs = append(c.DeclinedKitaIDs, v.KitaID)
		case openForRound[v.Status] && v.CreatedAt.Before(cutoff):
			c.Choices = append(c.Choices, allocation.Choice{KitaID: v.KitaID, Rank: len(c.Choices) + 1})
		}
	}
	switch {
	case holds != "" && b.placedAt != nil && b.placedAt[a.Number] == holds:
		// The earlier round's place: it keeps its seat in that round's places.
		c.FixedKitaID, c.Choices = holds, nil
		return c, takePart
	case holds != "":
		return c, takeNoneHolding
	case len(c.Choices) == 0:
		return c, takeNone
	}
	return c, takePart
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
		months := domain.MonthsBetween(birth, start)
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

// familyGroups links children of one family to be kept together where
// possible. Only strong evidence links: registrations of different
// children in the same family account for the same start (twins and
// siblings), and children a clerk linked as siblings (SiblingGroup). A
// shared address, phone or e-mail does not: unrelated families share a
// house, a shelter or a typo, and a group changes their lottery and may
// move them. A child whose family said "not necessarily together" (Apart)
// joins no group; a second registration of the same child (a duplicate,
// for the clerk to merge) joins none either.
func familyGroups(apps []storage.Loaded) map[string]string {
	parent := map[string]string{} // union-find over numbers and link keys
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		root := find(p)
		parent[x] = root
		return root
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	var numbers []string
	child := map[string]string{}
	for _, l := range apps {
		a := l.App
		if a.Apart || (a.AccountID == "" && a.SiblingGroup == "") {
			continue
		}
		numbers = append(numbers, a.Number)
		child[a.Number] = a.ChildKey
		if a.AccountID != "" {
			union("\x00account:"+a.AccountID+"|"+a.StartDate, a.Number)
		}
		if a.SiblingGroup != "" {
			union("\x00clerk:"+a.SiblingGroup, a.Number)
		}
	}
	slices.Sort(numbers)
	members := map[string][]string{}
	seen := map[string]bool{} // root + child key
	for _, n := range numbers {
		root := find(n)
		if k := root + "|" + child[n]; !seen[k] {
			seen[k] = true
			members[root] = append(members[root], n)
		}
	}
	out := map[string]string{}
	for _, ns := range members {
		if len(ns) < 2 {
			continue
		}
		for _, n := range ns {
			out[n] = "family-" + strings.TrimPrefix(ns[0], "KP-")
		}
	}
	return out
}

// districtFinder resolves a family's home district: a street the
// gazetteer holds under that name and postcode (what the form's
// suggestions fill in) directly, any other address once per street and
// postcode through the gazetteer's fuzzy search (the house number does not
// change the district it knows).
type districtFinder struct {
	s     *Service
	cache map[string]string
}

func placeKey(text, postcode string) string {
	return strings.Join(search.ParsePlaceQuery(text).Words, " ") + "|" + postcode
}

func newDistrictFinder(s *Service) (*districtFinder, error) {
	d := &districtFinder{s: s, cache: map[string]string{}}
	err := s.store.ForEachPlace(func(p storage.Place) error {
		if p.Kind == storage.PlaceStreet && p.Postcode != "" && p.District != "" {
			d.cache[placeKey(p.Name, p.Postcode)] = p.District
		}
		return nil
	})
	return d, err
}

func (d *districtFinder) of(a storage.Application) string {
	if len(a.Guardians) == 0 || d.s.catalog == nil {
		return ""
	}
	g := a.Guardians[0]
	text := strings.TrimSpace(g.Street + ", " + g.Postcode)
	key := placeKey(g.Street, strings.TrimSpace(g.Postcode))
	if v, ok := d.cache[key]; ok {
		return v
	}
	district := ""
	if p, err := d.s.catalog.ResolvePlace(text); err == nil {
		district = p.District
		if district == "" && p.Kind == storage.PlaceDistrict {
			district = p.Name
		}
	}
	d.cache[key] = district
	return district
}
