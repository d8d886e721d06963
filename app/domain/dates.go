package domain

import (
	"strings"
	"time"
	_ "time/tzdata" // the kiosk may run where the system has no zoneinfo
)

// Berlin is the time zone of the dates families type (birth, start) and of
// every deadline the product sets.
var Berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// Calendar days are compared as UTC midnights: ParseDay and Today give
// the same instant for the same day, whatever the zone of the machine.

// ParseDay reads YYYY-MM-DD as a calendar day (UTC midnight).
func ParseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	return t, err == nil
}

// Today is the calendar day of now in German time (UTC midnight).
func Today(now time.Time) time.Time {
	y, m, d := now.In(Berlin).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// GermanDate writes YYYY-MM-DD as DD.MM.YYYY (anything else unchanged).
func GermanDate(iso string) string {
	if t, ok := ParseDay(iso); ok {
		return t.Format("02.01.2006")
	}
	return iso
}

// AgeMonthsAt is a child's age in whole months on the day at (both
// YYYY-MM-DD); ok is false when either is not a date or at comes before
// birth.
func AgeMonthsAt(birth, at string) (months int, ok bool) {
	b, ok1 := ParseDay(birth)
	t, ok2 := ParseDay(at)
	if !ok1 || !ok2 || t.Before(b) {
		return 0, false
	}
	return MonthsBetween(b, t), true
}

// MonthsBetween is the number of whole months from from to to.
func MonthsBetween(from, to time.Time) int {
	m := (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
	if to.Day() < from.Day() {
		m--
	}
	return m
}

// Age groups of a child at a start date.
const (
	AgeU3  = "u3"  // under 36 months
	AgeUe3 = "ue3" // 36 months or older
)

// AgeGroup is u3 when the child is under 36 months at the start date, ue3
// otherwise, and "" when either date is not a date.
func AgeGroup(birth, start string) string {
	b, ok1 := ParseDay(birth)
	st, ok2 := ParseDay(start)
	if !ok1 || !ok2 {
		return ""
	}
	if st.Before(b.AddDate(3, 0, 0)) {
		return AgeU3
	}
	return AgeUe3
}
