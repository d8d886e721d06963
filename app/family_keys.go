package app

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"kitaportal/storage"
)

// Keys that recognise the same child registered twice: the normalised name
// with the birth date, and the family's contacts. "Müller" and "Mueller",
// "mia-sophie" and "Mia Sophie" give the same key.

var umlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

// foldName lower-cases a name, spells umlauts out, drops other accents and
// keeps letters only.
func foldName(s string) string {
	s = umlauts.Replace(strings.ToLower(s))
	var sb strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.IsLetter(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// childKey is the duplicate key of a child.
func childKey(c storage.Child) string {
	return foldName(c.FirstName) + "|" + foldName(c.LastName) + "|" + c.BirthDate
}

// contactKeys are the guardians' normalised e-mail addresses, phone numbers
// and postal addresses.
func contactKeys(gs []storage.Guardian) []string {
	var keys []string
	seen := map[string]bool{}
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for _, g := range gs {
		if g.Email != "" {
			add("mail:" + strings.ToLower(g.Email))
		}
		if p := phoneKey(g.Phone); p != "" {
			add("tel:" + p)
		}
		if g.Street != "" && g.Postcode != "" {
			add("addr:" + g.Postcode + ":" + foldName(g.Street) + strings.Map(keepDigit, g.Street))
		}
	}
	return keys
}

// phoneKey writes a German phone number in one form: +49 631 … and
// 0631 … are the same number.
func phoneKey(s string) string {
	d := strings.Map(keepDigit, s)
	switch {
	case strings.HasPrefix(s, "+49"):
		d = "0" + strings.TrimPrefix(d, "49")
	case strings.HasPrefix(d, "0049"):
		d = "0" + strings.TrimPrefix(d, "0049")
	case strings.HasPrefix(s, "+"):
		d = "+" + d
	}
	return d
}

func keepDigit(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}
