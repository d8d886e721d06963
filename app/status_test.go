package app_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/session"
	"kitaportal/storage"
)

func TestMergeDuplicates(t *testing.T) {
	f := apptest.NewLife(t)
	// The mother registers at the kiosk, the father later on his phone with
	// other contacts: the same child twice, which submit cannot tell.
	_, a := f.Register(t, []string{"k-pfaff", "k-betze"}, nil)
	father, b := f.Register(t, []string{"k-betze", "k-unknown"}, func(fm *app.Form) {
		g := &fm.Guardians[0]
		g.FirstName, g.Street, g.Postcode, g.Phone, g.Email = "Ben", "Marktstraße 3", "67657", "0170 5555555", "ben@example.de"
	})
	_, other := f.Register(t, []string{"k-pfaff"}, func(fm *app.Form) { fm.Child.FirstName = "Lea" })
	groups, err := f.Svc.Duplicates(f.Clerk)
	if err != nil || len(groups) != 1 || len(groups[0].Applications) != 2 {
		t.Fatalf("duplicates: %v %+v", err, groups)
	}
	if _, err := f.Svc.Duplicates(f.KitaX); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Errorf("Kita staff listed duplicates: %v", err)
	}
	if err := f.Svc.Merge(f.Clerk, a.Number, other.Number); apptest.ErrorCode(err) != "merge.other_child" {
		t.Errorf("merging two children: %v", err)
	}
	if err := f.Svc.Merge(f.Clerk, a.Number, b.Number); err != nil {
		t.Fatal(err)
	}
	appl, vs, err := apptest.DB(f.Svc).GetApplication(a.Number)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		kita   string
		status domain.Status
		prio   int
	}
	var got []row
	for _, v := range vs {
		got = append(got, row{v.KitaID, v.Status, v.Priority})
	}
	want := []row{{"k-pfaff", domain.StatusEingegangen, 1}, {"k-betze", domain.StatusEingegangen, 2},
		{"k-betze", domain.StatusZurueckgezogen, 3}, {"k-unknown", domain.StatusEingegangen, 4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the merge: %+v, want %+v", got, want)
	}
	if !slices.Contains(appl.ContactKeys, "mail:ben@example.de") {
		t.Errorf("the father's contacts were not kept for duplicate checks: %v", appl.ContactKeys)
	}
	if _, _, err := apptest.DB(f.Svc).GetApplication(b.Number); !storage.IsNotFound(err) {
		t.Errorf("the merged application still exists: %v", err)
	}
	if _, err := f.Svc.Family(father); err == nil {
		if ov, _ := f.Svc.Family(father); len(ov.Children) > 0 {
			if _, _, err := apptest.DB(f.Svc).GetApplication(ov.Children[0].Number); err != nil {
				t.Errorf("the father's login points to nothing: %v", err)
			}
		}
	}
	if groups, _ := f.Svc.Duplicates(f.Clerk); len(groups) != 0 {
		t.Errorf("still listed as duplicates: %+v", groups)
	}
}

func TestExportHoldsEverything(t *testing.T) {
	f := apptest.NewLife(t)
	form := apptest.ValidForm()
	form.Guardians = append(form.Guardians, storage.Guardian{FirstName: "Ben", LastName: "Müller", Phone: "0170 1234567", Employment: "vollzeit", EmploymentHours: 39})
	form.Criteria = storage.Criteria{SingleParent: false, SiblingKitaIDs: []string{"k-betze"}, SpecialNeeds: true, YouthWelfare: true}
	rec, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: []string{"k-pfaff", "k-betze"}, Channel: session.ShellKiosk,
		Account: &app.AccountForm{Email: "Anna@Example.de", Password: "ein-gutes-passwort"}})
	if err != nil {
		t.Fatal(err)
	}
	v := f.Vormerkung(t, rec.Number, "k-pfaff")
	if err := f.Svc.KitaAct(f.KitaX, v.ID, "appointment", app.KitaAnswer{Message: "Bitte Impfpass mitbringen",
		Appointment: &storage.Appointment{Date: "2026-12-02", Time: "10:30", Place: "Kita Pfaffstraße, Raum 2"}}); err != nil {
		t.Fatal(err)
	}
	p, err := f.Svc.LoginFamily("anna@example.de", "ein-gutes-passwort", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	exp, err := f.Svc.ExportFamily(p)
	if err != nil {
		t.Fatal(err)
	}
	if exp.Account == nil || exp.Account.Email != "anna@example.de" || len(exp.Applications) != 1 {
		t.Fatalf("export %+v", exp)
	}
	// Every field stored about the family is in the export, except the
	// internal ones; compared as JSON so a field added later is caught.
	appl, vs, _ := apptest.DB(f.Svc).GetApplication(rec.Number)
	stored := jsonMap(t, appl)
	for _, k := range app.InternalFields {
		delete(stored, k)
	}
	stored["vormerkungen"] = jsonValue(t, vs)
	exported := jsonMap(t, exp.Applications[0])
	if !reflect.DeepEqual(stored, exported) {
		t.Errorf("export differs from the store:\nstored   %v\nexported %v", stored, exported)
	}
	raw, _ := json.Marshal(exp)
	for _, secret := range []string{appl.AccessCodeHash, "argon2id", "password_hash"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the export contains %q", secret)
		}
	}
	for _, want := range []string{"Impfpass", "Raum 2", "0170 1234567", "special_needs"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("the export lacks %q", want)
		}
	}
}

