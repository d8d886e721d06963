package storage

import (
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Account is a family's login with e-mail and password. It owns the
// applications (children) registered under it. Families without e-mail log
// in with a Vormerkungsnummer and its access code instead and have none.
type Account struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"` // lower case
	PasswordHash string    `json:"password_hash"`
	Numbers      []string  `json:"numbers"`
	Language     string    `json:"language"`
	CreatedAt    time.Time `json:"created_at"`
}

// ErrEmailTaken is returned when another account has the e-mail address.
var ErrEmailTaken = fmt.Errorf("%w: an account with this e-mail address exists", ErrDuplicate)

// NormalizeEmail is the form e-mail addresses are stored and looked up in.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// GetAccount returns an account by id, or ErrNotFound.
func (db *DB) GetAccount(id string) (Account, error) {
	var a Account
	err := db.bolt.View(func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketAccounts), id, &a) })
	if err != nil {
		return Account{}, fmt.Errorf("storage: get account %s: %w", id, err)
	}
	return a, nil
}

// AccountByEmail returns the account of an e-mail address, or ErrNotFound.
func (db *DB) AccountByEmail(email string) (Account, error) {
	var a Account
	err := db.bolt.View(func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketAccountEmails).Get([]byte(NormalizeEmail(email)))
		if id == nil {
			return ErrNotFound
		}
		return getJSON(tx.Bucket(bucketAccounts), string(id), &a)
	})
	if err != nil {
		return Account{}, fmt.Errorf("storage: account by e-mail: %w", err)
	}
	return a, nil
}

func putAccount(tx *bolt.Tx, a Account) error {
	a.Email = NormalizeEmail(a.Email)
	if a.ID == "" || a.Email == "" || a.PasswordHash == "" {
		return fmt.Errorf("%w: account without id, e-mail or password", ErrInvalid)
	}
	emails := tx.Bucket(bucketAccountEmails)
	if owner := emails.Get([]byte(a.Email)); owner != nil && string(owner) != a.ID {
		return ErrEmailTaken
	}
	var old Account
	if err := getJSON(tx.Bucket(bucketAccounts), a.ID, &old); err == nil && old.Email != a.Email {
		if err := emails.Delete([]byte(old.Email)); err != nil {
			return err
		}
	}
	if err := putJSON(tx.Bucket(bucketAccounts), a.ID, a); err != nil {
		return err
	}
	return emails.Put([]byte(a.Email), []byte(a.ID))
}

func deleteAccount(tx *bolt.Tx, id string) error {
	var a Account
	if err := getJSON(tx.Bucket(bucketAccounts), id, &a); err != nil {
		return fmt.Errorf("account %s: %w", id, err)
	}
	if err := tx.Bucket(bucketAccountEmails).Delete([]byte(a.Email)); err != nil {
		return err
	}
	return tx.Bucket(bucketAccounts).Delete([]byte(id))
}
