package storage

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"kitaportal/app/domain"
)

func testApplication(number, childKey string, contacts ...string) (Application, []Vormerkung) {
	t0 := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	a := Application{Number: number, ChildKey: childKey, ContactKeys: contacts, CreatedAt: t0,
		Child: Child{FirstName: "Mia", LastName: "Test", BirthDate: "2024-09-01"}}
	var vs []Vormerkung
	for i, id := range []string{"k1", "k2"} {
		vs = append(vs, Vormerkung{Number: number, KitaID: id, Priority: i + 1, Status: domain.StatusEingegangen, CreatedAt: t0})
	}
	return a, vs
}

func TestCreateApplication(t *testing.T) {
	db := openTest(t)
	for _, id := range []string{"k1", "k2"} {
		if err := db.PutKita(testKita(id)); err != nil {
			t.Fatal(err)
		}
	}
	a, vs := testApplication("KP-1", "mia|test|2024-09-01", "tel:0631")
	if err := db.CreateApplication(a, vs, ChangeSet{}); err != nil {
		t.Fatal(err)
	}
	got, gotVs, err := db.GetApplication("KP-1")
	if err != nil || got.ChildKey != a.ChildKey || len(gotVs) != 2 || gotVs[0].KitaID != "k1" || gotVs[0].ID == 0 {
		t.Fatalf("read back: %v %+v %+v", err, got, gotVs)
	}
	if _, _, err := db.GetApplication("KP-404"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing application: %v", err)
	}

	t.Run("number taken", func(t *testing.T) {
		b, bvs := testApplication("KP-1", "lea|test|2024-09-01")
		if err := db.CreateApplication(b, bvs, ChangeSet{}); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("same child, shared contact", func(t *testing.T) {
		b, bvs := testApplication("KP-2", a.ChildKey, "mail:x@example.de", "tel:0631")
		if err := db.CreateApplication(b, bvs, ChangeSet{}); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("unknown Kita rolls everything back", func(t *testing.T) {
		b, bvs := testApplication("KP-3", "ben|test|2024-09-01")
		bvs[1].KitaID = "k-gone"
		if err := db.CreateApplication(b, bvs, ChangeSet{}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("got %v", err)
		}
		if _, _, err := db.GetApplication("KP-3"); !errors.Is(err, ErrNotFound) {
			t.Errorf("application half-written: %v", err)
		}
		if at, _ := db.VormerkungenOfKita("k1"); len(at) != 1 {
			t.Errorf("k1 holds %d Vormerkungen, want only the first application's", len(at))
		}
	})
	t.Run("incomplete records are refused", func(t *testing.T) {
		b, bvs := testApplication("KP-4", "")
		if err := db.CreateApplication(b, bvs, ChangeSet{}); !errors.Is(err, ErrInvalid) {
			t.Errorf("no child key: %v", err)
		}
		b, bvs = testApplication("KP-4", "x")
		bvs[1].KitaID = "k1"
		if err := db.CreateApplication(b, bvs, ChangeSet{}); !errors.Is(err, ErrInvalid) {
			t.Errorf("Kita twice: %v", err)
		}
	})
	if n, err := db.CountApplications(); err != nil || n != 1 {
		t.Errorf("%d applications (%v), want 1", n, err)
	}
}

func TestSettingsRoundTrip(t *testing.T) {
	db := openTest(t)
	if err := db.PutSettings(map[string]json.RawMessage{"a": json.RawMessage(`5`), "b": json.RawMessage(`"x"`)}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutSettings(map[string]json.RawMessage{"a": nil, "c": json.RawMessage(`{`)}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("invalid JSON accepted: %v", err)
	}
	got, err := db.Settings()
	if err != nil || string(got["a"]) != "5" || string(got["b"]) != `"x"` || len(got) != 2 {
		t.Fatalf("after a refused write: %v %v", err, got)
	}
	if err := db.PutSettings(map[string]json.RawMessage{"a": nil}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Settings(); len(got) != 1 {
		t.Errorf("delete: %v", got)
	}
}
