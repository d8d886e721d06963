package app_test

import (
	"strings"
	"testing"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/internal/testcity"
	"kitaportal/app/session"
	"kitaportal/app/settings"
	"kitaportal/storage"
)

func TestCheckFormRules(t *testing.T) {
	merkliste := []string{"k-pfaff", "k-betze"}
	second := storage.Guardian{FirstName: "Ben", LastName: "Müller", Employment: "vollzeit"}
	for _, tc := range []struct {
		name   string
		step   string
		change func(f *app.Form)
		field  string
		code   string
	}{
		{"child first name missing", app.StepChild, func(f *app.Form) { f.Child.FirstName = "  " }, "child.first_name", "form.required"},
		{"child last name with digits", app.StepChild, func(f *app.Form) { f.Child.LastName = "Müller2" }, "child.last_name", "form.invalid_name"},
		{"child name too long", app.StepChild, func(f *app.Form) { f.Child.FirstName = strings.Repeat("a", 61) }, "child.first_name", "form.too_long"},
		{"birth date missing", app.StepChild, func(f *app.Form) { f.Child.BirthDate = "" }, "child.birth_date", "form.required"},
		{"birth date on a day that does not exist", app.StepChild, func(f *app.Form) { f.Child.BirthDate = "2024-02-30" }, "child.birth_date", "form.no_such_day"},
		{"start on a day that does not exist", app.StepChild, func(f *app.Form) { f.StartDate = "2027-04-31" }, "start_date", "form.no_such_day"},
		{"birth date not a date", app.StepChild, func(f *app.Form) { f.Child.BirthDate = "2024-2-3x" }, "child.birth_date", "form.invalid_date"},
		{"birth date German format", app.StepChild, func(f *app.Form) { f.Child.BirthDate = "01.09.2024" }, "child.birth_date", "form.invalid_date"},
		{"born tomorrow", app.StepChild, func(f *app.Form) { f.Child.BirthDate = "2026-11-26" }, "child.birth_date", "form.birth_in_future"},
		{"born eleven years ago", app.StepChild, func(f *app.Form) { f.Child.BirthDate = "2015-11-24" }, "child.birth_date", "form.birth_too_long_ago"},
		{"expected yesterday", app.StepChild, func(f *app.Form) { f.Child.Expected, f.Child.BirthDate = true, "2026-11-24" }, "child.birth_date", "form.expected_in_past"},
		{"expected in a year", app.StepChild, func(f *app.Form) { f.Child.Expected, f.Child.BirthDate = true, "2027-11-25" }, "child.birth_date", "form.expected_too_far"},
		{"start missing", app.StepChild, func(f *app.Form) { f.StartDate = "" }, "start_date", "form.required"},
		{"start in the past", app.StepChild, func(f *app.Form) { f.StartDate = "2026-11-24" }, "start_date", "form.start_in_past"},
		{"start in four years", app.StepChild, func(f *app.Form) { f.StartDate = "2030-01-01" }, "start_date", "form.start_too_far"},
		{"start before expected birth", app.StepChild, func(f *app.Form) {
			f.Child.Expected, f.Child.BirthDate, f.StartDate = true, "2027-03-01", "2027-02-01"
		}, "start_date", "form.start_before_birth"},
		{"care hours not offered", app.StepChild, func(f *app.Form) { f.CareHours = 33 }, "care_hours", "form.invalid_care_hours"},
		{"no guardian", app.StepParents, func(f *app.Form) { f.Guardians = nil }, "guardians.0.first_name", "form.required"},
		{"three guardians", app.StepParents, func(f *app.Form) { f.Guardians = append(f.Guardians, second, second) }, "guardians", "form.too_many_guardians"},
		{"guardian last name missing", app.StepParents, func(f *app.Form) { f.Guardians[0].LastName = "" }, "guardians.0.last_name", "form.required"},
		{"street missing", app.StepParents, func(f *app.Form) { f.Guardians[0].Street = "" }, "guardians.0.street", "form.required"},
		{"street without letters", app.StepParents, func(f *app.Form) { f.Guardians[0].Street = "12" }, "guardians.0.street", "form.invalid_street"},
		{"postcode with four digits", app.StepParents, func(f *app.Form) { f.Guardians[0].Postcode = "6765" }, "guardians.0.postcode", "form.invalid_postcode"},
		{"city missing", app.StepParents, func(f *app.Form) { f.Guardians[0].City = "" }, "guardians.0.city", "form.required"},
		{"phone with letters", app.StepParents, func(f *app.Form) { f.Guardians[0].Phone = "0631-ABC" }, "guardians.0.phone", "form.invalid_phone"},
		{"phone too short", app.StepParents, func(f *app.Form) { f.Guardians[0].Phone = "12 34" }, "guardians.0.phone", "form.invalid_phone"},
		{"e-mail without domain", app.StepParents, func(f *app.Form) { f.Guardians[0].Email = "anna@" }, "guardians.0.email", "form.invalid_email"},
		{"e-mail with a name part", app.StepParents, func(f *app.Form) { f.Guardians[0].Email = "Anna <anna@example.de>" }, "guardians.0.email", "form.invalid_email"},
		{"e-mail without dot", app.StepParents, func(f *app.Form) { f.Guardians[0].Email = "anna@localhost" }, "guardians.0.email", "form.invalid_email"},
		{"neither phone nor e-mail", app.StepParents, func(f *app.Form) { f.Guardians[0].Phone, f.Guardians[0].Email = "", "" }, "guardians.0.phone", "form.contact_required"},
		{"second guardian without name", app.StepParents, func(f *app.Form) {
			f.Guardians = append(f.Guardians, storage.Guardian{LastName: "Müller", Phone: "0631 999999", Employment: "vollzeit"})
		}, "guardians.1.first_name", "form.required"},
		{"second guardian half an address", app.StepParents, func(f *app.Form) {
			g := second
			g.Street, g.City = "Marktstraße 1", "Kaiserslautern"
			f.Guardians = append(f.Guardians, g)
		}, "guardians.1.postcode", "form.required"},
		{"employment missing", app.StepCriteria, func(f *app.Form) { f.Guardians[0].Employment = "" }, "guardians.0.employment", "form.required"},
		{"employment unknown", app.StepCriteria, func(f *app.Form) { f.Guardians[0].Employment = "rentner" }, "guardians.0.employment", "form.invalid_employment"},
		{"employment hours too many", app.StepCriteria, func(f *app.Form) { f.Guardians[0].EmploymentHours = 61 }, "guardians.0.employment_hours", "form.invalid_hours"},
		{"sibling Kita not chosen", app.StepCriteria, func(f *app.Form) { f.Criteria.SiblingKitaIDs = []string{"k-martin"} }, "criteria.sibling_kita_ids.0", "form.sibling_not_listed"},
		{"no consent", app.StepConsent, func(f *app.Form) { f.Consent = false }, "consent", "form.consent_required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := apptest.ValidForm()
			tc.change(&f)
			for _, step := range []string{tc.step, app.StepAll} {
				errs, err := app.CheckForm(&f, step, merkliste, testcity.Now)
				if err != nil {
					t.Fatal(err)
				}
				if len(errs) != 1 || errs[0].Field != tc.field || string(errs[0].Code) != tc.code {
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
		change func(f *app.Form)
	}{
		{"as given", func(*app.Form) {}},
		{"unborn child", func(f *app.Form) { f.Child.Expected, f.Child.BirthDate = true, "2027-03-01" }},
		{"born today, start tomorrow", func(f *app.Form) { f.Child.BirthDate, f.StartDate = "2026-11-25", "2026-11-26" }},
		{"e-mail only", func(f *app.Form) { f.Guardians[0].Phone = "" }},
		{"phone only, international", func(f *app.Form) { f.Guardians[0].Email, f.Guardians[0].Phone = "", "+49 (631) 123-456" }},
		{"names with hyphen, apostrophe and accents", func(f *app.Form) {
			f.Child.FirstName, f.Child.LastName = "Zoë-Marie", "D’Angelo"
		}},
		{"Arabic and Cyrillic names", func(f *app.Form) { f.Child.FirstName, f.Guardians[0].FirstName = "ليلى", "Олена" }},
		{"second guardian sharing the address", func(f *app.Form) {
			f.Guardians = append(f.Guardians, storage.Guardian{FirstName: "Ben", LastName: "Müller", Employment: "vollzeit"})
		}},
		{"empty second guardian is dropped", func(f *app.Form) { f.Guardians = append(f.Guardians, storage.Guardian{}) }},
		{"sibling in a chosen Kita", func(f *app.Form) { f.Criteria.SiblingKitaIDs = []string{"k-betze"} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := apptest.ValidForm()
			tc.change(&f)
			errs, err := app.CheckForm(&f, app.StepAll, []string{"k-pfaff", "k-betze"}, testcity.Now)
			if err != nil || len(errs) > 0 {
				t.Errorf("got %v %+v, want no problems", err, errs)
			}
		})
	}
}

func TestCheckFormUnknownStep(t *testing.T) {
	f := apptest.ValidForm()
	_, err := app.CheckForm(&f, "payment", nil, testcity.Now)
	if e, ok := apperr.As(err); !ok || e.Code != "form.unknown_step" {
		t.Fatalf("got %v", err)
	}
}

func TestSubmitStoresApplicationAndVormerkungen(t *testing.T) {
	svc := apptest.NewSubmit(t)
	f := apptest.ValidForm()
	f.Criteria.SiblingKitaIDs = []string{"k-betze", "k-betze"}
	rec, err := svc.Submit(app.SubmitRequest{Form: f, Merkliste: []string{"k-betze", "k-pfaff"}, Channel: session.ShellKiosk})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(rec.Number, "KP-") || len(rec.Number) != len("KP-XXXX-XXXX") {
		t.Errorf("number %q", rec.Number)
	}
	if len(rec.AccessCode) != len("XXXX-XXXX-XXXX") || strings.ContainsAny(rec.AccessCode, "ILOU") {
		t.Errorf("access code %q", rec.AccessCode)
	}
	appl, vs, err := apptest.DB(svc).GetApplication(rec.Number)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(appl.AccessCodeHash, rec.AccessCode) || !auth.VerifySecret(auth.NormalizeCode(rec.AccessCode), appl.AccessCodeHash) {
		t.Error("the access code is not stored as a verifiable hash")
	}
	if !auth.VerifySecret(auth.NormalizeCode(strings.ToLower(strings.ReplaceAll(rec.AccessCode, "-", " "))), appl.AccessCodeHash) {
		t.Error("a code typed in lower case with spaces is not accepted")
	}
	if appl.Channel != session.ShellKiosk || appl.Consent.Version != settings.Defaults().PrivacyVersion || !appl.Consent.At.Equal(testcity.Now) {
		t.Errorf("channel %q consent %+v", appl.Channel, appl.Consent)
	}
	if got := appl.Criteria.SiblingKitaIDs; len(got) != 1 || got[0] != "k-betze" {
		t.Errorf("sibling Kitas %v", got)
	}
	if len(vs) != 2 || vs[0].KitaID != "k-betze" || vs[0].Priority != 1 || vs[1].KitaID != "k-pfaff" || vs[1].Priority != 2 {
		t.Fatalf("vormerkungen %+v", vs)
	}
	for _, v := range vs {
		if v.Status != domain.StatusEingegangen || len(v.History) != 1 {
			t.Errorf("vormerkung %+v", v)
		}
	}
	atKita, err := apptest.DB(svc).VormerkungenOfKita("k-pfaff")
	if err != nil || len(atKita) != 1 || atKita[0].Number != rec.Number {
		t.Errorf("by Kita: %v %+v", err, atKita)
	}
	if len(rec.Items) != 2 || rec.Items[0].Kita.Name != "Kita Betzenberg" {
		t.Errorf("receipt items %+v", rec.Items)
	}
}

func TestSubmitFailureStoresNothing(t *testing.T) {
	svc := apptest.NewSubmit(t)
	if _, err := svc.Settings.Set(map[string]string{"vormerkung_limit": "2"}); err != nil {
		t.Fatal(err)
	}
	bad := apptest.ValidForm()
	bad.Guardians[0].Email = "anna@"
	for _, tc := range []struct {
		name      string
		form      app.Form
		merkliste []string
		code      string
	}{
		{"invalid form", bad, []string{"k-pfaff"}, "form.invalid_email"},
		{"empty Merkliste", apptest.ValidForm(), nil, "merkliste.empty"},
		{"over the limit", apptest.ValidForm(), []string{"k-pfaff", "k-betze", "k-unknown"}, "merkliste.limit_reached"},
		{"Kita not bookable", apptest.ValidForm(), []string{"k-pfaff", "k-martin"}, "kita.not_bookable"},
		{"Kita unknown", apptest.ValidForm(), []string{"k-pfaff", "k-gone"}, "kita.not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := svc.Submit(app.SubmitRequest{Form: tc.form, Merkliste: tc.merkliste, Channel: session.ShellWeb})
			if got := apptest.ErrorCode(err); got != tc.code {
				t.Fatalf("got %v (%s), want %s", err, got, tc.code)
			}
			assertNothingStored(t, svc)
		})
	}
}

func assertNothingStored(t *testing.T, svc *app.Services) {
	t.Helper()
	n, err := apptest.DB(svc).CountApplications()
	if err != nil || n != 0 {
		t.Errorf("%d applications stored (%v)", n, err)
	}
	for _, id := range []string{"k-pfaff", "k-betze", "k-martin", "k-unknown"} {
		if vs, err := apptest.DB(svc).VormerkungenOfKita(id); err != nil || len(vs) != 0 {
			t.Errorf("%s: %d Vormerkungen stored (%v)", id, len(vs), err)
		}
	}
}

func TestSubmitDuplicateChild(t *testing.T) {
	svc := apptest.NewSubmit(t)
	if _, err := svc.Submit(app.SubmitRequest{Form: apptest.ValidForm(), Merkliste: []string{"k-pfaff"}, Channel: session.ShellWeb}); err != nil {
		t.Fatal(err)
	}
	same := func(change func(*app.Form)) app.Form {
		f := apptest.ValidForm()
		change(&f)
		return f
	}
	for _, tc := range []struct {
		name      string
		form      app.Form
		duplicate bool
	}{
		{"the same form again", apptest.ValidForm(), true},
		{"name spelled with ue and other case", same(func(f *app.Form) { f.Child.LastName = "MUELLER" }), true},
		{"other parent, same phone written differently", same(func(f *app.Form) {
			f.Guardians[0].FirstName, f.Guardians[0].Email, f.Guardians[0].Phone = "Ben", "", "+49 631 123456"
		}), true},
		{"same e-mail only", same(func(f *app.Form) {
			f.Guardians[0].Phone, f.Guardians[0].Street, f.Guardians[0].Email = "0170 5555555", "Marktstraße 3", "ANNA@example.de"
		}), true},
		{"same name and birth date, another family", same(func(f *app.Form) {
			g := &f.Guardians[0]
			g.Street, g.Postcode, g.Phone, g.Email = "Am Harzhübel 5", "67663", "0631 999999", "other@example.de"
		}), false},
		{"a sibling: other name", same(func(f *app.Form) { f.Child.FirstName = "Lea" }), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := apptest.DB(svc).CountApplications()
			_, err := svc.Submit(app.SubmitRequest{Form: tc.form, Merkliste: []string{"k-betze"}, Channel: session.ShellWeb})
			after, _ := apptest.DB(svc).CountApplications()
			if tc.duplicate {
				if apptest.ErrorCode(err) != "vormerkung.duplicate_child" || after != before {
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
