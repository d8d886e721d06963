package app

import (
	"kitaportal/storage"
)

// Store is what the Vormerkung's use cases read and write, as small
// interfaces per cluster of use cases: any engine that offers them can
// back the product (today bbolt; a replicated one for a region).
type Store interface {
	ApplicationStore
	AccountStore
	UserStore
	AuditStore
	KitaReader
}

// KitaReader reads the catalogue's records (its writes go through
// kitas.Catalog, which keeps the index in step).
type KitaReader interface {
	GetKita(id string) (storage.Kita, error)
	CountKitas() (int, error)
	ForEachKita(fn func(storage.Kita) error) (generation uint64, err error)
	ForEachPlace(fn func(storage.Place) error) error
}

// ApplicationStore holds the registrations: an application per child with
// its Vormerkungen, changed only inside Change's transaction.
type ApplicationStore interface {
	GetApplication(number string) (storage.Application, []storage.Vormerkung, error)
	GetVormerkung(id uint64) (storage.Vormerkung, error)
	ForEachApplication(fn func(storage.Loaded) error) error
	CreateApplication(app storage.Application, vs []storage.Vormerkung, extra storage.ChangeSet) error
	Change(numbers []string, fn func([]storage.Loaded) (storage.ChangeSet, error)) error
	KitaInbox(kitaID string) ([]storage.Vormerkung, map[string]storage.Application, error)
	Outbox(pendingOnly bool) ([]storage.Message, error)
}

// AccountStore holds the families' accounts.
type AccountStore interface {
	GetAccount(id string) (storage.Account, error)
	AccountByEmail(email string) (storage.Account, error)
}

// UserStore holds the staff users.
type UserStore interface {
	GetUser(id string) (storage.User, error)
	UserByLogin(login string) (storage.User, error)
	Users() ([]storage.User, error)
	PutUser(u storage.User) error
	DeleteUser(id string) error
}

// AuditStore is the append-only audit log.
type AuditStore interface {
	AppendAudit(entries ...storage.AuditEntry) error
	Audit(after uint64, limit int) ([]storage.AuditEntry, error)
}
