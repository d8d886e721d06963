package storage

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Settings returns every stored setting as raw JSON by name. The app owns
// their meaning and defaults; the store only keeps them.
func (db *DB) Settings() (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSettings).ForEach(func(k, v []byte) error {
			out[string(k)] = append(json.RawMessage(nil), v...)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("storage: read settings: %w", err)
	}
	return out, nil
}

// PutSettings writes several settings in one transaction; a nil value
// deletes the setting (back to its default).
func (db *DB) PutSettings(values map[string]json.RawMessage) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSettings)
		for name, v := range values {
			if name == "" {
				return fmt.Errorf("%w: setting without a name", ErrInvalid)
			}
			if v == nil {
				if err := b.Delete([]byte(name)); err != nil {
					return err
				}
				continue
			}
			if !json.Valid(v) {
				return fmt.Errorf("%w: setting %s is not JSON", ErrInvalid, name)
			}
			if err := b.Put([]byte(name), append([]byte(nil), v...)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("storage: write settings: %w", err)
	}
	return nil
}
