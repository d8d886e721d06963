package rounds

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"kitaportal/app"
	"kitaportal/app/allocation"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/internal/apptest"
	"kitaportal/storage"
)

// Property tests of whole Vergaberunden on the demo city with random
// families: one to three children each (real siblings: one family account
// and start date, or two registrations a clerk linked), unrelated families
// sharing an address, families who said "not necessarily together", a few
// children with unusable stored data, and priorities with gaps. Every
// round must run; it must group only real siblings, breach no quota, waste
// no place and leave no justified envy among children outside groups. The
// group repair's cost is logged.

// cityFamily is what the generator knows about a child's true family.
type cityTruth struct {
	family map[string]string // number → true family
	apart  map[string]bool   // number → its family said "apart"
	bad    map[string]bool   // numbers with unusable stored data
}

func TestRoundsOverRandomCities(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(fmt.Sprint("city-", seed), func(t *testing.T) {
			svc := apptest.Open(t, t.TempDir())
			if err := app.SeedDemo(svc); err != nil {
				t.Fatal(err)
			}
			truth := fillCity(t, apptest.DB(svc), seed, 150+int(seed)*50)
			setPlaces(t, svc, len(truth.family)*8/10)
			rs := New(svc, apptest.DB(svc))
			_, r, err := rs.PlanRound(auth.Operator, Spec{Deadline: "2026-11-30", StartDate: "2027-08-01", Seed: seed})
			if err != nil {
				t.Fatalf("the round failed: %v", err)
			}
			m, res, err := decodeRound(r)
			if err != nil {
				t.Fatal(err)
			}
			e, err := rs.export(r, m, res)
			if err != nil {
				t.Fatal(err)
			}
			checkLeftOut(t, r, truth)
			checkGroups(t, m.Round(), truth)
			checkPlaces(t, m.Round(), e)
			g := res.Groups
			t.Logf("%d children, %d groups (%d together, %d moved by the repair, %d split); repair cost: %d children worse off, %d of them outside groups",
				len(e.Children), g.Groups, g.Together, g.Moved, g.Split, g.WorseOff, g.WorseOffOutside)
		})
	}
}

