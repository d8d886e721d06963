package app

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"kitaportal/app/apperr"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// SeedDemoFamilies registers n invented families at the demo city's Kitas,
// through the same Submit use case a family uses, so that the clerk's and
// the Kitas' screens and a Vergaberunde can be tried before real families
// come. It refuses to run on real data.

var (
	demoFirst = []string{"Mia", "Emilia", "Hannah", "Lina", "Ella", "Noah", "Leon", "Paul", "Elias", "Finn",
		"Elif", "Yusuf", "Zeynep", "Amir", "Layla", "Omar", "Sofiia", "Maksym", "Anna", "David", "Lukas", "Ida"}
	demoLast = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Wagner", "Yılmaz", "Kaya",
		"Haddad", "Nasser", "Kovalenko", "Shevchenko", "Klein", "Wolf", "Schäfer", "Neumann", "Zimmermann"}
	demoGuardian = []string{"Julia", "Sarah", "Katharina", "Ayşe", "Fatima", "Olena", "Thomas", "Michael", "Mehmet", "Ahmad", "Andrii"}
)

type demoStreet struct {
	place storage.Place
	kitas []storage.Kita // bookable Kitas, nearest first
}

// SeedDemoFamilies registers n demo families; seed makes it repeatable.
func (s *Services) SeedDemoFamilies(n int, seed uint64) (int, error) {
	streets, err := s.demoStreets()
	if err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(seed, 2026))
	now := s.Now()
	start := nextAugust(now)
	made := 0
	for i := 0; i < n; i++ {
		st := streets[rng.IntN(len(streets))]
		form, kitas := demoForm(rng, st, now, start, i)
		if len(kitas) == 0 {
			continue // no Kita near this street takes a child of this age
		}
		_, err := s.Submit(SubmitRequest{Form: form, Merkliste: kitas, Channel: "demo"})
		if apperr.CodeOf(err) == apperr.VormerkungDuplicateChild {
			continue
		}
		if err != nil {
			return made, fmt.Errorf("demo family %d: %w", i+1, err)
		}
		made++
	}
	return made, nil
}

func (s *Services) demoStreets() ([]demoStreet, error) {
	var kitas []storage.Kita
	demo := false
	if _, err := s.Store.ForEachKita(func(k storage.Kita) error {
		demo = demo || k.Demo
		if k.Bookable && k.Location != nil {
			kitas = append(kitas, k)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if !demo {
		return nil, errors.New("demo families go with the demo city only; this store holds real Kitas")
	}
	var streets []demoStreet
	err := s.Store.ForEachPlace(func(p storage.Place) error {
		if p.Kind == storage.PlaceStreet && p.Postcode != "" {
			streets = append(streets, demoStreet{place: p, kitas: nearest(kitas, p.Location)})
		}
		return nil
	})
	if len(streets) == 0 && err == nil {
		err = errors.New("the gazetteer has no streets")
	}
	return streets, err
}

func nearest(kitas []storage.Kita, at storage.GeoPoint) []storage.Kita {
	sorted := append([]storage.Kita(nil), kitas...)
	d := func(k storage.Kita) float64 {
		return math.Hypot(k.Location.Lat-at.Lat, (k.Location.Lon-at.Lon)*math.Cos(at.Lat*math.Pi/180))
	}
	sort.Slice(sorted, func(i, j int) bool { return d(sorted[i]) < d(sorted[j]) })
	return sorted
}

// fitting is the ids of the 8 nearest Kitas that take a child of this
// age at the start, as a family choosing in the search would find them.
func fitting(kitas []storage.Kita, birth, start string) []string {
	months, _ := domain.AgeMonthsAt(birth, start)
	ids := make([]string, 0, 8)
	for _, k := range kitas {
		if len(ids) == 8 {
			break
		}
		if k.Ages == nil || (months >= k.Ages.Min && months <= k.Ages.Max) {
			ids = append(ids, k.ID)
		}
	}
	return ids
}

func nextAugust(now time.Time) time.Time {
	y := now.Year()
	if now.Month() >= time.August {
		y++
	}
	return time.Date(y, time.August, 1, 0, 0, 0, 0, time.UTC)
}

// demoForm invents one family near a street, ranking 1 to 5 of the Kitas
// close to it (mostly in order of distance).
func demoForm(rng *rand.Rand, st demoStreet, now, start time.Time, i int) (Form, []string) {
	birth := domain.Today(now).AddDate(0, 0, -(180 + rng.IntN(5*365)))
	last := demoLast[rng.IntN(len(demoLast))]
	employment := []string{"vollzeit", "teilzeit", "teilzeit", "ausbildung", "arbeitsuchend", "elternzeit"}
	g := storage.Guardian{FirstName: demoGuardian[rng.IntN(len(demoGuardian))], LastName: last,
		Street: fmt.Sprintf("%s %d", st.place.Name, 1+rng.IntN(60)), Postcode: st.place.Postcode, City: "Kaiserslautern",
		Phone: fmt.Sprintf("0631 %07d", 1000000+i), Employment: employment[rng.IntN(len(employment))]}
	if g.Employment == "teilzeit" {
		g.EmploymentHours = 15 + rng.IntN(20)
	}
	f := Form{Child: storage.Child{FirstName: demoFirst[rng.IntN(len(demoFirst))], LastName: last, BirthDate: birth.Format(time.DateOnly)},
		StartDate: start.Format(time.DateOnly), CareHours: CareHourOptions[rng.IntN(len(CareHourOptions))],
		Guardians: []storage.Guardian{g}, Consent: true, Language: Languages[rng.IntN(len(Languages))]}
	f.Criteria.SingleParent = rng.IntN(5) == 0
	f.Criteria.SpecialNeeds = rng.IntN(20) == 0
	f.Criteria.YouthWelfare = rng.IntN(25) == 0
	if !f.Criteria.SingleParent {
		second := g
		second.FirstName, second.Street, second.Postcode, second.City, second.Phone = demoGuardian[rng.IntN(len(demoGuardian))], "", "", "", ""
		second.Employment, second.EmploymentHours = "vollzeit", 0
		f.Guardians = append(f.Guardians, second)
	}
	near := fitting(st.kitas, f.Child.BirthDate, f.StartDate)
	if len(near) == 0 {
		return f, nil
	}
	n := 1 + rng.IntN(min(5, len(near)))
	kitas := append([]string(nil), near[:min(len(near), n+1)]...)
	if len(kitas) > 1 && rng.IntN(3) == 0 {
		kitas[0], kitas[1] = kitas[1], kitas[0]
	}
	kitas = kitas[:n]
	if rng.IntN(6) == 0 {
		f.Criteria.SiblingKitaIDs = []string{kitas[0]}
	}
	return f, kitas
}
