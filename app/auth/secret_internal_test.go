package auth

import (
	"sync"
	"testing"
)

// A burst of logins runs at most MaxConcurrentHashes argon2id
// computations at once; every one still gets its answer.
func TestHashingIsBounded(t *testing.T) {
	hash := HashSecret("ein-gutes-passwort")
	peakHashesInFlight.Store(0)
	n := 4 * MaxConcurrentHashes
	var wg sync.WaitGroup
	results := make([]bool, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i] = VerifySecret("ein-gutes-passwort", hash)
		}()
	}
	close(start)
	wg.Wait()
	for i, ok := range results {
		if !ok {
			t.Fatalf("login %d was refused", i)
		}
	}
	if peak := int(peakHashesInFlight.Load()); peak > MaxConcurrentHashes || peak < 1 {
		t.Errorf("%d hashes ran at once; the bound is %d", peak, MaxConcurrentHashes)
	}
}

// A stored hash asking for more memory than any of ours is refused
// without computing it.
func TestAbsurdHashParametersAreRefused(t *testing.T) {
	if VerifySecret("x", "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U") {
		t.Error("verified against a 4 GiB hash")
	}
}
