package storage

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"kitaportal/app/domain"
)

// openTest opens a store in a fresh directory and checks the file's
// consistency when the test ends.
func openTest(t *testing.T) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "kitaportal.db"), Options{Timeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Check(); err != nil {
			t.Error(err)
		}
		db.Close()
	})
	return db
}

func intp(n int) *int { return &n }

func testKita(id string) Kita {
	return Kita{
		ID: id, SourceKey: "test:" + id, Name: "Kita " + id, CarrierID: "c1",
		Address:  Address{Street: "Pfaffstraße 1", Postcode: "67655", City: "Kaiserslautern", District: "Innenstadt"},
		Location: &GeoPoint{Lat: 49.44, Lon: 7.77},
		Hours:    map[string]TimeRange{"mo": {Open: 450, Close: 990}},
		Ages:     &AgeRange{Min: 12, Max: 71},
		Places:   Places{Total: intp(40), U3: intp(10), Ue3: intp(30)},
		Bookable: true, UpdatedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
}

func TestKitaRoundTrip(t *testing.T) {
	db := openTest(t)
	k := testKita("a")
	if err := db.PutKita(k); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetKita("a")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != k.Name || *got.Places.U3 != 10 || got.Hours["mo"].Close != 990 || got.Ages.Max != 71 {
		t.Errorf("round trip changed the record: %+v", got)
	}
	if id, err := db.KitaIDBySource("test:a"); err != nil || id != "a" {
		t.Errorf("source index: %q, %v", id, err)
	}
	if _, err := db.GetKita("missing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing kita: %v, want ErrNotFound", err)
	}
	if _, err := db.GetKitas([]string{"a", "missing"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetKitas with a missing id: %v, want ErrNotFound", err)
	}
	if err := db.DeleteKita("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.KitaIDBySource("test:a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("source key survived the delete: %v", err)
	}
}

func TestPutKitaRejectsInvalid(t *testing.T) {
	db := openTest(t)
	for name, mutate := range map[string]func(*Kita){
		"no id":        func(k *Kita) { k.ID = "" },
		"no name":      func(k *Kita) { k.Name = " " },
		"latitude 91":  func(k *Kita) { k.Location.Lat = 91 },
		"hours 25:00":  func(k *Kita) { k.Hours["mo"] = TimeRange{Open: 450, Close: 1500} },
		"closes early": func(k *Kita) { k.Hours["mo"] = TimeRange{Open: 600, Close: 500} },
		"age reversed": func(k *Kita) { k.Ages = &AgeRange{Min: 40, Max: 10} },
	} {
		t.Run(name, func(t *testing.T) {
			k := testKita("x")
			mutate(&k)
			if err := db.PutKita(k); !errors.Is(err, ErrInvalid) {
				t.Errorf("got %v, want ErrInvalid", err)
			}
		})
	}
	if n, _ := db.CountKitas(); n != 0 {
		t.Errorf("%d invalid Kitas stored", n)
	}
}

func TestApplyBatch(t *testing.T) {
	t.Run("all or nothing", func(t *testing.T) {
		db := openTest(t)
		bad := testKita("b")
		bad.Name = ""
		_, err := db.ApplyBatch(Batch{Kitas: []Kita{testKita("a"), bad}})
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("got %v, want ErrInvalid", err)
		}
		if n, _ := db.CountKitas(); n != 0 {
			t.Errorf("a failed batch stored %d Kitas", n)
		}
		if g, _ := db.Generation(); g != 0 {
			t.Errorf("a failed batch moved the generation to %d", g)
		}
	})
	t.Run("same batch twice changes nothing", func(t *testing.T) {
		db := openTest(t)
		b := Batch{Carriers: []Carrier{{ID: "c1", Name: "Stadt", Type: domain.CarrierStaedtisch}}, Kitas: []Kita{testKita("a"), testKita("b")}}
		first, err := db.ApplyBatch(b)
		if err != nil || first.Created != 2 {
			t.Fatalf("first: %+v, %v", first, err)
		}
		gen, _ := db.Generation()
		for i := range b.Kitas {
			b.Kitas[i].UpdatedAt = b.Kitas[i].UpdatedAt.Add(time.Hour)
		}
		b.Carriers = nil
		second, err := db.ApplyBatch(b)
		if err != nil || second.Created+second.Updated != 0 || second.Unchanged != 2 || len(second.ChangedKitas) != 0 {
			t.Fatalf("second: %+v, %v", second, err)
		}
		if g, _ := db.Generation(); g != gen {
			t.Errorf("an unchanged batch moved the generation from %d to %d", gen, g)
		}
		k, _ := db.GetKita("a")
		if !k.UpdatedAt.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("unchanged record was rewritten: %v", k.UpdatedAt)
		}
	})
	t.Run("source key owned by another id", func(t *testing.T) {
		db := openTest(t)
		a, b := testKita("a"), testKita("b")
		b.SourceKey = a.SourceKey
		if _, err := db.ApplyBatch(Batch{Kitas: []Kita{a, b}}); !errors.Is(err, ErrInvalid) {
			t.Fatalf("got %v, want ErrInvalid", err)
		}
		if n, _ := db.CountKitas(); n != 0 {
			t.Errorf("stored %d Kitas", n)
		}
	})
	t.Run("real data replaces demo data", func(t *testing.T) {
		db := openTest(t)
		demo := testKita("demo")
		demo.Demo, demo.CarrierID = true, "demo-c"
		_, err := db.ApplyBatch(Batch{
			Carriers: []Carrier{{ID: "demo-c", Name: "Demo", Type: domain.CarrierFrei}},
			Kitas:    []Kita{demo},
			Places:   []Place{{ID: "p1", Kind: PlaceDistrict, Name: "Innenstadt", Demo: true, Location: GeoPoint{Lat: 49, Lon: 7}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := db.ApplyBatch(Batch{Kitas: []Kita{testKita("real")}, Carriers: []Carrier{{ID: "c1", Name: "Stadt", Type: domain.CarrierStaedtisch}}, RemoveDemo: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Removed != 1 || res.Created != 1 {
			t.Errorf("result %+v", res)
		}
		if _, err := db.GetKita("demo"); !errors.Is(err, ErrNotFound) {
			t.Errorf("demo Kita still there: %v", err)
		}
		if _, err := db.GetCarrier("demo-c"); !errors.Is(err, ErrNotFound) {
			t.Errorf("demo carrier still there: %v", err)
		}
		if n, _ := db.CountPlaces(); n != 0 {
			t.Errorf("%d demo places left", n)
		}
		if _, err := db.GetCarrier("c1"); err != nil {
			t.Errorf("real carrier removed: %v", err)
		}
	})
}

func TestSecondOpenFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kitaportal.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
}

func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kitaportal.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutKita(testKita("a")); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	if _, err := db.BackupFile(backup); err != nil { // hot: db stays open
		t.Fatal(err)
	}
	if err := db.PutKita(testKita("b")); err != nil {
		t.Fatal(err)
	}
	if err := Restore(backup, path, 100*time.Millisecond); !errors.Is(err, ErrLocked) {
		t.Errorf("restore over an open store: %v, want ErrLocked", err)
	}
	db.Close()

	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte("not a database at all, just text"), 0o600)
	if err := Restore(garbage, path, time.Second); err == nil {
		t.Error("restoring a garbage file succeeded")
	}
	if err := Restore(filepath.Join(dir, "missing.db"), path, time.Second); err == nil {
		t.Error("restoring a missing file succeeded")
	}
	if err := Restore(backup, path, time.Second); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, _ := db.CountKitas(); n != 1 {
		t.Errorf("restored store has %d Kitas, want 1", n)
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
}

// TestMigrateFromV1 opens a file written by schema version 1 (Kitas without
// the source-key index) and expects the index to be built.
func TestMigrateFromV1(t *testing.T) {
	raw, err := os.ReadFile("testdata/v1.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kitaportal.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if id, err := db.KitaIDBySource("demo:kl-001"); err != nil || id != "demo-kl-001" {
		t.Errorf("source index after migration: %q, %v", id, err)
	}
	k, err := db.GetKita("demo-kl-001")
	if err != nil || k.Name != "Kita Sonnenblume" {
		t.Errorf("record after migration: %+v, %v", k, err)
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
}

func TestTooNewFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kitaportal.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.bolt.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(metaSchemaVersion, uintBytes(99))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(path, Options{}); !errors.Is(err, ErrTooNew) {
		t.Errorf("got %v, want ErrTooNew", err)
	}
}

// TestConcurrentRandomized runs writers and readers at once and checks that
// every reader sees whole records and the file stays consistent.
func TestConcurrentRandomized(t *testing.T) {
	if testing.Short() {
		t.Skip("randomized concurrency test skipped in -short mode")
	}
	db := openTest(t)
	rng := rand.New(rand.NewSource(1))
	seeds := make([]int64, 4)
	for i := range seeds {
		seeds[i] = rng.Int63()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w, seed := range seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewSource(seed))
			for i := 0; i < 200; i++ {
				id := fmt.Sprintf("w%d-%d", w, r.Intn(50))
				k := testKita(id)
				k.Places.Total = intp(r.Intn(100))
				var err error
				switch r.Intn(3) {
				case 0:
					err = db.PutKita(k)
				case 1:
					_, err = db.ApplyBatch(Batch{Kitas: []Kita{k, testKita(id + "-x")}})
				default:
					if err = db.DeleteKita(id); errors.Is(err, ErrNotFound) {
						err = nil
					}
				}
				if err != nil {
					errs <- err
					return
				}
				if _, err := db.ForEachKita(func(k Kita) error {
					if k.Name == "" || k.Places.Total == nil {
						return fmt.Errorf("torn record %s", k.ID)
					}
					return nil
				}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A family's deletion removes the messages about its registrations, also
// those written before messages named their registration (found by the
// number in the subject), and keeps everybody else's.
func TestDeleteMessagesOf(t *testing.T) {
	db := openTest(t)
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	err := db.Enqueue(
		Message{Number: "KP-AAAA-AAAA", Audience: AudienceFamily, To: "a@example.de", Subject: "news", CreatedAt: now},
		Message{Number: "KP-AAAA-AAAA", Audience: AudienceKita, To: "kita@example.de", Subject: "new", CreatedAt: now},
		Message{To: "a@example.de", Subject: "KitaPortal: Neuigkeiten zu Ihrer Vormerkung KP-AAAA-AAAA", CreatedAt: now},
		Message{Number: "KP-BBBB-BBBB", Audience: AudienceFamily, To: "a@example.de", Subject: "news", CreatedAt: now},
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Apply(ChangeSet{DeleteMessagesOf: []string{"KP-AAAA-AAAA"}}); err != nil {
		t.Fatal(err)
	}
	left, err := db.Outbox(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].Number != "KP-BBBB-BBBB" {
		t.Errorf("left in the outbox: %+v, want only the other registration's message", left)
	}
}

// A merge moves the dropped registration's messages to the kept one.
func TestRenumberMessages(t *testing.T) {
	db := openTest(t)
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	if err := db.Enqueue(
		Message{Number: "KP-DROP-DROP", Audience: AudienceFamily, To: "a@example.de", Subject: "news", CreatedAt: now},
		Message{Number: "KP-KEEP-KEEP", Audience: AudienceFamily, To: "a@example.de", Subject: "news", CreatedAt: now},
	); err != nil {
		t.Fatal(err)
	}
	if err := db.Apply(ChangeSet{RenumberMessages: map[string]string{"KP-DROP-DROP": "KP-KEEP-KEEP"}}); err != nil {
		t.Fatal(err)
	}
	msgs, err := db.Outbox(false)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.Number != "KP-KEEP-KEEP" {
			t.Errorf("message %d still about %s", m.ID, m.Number)
		}
	}
	if len(msgs) != 2 {
		t.Errorf("%d messages, want 2", len(msgs))
	}
}
