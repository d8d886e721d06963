package importer

import (
	"hash/fnv"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldLetters spells letters the way German and Danish names are written
// in URLs ("Børnehave" → "boernehave", "Pfaffstraße" → "pfaffstrasse").
var foldLetters = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss", 'ø': "oe", 'æ': "ae", 'å': "aa",
}

// slug makes a stable ASCII id part: lower case, letters and digits, runs of
// anything else as one "-". Other accented letters lose their accent. A key
// with no Latin letters or digits at all gets a hash, so it still has an id.
func slug(s string) string {
	var b strings.Builder
	dash := false
	add := func(part string) {
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		dash = false
		b.WriteString(part)
	}
	for _, r := range strings.ToLower(s) {
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			add(string(r))
		case foldLetters[r] != "":
			add(foldLetters[r])
		case r >= 0x80 && unicode.IsLetter(r):
			if base := stripAccent(r); base != "" {
				add(base)
			} else {
				dash = true
			}
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		h := fnv.New64a()
		h.Write([]byte(s))
		return "x" + strconv.FormatUint(h.Sum64(), 36)
	}
	return b.String()
}

// stripAccent returns the ASCII base letter of an accented letter (é → e),
// or "" when there is none.
func stripAccent(r rune) string {
	var out []rune
	for _, d := range norm.NFD.String(string(r)) {
		if d < 0x80 && unicode.IsLetter(d) {
			out = append(out, unicode.ToLower(d))
		}
	}
	return string(out)
}
