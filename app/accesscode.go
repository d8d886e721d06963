package app

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// codeAlphabet is Crockford's base 32 without I, L, O and U: nothing a
// parent could misread from paper or mistype on a phone.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// randomCode returns n random characters of codeAlphabet in groups of four
// joined by "-".
func randomCode(n int) string {
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

// newNumber makes a Vormerkungsnummer such as KP-7K3M-9QX2 (40 random bits).
func newNumber() string { return "KP-" + randomCode(8) }

// newAccessCode makes an access code such as ABCD-EFGH-JKMN (60 random bits).
func newAccessCode() string { return randomCode(12) }

// NormalizeCode reads a code as a parent may type it: lower case, spaces,
// missing dashes, and O/I/L for 0/1/1.
func NormalizeCode(s string) string {
	r := strings.NewReplacer("O", "0", "I", "1", "L", "1", " ", "", "-", "", "\u2010", "", "\u2011", "")
	return r.Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// argon2id parameters (OWASP's minimum recommendation: 19 MiB, 2 passes).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashSecret hashes an access code or password with argon2id into the PHC
// string format.
func HashSecret(secret string) string {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	key := argon2.IDKey([]byte(secret), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(key))
}

// VerifySecret checks a secret against a HashSecret string.
func VerifySecret(secret, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	var mem uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(secret), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
