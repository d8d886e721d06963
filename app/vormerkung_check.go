package app

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"kitaportal/app/apperr"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// Limits of plausible dates, and of text lengths.
const (
	maxChildAgeYears  = 10 // Kitas and Horte take children up to school age and a little beyond
	maxExpectedMonths = 10 // an expected birth date at most this far ahead
	maxStartYears     = 3  // a desired start at most this far ahead
	maxNameRunes      = 60
	maxStreetRunes    = 100
	maxEmploymentHour = 60
)

var (
	namePattern     = regexp.MustCompile(`^[\p{L}\p{M}][\p{L}\p{M} '’.\-]*$`)
	postcodePattern = regexp.MustCompile(`^[0-9]{5}$`)
	isoShape        = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`)
	phonePattern    = regexp.MustCompile(`^\+?[0-9][0-9 ()/\-]{4,24}$`)
)

// formChecker collects the problems of one form for one step.
type formChecker struct {
	f         *Form
	merkliste []string
	today     time.Time
	errs      apperr.FieldErrors
}

// CheckForm applies the rules of one step (or StepAll) to a form; the
// Merkliste is needed for the sibling criterion.
func CheckForm(f *Form, step string, merkliste []string, now time.Time) (apperr.FieldErrors, error) {
	normalizeForm(f)
	c := &formChecker{f: f, merkliste: merkliste, today: domain.Today(now)}
	steps := map[string][]func(){
		StepChild:    {c.child},
		StepParents:  {c.guardians},
		StepCriteria: {c.employment, c.criteria},
		StepConsent:  {c.consent},
		StepAll:      {c.child, c.guardians, c.employment, c.criteria, c.consent},
	}
	checks, ok := steps[step]
	if !ok {
		return nil, apperr.Invalid("step", apperr.FormUnknownStep, "unknown step %q (child, parents, criteria, consent or all)", step)
	}
	for _, check := range checks {
		check()
	}
	return c.errs, nil
}

func (c *formChecker) add(field string, code apperr.Code, format string, args ...any) {
	c.errs.Add(field, code, format, args...)
}

func (c *formChecker) name(field, value string) {
	switch {
	case value == "":
		c.add(field, apperr.FormRequired, "required")
	case utf8.RuneCountInString(value) > maxNameRunes:
		c.add(field, apperr.FormTooLong, "at most %d characters", maxNameRunes)
	case !namePattern.MatchString(value):
		c.add(field, apperr.FormInvalidName, "a name has letters, spaces, hyphens and apostrophes only")
	}
}

func (c *formChecker) child() {
	ch := c.f.Child
	c.name("child.first_name", ch.FirstName)
	c.name("child.last_name", ch.LastName)
	birth, birthOK := c.birthDate()
	c.startDate(birth, birthOK)
	if !slices.Contains(CareHourOptions, c.f.CareHours) {
		c.add("care_hours", apperr.FormInvalidCareHours, "choose one of %v hours per week", CareHourOptions)
	}
}

func (c *formChecker) birthDate() (time.Time, bool) {
	const field = "child.birth_date"
	ch := c.f.Child
	if ch.BirthDate == "" {
		c.add(field, apperr.FormRequired, "required")
		return time.Time{}, false
	}
	birth, ok := domain.ParseDay(ch.BirthDate)
	if !ok {
		c.badDate(field, ch.BirthDate)
		return time.Time{}, false
	}
	switch {
	case ch.Expected && birth.Before(c.today):
		c.add(field, apperr.FormExpectedInPast, "an expected birth date cannot be in the past; if the child is born, give its birth date")
	case ch.Expected && birth.After(c.today.AddDate(0, maxExpectedMonths, 0)):
		c.add(field, apperr.FormExpectedTooFar, "an expected birth date is at most %d months ahead", maxExpectedMonths)
	case !ch.Expected && birth.After(c.today):
		c.add(field, apperr.FormBirthInFuture, "a birth date cannot be in the future; for an unborn child choose 'expected'")
	case !ch.Expected && birth.Before(c.today.AddDate(-maxChildAgeYears, 0, 0)):
		c.add(field, apperr.FormBirthTooLongAgo, "the child would be older than %d years", maxChildAgeYears)
	default:
		return birth, true
	}
	return birth, false
}

// badDate tells a day that does not exist (31 February, written right)
// from a date written wrong.
func (c *formChecker) badDate(field, value string) {
	if isoShape.MatchString(strings.TrimSpace(value)) {
		c.add(field, apperr.FormNoSuchDay, "there is no such day")
		return
	}
	c.add(field, apperr.FormInvalidDate, "not a date (YYYY-MM-DD)")
}

func (c *formChecker) startDate(birth time.Time, birthOK bool) {
	const field = "start_date"
	if c.f.StartDate == "" {
		c.add(field, apperr.FormRequired, "required")
		return
	}
	start, ok := domain.ParseDay(c.f.StartDate)
	switch {
	case !ok:
		c.badDate(field, c.f.StartDate)
	case start.Before(c.today):
		c.add(field, apperr.FormStartInPast, "the desired start cannot be in the past")
	case start.After(c.today.AddDate(maxStartYears, 0, 0)):
		c.add(field, apperr.FormStartTooFar, "the desired start is at most %d years ahead", maxStartYears)
	case birthOK && !start.After(birth):
		c.add(field, apperr.FormStartBeforeBirth, "the desired start must be after the (expected) birth date")
	}
}

func (c *formChecker) guardians() {
	gs := c.f.Guardians
	if len(gs) == 0 {
		c.add("guardians.0.first_name", apperr.FormRequired, "required")
		return
	}
	if len(gs) > 2 {
		c.add("guardians", apperr.FormTooManyGuardians, "at most two parents or guardians")
		return
	}
	for i, g := range gs {
		p := fmt.Sprintf("guardians.%d.", i)
		c.name(p+"first_name", g.FirstName)
		c.name(p+"last_name", g.LastName)
		c.address(p, g, i == 0)
		c.contact(p, g, i == 0)
	}
}

// address: the first guardian needs one; a second one may share it.
func (c *formChecker) address(p string, g storage.Guardian, required bool) {
	if !required && g.Street == "" && g.Postcode == "" && g.City == "" {
		return
	}
	switch {
	case g.Street == "":
		c.add(p+"street", apperr.FormRequired, "required")
	case utf8.RuneCountInString(g.Street) > maxStreetRunes:
		c.add(p+"street", apperr.FormTooLong, "at most %d characters", maxStreetRunes)
	case !strings.ContainsFunc(g.Street, unicode.IsLetter):
		c.add(p+"street", apperr.FormInvalidStreet, "a street name has letters")
	}
	switch {
	case g.Postcode == "":
		c.add(p+"postcode", apperr.FormRequired, "required")
	case !postcodePattern.MatchString(g.Postcode):
		c.add(p+"postcode", apperr.FormInvalidPostcode, "a postcode has five digits")
	}
	switch {
	case g.City == "":
		c.add(p+"city", apperr.FormRequired, "required")
	case utf8.RuneCountInString(g.City) > maxNameRunes:
		c.add(p+"city", apperr.FormTooLong, "at most %d characters", maxNameRunes)
	}
}

func (c *formChecker) contact(p string, g storage.Guardian, required bool) {
	if g.Phone != "" && (!phonePattern.MatchString(g.Phone) || countDigits(g.Phone) < 6 || countDigits(g.Phone) > 15) {
		c.add(p+"phone", apperr.FormInvalidPhone, "a phone number has 6 to 15 digits, e.g. 0631 1234567")
	}
	if g.Email != "" && !domain.ValidEmail(g.Email) {
		c.add(p+"email", apperr.FormInvalidEmail, "not an e-mail address, e.g. name@example.de")
	}
	if required && g.Phone == "" && g.Email == "" {
		c.add(p+"phone", apperr.FormContactRequired, "give a phone number or an e-mail address so the Kitas can reach you")
	}
}

func countDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

func (c *formChecker) employment() {
	for i, g := range c.f.Guardians {
		p := fmt.Sprintf("guardians.%d.", i)
		switch {
		case g.Employment == "":
			c.add(p+"employment", apperr.FormRequired, "required")
		case !slices.Contains(EmploymentOptions, g.Employment):
			c.add(p+"employment", apperr.FormInvalidEmployment, "choose one of %s", strings.Join(EmploymentOptions, ", "))
		}
		if g.EmploymentHours < 0 || g.EmploymentHours > maxEmploymentHour {
			c.add(p+"employment_hours", apperr.FormInvalidHours, "hours per week from 0 to %d", maxEmploymentHour)
		}
	}
}

func (c *formChecker) criteria() {
	for i, id := range c.f.Criteria.SiblingKitaIDs {
		if !slices.Contains(c.merkliste, id) {
			c.add(fmt.Sprintf("criteria.sibling_kita_ids.%d", i), apperr.FormSiblingNotListed, "a sibling's Kita must be one of the chosen Kitas")
		}
	}
}

func (c *formChecker) consent() {
	if !c.f.Consent {
		c.add("consent", apperr.FormConsentRequired, "please agree to the privacy notice; without it the Kitas cannot receive the Vormerkung")
	}
}
