package importer

import (
	"math"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// The value parsers return a reason (naming the value) instead of an error,
// so the caller can place it in a RowError with field and column.

// normText trims a value and collapses runs of white space, including line
// breaks inside quoted CSV cells, into single spaces.
func normText(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || (c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ')) {
			clean = false
			break
		}
	}
	if clean && !strings.ContainsRune(s, '\u00a0') {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// parseNumber reads a decimal number with the given separator. It refuses
// the other separator instead of guessing, since "1.234" means 1234 in a
// German export, and refuses NaN, Inf and hex floats that strconv accepts.
func parseNumber(s string, decimal byte) (float64, string) {
	other := byte(',')
	if decimal == ',' {
		other = '.'
	}
	if strings.IndexByte(s, other) >= 0 {
		return 0, short(s) + " is not a number (the mapping's decimal separator is '" + string(decimal) + "')"
	}
	if !isPlainNumber(s, decimal) {
		return 0, short(s) + " is not a number"
	}
	if decimal == ',' {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, short(s) + " is not a number"
	}
	return f, ""
}

// isPlainNumber accepts [+-]digits[sep digits][e[+-]digits].
func isPlainNumber(s string, sep byte) bool {
	i, n := 0, len(s)
	if i < n && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < n && s[i] == sep {
		i++
		for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for ; i < n && s[i] >= '0' && s[i] <= '9'; i++ {
		}
		if i == start {
			return false
		}
	}
	return i == n
}

// parseCount reads a non-negative whole number such as a number of places;
// "60.0" (how some GIS tools write integers) is accepted.
func parseCount(s string, decimal byte) (int, string) {
	f, reason := parseNumber(s, decimal)
	if reason != "" {
		return 0, short(s) + " is not a whole number"
	}
	switch {
	case f != math.Trunc(f):
		return 0, short(s) + " is not a whole number"
	case f < 0:
		return 0, short(s) + " must not be negative"
	case f > 1e6:
		return 0, short(s) + " is implausibly large"
	}
	return int(f), ""
}

var boolWords = map[string]bool{
	"ja": true, "nein": false, "yes": true, "no": false, "true": true, "false": false,
	"1": true, "0": false, "x": true, "wahr": true, "falsch": false,
}

func parseBool(s string) (bool, string) {
	b, ok := boolWords[strings.ToLower(s)]
	if !ok {
		return false, short(s) + " is not a yes/no value (ja/nein, yes/no, true/false, 1/0, x)"
	}
	return b, ""
}

// parseFlag is true for a yes word or a number greater than zero, false for
// a no word or zero: sources mark a feature either way ("lunch_offer": true,
// "integrational": 2).
func parseFlag(s string, decimal byte) (bool, string) {
	if b, ok := boolWords[strings.ToLower(s)]; ok {
		return b, ""
	}
	if f, reason := parseNumber(s, decimal); reason == "" {
		return f > 0, ""
	}
	return false, short(s) + " is neither a yes/no value nor a number"
}

const timeHint = " is not a time of day (expected HH:MM, 00:00-24:00)"

// parseClock reads "07:30", "7:30", "07.30", "07:30:00" (spreadsheets) and
// an optional "Uhr", returning minutes after midnight.
func parseClock(s string) (int, string) {
	t := strings.TrimSpace(s)
	if len(t) > 3 && strings.EqualFold(t[len(t)-3:], "uhr") {
		t = strings.TrimSpace(t[:len(t)-3])
	}
	sep := strings.IndexAny(t, ":.")
	if sep < 1 || sep > 2 {
		return 0, short(s) + timeHint
	}
	h, okH := digits(t[:sep])
	rest := t[sep+1:]
	if len(rest) == 5 && rest[2] == t[sep] && rest[3:] == "00" {
		rest = rest[:2] // seconds, always zero in opening hours
	}
	m, okM := digits(rest)
	if !okH || !okM || len(rest) != 2 || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, short(s) + timeHint
	}
	return h*60 + m, ""
}

func digits(s string) (int, bool) {
	if s == "" || len(s) > 2 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

var rangeDashes = strings.NewReplacer("–", "-", "—", "-", " bis ", "-", " BIS ", "-")

// parseTimeRange reads "07:30-16:30", "7:30 - 16:30", "07:00-17.00" and
// "07:30–16:30" (en dash), and checks that opening is before closing.
func parseTimeRange(s string) (storage.TimeRange, string) {
	parts := strings.Split(rangeDashes.Replace(s), "-")
	if len(parts) != 2 {
		return storage.TimeRange{}, short(s) + " is not a time range (expected HH:MM-HH:MM)"
	}
	open, reason := parseClock(parts[0])
	if reason != "" {
		return storage.TimeRange{}, reason
	}
	closing, reason := parseClock(parts[1])
	if reason != "" {
		return storage.TimeRange{}, reason
	}
	return checkRange(s, open, closing)
}

func checkRange(s string, open, closing int) (storage.TimeRange, string) {
	if open >= closing {
		return storage.TimeRange{}, short(s) + ": opening time must be before closing time"
	}
	return storage.TimeRange{Open: open, Close: closing}, ""
}

// parseDate reads ISO dates and German ones (01.11.2026) into YYYY-MM-DD.
func parseDate(s string) (string, string) {
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), ""
		}
	}
	return "", short(s) + " is not a date (expected YYYY-MM-DD or DD.MM.YYYY)"
}

// carrierType accepts the storage keys in any case, and "staedtisch" for
// files written without umlauts.
func carrierType(s string) (string, string) {
	l := strings.ToLower(s)
	if l == "staedtisch" {
		return domain.CarrierStaedtisch, ""
	}
	for _, t := range domain.CarrierTypes {
		if l == t {
			return t, ""
		}
	}
	return "", short(s) + " is not a carrier type (one of " + strings.Join(domain.CarrierTypes, ", ") + ")"
}

func placeKind(s string) (string, string) {
	l := strings.ToLower(s)
	switch l {
	case storage.PlaceDistrict, storage.PlaceStreet, storage.PlacePostcode:
		return l, ""
	}
	return "", short(s) + " is not a place kind (district, street or postcode)"
}

func featureKey(s string) (string, string) {
	l := strings.ToLower(s)
	for _, k := range domain.FeatureKeys {
		if l == k {
			return k, ""
		}
	}
	return "", short(s) + " is not a feature key (one of " + strings.Join(domain.FeatureKeys, ", ") + ")"
}

// checkEmail accepts a bare address with a dotted domain: "Kita <a@b.de>"
// and "a@localhost" are not what parents should see as a contact.
func checkEmail(s string) (string, string) {
	addr, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	if err != nil || addr.Address != s || addr.Name != "" || at < 0 || !strings.Contains(s[at:], ".") {
		return "", short(s) + " is not a valid e-mail address"
	}
	return s, ""
}
