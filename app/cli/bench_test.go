package cli

import (
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// BenchmarkAllocateDryRun10k is a Vergaberunde's dry run through the CLI,
// end to end (open the store and index, read 10,000 registrations, resolve
// home districts, match, explain, print): `kitaportal allocate --dry-run`
// in the demo city. The registrations are written straight into the store
// (submitting 10,000 forms would spend minutes on access-code hashes).
func BenchmarkAllocateDryRun10k(b *testing.B) {
	dir := b.TempDir()
	o, err := open(dir, newLogger(io.Discard, false), true)
	if err != nil {
		b.Fatal(err)
	}
	fillRegistrations(b, o.store, 10_000)
	if err := o.Close(); err != nil {
		b.Fatal(err)
	}
	args := []string{"allocate", "--data", dir, "--dry-run", "--seed", "7", "--deadline", "2026-11-30", "--start", "2027-08-01"}
	b.ResetTimer()
	for b.Loop() {
		if code := Main(args, Env{Stdout: io.Discard, Stderr: io.Discard}); code != 0 {
			b.Fatalf("allocate exited %d", code)
		}
	}
}

// fillRegistrations writes n invented registrations at the demo city's
// bookable Kitas, each at a street of the gazetteer with a house number.
func fillRegistrations(b testing.TB, db *storage.DB, n int) {
	b.Helper()
	var kitas []string
	if _, err := db.ForEachKita(func(k storage.Kita) error {
		if k.Bookable {
			kitas = append(kitas, k.ID)
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	var streets []storage.Place
	if err := db.ForEachPlace(func(p storage.Place) error {
		if p.Kind == storage.PlaceStreet && p.Postcode != "" {
			streets = append(streets, p)
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 2026))
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, domain.Berlin)
	var cs storage.ChangeSet
	for i := range n {
		st := streets[rng.IntN(len(streets))]
		birth := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(4*365))
		a := storage.Application{Number: fmt.Sprintf("KP-B%03d-%04d", i/10000, i%10000),
			Child:     storage.Child{FirstName: "Kind", LastName: fmt.Sprint(i), BirthDate: birth.Format(time.DateOnly)},
			StartDate: "2027-08-01", CareHours: 35, Language: "de", Channel: "demo", CreatedAt: at, UpdatedAt: at,
			Guardians: []storage.Guardian{{FirstName: "Eltern", LastName: fmt.Sprint(i), Street: fmt.Sprintf("%s %d", st.Name, 1+rng.IntN(80)),
				Postcode: st.Postcode, City: "Kaiserslautern", Employment: "vollzeit"}},
			Criteria: storage.Criteria{SingleParent: rng.IntN(5) == 0}}
		a.ChildKey = a.Child.FirstName + "|" + a.Child.LastName + "|" + a.Child.BirthDate
		cs.PutApplications = append(cs.PutApplications, a)
		for p, k := range rng.Perm(len(kitas))[:1+rng.IntN(5)] {
			cs.AddVormerkungen = append(cs.AddVormerkungen, storage.Vormerkung{Number: a.Number, KitaID: kitas[k], Priority: p + 1,
				Status: domain.StatusEingegangen, CreatedAt: at, UpdatedAt: at,
				History: []storage.StatusChange{{Status: domain.StatusEingegangen, At: at, Actor: "family"}}})
		}
		if len(cs.PutApplications) == 1000 || i == n-1 {
			if err := db.Apply(cs); err != nil {
				b.Fatal(err)
			}
			cs = storage.ChangeSet{}
		}
	}
}
