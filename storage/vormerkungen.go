package storage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ErrDuplicate is returned when a record would duplicate an existing one:
// a Vormerkungsnummer in use, or a child already registered by the same
// family with Vormerkungen that are still running.
var ErrDuplicate = errors.New("storage: duplicate")

// CreateApplication stores a child's registration and its Vormerkungen in
// one transaction: either all of them are written or none. The Vormerkung
// ids are assigned here (and written back into vs). It fails with
// ErrDuplicate when the number is taken or when an application with the
// same child key and a shared contact key still has a running Vormerkung.
//
// extra is written in the same transaction (the family's account, the
// audit entry, the confirmation e-mail).
func (db *DB) CreateApplication(a Application, vs []Vormerkung, extra ChangeSet) error {
	if err := validateApplication(a, vs); err != nil {
		return err
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		apps := tx.Bucket(bucketApplications)
		if apps.Get([]byte(a.Number)) != nil {
			return fmt.Errorf("%w: number %s is in use", ErrDuplicate, a.Number)
		}
		dup, err := findDuplicate(tx, a)
		if err != nil {
			return err
		}
		if dup != "" {
			return fmt.Errorf("%w: the child is registered already", ErrDuplicate)
		}
		if err := putJSON(apps, a.Number, a); err != nil {
			return err
		}
		if err := tx.Bucket(bucketChildKeys).Put(indexKey(a.ChildKey, a.Number), nil); err != nil {
			return err
		}
		if err := putVormerkungen(tx, vs); err != nil {
			return err
		}
		return applyChange(tx, extra)
	})
	if err != nil {
		return fmt.Errorf("storage: create application: %w", err)
	}
	return nil
}

func validateApplication(a Application, vs []Vormerkung) error {
	switch {
	case strings.TrimSpace(a.Number) == "":
		return fmt.Errorf("%w: application without a number", ErrInvalid)
	case a.ChildKey == "" || strings.ContainsRune(a.ChildKey, 0):
		return fmt.Errorf("%w: application %s without a valid child key", ErrInvalid, a.Number)
	case len(vs) == 0:
		return fmt.Errorf("%w: application %s without Vormerkungen", ErrInvalid, a.Number)
	}
	seen := map[string]bool{}
	for _, v := range vs {
		if v.Number != a.Number || v.KitaID == "" || v.Priority < 1 || v.Status == "" {
			return fmt.Errorf("%w: Vormerkung of %s at %q is incomplete", ErrInvalid, a.Number, v.KitaID)
		}
		if seen[v.KitaID] {
			return fmt.Errorf("%w: Kita %s twice in application %s", ErrInvalid, v.KitaID, a.Number)
		}
		seen[v.KitaID] = true
	}
	return nil
}

// putVormerkungen stores new Vormerkungen with fresh ids and indexes them
// by Kita; the ids are written back into vs.
func putVormerkungen(tx *bolt.Tx, vs []Vormerkung) error {
	b := tx.Bucket(bucketVormerkungen)
	byKita := tx.Bucket(bucketVormerkungenByKita)
	byNumber := tx.Bucket(bucketVormerkungenByNumber)
	for i := range vs {
		if tx.Bucket(bucketKitas).Get([]byte(vs[i].KitaID)) == nil {
			return fmt.Errorf("kita %s: %w", vs[i].KitaID, ErrNotFound)
		}
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		vs[i].ID = id
		data, err := json.Marshal(vs[i])
		if err != nil {
			return fmt.Errorf("encode vormerkung: %w", err)
		}
		if err := b.Put(uintBytes(id), data); err != nil {
			return err
		}
		if err := byKita.Put(indexKey(vs[i].KitaID, string(uintBytes(id))), nil); err != nil {
			return err
		}
		if err := byNumber.Put(indexKey(vs[i].Number, string(uintBytes(id))), nil); err != nil {
			return err
		}
	}
	return nil
}

