package storage

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Backup writes a consistent copy of the whole store to w while the store
// stays in use (a hot backup from one read transaction).
func (db *DB) Backup(w io.Writer) (int64, error) {
	var n int64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("storage: backup: %w", err)
	}
	return n, nil
}

// BackupFile writes a hot backup to path via a temporary file, so a failed
// backup never leaves a truncated file under the final name.
func (db *DB) BackupFile(path string) (int64, error) {
	var n int64
	err := WriteFileAtomic(path, func(f *os.File) error {
		var err error
		n, err = db.Backup(f)
		return err
	})
	return n, err
}

// Restore replaces the store file at dbPath with the backup at backupPath.
// The backup is checked first (it must open as a kitaportal store of a
// version this build can read, and pass bbolt's consistency check); the
// switch is an atomic rename made while holding the live file's lock, so a
// running process makes Restore fail with ErrLocked instead of being
// overwritten underneath.
func Restore(backupPath, dbPath string, timeout time.Duration) error {
	if err := verifyBackup(backupPath, timeout); err != nil {
		return err
	}
	var live *bolt.DB
	if _, err := os.Stat(dbPath); err == nil {
		live, err = bolt.Open(dbPath, 0o600, &bolt.Options{Timeout: timeout})
		if err != nil {
			if errors.Is(err, bolterrors.ErrTimeout) {
				return fmt.Errorf("%w: %s", ErrLocked, dbPath)
			}
			return fmt.Errorf("storage: restore: open %s: %w", dbPath, err)
		}
		defer live.Close()
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o700); err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	return WriteFileAtomic(dbPath, func(f *os.File) error {
		src, err := os.Open(backupPath)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(f, src)
		return err
	})
}

func verifyBackup(path string, timeout time.Duration) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("storage: restore: %w", err)
	}
	db, err := Open(path, Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return fmt.Errorf("storage: restore: %s is not a usable backup: %w", path, err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		return fmt.Errorf("storage: restore: %s is damaged: %w", path, err)
	}
	return nil
}

// WriteFileAtomic writes path through a temporary file beside it, owner-only,
// so a crash leaves the old file or the new one, never half of it.
func WriteFileAtomic(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("storage: write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("storage: sync %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("storage: close %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return fmt.Errorf("storage: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("storage: rename into %s: %w", path, err)
	}
	return nil
}