// fillCity writes n families straight into the store.
func fillCity(t *testing.T, db *storage.DB, seed uint64, n int) cityTruth {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 2026))
	var kitas []string
	if _, err := db.ForEachKita(func(k storage.Kita) error {
		if k.Bookable {
			kitas = append(kitas, k.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	truth := cityTruth{family: map[string]string{}, apart: map[string]bool{}, bad: map[string]bool{}}
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, domain.Berlin)
	var cs storage.ChangeSet
	var streets []string
	var loneChildren []int // applications of families with one child and no account
	seq := 0
	for f := range n {
		street := fmt.Sprintf("Teststraße %d", f+1)
		if len(streets) > 0 && rng.IntN(6) == 0 { // an unrelated family in the same house
			street = streets[rng.IntN(len(streets))]
		}
		streets = append(streets, street)
		kids := 1
		switch x := rng.IntN(100); {
		case x < 8:
			kids = 3
		case x < 30:
			kids = 2
		}
		account := ""
		if kids > 1 || rng.IntN(2) == 0 {
			account = fmt.Sprintf("acc-%d", f)
		}
		apart := kids > 1 && rng.IntN(10) == 0
		wishes := rng.Perm(len(kitas))[:1+rng.IntN(5)] // siblings mostly wish for the same Kitas
		for k := range kids {
			seq++
			birth := time.Date(2022, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(4*365))
			a := storage.Application{Number: fmt.Sprintf("KP-P%03d-%04d", seq/10000, seq%10000),
				Child:     storage.Child{FirstName: fmt.Sprintf("Kind%d", k), LastName: fmt.Sprintf("Familie%d", f), BirthDate: birth.Format(time.DateOnly)},
				StartDate: "2027-08-01", CareHours: 35, Language: "de", Channel: "web", CreatedAt: at, UpdatedAt: at,
				AccountID: account, Apart: apart,
				Guardians: []storage.Guardian{{FirstName: "Eltern", LastName: fmt.Sprint(f), Street: street, Postcode: "67655",
					City: "Kaiserslautern", Employment: "vollzeit"}},
				Criteria: storage.Criteria{SingleParent: rng.IntN(5) == 0, SpecialNeeds: rng.IntN(20) == 0}}
			a.ChildKey = a.Child.FirstName + "|" + a.Child.LastName + "|" + a.Child.BirthDate
			a.ContactKeys = []string{"addr:" + street}
			truth.family[a.Number] = fmt.Sprint("family-", f)
			truth.apart[a.Number] = apart
			if rng.IntN(50) == 0 { // stored data the engine cannot use
				a.Guardians[0].EmploymentHours = 500
				truth.bad[a.Number] = true
			}
			cs.PutApplications = append(cs.PutApplications, a)
			if kids == 1 && account == "" {
				loneChildren = append(loneChildren, len(cs.PutApplications)-1)
			}
			mine := wishes
			if rng.IntN(5) == 0 {
				mine = rng.Perm(len(kitas))[:1+rng.IntN(5)]
			}
			prio := 0
			for _, ki := range mine {
				prio += 1 + rng.IntN(2) // gaps from withdrawn Vormerkungen
				cs.AddVormerkungen = append(cs.AddVormerkungen, storage.Vormerkung{Number: a.Number, KitaID: kitas[ki], Priority: prio,
					Status: domain.StatusEingegangen, CreatedAt: at, UpdatedAt: at,
					History: []storage.StatusChange{{Status: domain.StatusEingegangen, At: at, Actor: "family"}}})
			}
		}
	}
	// Siblings registered apart, linked by a clerk: pairs of lone children.
	for i := 0; i+1 < len(loneChildren) && i < 20; i += 2 {
		a, b := &cs.PutApplications[loneChildren[i]], &cs.PutApplications[loneChildren[i+1]]
		a.SiblingGroup, b.SiblingGroup = "sib-"+a.Number, "sib-"+a.Number
		truth.family[b.Number] = truth.family[a.Number]
	}
	if err := db.Apply(cs); err != nil {
		t.Fatal(err)
	}
	return truth
}

// setPlaces gives the bookable Kitas places for about total children,
// half of them for under-threes.
func setPlaces(t *testing.T, svc *app.Services, total int) {
	t.Helper()
	var ids []string
	if _, err := svc.Store.ForEachKita(func(k storage.Kita) error {
		if k.Bookable {
			ids = append(ids, k.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		per := total / len(ids)
		if i < total%len(ids) {
			per++
		}
		u3, ue3 := per/2, per-per/2
		if err := svc.Catalog.UpdateKita(id, func(k *storage.Kita) error {
			k.FreePlaces = storage.FreePlaces{U3: &u3, Ue3: &ue3}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// checkLeftOut: exactly the children with unusable data are left out, by
// name in a note, and the round ran for everyone else.
func checkLeftOut(t *testing.T, r storage.Round, truth cityTruth) {
	t.Helper()
	left := map[string]bool{}
	for _, n := range r.Notes {
		if n.LeftOut {
			left[n.Number] = true
		}
	}
	for n := range truth.bad {
		if !left[n] {
			t.Errorf("%s has unusable data but took part", n)
		}
	}
	for n := range left {
		if !truth.bad[n] {
			t.Errorf("%s was left out without reason", n)
		}
	}
}

// checkGroups: a group holds children of one true family that did not
// say "apart", and every such family's children in the round share one.
func checkGroups(t *testing.T, in allocation.Round, truth cityTruth) {
	t.Helper()
	groupFamily := map[string]string{}
	familyGroup := map[string]string{}
	for _, c := range in.Children {
		fam := truth.family[c.ID]
		if c.GroupID == "" {
			continue
		}
		if truth.apart[c.ID] {
			t.Errorf("%s is grouped though its family said apart", c.ID)
		}
		if f, ok := groupFamily[c.GroupID]; ok && f != fam {
			t.Errorf("group %s joins unrelated families %s and %s", c.GroupID, f, fam)
		}
		groupFamily[c.GroupID] = fam
		familyGroup[fam] = c.GroupID
	}
	members := map[string]int{}
	for _, c := range in.Children {
		members[truth.family[c.ID]]++
	}
	for _, c := range in.Children {
		fam := truth.family[c.ID]
		if members[fam] > 1 && !truth.apart[c.ID] && c.GroupID != familyGroup[fam] {
			t.Errorf("%s of %s is not in its siblings' group %q", c.ID, fam, familyGroup[fam])
		}
	}
}

// checkPlaces recomputes from the export: no Kita over its places in an
// age group, and for every child outside a group no Kita it ranked higher
// has a free place in its age group (waste) or took a child it outranks
// there (justified envy).
func checkPlaces(t *testing.T, in allocation.Round, e Export) {
	t.Helper()
	type slotKey struct{ kita, group string }
	capacity := map[slotKey]int{}
	for _, k := range in.Kitas {
		capacity[slotKey{k.ID, "u3"}], capacity[slotKey{k.ID, "ue3"}] = k.Capacity.U3, k.Capacity.Ue3
	}
	type prio struct {
		points  int
		lottery uint32
	}
	outranks := func(a, b prio) bool { return a.points > b.points || (a.points == b.points && a.lottery < b.lottery) }
	at := map[string]map[string]prio{} // number → Kita → priority there
	held := map[slotKey][]prio{}
	for _, c := range e.Children {
		at[c.Number] = map[string]prio{}
		for _, ch := range c.Choices {
			at[c.Number][ch.KitaID] = prio{ch.Points, c.Lottery}
		}
		if o := c.DeferredAcceptance; o.Status == string(allocation.StatusPlaced) {
			s := slotKey{o.KitaID, c.AgeGroup}
			held[s] = append(held[s], at[c.Number][o.KitaID])
		}
	}
	for s, hs := range held {
		if len(hs) > capacity[s] {
			t.Errorf("%s %s holds %d children for %d places", s.kita, s.group, len(hs), capacity[s])
		}
	}
	if e.Mechanism != string(allocation.DeferredAcceptance) {
		return
	}
	for _, c := range e.Children {
		if c.Group != "" {
			continue
		}
		result := c.DeferredAcceptance.Rank
		for _, ch := range c.Choices {
			if !ch.Considered || (result > 0 && ch.Rank >= result) {
				continue
			}
			s := slotKey{ch.KitaID, c.AgeGroup}
			if len(held[s]) < capacity[s] {
				t.Errorf("%s ranked %s (wish %d) above its result, which has a free place in %s", c.Number, ch.KitaID, ch.Rank, c.AgeGroup)
			}
			if slices.ContainsFunc(held[s], func(d prio) bool { return outranks(at[c.Number][ch.KitaID], d) }) {
				t.Errorf("%s has justified envy at %s (wish %d)", c.Number, ch.KitaID, ch.Rank)
			}
		}
	}
}
