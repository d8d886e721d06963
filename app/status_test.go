package app

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"kitaportal/storage"
)

var allStatuses = []string{
	storage.StatusEingegangen, storage.StatusGelesen, storage.StatusTermin, storage.StatusPlatzangebot,
	storage.StatusAngenommen, storage.StatusAbgelehnt, storage.StatusWarteliste, storage.StatusAbsage,
	storage.StatusZurueckgezogen,
}

// TestOnlyAllowedTransitions writes the whole life of a Vormerkung out once
// more, independently of statusActions, and checks every action by every
// actor in every status against it.
func TestOnlyAllowedTransitions(t *testing.T) {
	const (
		ein, gel, ter, ang = storage.StatusEingegangen, storage.StatusGelesen, storage.StatusTermin, storage.StatusPlatzangebot
		acc, dec, wart, ab = storage.StatusAngenommen, storage.StatusAbgelehnt, storage.StatusWarteliste, storage.StatusAbsage
	)
	allowed := map[string]map[string][]string{ // actor → action → statuses it may start from
		byKita: {
			"read":        {ein},
			"appointment": {ein, gel, ter, wart},
			"offer":       {ein, gel, ter, wart},
			"waitlist":    {ein, gel, ter},
			"reject":      {ein, gel, ter, wart},
		},
		byFamily: {
			"accept":   {ang},
			"decline":  {ang},
			"withdraw": {ein, gel, ter, wart, ang, acc},
		},
		bySystem: {
			"expire":         {ang},
			"auto_withdraw":  {ein, gel, ter, wart, ang},
			"merge_withdraw": {ein, gel, ter, wart, ang, acc},
			"round_offer":    {ein, gel, ter, wart},
		},
	}
	for action := range statusActions {
		for _, by := range []string{byKita, byFamily, bySystem} {
			for _, st := range allStatuses {
				want := slices.Contains(allowed[by][action], st)
				if got := CanAct(action, by, st); got != want {
					t.Errorf("%s by %s from %s: allowed=%v, want %v", action, by, st, got, want)
				}
			}
		}
	}
	for _, st := range []string{dec, ab, storage.StatusZurueckgezogen} {
		for action := range statusActions {
			for _, by := range []string{byKita, byFamily, bySystem} {
				if CanAct(action, by, st) {
					t.Errorf("final status %s can still be left by %s (%s)", st, action, by)
				}
			}
		}
	}
	v := storage.Vormerkung{Status: storage.StatusAbsage}
	if err := step(&v, "offer", byKita, storage.StatusChange{At: fixedNow}); errorCode(err) != "vormerkung.invalid_transition" || len(v.History) != 0 {
		t.Errorf("a refused step changed the Vormerkung: %v %+v", err, v)
	}
}

func TestMergeDuplicates(t *testing.T) {
	f := newLifeFixture(t)
	// The mother registers at the kiosk, the father later on his phone with
	// other contacts: the same child twice, which submit cannot tell.
	_, a := f.register(t, []string{"k-pfaff", "k-betze"}, nil)
	father, b := f.register(t, []string{"k-betze", "k-unknown"}, func(fm *Form) {
		g := &fm.Guardians[0]
		g.FirstName, g.Street, g.Postcode, g.Phone, g.Email = "Ben", "Marktstraße 3", "67657", "0170 5555555", "ben@example.de"
	})
	_, other := f.register(t, []string{"k-pfaff"}, func(fm *Form) { fm.Child.FirstName = "Lea" })
	groups, err := f.svc.Duplicates(f.clerk)
	if err != nil || len(groups) != 1 || len(groups[0].Applications) != 2 {
		t.Fatalf("duplicates: %v %+v", err, groups)
	}
	if _, err := f.svc.Duplicates(f.kitaX); errorCode(err) != "auth.forbidden" {
		t.Errorf("Kita staff listed duplicates: %v", err)
	}
	if err := f.svc.Merge(f.clerk, a.Number, other.Number); errorCode(err) != "merge.other_child" {
		t.Errorf("merging two children: %v", err)
	}
	if err := f.svc.Merge(f.clerk, a.Number, b.Number); err != nil {
		t.Fatal(err)
	}
	app, vs, err := f.svc.Store.GetApplication(a.Number)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		kita, status string
		prio         int
	}
	var got []row
	for _, v := range vs {
		got = append(got, row{v.KitaID, v.Status, v.Priority})
	}
	want := []row{{"k-pfaff", storage.StatusEingegangen, 1}, {"k-betze", storage.StatusEingegangen, 2},
		{"k-betze", storage.StatusZurueckgezogen, 3}, {"k-unknown", storage.StatusEingegangen, 4}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the merge: %+v, want %+v", got, want)
	}
	if !slices.Contains(app.ContactKeys, "mail:ben@example.de") {
		t.Errorf("the father's contacts were not kept for duplicate checks: %v", app.ContactKeys)
	}
	if _, _, err := f.svc.Store.GetApplication(b.Number); !isNotFound(err) {
		t.Errorf("the merged application still exists: %v", err)
	}
	if _, err := f.svc.Family(father); err == nil {
		if ov, _ := f.svc.Family(father); len(ov.Children) > 0 {
			if _, _, err := f.svc.Store.GetApplication(ov.Children[0].Number); err != nil {
				t.Errorf("the father's login points to nothing: %v", err)
			}
		}
	}
	if groups, _ := f.svc.Duplicates(f.clerk); len(groups) != 0 {
		t.Errorf("still listed as duplicates: %+v", groups)
	}
}

