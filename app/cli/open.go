package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path/filepath"
	"time"

	"github.com/sirupsen/logrus"

	"kitaportal/app"
	"kitaportal/app/httpapi"
	"kitaportal/app/kitas"
	"kitaportal/app/rounds"
	"kitaportal/app/session"
	"kitaportal/storage"
)

// opened is a store with its index and the services over them.
type opened struct {
	svc      *app.Services
	rounds   *rounds.Service
	sessions *session.Manager // shared by every handler of the process
	store    *storage.DB
	borrowed bool // a running server's, lent to a command: Close leaves it open
}

func (o *opened) Close() error {
	if o.borrowed {
		return nil
	}
	return errors.Join(o.svc.Catalog.Index().Close(), o.store.Close())
}

// handler is the HTTP API and UI over the opened services. The kiosk
// window and its network side share the sessions, so a phone can take
// over a kiosk's draft.
func (o *opened) handler(assets fs.FS, opts httpapi.Options) http.Handler {
	return httpapi.New(o.svc, o.rounds, o.sessions, opts).Handler(assets)
}

func storePath(dataDir string) string { return filepath.Join(dataDir, "kitaportal.db") }
func indexPath(dataDir string) string { return filepath.Join(dataDir, "index") }

// openStore opens and verifies the store of dataDir: a store in use or
// damaged is one line that says what to do.
func openStore(dataDir string) (*storage.DB, error) {
	store, err := storage.Open(storePath(dataDir), storage.Options{})
	if errors.Is(err, storage.ErrLocked) {
		return nil, fmt.Errorf("the data directory %s is in use by another kitaportal process that does not answer on %s (still starting, or an older version): try again, or stop it", dataDir, controlPath(dataDir))
	}
	if err == nil {
		if err = store.Verify(); err != nil {
			store.Close()
		}
	}
	if errors.Is(err, storage.ErrDamaged) {
		return nil, fmt.Errorf("%w; nothing was changed: restore a backup (kitaportal restore --data %s FILE), or move the file away to start with an empty store", err, dataDir)
	}
	return store, err
}

// open opens the store (creating it), brings the index up to date and, when
// seedDemo is set and the store holds no Kitas, loads the embedded demo city.
func open(dataDir string, log *logrus.Logger, seedDemo bool) (*opened, error) {
	store, err := openStore(dataDir)
	if err != nil {
		return nil, err
	}
	ix, err := kitas.OpenIndex(indexPath(dataDir), store, log)
	if err != nil {
		store.Close()
		return nil, err
	}
	svc := app.New(store, ix, log)
	o := &opened{svc: svc, rounds: rounds.New(svc, store), store: store,
		sessions: session.NewManager(svc.Settings, log, func() time.Time { return svc.Now() }, svc.CurrentLogin)}
	if seedDemo {
		if err := app.SeedDemo(o.svc); err != nil {
			o.Close()
			return nil, fmt.Errorf("load demo data: %w", err)
		}
	}
	return o, nil
}

// finishDeletions takes out of the stored rounds the children of
// deletions that a crash interrupted before the rounds were cleaned up
// (the servers run it at start; every deletion runs it itself).
func (o *opened) finishDeletions(log *logrus.Logger) {
	if n, err := o.rounds.RedactDeleted(); err != nil {
		log.WithError(err).Error("rounds: taking deleted children out of the stored rounds")
	} else if n > 0 {
		log.WithField("children", n).Info("rounds: took deleted children out of the stored rounds")
	}
}
