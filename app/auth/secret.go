package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters (OWASP's minimum recommendation: 19 MiB, 2 passes).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// MaxConcurrentHashes bounds the argon2id computations running at once
// (19 MiB each): a burst of logins waits for a slot instead of taking the
// server's memory.
var MaxConcurrentHashes = max(2, 2*runtime.NumCPU())

var (
	hashSlots          = make(chan struct{}, MaxConcurrentHashes)
	hashesInFlight     atomic.Int32
	peakHashesInFlight atomic.Int32 // for tests
)

// maxArgonMemory refuses a stored hash that asks for absurd memory.
const maxArgonMemory = 256 * 1024

func deriveKey(secret, salt []byte, t, mem uint32, p uint8, n uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	cur := hashesInFlight.Add(1)
	defer hashesInFlight.Add(-1)
	for {
		peak := peakHashesInFlight.Load()
		if cur <= peak || peakHashesInFlight.CompareAndSwap(peak, cur) {
			break
		}
	}
	return argon2.IDKey(secret, salt, t, mem, p, n)
}

// HashSecret hashes an access code or password with argon2id into the PHC
// string format.
func HashSecret(secret string) string {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	key := deriveKey([]byte(secret), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
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
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &p); err != nil || mem > maxArgonMemory || t > 10 || p == 0 {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := deriveKey([]byte(secret), salt, t, mem, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}