func jsonValue(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func jsonMap(t *testing.T, v any) map[string]any {
	t.Helper()
	return jsonValue(t, v).(map[string]any)
}

func TestDeleteFamily(t *testing.T) {
	f := apptest.NewLife(t)
	submit := func(first string, kitas ...string) *app.Receipt {
		form := apptest.ValidForm()
		form.Child.FirstName = first
		by := (*auth.Principal)(nil)
		var acct *app.AccountForm
		if p, err := f.Svc.LoginFamily("anna@example.de", "ein-gutes-passwort", "192.0.2.9"); err == nil {
			by = p
		} else {
			acct = &app.AccountForm{Email: "anna@example.de", Password: "ein-gutes-passwort"}
		}
		rec, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: kitas, Channel: session.ShellWeb, Account: acct, By: by})
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	mia := submit("Mia", "k-pfaff", "k-betze")
	lea := submit("Lea", "k-betze")
	if err := f.Svc.KitaAct(f.KitaX, f.Vormerkung(t, mia.Number, "k-pfaff").ID, "offer", apptest.Offer("")); err != nil {
		t.Fatal(err)
	}
	p, err := f.Svc.LoginFamily("anna@example.de", "ein-gutes-passwort", "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	if ov, _ := f.Svc.Family(p); len(ov.Children) != 2 {
		t.Fatalf("the account holds %d children, want 2", len(ov.Children))
	}
	res, err := f.Svc.DeleteFamily(p)
	if err != nil {
		t.Fatal(err)
	}
	if !res.AccountDeleted || !slices.Equal(res.Deleted, []string{lea.Number}) || len(res.Kept) != 1 || res.Kept[0].Number != mia.Number {
		t.Errorf("result %+v", res)
	}
	if _, _, err := apptest.DB(f.Svc).GetApplication(lea.Number); !storage.IsNotFound(err) {
		t.Errorf("Lea's registration is still there: %v", err)
	}
	if items, _ := f.Svc.KitaInbox(f.KitaY, app.InboxFilter{KitaID: "k-betze"}); len(items) != 1 || items[0].Status != domain.StatusZurueckgezogen {
		t.Errorf("Kita Y sees %+v", items)
	}
	appl, vs, err := apptest.DB(f.Svc).GetApplication(mia.Number)
	if err != nil || !appl.Reduced || appl.AccountID != "" || len(appl.Guardians) != 1 || appl.Criteria.SingleParent || len(appl.ContactKeys) != 0 {
		t.Errorf("kept application %v %+v", err, appl)
	}
	if vs[0].Status != domain.StatusPlatzangebot {
		t.Errorf("the running offer was touched: %+v", vs[0])
	}
	if _, err := f.Svc.LoginFamily("anna@example.de", "ein-gutes-passwort", "192.0.2.9"); apptest.ErrorCode(err) != "auth.invalid" {
		t.Errorf("login after deletion: %v", err)
	}
	if _, err := apptest.DB(f.Svc).AccountByEmail("anna@example.de"); !storage.IsNotFound(err) {
		t.Errorf("the account is still stored: %v", err)
	}
	entries, _ := apptest.DB(f.Svc).Audit(0, 0)
	i := slices.IndexFunc(entries, func(e storage.AuditEntry) bool { return e.Action == "family.delete" })
	if i < 0 || strings.Contains(entries[i].Detail, "Mia") || strings.Contains(entries[i].Detail, "anna") || !strings.Contains(entries[i].Detail, mia.Number) {
		t.Errorf("audit %+v", entries)
	}
}

func TestLoginLimits(t *testing.T) {
	f := apptest.NewLife(t)
	_, rec := f.Register(t, []string{"k-pfaff"}, nil)
	for i := 1; i <= 5; i++ {
		_, err := f.Svc.LoginCode(rec.Number, "AAAA-AAAA-AAAA", "198.51.100.7")
		want := "auth.invalid"
		if i == 5 {
			want = "auth.rate_limited"
		}
		if apptest.ErrorCode(err) != want {
			t.Fatalf("wrong code %d: %v, want %s", i, err, want)
		}
	}
	// Locked for everyone, even with the right code, for an hour.
	if _, err := f.Svc.LoginCode(rec.Number, rec.AccessCode, "203.0.113.5"); apptest.ErrorCode(err) != "auth.rate_limited" {
		t.Fatalf("right code during the lockout: %v", err)
	}
	*f.Now = f.Now.Add(61 * time.Minute)
	if _, err := f.Svc.LoginCode(strings.ToLower(strings.ReplaceAll(rec.Number, "-", " ")), rec.AccessCode, "203.0.113.5"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	for i := 1; i <= 5; i++ {
		_, err := f.Svc.LoginStaff("kita-x", "falsch", "198.51.100.8")
		if i == 5 && apptest.ErrorCode(err) != "auth.rate_limited" {
			t.Fatalf("staff lockout: %v", err)
		}
	}
	e, _ := apperr.As(auth.RateLimited(14*time.Minute + time.Second))
	if e.RetryAfter != 841 || !strings.Contains(e.Message, "15 minutes") {
		t.Errorf("rate limit error %+v", e)
	}
	if _, err := f.Svc.SetUserDisabled(auth.Operator, "clerk", true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.LoginStaff("clerk", apptest.StaffPassword, "198.51.100.9"); apptest.ErrorCode(err) != "auth.invalid" {
		t.Errorf("a disabled user logged in: %v", err)
	}
	// Guessing across many numbers from one address hits the address limit.
	for i := 0; i < 40; i++ {
		_, err := f.Svc.LoginCode(auth.NewNumber(), "AAAA-AAAA-AAAA", "192.0.2.200")
		if apptest.ErrorCode(err) == "auth.rate_limited" {
			return
		}
	}
	t.Error("1 address guessing 40 numbers was never limited")
}
