package app

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	phonePattern    = regexp.MustCompile(`^\+?[0-9][0-9 ()/\-]{4,24}$`)
)

// formChecker collects the problems of one form for one step.
type formChecker struct {
	f         *Form
	merkliste []string
	today     time.Time
	errs      FormErrors
}

// CheckForm applies the rules of one step (or StepAll) to a form; the
// Merkliste is needed for the sibling criterion.
func CheckForm(f *Form, step string, merkliste []string, now time.Time) (FormErrors, error) {
	normalizeForm(f)
	c := &formChecker{f: f, merkliste: merkliste, today: today(now)}
	steps := map[string][]func(){
		StepChild:    {c.child},
		StepParents:  {c.guardians},
		StepCriteria: {c.employment, c.criteria},
		StepConsent:  {c.consent},
		StepAll:      {c.child, c.guardians, c.employment, c.criteria, c.consent},
	}
	checks, ok := steps[step]
	if !ok {
		return nil, invalid("step", "form.unknown_step", "unknown step %q (child, parents, criteria, consent or all)", step)
	}
	for _, check := range checks {
		check()
	}
	return c.errs, nil
}

func (c *formChecker) add(field, code, format string, args ...any) {
	c.errs.add(field, code, fmt.Sprintf(format, args...))
}

func (c *formChecker) name(field, value string) {
	switch {
	case value == "":
		c.add(field, "form.required", "required")
	case utf8.RuneCountInString(value) > maxNameRunes:
		c.add(field, "form.too_long", "at most %d characters", maxNameRunes)
	case !namePattern.MatchString(value):
		c.add(field, "form.invalid_name", "a name has letters, spaces, hyphens and apostrophes only")
	}
}

func (c *formChecker) child() {
	ch := c.f.Child
	c.name("child.first_name", ch.FirstName)
	c.name("child.last_name", ch.LastName)
	birth, birthOK := c.birthDate()
	c.startDate(birth, birthOK)
	if !slices.Contains(CareHourOptions, c.f.CareHours) {
		c.add("care_hours", "form.invalid_care_hours", "choose one of %v hours per week", CareHourOptions)
	}
}

func (c *formChecker) birthDate() (time.Time, bool) {
	const field = "child.birth_date"
	ch := c.f.Child
	if ch.BirthDate == "" {
		c.add(field, "form.required", "required")
		return time.Time{}, false
	}
	birth, ok := parseDay(ch.BirthDate)
	if !ok {
		c.add(field, "form.invalid_date", "not a date (YYYY-MM-DD)")
		return time.Time{}, false
	}
	switch {
	case ch.Expected && birth.Before(c.today):
		c.add(field, "form.expected_in_past", "an expected birth date cannot be in the past; if the child is born, give its birth date")
	case ch.Expected && birth.After(c.today.AddDate(0, maxExpectedMonths, 0)):
		c.add(field, "form.expected_too_far", "an expected birth date is at most %d months ahead", maxExpectedMonths)
	case !ch.Expected && birth.After(c.today):
		c.add(field, "form.birth_in_future", "a birth date cannot be in the future; for an unborn child choose 'expected'")
	case !ch.Expected && birth.Before(c.today.AddDate(-maxChildAgeYears, 0, 0)):
		c.add(field, "form.birth_too_long_ago", "the child would be older than %d years", maxChildAgeYears)
	default:
		return birth, true
	}
	return birth, false
}

func (c *formChecker) startDate(birth time.Time, birthOK bool) {
	const field = "start_date"
	if c.f.StartDate == "" {
		c.add(field, "form.required", "required")
		return
	}
	start, ok := parseDay(c.f.StartDate)
	switch {
	case !ok:
		c.add(field, "form.invalid_date", "not a date (YYYY-MM-DD)")
	case start.Before(c.today):
		c.add(field, "form.start_in_past", "the desired start cannot be in the past")
	case start.After(c.today.AddDate(maxStartYears, 0, 0)):
		c.add(field, "form.start_too_far", "the desired start is at most %d years ahead", maxStartYears)
	case birthOK && !start.After(birth):
		c.add(field, "form.start_before_birth", "the desired start must be after the (expected) birth date")
	}
}

func (c *formChecker) guardians() {
	gs := c.f.Guardians
	if len(gs) == 0 {
		c.add("guardians.0.first_name", "form.required", "required")
		return
	}
	if len(gs) > 2 {
		c.add("guardians", "form.too_many_guardians", "at most two parents or guardians")
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
		c.add(p+"street", "form.required", "required")
	case utf8.RuneCountInString(g.Street) > maxStreetRunes:
		c.add(p+"street", "form.too_long", "at most %d characters", maxStreetRunes)
	case !strings.ContainsFunc(g.Street, unicode.IsLetter):
		c.add(p+"street", "form.invalid_street", "a street name has letters")
	}
	switch {
	case g.Postcode == "":
		c.add(p+"postcode", "form.required", "required")
	case !postcodePattern.MatchString(g.Postcode):
		c.add(p+"postcode", "form.invalid_postcode", "a postcode has five digits")
	}
	switch {
	case g.City == "":
		c.add(p+"city", "form.required", "required")
	case utf8.RuneCountInString(g.City) > maxNameRunes:
		c.add(p+"city", "form.too_long", "at most %d characters", maxNameRunes)
	}
}

func (c *formChecker) contact(p string, g storage.Guardian, required bool) {
	if g.Phone != "" && (!phonePattern.MatchString(g.Phone) || countDigits(g.Phone) < 6 || countDigits(g.Phone) > 15) {
		c.add(p+"phone", "form.invalid_phone", "a phone number has 6 to 15 digits, e.g. 0631 1234567")
	}
	if g.Email != "" && !validEmail(g.Email) {
		c.add(p+"email", "form.invalid_email", "not an e-mail address, e.g. name@example.de")
	}
	if required && g.Phone == "" && g.Email == "" {
		c.add(p+"phone", "form.contact_required", "give a phone number or an e-mail address so the Kitas can reach you")
	}
}

func validEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".") && !strings.ContainsAny(s, " ,;")
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
			c.add(p+"employment", "form.required", "required")
		case !slices.Contains(EmploymentOptions, g.Employment):
			c.add(p+"employment", "form.invalid_employment", "choose one of %s", strings.Join(EmploymentOptions, ", "))
		}
		if g.EmploymentHours < 0 || g.EmploymentHours > maxEmploymentHour {
			c.add(p+"employment_hours", "form.invalid_hours", "hours per week from 0 to %d", maxEmploymentHour)
		}
	}
}

func (c *formChecker) criteria() {
	for i, id := range c.f.Criteria.SiblingKitaIDs {
		if !slices.Contains(c.merkliste, id) {
			c.add(fmt.Sprintf("criteria.sibling_kita_ids.%d", i), "form.sibling_not_listed", "a sibling's Kita must be one of the chosen Kitas")
		}
	}
}

func (c *formChecker) consent() {
	if !c.f.Consent {
		c.add("consent", "form.consent_required", "please agree to the privacy notice; without it the Kitas cannot receive the Vormerkung")
	}
}
