package storage

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ChangeSet is everything one use case writes: it is applied in a single
// transaction, so a family's data, the audit entry that records the change
// and the e-mails that announce it are written together or not at all.
type ChangeSet struct {
	PutApplications    []Application
	PutVormerkungen    []Vormerkung // existing ones (ID set)
	AddVormerkungen    []Vormerkung // new ones (ids are assigned)
	DeleteApplications []string     // with their Vormerkungen
	DeleteMessagesOf   []string     // registration numbers whose messages go
	// RenumberMessages moves messages from one registration number to
	// another (a merge: the dropped number's messages belong to the kept).
	RenumberMessages map[string]string
	PutAccounts      []Account
	DeleteAccounts   []string
	Audit            []AuditEntry
	Outbox           []Message
	PutRounds        []Round
}

// Loaded is an application with its Vormerkungen in priority order.
type Loaded struct {
	App          Application
	Vormerkungen []Vormerkung
}

// Change loads the named applications, lets fn decide what to write, and
// writes it in the same transaction, so the decision is made on data that
// cannot change underneath it. An error from fn writes nothing.
func (db *DB) Change(numbers []string, fn func([]Loaded) (ChangeSet, error)) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		loaded := make([]Loaded, len(numbers))
		for i, n := range numbers {
			if err := getJSON(tx.Bucket(bucketApplications), n, &loaded[i].App); err != nil {
				return fmt.Errorf("application %s: %w", n, err)
			}
			vs, err := vormerkungenOf(tx, n)
			if err != nil {
				return err
			}
			sortByPriority(vs)
			loaded[i].Vormerkungen = vs
		}
		cs, err := fn(loaded)
		if err != nil {
			return err
		}
		return applyChange(tx, cs)
	})
	if err != nil {
		return fmt.Errorf("storage: change: %w", err)
	}
	return nil
}

// Apply writes a change set that needs nothing loaded first.
func (db *DB) Apply(cs ChangeSet) error {
	return db.Change(nil, func([]Loaded) (ChangeSet, error) { return cs, nil })
}

func applyChange(tx *bolt.Tx, cs ChangeSet) error {
	for _, a := range cs.PutApplications {
		if err := putJSON(tx.Bucket(bucketApplications), a.Number, a); err != nil {
			return err
		}
	}
	for _, v := range cs.PutVormerkungen {
		if err := updateVormerkung(tx, v); err != nil {
			return err
		}
	}
	if err := putVormerkungen(tx, cs.AddVormerkungen); err != nil {
		return err
	}
	for _, n := range cs.DeleteApplications {
		if err := deleteApplication(tx, n); err != nil {
			return err
		}
	}
	if err := rewriteMessages(tx, cs.DeleteMessagesOf, cs.RenumberMessages); err != nil {
		return err
	}
	for _, a := range cs.PutAccounts {
		if err := putAccount(tx, a); err != nil {
			return err
		}
	}
	for _, id := range cs.DeleteAccounts {
		if err := deleteAccount(tx, id); err != nil {
			return err
		}
	}
	for _, r := range cs.PutRounds {
		if err := putRound(tx, r); err != nil {
			return err
		}
	}
	if err := appendAudit(tx, cs.Audit); err != nil {
		return err
	}
	return enqueue(tx, cs.Outbox)
}

// updateVormerkung rewrites an existing Vormerkung and moves its index
// entries when its application (a merge) or Kita changed.
func updateVormerkung(tx *bolt.Tx, v Vormerkung) error {
	b := tx.Bucket(bucketVormerkungen)
	key := uintBytes(v.ID)
	data := b.Get(key)
	if data == nil {
		return fmt.Errorf("vormerkung %d: %w", v.ID, ErrNotFound)
	}
	var old Vormerkung
	if err := json.Unmarshal(data, &old); err != nil {
		return fmt.Errorf("decode vormerkung %d: %w", v.ID, err)
	}
	if old.Number != v.Number {
		if tx.Bucket(bucketApplications).Get([]byte(v.Number)) == nil {
			return fmt.Errorf("application %s: %w", v.Number, ErrNotFound)
		}
		if err := moveIndex(tx.Bucket(bucketVormerkungenByNumber), old.Number, v.Number, key); err != nil {
			return err
		}
	}
	if old.KitaID != v.KitaID {
		if err := moveIndex(tx.Bucket(bucketVormerkungenByKita), old.KitaID, v.KitaID, key); err != nil {
			return err
		}
	}
	return putJSONKey(b, key, v)
}

func moveIndex(b *bolt.Bucket, from, to string, id []byte) error {
	if err := b.Delete(indexKey(from, string(id))); err != nil {
		return err
	}
	return b.Put(indexKey(to, string(id)), nil)
}

func deleteApplication(tx *bolt.Tx, number string) error {
	var a Application
	if err := getJSON(tx.Bucket(bucketApplications), number, &a); err != nil {
		return fmt.Errorf("application %s: %w", number, err)
	}
	vs, err := vormerkungenOf(tx, number)
	if err != nil {
		return err
	}
	for _, v := range vs {
		id := uintBytes(v.ID)
		if err := tx.Bucket(bucketVormerkungenByKita).Delete(indexKey(v.KitaID, string(id))); err != nil {
			return err
		}
		if err := tx.Bucket(bucketVormerkungenByNumber).Delete(indexKey(number, string(id))); err != nil {
			return err
		}
		if err := tx.Bucket(bucketVormerkungen).Delete(id); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketChildKeys).Delete(indexKey(a.ChildKey, number)); err != nil {
		return err
	}
	return tx.Bucket(bucketApplications).Delete([]byte(number))
}

// ForEachApplication calls fn for every application with its Vormerkungen
// in one read transaction (clerk search, duplicates, allocation).
func (db *DB) ForEachApplication(fn func(Loaded) error) error {
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return forEachJSON(tx.Bucket(bucketApplications), func(a Application) error {
			vs, err := vormerkungenOf(tx, a.Number)
			if err != nil {
				return err
			}
			sortByPriority(vs)
			return fn(Loaded{App: a, Vormerkungen: vs})
		})
	})
	if err != nil {
		return fmt.Errorf("storage: applications: %w", err)
	}
	return nil
}

// KitaInbox returns the Vormerkungen at a Kita with their applications, in
// one read transaction.
func (db *DB) KitaInbox(kitaID string) ([]Vormerkung, map[string]Application, error) {
	apps := map[string]Application{}
	var vs []Vormerkung
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		if vs, err = vormerkungenByIndex(tx, bucketVormerkungenByKita, kitaID); err != nil {
			return err
		}
		for _, v := range vs {
			if _, ok := apps[v.Number]; ok {
				continue
			}
			var a Application
			if err := getJSON(tx.Bucket(bucketApplications), v.Number, &a); err != nil {
				return fmt.Errorf("application %s: %w", v.Number, err)
			}
			apps[v.Number] = a
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("storage: inbox of kita %s: %w", kitaID, err)
	}
	return vs, apps, nil
}

// GetVormerkung returns one Vormerkung by id, or ErrNotFound.
func (db *DB) GetVormerkung(id uint64) (Vormerkung, error) {
	var v Vormerkung
	err := db.bolt.View(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketVormerkungen).Get(uintBytes(id))
		if data == nil {
			return ErrNotFound
		}
		return decodeJSON(data, &v)
	})
	if err != nil {
		return Vormerkung{}, fmt.Errorf("storage: get vormerkung %d: %w", id, err)
	}
	return v, nil
}
