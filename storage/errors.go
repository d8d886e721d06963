package storage

import "errors"

var (
	// ErrNotFound is returned when a record does not exist.
	ErrNotFound = errors.New("storage: not found")
	// ErrLocked is returned when another process holds the database open.
	ErrLocked = errors.New("storage: database is in use by another process")
	// ErrTooNew is returned when the file was written by a newer version.
	ErrTooNew = errors.New("storage: database was written by a newer version of kitaportal")
	// ErrInvalid is returned when a record fails the store's own checks.
	ErrInvalid = errors.New("storage: invalid record")
	// ErrDamaged marks a store file that cannot be read as a store: empty,
	// truncated, garbled, or not a file.
	ErrDamaged = errors.New("damaged")
)

// IsNotFound reports whether err is (or wraps) ErrNotFound.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