// findDuplicate returns the number of a running application of the same
// child from the same family (a shared contact key), or "".
func findDuplicate(tx *bolt.Tx, a Application) (string, error) {
	contacts := map[string]bool{}
	for _, k := range a.ContactKeys {
		contacts[k] = true
	}
	prefix := indexKey(a.ChildKey, "")
	c := tx.Bucket(bucketChildKeys).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		number := string(k[len(prefix):])
		var other Application
		if err := getJSON(tx.Bucket(bucketApplications), number, &other); err != nil {
			return "", fmt.Errorf("application %s: %w", number, err)
		}
		if !sharesAny(other.ContactKeys, contacts) {
			continue
		}
		running, err := hasRunning(tx, number)
		if err != nil {
			return "", err
		}
		if running {
			return number, nil
		}
	}
	return "", nil
}

func sharesAny(keys []string, set map[string]bool) bool {
	for _, k := range keys {
		if set[k] {
			return true
		}
	}
	return false
}

// hasRunning reports whether an application has a Vormerkung that is not
// in a final status.
func hasRunning(tx *bolt.Tx, number string) (bool, error) {
	vs, err := vormerkungenOf(tx, number)
	if err != nil {
		return false, err
	}
	for _, v := range vs {
		if !v.Status.Final() {
			return true, nil
		}
	}
	return false, nil
}

// vormerkungenOf returns an application's Vormerkungen in id order.
func vormerkungenOf(tx *bolt.Tx, number string) ([]Vormerkung, error) {
	return vormerkungenByIndex(tx, bucketVormerkungenByNumber, number)
}

// vormerkungenByIndex reads the Vormerkungen an index lists under a key.
func vormerkungenByIndex(tx *bolt.Tx, index []byte, key string) ([]Vormerkung, error) {
	var out []Vormerkung
	prefix := indexKey(key, "")
	b := tx.Bucket(bucketVormerkungen)
	c := tx.Bucket(index).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := k[len(prefix):]
		data := b.Get(id)
		if data == nil {
			return nil, fmt.Errorf("index %s names missing vormerkung %d", index, readUint(id))
		}
		var v Vormerkung
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, fmt.Errorf("decode vormerkung %d: %w", readUint(id), err)
		}
		out = append(out, v)
	}
	return out, nil
}

// GetApplication returns one application and its Vormerkungen in priority
// order, or ErrNotFound.
func (db *DB) GetApplication(number string) (Application, []Vormerkung, error) {
	var a Application
	var vs []Vormerkung
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := getJSON(tx.Bucket(bucketApplications), number, &a); err != nil {
			return err
		}
		var err error
		vs, err = vormerkungenOf(tx, number)
		return err
	})
	if err != nil {
		return Application{}, nil, fmt.Errorf("storage: get application %s: %w", number, err)
	}
	sortByPriority(vs)
	return a, vs, nil
}

// CountApplications returns the number of stored applications.
func (db *DB) CountApplications() (int, error) {
	var n int
	err := db.bolt.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketApplications).Stats().KeyN
		return nil
	})
	return n, err
}

// VormerkungenOfKita returns the Vormerkungen at one Kita, oldest first.
func (db *DB) VormerkungenOfKita(kitaID string) ([]Vormerkung, error) {
	var out []Vormerkung
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		out, err = vormerkungenByIndex(tx, bucketVormerkungenByKita, kitaID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: vormerkungen of kita %s: %w", kitaID, err)
	}
	return out, nil
}

func sortByPriority(vs []Vormerkung) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && vs[j].Priority < vs[j-1].Priority; j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

// indexKey joins an index's parts with a 0 byte, which no id contains.
func indexKey(parts ...string) []byte {
	return []byte(strings.Join(parts, "\x00"))
}

// ChildNames returns the child's name ("first last") of each registration
// number that exists, read in one transaction; unknown numbers are left out.
func (db *DB) ChildNames(numbers []string) (map[string]string, error) {
	out := make(map[string]string, len(numbers))
	err := db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketApplications)
		for _, n := range numbers {
			raw := b.Get([]byte(n))
			if raw == nil {
				continue
			}
			var a struct {
				Child struct {
					FirstName string `json:"first_name"`
					LastName  string `json:"last_name"`
				} `json:"child"`
			}
			if err := json.Unmarshal(raw, &a); err != nil {
				return fmt.Errorf("application %s: %w", n, err)
			}
			out[n] = a.Child.FirstName + " " + a.Child.LastName
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: child names: %w", err)
	}
	return out, nil
}
