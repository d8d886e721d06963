package app

import (
	"errors"
	"strings"
	"testing"
	"time"

	"kitaportal/storage"
)

// fixedNow is the clock of these tests: 25 November 2026, noon in Germany.
var fixedNow = time.Date(2026, 11, 25, 11, 0, 0, 0, time.UTC)

func validForm() Form {
	return Form{
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

func TestCheckFormRules(t *testing.T) {
	merkliste := []string{"k-pfaff", "k-betze"}
	second := storage.Guardian{FirstName: "Ben", LastName: "Müller", Employment: "vollzeit"}
	for _, tc := range []struct {
		name   string
		step   string
		change func(f *Form)
		field  string
		code   string
	}{
		{"child first name missing", StepChild, func(f *Form) { f.Child.FirstName = "  " }, "child.first_name", "form.required"},
		{"child last name with digits", StepChild, func(f *Form) { f.Child.LastName = "Müller2" }, "child.last_name", "form.invalid_name"},
		{"child name too long", StepChild, func(f *Form) { f.Child.FirstName = strings.Repeat("a", 61) }, "child.first_name", "form.too_long"},
		{"birth date missing", StepChild, func(f *Form) { f.Child.BirthDate = "" }, "child.birth_date", "form.required"},
		{"birth date not a date", StepChild, func(f *Form) { f.Child.BirthDate = "2024-02-30" }, "child.birth_date", "form.invalid_date"},
		{"birth date German format", StepChild, func(f *Form) { f.Child.BirthDate = "01.09.2024" }, "child.birth_date", "form.invalid_date"},
		{"born tomorrow", StepChild, func(f *Form) { f.Child.BirthDate = "2026-11-26" }, "child.birth_date", "form.birth_in_future"},
		{"born eleven years ago", StepChild, func(f *Form) { f.Child.BirthDate = "2015-11-24" }, "child.birth_date", "form.birth_too_long_ago"},
		{"expected yesterday", StepChild, func(f *Form) { f.Child.Expected, f.Child.BirthDate = true, "2026-11-24" }, "child.birth_date", "form.expected_in_past"},
		{"expected in a year", StepChild, func(f *Form) { f.Child.Expected, f.Child.BirthDate = true, "2027-11-25" }, "child.birth_date", "form.expected_too_far"},
		{"start missing", StepChild, func(f *Form) { f.StartDate = "" }, "start_date", "form.required"},
		{"start in the past", StepChild, func(f *Form) { f.StartDate = "2026-11-24" }, "start_date", "form.start_in_past"},
		{"start in four years", StepChild, func(f *Form) { f.StartDate = "2030-01-01" }, "start_date", "form.start_too_far"},
		{"start before expected birth", StepChild, func(f *Form) {
			f.Child.Expected, f.Child.BirthDate, f.StartDate = true, "2027-03-01", "2027-02-01"
		}, "start_date", "form.start_before_birth"},
		{"care hours not offered", StepChild, func(f *Form) { f.CareHours = 33 }, "care_hours", "form.invalid_care_hours"},
		{"no guardian", StepParents, func(f *Form) { f.Guardians = nil }, "guardians.0.first_name", "form.required"},
		{"three guardians", StepParents, func(f *Form) { f.Guardians = append(f.Guardians, second, second) }, "guardians", "form.too_many_guardians"},
		{"guardian last name missing", StepParents, func(f *Form) { f.Guardians[0].LastName = "" }, "guardians.0.last_name", "form.required"},
		{"street missing", StepParents, func(f *Form) { f.Guardians[0].Street = "" }, "guardians.0.street", "form.required"},
		{"street without letters", StepParents, func(f *Form) { f.Guardians[0].Street = "12" }, "guardians.0.street", "form.invalid_street"},
		{"postcode with four digits", StepParents, func(f *Form) { f.Guardians[0].Postcode = "6765" }, "guardians.0.postcode", "form.invalid_postcode"},
		{"city missing", StepParents, func(f *Form) { f.Guardians[0].City = "" }, "guardians.0.city", "form.required"},
		{"phone with letters", StepParents, func(f *Form) { f.Guardians[0].Phone = "0631-ABC" }, "guardians.0.phone", "form.invalid_phone"},
		{"phone too short", StepParents, func(f *Form) { f.Guardians[0].Phone = "12 34" }, "guardians.0.phone", "form.invalid_phone"},
		{"e-mail without domain", StepParents, func(f *Form) { f.Guardians[0].Email = "anna@" }, "guardians.0.email", "form.invalid_email"},
		{"e-mail with a name part", StepParents, func(f *Form) { f.Guardians[0].Email = "Anna <anna@example.de>" }, "guardians.0.email", "form.invalid_email"},
		{"e-mail without dot", StepParents, func(f *Form) { f.Guardians[0].Email = "anna@localhost" }, "guardians.0.email", "form.invalid_email"},
		{"neither phone nor e-mail", StepParents, func(f *Form) { f.Guardians[0].Phone, f.Guardians[0].Email = "", "" }, "guardians.0.phone", "form.contact_required"},
		{"second guardian without name", StepParents, func(f *Form) {
			f.Guardians = append(f.Guardians, storage.Guardian{LastName: "Müller", Phone: "0631 999999", Employment: "vollzeit"})
		}, "guardians.1.first_name", "form.required"},
		{"second guardian half an address", StepParents, func(f *Form) {
			g := second
			g.Street, g.City = "Marktstraße 1", "Kaiserslautern"
			f.Guardians = append(f.Guardians, g)
		}, "guardians.1.postcode", "form.required"},
		{"employment missing", StepCriteria, func(f *Form) { f.Guardians[0].Employment = "" }, "guardians.0.employment", "form.required"},
		{"employment unknown", StepCriteria, func(f *Form) { f.Guardians[0].Employment = "rentner" }, "guardians.0.employment", "form.invalid_employment"},
		{"employment hours too many", StepCriteria, func(f *Form) { f.Guardians[0].EmploymentHours = 61 }, "guardians.0.employment_hours", "form.invalid_hours"},
		{"sibling Kita not chosen", StepCriteria, func(f *Form) { f.Criteria.SiblingKitaIDs = []string{"k-martin"} }, "criteria.sibling_kita_ids.0", "form.sibling_not_listed"},
		{"no consent", StepConsent, func(f *Form) { f.Consent = false }, "consent", "form.consent_required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := validForm()
			tc.change(&f)
			for _, step := range []string{tc.step, StepAll} {
				errs, err := CheckForm(&f, step, merkliste, fixedNow)
				if err != nil {
					t.Fatal(err)
				}
				if len(errs) != 1 || errs[0].Field != tc.field || errs[0].Code != tc.code {
					t.Errorf("step %s: got %+v, want exactly %s %s", step, errs, tc.field, tc.code)
				}
				if len(errs) > 0 && errs[0].Message == "" {
					t.Errorf("step %s: no message", step)
				}
			}
		})
	}
}

func TestCheckFormAcceptsValidVariants(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(f *Form)
	}{
		{"as given", func(*Form) {}},
		{"unborn child", func(f *Form) { f.Child.Expected, f.Child.BirthDate = true, "2027-03-01" }},
		{"born today, start tomorrow", func(f *Form) { f.Child.BirthDate, f.StartDate = "2026-11-25", "2026-11-26" }},
		{"e-mail only", func(f *Form) { f.Guardians[0].Phone = "" }},
		{"phone only, international", func(f *Form) { f.Guardians[0].Email, f.Guardians[0].Phone = "", "+49 (631) 123-456" }},
		{"names with hyphen, apostrophe and accents", func(f *Form) {
			f.Child.FirstName, f.Child.LastName = "Zoë-Marie", "D’Angelo"
		}},
		{"Arabic and Cyrillic names", func(f *Form) { f.Child.FirstName, f.Guardians[0].FirstName = "ليلى", "Олена" }},
		{"second guardian sharing the address", func(f *Form) {
			f.Guardians = append(f.Guardians, storage.Guardian{FirstName: "Ben", LastName: "Müller", Employment: "vollzeit"})
		}},
		{"empty second guardian is dropped", func(f *Form) { f.Guardians = append(f.Guardians, storage.Guardian{}) }},
		{"sibling in a chosen Kita", func(f *Form) { f.Criteria.SiblingKitaIDs = []string{"k-betze"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := validForm()
			tc.change(&f)
			errs, err := CheckForm(&f, StepAll, []string{"k-pfaff", "k-betze"}, fixedNow)
			if err != nil || len(errs) > 0 {
				t.Errorf("got %v %+v, want no problems", err, errs)
			}
		})
	}
}

func TestCheckFormUnknownStep(t *testing.T) {
	f := validForm()
	_, err := CheckForm(&f, "payment", nil, fixedNow)
	if e, ok := AsError(err); !ok || e.Code != "form.unknown_step" {
		t.Fatalf("got %v", err)
	}
}

func newSubmitFixture(t *testing.T) *Services {
	t.Helper()
	svc, _ := newFixture(t)
	svc.Now = func() time.Time { return fixedNow }
	return svc
}

func TestSubmitStoresApplicationAndVormerkungen(t *testing.T) {
	svc := newSubmitFixture(t)
	f := validForm()
	f.Criteria.SiblingKitaIDs = []string{"k-betze", "k-betze"}
	rec, err := svc.Submit(SubmitRequest{Form: f, Merkliste: []string{"k-betze", "k-pfaff"}, Channel: ShellKiosk})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rec.Number, "KP-") || len(rec.Number) != len("KP-XXXX-XXXX") {
		t.Errorf("number %q", rec.Number)
	}
	if len(rec.AccessCode) != len("XXXX-XXXX-XXXX") || strings.ContainsAny(rec.AccessCode, "ILOU") {
		t.Errorf("access code %q", rec.AccessCode)
	}
	app, vs, err := svc.Store.GetApplication(rec.Number)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(app.AccessCodeHash, rec.AccessCode) || !VerifySecret(NormalizeCode(rec.AccessCode), app.AccessCodeHash) {
		t.Error("the access code is not stored as a verifiable hash")
	}
	if !VerifySecret(NormalizeCode(strings.ToLower(strings.ReplaceAll(rec.AccessCode, "-", " "))), app.AccessCodeHash) {
		t.Error("a code typed in lower case with spaces is not accepted")
	}
	if app.Channel != ShellKiosk || app.Consent.Version != "2026-11" || !app.Consent.At.Equal(fixedNow) {
		t.Errorf("channel %q consent %+v", app.Channel, app.Consent)
	}
	if got := app.Criteria.SiblingKitaIDs; len(got) != 1 || got[0] != "k-betze" {
		t.Errorf("sibling Kitas %v", got)
	}
	if len(vs) != 2 || vs[0].KitaID != "k-betze" || vs[0].Priority != 1 || vs[1].KitaID != "k-pfaff" || vs[1].Priority != 2 {
		t.Fatalf("vormerkungen %+v", vs)
	}
	for _, v := range vs {
		if v.Status != storage.StatusEingegangen || len(v.History) != 1 {
			t.Errorf("vormerkung %+v", v)
		}
	}
	atKita, err := svc.Store.VormerkungenOfKita("k-pfaff")
	if err != nil || len(atKita) != 1 || atKita[0].Number != rec.Number {
		t.Errorf("by Kita: %v %+v", err, atKita)
	}
	if len(rec.Items) != 2 || rec.Items[0].Kita.Name != "Kita Betzenberg" {
		t.Errorf("receipt items %+v", rec.Items)
	}
}

