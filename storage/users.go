package storage

import (
	"fmt"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"kitaportal/app/domain"
)

// User is a member of staff who logs in with a name and password.
type User struct {
	ID           string      `json:"id"`
	Login        string      `json:"login"`
	Name         string      `json:"name"`
	Role         domain.Role `json:"role"`
	KitaIDs      []string    `json:"kita_ids,omitempty"` // domain.RoleKita: the Kitas this user answers for
	PasswordHash string      `json:"password_hash"`
	Disabled     bool        `json:"disabled"`
	CreatedAt    time.Time   `json:"created_at"`
}

// PutUser creates or replaces a user; the login name must be unique.
func (db *DB) PutUser(u User) error {
	u.Login = strings.ToLower(strings.TrimSpace(u.Login))
	switch {
	case u.ID == "" || u.Login == "":
		return fmt.Errorf("%w: user without id or login", ErrInvalid)
	case !u.Role.Valid():
		return fmt.Errorf("%w: user %s has unknown role %q", ErrInvalid, u.Login, u.Role)
	case u.Role == domain.RoleKita && len(u.KitaIDs) == 0:
		return fmt.Errorf("%w: Kita staff %s without a Kita", ErrInvalid, u.Login)
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		logins := tx.Bucket(bucketUserLogins)
		if owner := logins.Get([]byte(u.Login)); owner != nil && string(owner) != u.ID {
			return fmt.Errorf("%w: login %q is taken", ErrDuplicate, u.Login)
		}
		for _, k := range u.KitaIDs {
			if tx.Bucket(bucketKitas).Get([]byte(k)) == nil {
				return fmt.Errorf("kita %s: %w", k, ErrNotFound)
			}
		}
		var old User
		if err := getJSON(tx.Bucket(bucketUsers), u.ID, &old); err == nil && old.Login != u.Login {
			if err := logins.Delete([]byte(old.Login)); err != nil {
				return err
			}
		}
		if err := putJSON(tx.Bucket(bucketUsers), u.ID, u); err != nil {
			return err
		}
		return logins.Put([]byte(u.Login), []byte(u.ID))
	})
	if err != nil {
		return fmt.Errorf("storage: put user %s: %w", u.Login, err)
	}
	return nil
}

// GetUser returns a user by id, or ErrNotFound.
func (db *DB) GetUser(id string) (User, error) {
	var u User
	err := db.bolt.View(func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketUsers), id, &u) })
	if err != nil {
		return User{}, fmt.Errorf("storage: get user %s: %w", id, err)
	}
	return u, nil
}

// UserByLogin returns a user by login name (case-insensitive), or ErrNotFound.
func (db *DB) UserByLogin(login string) (User, error) {
	var u User
	err := db.bolt.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketUserLogins).Get([]byte(strings.ToLower(strings.TrimSpace(login))))
		if id == nil {
			return ErrNotFound
		}
		return getJSON(tx.Bucket(bucketUsers), string(id), &u)
	})
	if err != nil {
		return User{}, fmt.Errorf("storage: user by login: %w", err)
	}
	return u, nil
}

// Users returns every user, sorted by login.
func (db *DB) Users() ([]User, error) {
	var out []User
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return forEachJSON(tx.Bucket(bucketUsers), func(u User) error {
			out = append(out, u)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Login < out[j].Login })
	return out, err
}

// DeleteUser removes a user and frees its login; the audit log keeps the
// user's id in the entries it wrote.
func (db *DB) DeleteUser(id string) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		var u User
		if err := getJSON(tx.Bucket(bucketUsers), id, &u); err != nil {
			return err
		}
		if err := tx.Bucket(bucketUserLogins).Delete([]byte(u.Login)); err != nil {
			return err
		}
		return tx.Bucket(bucketUsers).Delete([]byte(id))
	})
	if err != nil {
		return fmt.Errorf("storage: delete user %s: %w", id, err)
	}
	return nil
}
