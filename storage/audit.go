package storage

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// AuditEntry records one action of staff (or the system) on a family's
// data. It names ids, never names or contact data. The log is append-only:
// the store has no way to change or delete an entry.
type AuditEntry struct {
	Seq          uint64    `json:"seq"`
	At           time.Time `json:"at"`
	ActorID      string    `json:"actor_id"`   // user id, "family:<number|account>" or "system"
	ActorRole    string    `json:"actor_role"` // clerk, kita, admin, family, system
	Action       string    `json:"action"`     // e.g. "vormerkung.offer", "family.search"
	Number       string    `json:"number,omitempty"`
	VormerkungID uint64    `json:"vormerkung_id,omitempty"`
	KitaID       string    `json:"kita_id,omitempty"`
	Detail       string    `json:"detail,omitempty"`
}

func appendAudit(tx *bolt.Tx, entries []AuditEntry) error {
	b := tx.Bucket(bucketAudit)
	for _, e := range entries {
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		e.Seq = seq
		if err := putJSONKey(b, uintBytes(seq), e); err != nil {
			return err
		}
	}
	return nil
}

// AppendAudit adds entries on their own (for actions that change nothing
// else, such as reading a family's data).
func (db *DB) AppendAudit(entries ...AuditEntry) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error { return appendAudit(tx, entries) })
	if err != nil {
		return fmt.Errorf("storage: append audit: %w", err)
	}
	return nil
}

// Audit returns the entries with Seq > after, oldest first, at most limit
// (0: all).
func (db *DB) Audit(after uint64, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := db.bolt.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.Seek(uintBytes(after + 1)); k != nil; k, v = c.Next() {
			var e AuditEntry
			if err := decodeJSON(v, &e); err != nil {
				return err
			}
			out = append(out, e)
			if limit > 0 && len(out) == limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: read audit: %w", err)
	}
	return out, nil
}
