// Package apptest builds what the Go tests of the use cases and of the
// HTTP API start from: real services over a real bbolt file and a real
// Bleve index in a temporary directory, loaded with the test city, and a
// fixture with staff users and a clock the test moves.
package apptest

import (
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/internal/testcity"
	"kitaportal/app/kitas"
	"kitaportal/storage"
)

// QuietLog is a logger that writes nowhere.
func QuietLog() *logrus.Logger {
	l := logrus.New()
	l.SetOutput(io.Discard)
	return l
}

// Open opens a real store and index in dir (creating them) and returns the
// services; at the test's end the store is checked and closed.
func Open(t testing.TB, dir string) *app.Services {
	t.Helper()
	store, err := storage.Open(filepath.Join(dir, "kitaportal.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := kitas.OpenIndex(filepath.Join(dir, "index"), store, QuietLog())
	if err != nil {
		t.Fatal(err)
	}
	svc := app.New(store, ix, QuietLog())
	t.Cleanup(func() { Close(t, svc) })
	return svc
}

// Close checks and closes the services' store and index (once).
func Close(t testing.TB, svc *app.Services) {
	db, ok := svc.Store.(*storage.DB)
	if !ok || db == nil {
		return
	}
	if err := db.Check(); err != nil {
		t.Error(err)
	}
	svc.Catalog.Index().Close()
	db.Close()
	svc.Store = (*storage.DB)(nil)
}

// NewCity is Open in a temporary directory, loaded with the test city.
func NewCity(t testing.TB) (*app.Services, string) {
	t.Helper()
	dir := t.TempDir()
	svc := Open(t, dir)
	if _, err := svc.Catalog.ApplyBatch(testcity.Batch()); err != nil {
		t.Fatal(err)
	}
	return svc, dir
}

// DB is the bbolt store behind the services, for what the use cases do
// not offer (counting, checking).
func DB(svc *app.Services) *storage.DB { return svc.Store.(*storage.DB) }

// NewSubmit is the test city with the clock at testcity.Now.
func NewSubmit(t testing.TB) *app.Services {
	t.Helper()
	svc, _ := NewCity(t)
	svc.Now = func() time.Time { return testcity.Now }
	return svc
}

// ValidForm is a complete, valid Vormerkung form.
func ValidForm() app.Form {
	return app.Form{
		Child:     storage.Child{FirstName: "Mia", LastName: "Müller", BirthDate: "2024-09-01"},
		StartDate: "2027-08-01",
		CareHours: 35,
		Guardians: []storage.Guardian{{
			FirstName: "Anna", LastName: "Müller", Street: "Pfaffstraße 12", Postcode: "67655",
			City: "Kaiserslautern", Phone: "0631 123456", Email: "anna@example.de",
			Employment: "teilzeit", EmploymentHours: 25,
		}},
		Criteria: storage.Criteria{SingleParent: true},
		Consent:  true,
		Language: "de",
	}
}

// ErrorCode is the code of the user-facing error in err ("" if none).
func ErrorCode(err error) string {
	var fe apperr.FieldErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		return string(fe[0].Code)
	}
	if e, ok := apperr.As(err); ok {
		return string(e.Code)
	}
	return ""
}

// StaffPassword is the password of every Life staff user.
const StaffPassword = "Richtig-Geheim-1"

// Life is the test city with staff: Kita staff of k-pfaff (X) and k-betze
// (Y), a clerk and an admin, and a clock the test moves.
type Life struct {
	Svc                          *app.Services
	Now                          *time.Time
	KitaX, KitaY, Clerk, Admin   *auth.Principal
	KitaXUser, ClerkUser, AdmUsr app.UserView
}

// NewLife builds the Life fixture.
func NewLife(t testing.TB) *Life {
	t.Helper()
	svc, _ := NewCity(t)
	now := testcity.Now
	svc.Now = func() time.Time { return now }
	f := &Life{Svc: svc, Now: &now}
	add := func(login string, role domain.Role, kitas ...string) (app.UserView, *auth.Principal) {
		u, err := svc.AddUser(auth.Operator, app.NewUser{Login: login, Name: "Name " + login, Role: role, KitaIDs: kitas, Password: StaffPassword})
		if err != nil {
			t.Fatal(err)
		}
		return u, &auth.Principal{Kind: auth.KindStaff, UserID: u.ID, Role: u.Role, Name: u.Name, KitaIDs: u.KitaIDs}
	}
	f.KitaXUser, f.KitaX = add("kita-x", domain.RoleKita, "k-pfaff")
	_, f.KitaY = add("kita-y", domain.RoleKita, "k-betze")
	f.ClerkUser, f.Clerk = add("clerk", domain.RoleClerk)
	f.AdmUsr, f.Admin = add("admin", domain.RoleAdmin)
	return f
}

// Register submits ValidForm (changed by change) for the Kitas and returns
// the family's principal (logged in by number and access code).
func (f *Life) Register(t testing.TB, kitas []string, change func(*app.Form)) (*auth.Principal, *app.Receipt) {
	t.Helper()
	form := ValidForm()
	if change != nil {
		change(&form)
	}
	rec, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: kitas, Channel: "web"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.Svc.LoginCode(rec.Number, rec.AccessCode, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return p, rec
}

// Vormerkung is the child's Vormerkung at kita.
func (f *Life) Vormerkung(t testing.TB, number, kita string) storage.Vormerkung {
	t.Helper()
	_, vs, err := f.Svc.Store.GetApplication(number)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.KitaID == kita {
			return v
		}
	}
	t.Fatalf("%s has no Vormerkung at %s", number, kita)
	return storage.Vormerkung{}
}

// Offer is a Kita's place offer answerable until deadline.
func Offer(deadline string) app.KitaAnswer {
	return app.KitaAnswer{Offer: &app.OfferRequest{StartDate: "2027-08-01", CareHours: 35, Deadline: deadline}, Message: "Wir freuen uns auf Sie."}
}
