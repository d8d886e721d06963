// Package rounds is the Vergaberunde as the youth office runs it: it reads
// the round's input from the store (the registrations received by the
// deadline, the Kitas' places, the points catalogue), runs the allocation
// engine (app/allocation), stores the round as a draft for the clerk to
// review and adjust, explains each child's outcome and publishes the places
// as offers through the Vormerkung's life cycle (app).
package rounds

import (
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/app"
	"kitaportal/app/auth"
	"kitaportal/app/kitas"
	"kitaportal/app/notify"
	"kitaportal/app/settings"
	"kitaportal/storage"
)

// Store is what a round reads and writes of the store.
type Store interface {
	GetRound(id string) (storage.Round, error)
	PutRound(r storage.Round) error
	Rounds() ([]storage.Round, error)
	PublishRound(r storage.Round, numbers []string, fn func([]storage.Loaded) (storage.ChangeSet, error)) error
	GetApplication(number string) (storage.Application, []storage.Vormerkung, error)
	ForEachApplication(fn func(storage.Loaded) error) error
	ChildNames(numbers []string) (map[string]string, error)
	ForEachKita(fn func(storage.Kita) error) (generation uint64, err error)
	ForEachPlace(fn func(storage.Place) error) error
	AppendAudit(entries ...storage.AuditEntry) error
}

// Service runs the Vergaberunden.
type Service struct {
	store    Store
	catalog  *kitas.Catalog
	settings *settings.Service
	notify   *notify.Notifier
	log      *logrus.Logger
	now      func() time.Time
	// mu orders the changes to stored rounds (rerun, deviation, publish).
	mu sync.Mutex
}

// New is the Vergaberunde over the Vormerkung services and the store.
func New(svc *app.Services, store Store) *Service {
	s := &Service{store: store, catalog: svc.Catalog, settings: svc.Settings, notify: svc.Notify, log: svc.Log,
		now: func() time.Time { return svc.Now() }}
	svc.OnDeleted = append(svc.OnDeleted, func([]string) {
		if _, err := s.RedactDeleted(); err != nil {
			s.log.WithError(err).Error("rounds: taking deleted children out of the stored rounds")
		}
	})
	return s
}

// audit records a clerk's step on a round.
func (s *Service) audit(p *auth.Principal, action, detail string) {
	id, role := p.Actor()
	if err := s.store.AppendAudit(storage.AuditEntry{At: s.now(), ActorID: id, ActorRole: role, Action: action, Detail: detail}); err != nil {
		s.log.WithError(err).Error("audit")
	}
}
