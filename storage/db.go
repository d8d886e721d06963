package storage

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// DefaultTimeout is how long Open waits for another process's file lock.
const DefaultTimeout = 2 * time.Second

// Options configure Open.
type Options struct {
	// Timeout bounds the wait for the file lock; zero means DefaultTimeout.
	Timeout time.Duration
	// ReadOnly opens the file with a shared lock and without migrations.
	ReadOnly bool
}

// DB is the open store.
type DB struct {
	bolt *bolt.DB
	path string
}

// Open opens (creating if needed) the store at path, creates all buckets and
// runs pending migrations in one write transaction.
func Open(path string, opts Options) (*DB, error) {
	if opts.Timeout == 0 {
		opts.Timeout = DefaultTimeout
	}
	if !opts.ReadOnly {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("storage: create data directory: %w", err)
		}
	}
	// bbolt takes an empty file for a new store (a fresh, empty city with
	// every registration gone), and a folder cannot be one.
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, &DamagedError{Path: path, Reason: "it is a folder, not a file"}
	} else if err == nil && st.Size() == 0 {
		return nil, &DamagedError{Path: path, Reason: "the file is empty (0 bytes)"}
	}
	b, err := openBolt(path, opts)
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		}
		var de *DamagedError
		if errors.As(err, &de) {
			return nil, err
		}
		if errors.Is(err, bolterrors.ErrInvalid) || errors.Is(err, bolterrors.ErrVersionMismatch) ||
			errors.Is(err, bolterrors.ErrChecksum) || strings.Contains(err.Error(), "file size too small") {
			return nil, &DamagedError{Path: path, Reason: err.Error()}
		}
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	db := &DB{bolt: b, path: path}
	if opts.ReadOnly {
		if err := recovered(path, db.checkVersion); err != nil {
			b.Close()
			return nil, err
		}
		return db, nil
	}
	if err := recovered(path, db.migrate); err != nil {
		b.Close()
		return nil, err
	}
	return db, nil
}

// DamagedError says which store file cannot be read, and why.
type DamagedError struct {
	Path, Reason string
}

func (e *DamagedError) Error() string { return "the store " + e.Path + " is damaged: " + e.Reason }

func (e *DamagedError) Unwrap() error { return ErrDamaged }

// openBolt opens the file; bbolt panics on some garbled pages.
func openBolt(path string, opts Options) (b *bolt.DB, err error) {
	err = recovered(path, func() error {
		var oerr error
		b, oerr = bolt.Open(path, 0o600, &bolt.Options{Timeout: opts.Timeout, ReadOnly: opts.ReadOnly})
		return oerr
	})
	return b, err
}

// recovered runs fn and turns a panic of bbolt reading a garbled page (or
// a page past the end of a truncated file) into a DamagedError.
func recovered(path string, fn func() error) (err error) {
	// A page beyond the end of a truncated file is a memory fault in the
	// mapping: made a panic here, recovered below.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamagedError{Path: path, Reason: fmt.Sprint(r)}
		}
	}()
	return fn()
}

// Verify reads every page of the store: each bucket and key in this
// goroutine first (a garbled page panics bbolt, which is recovered here),
// then bbolt's own consistency check. A damaged store gives a DamagedError.
func (db *DB) Verify() error {
	err := recovered(db.path, func() error {
		return db.bolt.View(func(tx *bolt.Tx) error {
			var walk func(b *bolt.Bucket) error
			walk = func(b *bolt.Bucket) error {
				return b.ForEach(func(k, v []byte) error {
					if v == nil {
						if child := b.Bucket(k); child != nil {
							return walk(child)
						}
					}
					return nil
				})
			}
			return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
		})
	})
	if err != nil {
		var de *DamagedError
		if errors.As(err, &de) {
			return err
		}
		return &DamagedError{Path: db.path, Reason: err.Error()}
	}
	if err := db.Check(); err != nil {
		return &DamagedError{Path: db.path, Reason: strings.TrimPrefix(err.Error(), "storage: ")}
	}
	return nil
}

// Close releases the file.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("storage: close: %w", err)
	}
	return nil
}

// Path is the file the store lives in.
func (db *DB) Path() string { return db.path }

// Generation is the number of committed changes to Kitas, carriers or places.
func (db *DB) Generation() (uint64, error) {
	var g uint64
	err := db.bolt.View(func(tx *bolt.Tx) error {
		g = readUint(tx.Bucket(bucketMeta).Get(metaKitaGeneration))
		return nil
	})
	return g, err
}

// Check runs bbolt's consistency check over the whole file.
func (db *DB) Check() error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		// Drain the channel completely: the checker goroutine reads pages of
		// this transaction until it closes the channel.
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		if len(errs) > 0 {
			return fmt.Errorf("storage: consistency check: %w", errors.Join(errs...))
		}
		return nil
	})
}

func bumpGeneration(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	return meta.Put(metaKitaGeneration, uintBytes(readUint(meta.Get(metaKitaGeneration))+1))
}

func uintBytes(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func readUint(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", key, err)
	}
	return b.Put([]byte(key), data)
}

func getJSON(b *bolt.Bucket, key string, v any) error {
	data := b.Get([]byte(key))
	if data == nil {
		return ErrNotFound
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode %s: %w", key, err)
	}
	return nil
}

// forEachJSON decodes every value of a bucket into T.
func forEachJSON[T any](b *bolt.Bucket, fn func(T) error) error {
	return b.ForEach(func(k, v []byte) error {
		var rec T
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("decode %s: %w", k, err)
		}
		return fn(rec)
	})
}

func putJSONKey(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %x: %w", key, err)
	}
	return b.Put(key, data)
}

func decodeJSON(data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}