func TestSubmitFailureStoresNothing(t *testing.T) {
	svc := newSubmitFixture(t)
	if _, err := svc.SetSettings(map[string]string{"vormerkung_limit": "2"}); err != nil {
		t.Fatal(err)
	}
	bad := validForm()
	bad.Guardians[0].Email = "anna@"
	for _, tc := range []struct {
		name      string
		form      Form
		merkliste []string
		code      string
	}{
		{"invalid form", bad, []string{"k-pfaff"}, "form.invalid_email"},
		{"empty Merkliste", validForm(), nil, "merkliste.empty"},
		{"over the limit", validForm(), []string{"k-pfaff", "k-betze", "k-unknown"}, "merkliste.limit_reached"},
		{"Kita not bookable", validForm(), []string{"k-pfaff", "k-martin"}, "kita.not_bookable"},
		{"Kita unknown", validForm(), []string{"k-pfaff", "k-gone"}, "kita.not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Submit(SubmitRequest{Form: tc.form, Merkliste: tc.merkliste, Channel: ShellWeb})
			if got := errorCode(err); got != tc.code {
				t.Fatalf("got %v (%s), want %s", err, got, tc.code)
			}
			assertNothingStored(t, svc)
		})
	}
}

func errorCode(err error) string {
	var fe FormErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		return fe[0].Code
	}
	if e, ok := AsError(err); ok {
		return e.Code
	}
	return ""
}

