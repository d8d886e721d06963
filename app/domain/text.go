package domain

import (
	"net/mail"
	"strings"
)

// Collapse trims and squeezes inner runs of white space to one space.
func Collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// ValidEmail reports whether s is one plain e-mail address such as
// name@example.de (no display name, a dot in the domain).
func ValidEmail(s string) bool {
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
