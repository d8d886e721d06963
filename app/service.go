package app

import (
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/app/kitas"
	"kitaportal/app/notify"
	"kitaportal/app/settings"
	"kitaportal/search"
	"kitaportal/storage"
)

// Services are the use cases of a Vormerkung's life over one store: the
// Merkliste's rules, the submit, the family's account, the Kita's answers,
// the clerk's help, staff users and logins. The Kita catalogue, the
// settings and the notifications are services of their own, which these
// use.
type Services struct {
	Store    Store
	Catalog  *kitas.Catalog
	Settings *settings.Service
	Notify   *notify.Notifier
	Log      *logrus.Logger
	// Now is the clock; tests inject their own.
	Now func() time.Time
	// OnDeleted are called after registrations were deleted, with their
	// numbers, for what keeps copies of them (stored Vergaberunden).
	OnDeleted []func(numbers []string)

	limits *limiters
}

// New builds the services over the store and its index; the caller owns
// both.
func New(store *storage.DB, index *search.Index, log *logrus.Logger) *Services {
	s := &Services{Store: store, Log: log, Now: time.Now, limits: newLimiters()}
	s.Catalog = kitas.New(store, index, log)
	s.Settings = settings.New(store)
	s.Notify = notify.New(store, s.Settings, log, func() time.Time { return s.Now() })
	return s
}
