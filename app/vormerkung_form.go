package app

import (
	"strings"
	_ "time/tzdata" // the kiosk may run where the system has no zoneinfo

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// Form is what a family fills in for a Vormerkung (the body of check and
// submit, and the draft's form).
type Form struct {
	Child     storage.Child      `json:"child"`
	StartDate string             `json:"start_date"`
	CareHours int                `json:"care_hours"`
	Guardians []storage.Guardian `json:"guardians"`
	Criteria  storage.Criteria   `json:"criteria"`
	Consent   bool               `json:"consent"`
	Language  string             `json:"language"`
}

// Form steps, in the order the UI asks them; StepAll is the whole form.
const (
	StepChild    = "child"
	StepParents  = "parents"
	StepCriteria = "criteria"
	StepConsent  = "consent"
	StepAll      = "all"
)

// normalizeForm trims every text, so that checks and storage see the same.
func normalizeForm(f *Form) {
	trim := strings.TrimSpace
	f.Child.FirstName, f.Child.LastName = domain.Collapse(f.Child.FirstName), domain.Collapse(f.Child.LastName)
	f.Child.BirthDate, f.StartDate = trim(f.Child.BirthDate), trim(f.StartDate)
	for i := range f.Guardians {
		g := &f.Guardians[i]
		g.FirstName, g.LastName = domain.Collapse(g.FirstName), domain.Collapse(g.LastName)
		g.Street, g.Postcode, g.City = domain.Collapse(g.Street), trim(g.Postcode), domain.Collapse(g.City)
		g.Phone, g.Email, g.Employment = trim(g.Phone), trim(g.Email), trim(g.Employment)
	}
	// A second guardian the family left completely empty is no guardian.
	if len(f.Guardians) == 2 && emptyGuardian(f.Guardians[1]) {
		f.Guardians = f.Guardians[:1]
	}
	f.Language = trim(f.Language)
}

func emptyGuardian(g storage.Guardian) bool {
	return g.FirstName == "" && g.LastName == "" && g.Street == "" && g.Postcode == "" &&
		g.City == "" && g.Phone == "" && g.Email == "" && g.Employment == "" && g.EmploymentHours == 0
}
