package storage

import (
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// GetKita returns one Kita or ErrNotFound.
func (db *DB) GetKita(id string) (Kita, error) {
	var k Kita
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return getJSON(tx.Bucket(bucketKitas), id, &k)
	})
	if err != nil {
		return Kita{}, fmt.Errorf("storage: get kita %s: %w", id, err)
	}
	return k, nil
}

// GetKitas returns the Kitas with the given ids in the same order, in one
// read transaction. A missing id is an error wrapping ErrNotFound.
func (db *DB) GetKitas(ids []string) ([]Kita, error) {
	out := make([]Kita, len(ids))
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketKitas)
		for i, id := range ids {
			if err := getJSON(b, id, &out[i]); err != nil {
				return fmt.Errorf("storage: get kita %s: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// KitaIDBySource returns the id of the Kita imported under a source key.
func (db *DB) KitaIDBySource(sourceKey string) (string, error) {
	var id string
	err := db.bolt.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketKitaSources).Get([]byte(sourceKey))
		if v == nil {
			return ErrNotFound
		}
		id = string(v)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("storage: kita by source %s: %w", sourceKey, err)
	}
	return id, nil
}

// CountKitas returns the number of stored Kitas.
func (db *DB) CountKitas() (int, error) {
	var n int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketKitas).Stats().KeyN
		return nil
	})
	return n, err
}

// ForEachKita calls fn for every Kita in id order inside one read
// transaction, and reports the generation that snapshot reflects.
func (db *DB) ForEachKita(fn func(Kita) error) (generation uint64, err error) {
	err = db.bolt.View(func(tx *bolt.Tx) error {
		generation = readUint(tx.Bucket(bucketMeta).Get(metaKitaGeneration))
		return tx.Bucket(bucketKitas).ForEach(func(k, v []byte) error {
			var rec Kita
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("storage: decode kita %s: %w", k, err)
			}
			return fn(rec)
		})
	})
	return generation, err
}

// PutKita stores one Kita (insert or replace).
func (db *DB) PutKita(k Kita) error {
	if err := validateKita(k); err != nil {
		return err
	}
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if err := putKita(tx, k); err != nil {
			return fmt.Errorf("storage: put kita %s: %w", k.ID, err)
		}
		return bumpGeneration(tx)
	})
}

// DeleteKita removes a Kita and its source key.
func (db *DB) DeleteKita(id string) error {
	return db.bolt.Update(func(tx *bolt.Tx) error {
		var old Kita
		if err := getJSON(tx.Bucket(bucketKitas), id, &old); err != nil {
			return fmt.Errorf("storage: delete kita %s: %w", id, err)
		}
		if old.SourceKey != "" {
			if err := tx.Bucket(bucketKitaSources).Delete([]byte(old.SourceKey)); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketKitas).Delete([]byte(id)); err != nil {
			return err
		}
		return bumpGeneration(tx)
	})
}

func putKita(tx *bolt.Tx, k Kita) error {
	kitas, sources := tx.Bucket(bucketKitas), tx.Bucket(bucketKitaSources)
	if k.SourceKey != "" {
		if owner := sources.Get([]byte(k.SourceKey)); owner != nil && string(owner) != k.ID {
			return fmt.Errorf("%w: source key %q already belongs to kita %s", ErrInvalid, k.SourceKey, owner)
		}
	}
	var old Kita
	if err := getJSON(kitas, k.ID, &old); err == nil && old.SourceKey != "" && old.SourceKey != k.SourceKey {
		if err := sources.Delete([]byte(old.SourceKey)); err != nil {
			return err
		}
	}
	if err := putJSON(kitas, k.ID, k); err != nil {
		return err
	}
	if k.SourceKey != "" {
		return sources.Put([]byte(k.SourceKey), []byte(k.ID))
	}
	return nil
}

// validateKita is the store's last line of defence; importers and use cases
// give users precise errors before a record gets here.
func validateKita(k Kita) error {
	switch {
	case strings.TrimSpace(k.ID) == "":
		return fmt.Errorf("%w: kita without id", ErrInvalid)
	case strings.TrimSpace(k.Name) == "":
		return fmt.Errorf("%w: kita %s without name", ErrInvalid, k.ID)
	case k.Location != nil && (k.Location.Lat < -90 || k.Location.Lat > 90 || k.Location.Lon < -180 || k.Location.Lon > 180):
		return fmt.Errorf("%w: kita %s location out of range", ErrInvalid, k.ID)
	case k.Ages != nil && (k.Ages.Min < 0 || k.Ages.Max < k.Ages.Min):
		return fmt.Errorf("%w: kita %s age range %d-%d", ErrInvalid, k.ID, k.Ages.Min, k.Ages.Max)
	}
	for day, h := range k.Hours {
		if h.Open < 0 || h.Close > 24*60 || h.Open >= h.Close {
			return fmt.Errorf("%w: kita %s hours on %s", ErrInvalid, k.ID, day)
		}
	}
	return nil
}
