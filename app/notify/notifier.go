package notify

import (
	"crypto/tls"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/app/settings"
	"kitaportal/storage"
)

// Store is what notifications read and write of the store.
type Store interface {
	GetAccount(id string) (storage.Account, error)
	GetKita(id string) (storage.Kita, error)
	Outbox(pendingOnly bool) ([]storage.Message, error)
	UpdateMessage(m storage.Message) error
}

// Notifier composes and delivers the product's e-mails.
type Notifier struct {
	store    Store
	settings *settings.Service
	log      *logrus.Logger
	now      func() time.Time
	// TLS, when set, is the TLS configuration for the mail server (tests
	// trust their own certificate with it).
	TLS *tls.Config
}

// New is the notifier; now is the clock.
func New(store Store, set *settings.Service, log *logrus.Logger, now func() time.Time) *Notifier {
	return &Notifier{store: store, settings: set, log: log, now: now}
}
