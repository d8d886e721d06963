package auth

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
)

// codeAlphabet is Crockford's base 32 without I, L, O and U: nothing a
// parent could misread from paper or mistype on a phone.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// RandomCode returns n random characters of codeAlphabet in groups of four
// joined by "-".
func RandomCode(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	var sb strings.Builder
	for i, v := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(v)%len(codeAlphabet)]) // 256 % 32 == 0: uniform
	}
	return sb.String()
}

// NewNumber makes a Vormerkungsnummer such as KP-7K3M-9QX2 (40 random bits).
func NewNumber() string { return "KP-" + RandomCode(8) }

// NewAccessCode makes an access code such as ABCD-EFGH-JKMN (60 random bits).
func NewAccessCode() string { return RandomCode(12) }

// NormalizeNumber reads a Vormerkungsnummer as typed: "kp 7k3m 9qx2".
func NormalizeNumber(s string) string {
	c := NormalizeCode(s)
	c = strings.TrimPrefix(c, "KP")
	if len(c) != 8 {
		return "KP-" + c
	}
	return "KP-" + c[:4] + "-" + c[4:]
}

// RandomToken is n random bytes, URL-safe base64 encoded.
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the platform is broken
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// NormalizeCode reads a code as a parent may type it: lower case, spaces,
// missing dashes, and O/I/L for 0/1/1.
func NormalizeCode(s string) string {
	r := strings.NewReplacer("O", "0", "I", "1", "L", "1", " ", "", "-", "", "\u2010", "", "\u2011", "")
	return r.Replace(strings.ToUpper(strings.TrimSpace(s)))
}