func TestExportHoldsEverything(t *testing.T) {
	f := newLifeFixture(t)
	form := validForm()
	form.Guardians = append(form.Guardians, storage.Guardian{FirstName: "Ben", LastName: "Müller", Phone: "0170 1234567", Employment: "vollzeit", EmploymentHours: 39})
	form.Criteria = storage.Criteria{SingleParent: false, SiblingKitaIDs: []string{"k-betze"}, SpecialNeeds: true, YouthWelfare: true}
	rec, err := f.svc.Submit(SubmitRequest{Form: form, Merkliste: []string{"k-pfaff", "k-betze"}, Channel: ShellKiosk,
		Account: &AccountForm{Email: "Anna@Example.de", Password: "ein-gutes-passwort"}})
	if err != nil {
		t.Fatal(err)
	}
	v := f.vormerkung(t, rec.Number, "k-pfaff")
	if err := f.svc.KitaAct(f.kitaX, v.ID, "appointment", KitaAnswer{Message: "Bitte Impfpass mitbringen",
		Appointment: &storage.Appointment{Date: "2026-12-02", Time: "10:30", Place: "Kita Pfaffstraße, Raum 2"}}); err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.LoginFamily("anna@example.de", "ein-gutes-passwort", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	exp, err := f.svc.ExportFamily(p)
	if err != nil {
		t.Fatal(err)
	}
	if exp.Account == nil || exp.Account.Email != "anna@example.de" || len(exp.Applications) != 1 {
		t.Fatalf("export %+v", exp)
	}
	// Every field stored about the family is in the export, except the
	// internal ones; compared as JSON so a field added later is caught.
	app, vs, _ := f.svc.Store.GetApplication(rec.Number)
	stored := jsonMap(t, app)
	for _, k := range internalFields {
		delete(stored, k)
	}
	stored["vormerkungen"] = jsonValue(t, vs)
	exported := jsonMap(t, exp.Applications[0])
	if !reflect.DeepEqual(stored, exported) {
		t.Errorf("export differs from the store:\nstored   %v\nexported %v", stored, exported)
	}
	raw, _ := json.Marshal(exp)
	for _, secret := range []string{app.AccessCodeHash, "argon2id", "password_hash"} {
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
	f := newLifeFixture(t)
	submit := func(first string, kitas ...string) *Receipt {
		form := validForm()
		form.Child.FirstName = first
		by := (*Principal)(nil)
		var acct *AccountForm
		if p, err := f.svc.LoginFamily("anna@example.de", "ein-gutes-passwort", "192.0.2.9"); err == nil {
			by = p
		} else {
			acct = &AccountForm{Email: "anna@example.de", Password: "ein-gutes-passwort"}
		}
		rec, err := f.svc.Submit(SubmitRequest{Form: form, Merkliste: kitas, Channel: ShellWeb, Account: acct, By: by})
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	mia := submit("Mia", "k-pfaff", "k-betze")
	lea := submit("Lea", "k-betze")
	if err := f.svc.KitaAct(f.kitaX, f.vormerkung(t, mia.Number, "k-pfaff").ID, "offer", offer("")); err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.LoginFamily("anna@example.de", "ein-gutes-passwort", "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	if ov, _ := f.svc.Family(p); len(ov.Children) != 2 {
		t.Fatalf("the account holds %d children, want 2", len(ov.Children))
	}
	res, err := f.svc.DeleteFamily(p)
	if err != nil {
		t.Fatal(err)
	}
	if !res.AccountDeleted || !slices.Equal(res.Deleted, []string{lea.Number}) || len(res.Kept) != 1 || res.Kept[0].Number != mia.Number {
		t.Errorf("result %+v", res)
	}
	if _, _, err := f.svc.Store.GetApplication(lea.Number); !isNotFound(err) {
		t.Errorf("Lea's registration is still there: %v", err)
	}
	if items, _ := f.svc.KitaInbox(f.kitaY, InboxFilter{KitaID: "k-betze"}); len(items) != 1 || items[0].Status != storage.StatusZurueckgezogen {
		t.Errorf("Kita Y sees %+v", items)
	}
	app, vs, err := f.svc.Store.GetApplication(mia.Number)
	if err != nil || !app.Reduced || app.AccountID != "" || len(app.Guardians) != 1 || app.Criteria.SingleParent || len(app.ContactKeys) != 0 {
		t.Errorf("kept application %v %+v", err, app)
	}
	if vs[0].Status != storage.StatusPlatzangebot {
		t.Errorf("the running offer was touched: %+v", vs[0])
	}
	if _, err := f.svc.LoginFamily("anna@example.de", "ein-gutes-passwort", "192.0.2.9"); errorCode(err) != "auth.invalid" {
		t.Errorf("login after deletion: %v", err)
	}
	if _, err := f.svc.AccountByEmailForTest("anna@example.de"); !isNotFound(err) {
		t.Errorf("the account is still stored: %v", err)
	}
	entries, _ := f.svc.Store.Audit(0, 0)
	i := slices.IndexFunc(entries, func(e storage.AuditEntry) bool { return e.Action == "family.delete" })
	if i < 0 || strings.Contains(entries[i].Detail, "Mia") || strings.Contains(entries[i].Detail, "anna") || !strings.Contains(entries[i].Detail, mia.Number) {
		t.Errorf("audit %+v", entries)
	}
}

func (s *Services) AccountByEmailForTest(email string) (storage.Account, error) {
	return s.Store.AccountByEmail(email)
}

func TestLoginLimits(t *testing.T) {
	f := newLifeFixture(t)
	_, rec := f.register(t, []string{"k-pfaff"}, nil)
	for i := 1; i <= 5; i++ {
		_, err := f.svc.LoginCode(rec.Number, "AAAA-AAAA-AAAA", "198.51.100.7")
		want := "auth.invalid"
		if i == 5 {
			want = "auth.rate_limited"
		}
		if errorCode(err) != want {
			t.Fatalf("wrong code %d: %v, want %s", i, err, want)
		}
	}
	// Locked for everyone, even with the right code, for an hour.
	if _, err := f.svc.LoginCode(rec.Number, rec.AccessCode, "203.0.113.5"); errorCode(err) != "auth.rate_limited" {
		t.Fatalf("right code during the lockout: %v", err)
	}
	*f.now = f.now.Add(61 * time.Minute)
	if _, err := f.svc.LoginCode(strings.ToLower(strings.ReplaceAll(rec.Number, "-", " ")), rec.AccessCode, "203.0.113.5"); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
	for i := 1; i <= 5; i++ {
		_, err := f.svc.LoginStaff("kita-x", "falsch", "198.51.100.8")
		if i == 5 && errorCode(err) != "auth.rate_limited" {
			t.Fatalf("staff lockout: %v", err)
		}
	}
	e, _ := AsError(rateLimited(14*time.Minute + time.Second))
	if e.RetryAfter != 841 || !strings.Contains(e.Message, "15 minutes") {
		t.Errorf("rate limit error %+v", e)
	}
	if _, err := f.svc.SetUserDisabled(nil, "clerk", true); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.LoginStaff("clerk", staffPassword, "198.51.100.9"); errorCode(err) != "auth.invalid" {
		t.Errorf("a disabled user logged in: %v", err)
	}
	// Guessing across many numbers from one address hits the address limit.
	for i := 0; i < 40; i++ {
		_, err := f.svc.LoginCode(newNumber(), "AAAA-AAAA-AAAA", "192.0.2.200")
		if errorCode(err) == "auth.rate_limited" {
			return
		}
	}
	t.Error("1 address guessing 40 numbers was never limited")
}
