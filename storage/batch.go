package storage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Batch is a set of records written together by an import: either all of
// them are committed or none.
type Batch struct {
	Carriers []Carrier
	Kitas    []Kita
	Places   []Place
	// RemoveDemo deletes the embedded demo Kitas and places in the same
	// transaction, so real data replaces the demo city.
	RemoveDemo bool
}

// Add appends the carriers, Kitas and places of o (another file of the
// same import) to b.
func (b *Batch) Add(o Batch) {
	b.Carriers = append(b.Carriers, o.Carriers...)
	b.Kitas = append(b.Kitas, o.Kitas...)
	b.Places = append(b.Places, o.Places...)
}

// BatchResult says what a batch changed.
type BatchResult struct {
	Created, Updated, Unchanged, Removed int
	PlacesWritten                        int
	// ChangedKitas lists the ids of Kitas created, updated or removed, for
	// the search index.
	ChangedKitas []string
}

// ApplyBatch writes a batch in one transaction. Kitas are matched by id; a
// record equal to the stored one except for UpdatedAt is left untouched, so
// importing the same file twice changes nothing.
func (db *DB) ApplyBatch(batch Batch) (BatchResult, error) {
	var res BatchResult
	for _, k := range batch.Kitas {
		if err := validateKita(k); err != nil {
			return res, err
		}
	}
	for _, p := range batch.Places {
		if err := validatePlace(p); err != nil {
			return res, err
		}
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		res = BatchResult{}
		if batch.RemoveDemo {
			removed, err := removeDemo(tx)
			if err != nil {
				return err
			}
			res.Removed = len(removed)
			res.ChangedKitas = append(res.ChangedKitas, removed...)
		}
		carriers := tx.Bucket(bucketCarriers)
		for _, c := range batch.Carriers {
			if strings.TrimSpace(c.ID) == "" || strings.TrimSpace(c.Name) == "" {
				return fmt.Errorf("%w: carrier without id or name", ErrInvalid)
			}
			if err := putJSON(carriers, c.ID, c); err != nil {
				return err
			}
		}
		for _, k := range batch.Kitas {
			outcome, err := upsertKita(tx, k)
			if err != nil {
				return fmt.Errorf("storage: put kita %s: %w", k.ID, err)
			}
			switch outcome {
			case "created":
				res.Created++
			case "updated":
				res.Updated++
			default:
				res.Unchanged++
				continue
			}
			res.ChangedKitas = append(res.ChangedKitas, k.ID)
		}
		places := tx.Bucket(bucketPlaces)
		for _, p := range batch.Places {
			if err := putJSON(places, p.ID, p); err != nil {
				return err
			}
		}
		res.PlacesWritten = len(batch.Places)
		if res.Created+res.Updated+res.Removed+res.PlacesWritten+len(batch.Carriers) == 0 {
			return nil
		}
		return bumpGeneration(tx)
	})
	if err != nil {
		return BatchResult{}, err
	}
	sort.Strings(res.ChangedKitas)
	return res, nil
}

func upsertKita(tx *bolt.Tx, k Kita) (string, error) {
	var old Kita
	err := getJSON(tx.Bucket(bucketKitas), k.ID, &old)
	outcome := "created"
	if err == nil {
		probe := k
		probe.UpdatedAt = old.UpdatedAt
		a, _ := json.Marshal(probe)
		b, _ := json.Marshal(old)
		if bytes.Equal(a, b) {
			return "unchanged", nil
		}
		outcome = "updated"
	}
	return outcome, putKita(tx, k)
}

// removeDemo deletes demo Kitas, demo places, and carriers no Kita refers to
// any more; it returns the removed Kita ids.
func removeDemo(tx *bolt.Tx) ([]string, error) {
	var removed []string
	used := map[string]bool{}
	kitas := tx.Bucket(bucketKitas)
	err := kitas.ForEach(func(key, v []byte) error {
		var k Kita
		if err := json.Unmarshal(v, &k); err != nil {
			return fmt.Errorf("decode kita %s: %w", key, err)
		}
		if k.Demo {
			removed = append(removed, k.ID)
		} else {
			used[k.CarrierID] = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range removed {
		var k Kita
		if err := getJSON(kitas, id, &k); err != nil {
			return nil, err
		}
		if err := tx.Bucket(bucketKitaSources).Delete([]byte(k.SourceKey)); err != nil {
			return nil, err
		}
		if err := kitas.Delete([]byte(id)); err != nil {
			return nil, err
		}
	}
	if err := deleteWhere(tx.Bucket(bucketCarriers), func(key, _ []byte) bool { return !used[string(key)] }); err != nil {
		return nil, err
	}
	err = deleteWhere(tx.Bucket(bucketPlaces), func(_, v []byte) bool {
		var p Place
		return json.Unmarshal(v, &p) == nil && p.Demo
	})
	return removed, err
}

// deleteWhere deletes the keys for which drop is true. Keys are collected
// first because deleting while iterating with ForEach is not allowed.
func deleteWhere(b *bolt.Bucket, drop func(k, v []byte) bool) error {
	var keys [][]byte
	if err := b.ForEach(func(k, v []byte) error {
		if drop(k, v) {
			keys = append(keys, append([]byte(nil), k...))
		}
		return nil
	}); err != nil {
		return err
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
