package storage

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
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
		if n, err = db.Backup(f); err != nil {
			return err
		}
		// The copy is read back before it takes the final name.
		if err := f.Sync(); err != nil {
			return err
		}
		return verifyFile(f.Name())
	})
	return n, err
}

// SaveBackup writes the hot backup read from r (a running server's, sent
// over its control socket) to path and checks the copy like BackupFile: a
// backup cut off or damaged on the way never takes the final name.
func SaveBackup(r io.Reader, path string) (int64, error) {
	var n int64
	err := WriteFileAtomic(path, func(f *os.File) error {
		var err error
		if n, err = io.Copy(f, r); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		return verifyFile(f.Name())
	})
	return n, err
}

// verifyFile opens a store file read-only and reads all of it.
func verifyFile(path string) error {
	db, err := Open(path, Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Verify()
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
	if st, err := os.Stat(dbPath); err == nil && st.IsDir() {
		return fmt.Errorf("storage: restore: %s is a folder; move it away first", dbPath)
	} else if err == nil {
		// Hold the live file's lock (bbolt's flock) while switching: a
		// running process makes the restore fail. A damaged live file,
		// which bbolt cannot open, is locked directly.
		unlock, err := lockFile(dbPath, timeout)
		if err != nil {
			return err
		}
		defer unlock()
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
	if err := db.Verify(); err != nil {
		return fmt.Errorf("storage: restore: %s is not a usable backup: %w", path, err)
	}
	return nil
}

// lockFile takes the exclusive flock bbolt takes on a store file, waiting
// up to timeout; ErrLocked when a process holds it.
func lockFile(path string, timeout time.Duration) (func(), error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("storage: restore: %w", err)
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
		}
		if err != syscall.EWOULDBLOCK || time.Now().After(deadline) {
			f.Close()
			if err == syscall.EWOULDBLOCK {
				return nil, fmt.Errorf("%w: %s", ErrLocked, path)
			}
			return nil, fmt.Errorf("storage: restore: lock %s: %w", path, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
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
