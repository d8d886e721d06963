package cli

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/sirupsen/logrus"

	"kitaportal/app"
	"kitaportal/storage"
)

// opened is a store with its index and the services over them.
type opened struct {
	svc   *app.Services
	store *storage.DB
}

func (o *opened) Close() error {
	return errors.Join(o.svc.Index.Close(), o.store.Close())
}

func storePath(dataDir string) string { return filepath.Join(dataDir, "kitaportal.db") }
func indexPath(dataDir string) string { return filepath.Join(dataDir, "index") }

// open opens the store (creating it), brings the index up to date and, when
// seedDemo is set and the store holds no Kitas, loads the embedded demo city.
func open(dataDir string, log *logrus.Logger, seedDemo bool) (*opened, error) {
	store, err := storage.Open(storePath(dataDir), storage.Options{})
	if errors.Is(err, storage.ErrLocked) {
		return nil, fmt.Errorf("the data directory %s is in use by another kitaportal process; stop it or use --data", dataDir)
	}
	if err != nil {
		return nil, err
	}
	ix, err := app.OpenIndex(indexPath(dataDir), store, log)
	if err != nil {
		store.Close()
		return nil, err
	}
	o := &opened{svc: app.New(store, ix, log), store: store}
	if seedDemo {
		if err := app.SeedDemo(o.svc); err != nil {
			o.Close()
			return nil, fmt.Errorf("load demo data: %w", err)
		}
	}
	return o, nil
}
