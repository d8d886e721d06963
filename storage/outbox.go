package storage

import (
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Message is an e-mail waiting in the outbox, or delivered.
type Message struct {
	ID uint64 `json:"id"`
	// Number is the registration the message is about and Audience who
	// it is for (AudienceFamily, AudienceKita): a family's export and
	// deletion go by them, never by the address alone (anyone can type
	// any address into a form). Messages written before these fields
	// existed have neither.
	Number      string     `json:"number,omitempty"`
	Audience    string     `json:"audience,omitempty"`
	To          string     `json:"to"`
	Subject     string     `json:"subject"`
	Body        string     `json:"body"`
	CreatedAt   time.Time  `json:"created_at"`
	Attempts    int        `json:"attempts"`
	NextAttempt time.Time  `json:"next_attempt"`
	SentAt      *time.Time `json:"sent_at,omitempty"`
	LastError   string     `json:"last_error,omitempty"`
	GaveUp      bool       `json:"gave_up,omitempty"`
}

// Audiences of a message.
const (
	AudienceFamily = "family"
	AudienceKita   = "kita"
)

// About tells whether m is about the registration number: by its Number,
// or, for a message from before that field, by the number in its subject.
func (m Message) About(number string) bool {
	if m.Number != "" {
		return m.Number == number
	}
	return number != "" && strings.Contains(m.Subject, number)
}

// rewriteMessages is the outbox's part of a change set, in one pass:
// messages about a deleted registration go (sent or not: what a family's
// deletion must not leave behind), those about a merged one move to the
// kept number. Messages from before messages named their number are found
// by the subject, and keep it.
func rewriteMessages(tx *bolt.Tx, deleteOf []string, moves map[string]string) error {
	if len(deleteOf) == 0 && len(moves) == 0 {
		return nil
	}
	b := tx.Bucket(bucketOutbox)
	var doomed []uint64
	var moved []Message
	err := forEachJSON(b, func(m Message) error {
		switch {
		case slices.ContainsFunc(deleteOf, m.About):
			doomed = append(doomed, m.ID)
		case m.Number != "" && moves[m.Number] != "":
			m.Number = moves[m.Number]
			moved = append(moved, m)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range doomed {
		if err := b.Delete(uintBytes(id)); err != nil {
			return err
		}
	}
	for _, m := range moved {
		if err := putJSONKey(b, uintBytes(m.ID), m); err != nil {
			return err
		}
	}
	return nil
}

func enqueue(tx *bolt.Tx, msgs []Message) error {
	b := tx.Bucket(bucketOutbox)
	for _, m := range msgs {
		if m.To == "" {
			return fmt.Errorf("%w: message without recipient", ErrInvalid)
		}
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		m.ID = id
		if m.NextAttempt.IsZero() {
			m.NextAttempt = m.CreatedAt
		}
		if err := putJSONKey(b, uintBytes(id), m); err != nil {
			return err
		}
	}
	return nil
}

// Enqueue adds messages to the outbox.
func (db *DB) Enqueue(msgs ...Message) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error { return enqueue(tx, msgs) })
	if err != nil {
		return fmt.Errorf("storage: enqueue: %w", err)
	}
	return nil
}

// Outbox returns the messages, oldest first; pendingOnly skips delivered
// ones and those given up.
func (db *DB) Outbox(pendingOnly bool) ([]Message, error) {
	var out []Message
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return forEachJSON(tx.Bucket(bucketOutbox), func(m Message) error {
			if !pendingOnly || (m.SentAt == nil && !m.GaveUp) {
				out = append(out, m)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("storage: read outbox: %w", err)
	}
	return out, nil
}

// UpdateMessage records a delivery attempt.
func (db *DB) UpdateMessage(m Message) error {
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOutbox)
		if b.Get(uintBytes(m.ID)) == nil {
			return fmt.Errorf("message %d: %w", m.ID, ErrNotFound)
		}
		return putJSONKey(b, uintBytes(m.ID), m)
	})
	if err != nil {
		return fmt.Errorf("storage: update message: %w", err)
	}
	return nil
}
