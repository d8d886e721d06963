package app

import (
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // the kiosk may run where the system has no zoneinfo

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

// FieldError is one problem with one input.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// FormErrors is every problem found in a form; as an error it answers 400
// with the first one as "error" and all of them as "errors".
type FormErrors []FieldError

func (fe FormErrors) Error() string {
	if len(fe) == 0 {
		return "no errors"
	}
	return fe[0].Field + ": " + fe[0].Message
}

func (fe *FormErrors) add(field, code, message string) {
	*fe = append(*fe, FieldError{Field: field, Code: code, Message: message})
}

// asError turns the list into a user-facing error (nil when empty).
func (fe FormErrors) asError() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

func (fe FormErrors) first() *Error {
	return &Error{Code: fe[0].Code, Field: fe[0].Field, Message: fe[0].Message, status: http.StatusBadRequest}
}

// berlin is the time zone of the dates families type (birth, start).
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// today is the calendar date in Germany at instant now.
func today(now time.Time) time.Time {
	y, m, d := now.In(berlin).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parseDay reads YYYY-MM-DD as a calendar date (UTC midnight).
func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	return t, err == nil
}

// normalizeForm trims every text, so that checks and storage see the same.
func normalizeForm(f *Form) {
	trim := strings.TrimSpace
	f.Child.FirstName, f.Child.LastName = collapse(f.Child.FirstName), collapse(f.Child.LastName)
	f.Child.BirthDate, f.StartDate = trim(f.Child.BirthDate), trim(f.StartDate)
	for i := range f.Guardians {
		g := &f.Guardians[i]
		g.FirstName, g.LastName = collapse(g.FirstName), collapse(g.LastName)
		g.Street, g.Postcode, g.City = collapse(g.Street), trim(g.Postcode), collapse(g.City)
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

// collapse trims and squeezes inner runs of white space to one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