func assertNothingStored(t *testing.T, svc *Services) {
	t.Helper()
	n, err := svc.Store.CountApplications()
	if err != nil || n != 0 {
		t.Errorf("%d applications stored (%v)", n, err)
	}
	for _, id := range []string{"k-pfaff", "k-betze", "k-martin", "k-unknown"} {
		if vs, err := svc.Store.VormerkungenOfKita(id); err != nil || len(vs) != 0 {
			t.Errorf("%s: %d Vormerkungen stored (%v)", id, len(vs), err)
		}
	}
}

func TestSubmitDuplicateChild(t *testing.T) {
	svc := newSubmitFixture(t)
	if _, err := svc.Submit(SubmitRequest{Form: validForm(), Merkliste: []string{"k-pfaff"}, Channel: ShellWeb}); err != nil {
		t.Fatal(err)
	}
	same := func(change func(*Form)) Form {
		f := validForm()
		change(&f)
		return f
	}
	for _, tc := range []struct {
		name      string
		form      Form
		duplicate bool
	}{
		{"the same form again", validForm(), true},
		{"name spelled with ue and other case", same(func(f *Form) { f.Child.LastName = "MUELLER" }), true},
		{"other parent, same phone written differently", same(func(f *Form) {
			f.Guardians[0].FirstName, f.Guardians[0].Email, f.Guardians[0].Phone = "Ben", "", "+49 631 123456"
		}), true},
		{"same e-mail only", same(func(f *Form) {
			f.Guardians[0].Phone, f.Guardians[0].Street, f.Guardians[0].Email = "0170 5555555", "Marktstraße 3", "ANNA@example.de"
		}), true},
		{"same name and birth date, another family", same(func(f *Form) {
			g := &f.Guardians[0]
			g.Street, g.Postcode, g.Phone, g.Email = "Am Harzhübel 5", "67663", "0631 999999", "other@example.de"
		}), false},
		{"a sibling: other name", same(func(f *Form) { f.Child.FirstName = "Lea" }), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := svc.Store.CountApplications()
			_, err := svc.Submit(SubmitRequest{Form: tc.form, Merkliste: []string{"k-betze"}, Channel: ShellWeb})
			after, _ := svc.Store.CountApplications()
			if tc.duplicate {
				if errorCode(err) != "vormerkung.duplicate_child" || after != before {
					t.Errorf("got %v, %d → %d applications; want a duplicate refused", err, before, after)
				}
				return
			}
			if err != nil || after != before+1 {
				t.Errorf("got %v, %d → %d applications; want it stored", err, before, after)
			}
		})
	}
}
