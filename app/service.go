package app

import (
	"crypto/tls"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/search"
	"kitaportal/storage"
)

// Services are the use cases over one store and its index.
type Services struct {
	Store *storage.DB
	Index *search.Index
	Log   *logrus.Logger
	// Now is the clock; tests inject their own.
	Now func() time.Time
	// MailTLS, when set, is the TLS configuration for the mail server
	// (tests trust their own certificate with it).
	MailTLS *tls.Config

	// writeMu serialises store writes with their index updates, so the index
	// generation always follows the store's in order.
	writeMu sync.Mutex

	sessions *sessionStore
	limits   *limiters
	handoffs *handoffStore
	settings settingsCache
	city     cityCache
	// kitaCache holds decoded Kitas and carriers for search results.
	kitaCache kitaCache
}

// New builds the services; the caller owns store and index.
func New(store *storage.DB, index *search.Index, log *logrus.Logger) *Services {
	return &Services{Store: store, Index: index, Log: log, Now: time.Now, sessions: newSessionStore(), limits: newLimiters(), handoffs: newHandoffStore()}
}
