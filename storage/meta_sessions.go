package storage

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// metaSessions holds the web sessions kept across a planned restart, from
// the server's stop until its next start.
var metaSessions = []byte("sessions_at_restart")

// KeepSessions stores the sessions (JSON) a stopping server keeps.
func (db *DB) KeepSessions(data []byte) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(metaSessions, data) })
	if err != nil {
		return fmt.Errorf("storage: keep sessions: %w", err)
	}
	return nil
}

// TakeSessions returns the kept sessions and removes them from the disk in
// the same transaction (nil: none).
func (db *DB) TakeSessions() ([]byte, error) {
	var out []byte
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		if v := b.Get(metaSessions); v != nil {
			out = append([]byte(nil), v...)
		}
		return b.Delete(metaSessions)
	})
	if err != nil {
		return nil, fmt.Errorf("storage: take sessions: %w", err)
	}
	return out, nil
}
