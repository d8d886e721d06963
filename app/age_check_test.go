package app_test

import (
	"testing"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/internal/apptest"
)

// TestAgeAtTheStartDateIsChecked: a Kita that does not take a child of
// the age it will have at the start date is refused at submit and in "Kita
// hinzufügen", with the reason; a Kita without a known age range is not.
// Before, a 4½-year-old got 201 at a Krippe for 8 to 35 months.
func TestAgeAtTheStartDateIsChecked(t *testing.T) {
	f := apptest.NewLife(t)
	baby := func(form *app.Form) { form.Child.BirthDate, form.Child.Expected = "2027-02-01", true } // 6 months at the start 2027-08-01
	for _, tc := range []struct {
		name  string
		kitas []string
		form  func(*app.Form)
		ok    bool
	}{
		{"6 months at a Kita from 12 months", []string{"k-betze", "k-pfaff"}, baby, false},
		{"6 months at Kitas from 0 months and of unknown ages", []string{"k-betze", "k-unknown"}, baby, true},
		{"7 years at a Kita up to 71 months", []string{"k-betze"}, func(form *app.Form) { form.Child.BirthDate = "2020-06-01" }, false},
		{"on the last month of the range", []string{"k-pfaff"}, func(form *app.Form) { form.Child.BirthDate = "2021-08-02" }, true},
		{"an expected child", []string{"k-betze"}, func(form *app.Form) {
			form.Child.BirthDate, form.Child.Expected = "2027-03-01", true
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := apptest.ValidForm()
			form.Child.FirstName = "Kind" + string(rune('A'+len(tc.name)%26))
			tc.form(&form)
			_, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: tc.kitas, Channel: "web"})
			if tc.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tc.ok && apperr.CodeOf(err) != apperr.KitaAgeMismatch {
				t.Fatalf("got %v, want %s", err, apperr.KitaAgeMismatch)
			}
		})
	}

	// "Kita hinzufügen" later: the same rule, with the reason.
	p, _ := f.Register(t, []string{"k-betze"}, func(form *app.Form) { form.Child.FirstName = "Lotta"; baby(form) })
	number := p.Number
	if err := f.Svc.FamilyAddKita(p, number, "k-pfaff"); apperr.CodeOf(err) != apperr.KitaAgeMismatch {
		t.Fatalf("adding a Kita from 12 months for a 6-month-old: %v", err)
	}
	if err := f.Svc.FamilyAddKita(p, number, "k-unknown"); err != nil {
		t.Fatalf("adding a Kita of unknown ages: %v", err)
	}
}
