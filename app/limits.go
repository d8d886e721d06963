package app

import (
	"time"

	"kitaportal/app/auth"
)

// limiters guard logins and the access code against guessing.
type limiters struct {
	account *auth.Limiter // per e-mail address or staff login
	code    *auth.Limiter // per Vormerkungsnummer: the access code lockout
	addr    *auth.Limiter // per client address, for every kind of login
	probe   *auth.Limiter // per client address: submits answered "exists already"
}

func newLimiters() *limiters {
	return &limiters{
		account: auth.NewLimiter(5, 15*time.Minute, 15*time.Minute),
		code:    auth.NewLimiter(5, time.Hour, time.Hour),
		addr:    auth.NewLimiter(30, 15*time.Minute, 15*time.Minute),
		probe:   auth.NewLimiter(10, 15*time.Minute, 15*time.Minute),
	}
}
