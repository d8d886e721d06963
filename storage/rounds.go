package storage

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Round statuses.
const (
	RoundDraft     = "draft"     // run, reviewed, adjusted and run again
	RoundPublished = "published" // offers are out; the round is closed
)

// Round is one Vergaberunde: the input it ran on (a snapshot of the
// children, their ranked Kitas and criteria, and the capacities), and the
// result of its last run. Input and Result are the allocation package's
// JSON; the store keeps them as they are.
type Round struct {
	ID          string          `json:"id"`
	Deadline    string          `json:"deadline"`   // YYYY-MM-DD: Vormerkungen up to this day take part
	StartDate   string          `json:"start_date"` // YYYY-MM-DD: places start then
	Mechanism   string          `json:"mechanism"`
	FollowUpOf  string          `json:"follow_up_of,omitempty"`
	Status      string          `json:"status"`
	Input       json.RawMessage `json:"input"`
	Result      json.RawMessage `json:"result"`
	CreatedBy   string          `json:"created_by"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	PublishedAt *time.Time      `json:"published_at,omitempty"`
	// Notes tell the clerk about children whose input the round changed
	// or could not use (left out), with the reason.
	Notes []RoundNote `json:"notes,omitempty"`
	// Holding is how many registered children held a place already and
	// took no part.
	Holding int `json:"holding,omitempty"`
	// Deviations are the Kitas' documented refusals of children the round
	// recommended to them; a run does not consider the child there.
	Deviations []Deviation `json:"deviations,omitempty"`
	// GroupSources say what linked each group of siblings: "account" (one
	// family account) or "clerk" (a clerk's link).
	GroupSources map[string]string `json:"group_sources,omitempty"`
}

// Deviation is a Kita's documented deviation from a round's
// recommendation: it does not take the recommended child, for Reason.
type Deviation struct {
	KitaID string    `json:"kita_id"`
	Number string    `json:"number"`
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// RoundNote is one child's note in a round: Code is stable, Message says
// what in the child's data was wrong or changed.
type RoundNote struct {
	Number  string `json:"number"`
	Code    string `json:"code"`
	Message string `json:"message"`
	LeftOut bool   `json:"left_out"`
}

// PutRound stores a round. A published round cannot be changed.
func (db *DB) PutRound(r Round) error {
	if r.ID == "" || (r.Status != RoundDraft && r.Status != RoundPublished) {
		return fmt.Errorf("%w: round without id or with status %q", ErrInvalid, r.Status)
	}
	err := db.bolt.Update(func(tx *bolt.Tx) error { return putRound(tx, r) })
	if err != nil {
		return fmt.Errorf("storage: put round %s: %w", r.ID, err)
	}
	return nil
}

func putRound(tx *bolt.Tx, r Round) error {
	var old Round
	if err := getJSON(tx.Bucket(bucketRounds), r.ID, &old); err == nil && old.Status == RoundPublished {
		return fmt.Errorf("%w: round %s is published", ErrInvalid, r.ID)
	}
	return putJSON(tx.Bucket(bucketRounds), r.ID, r)
}

// GetRound returns a round, or ErrNotFound.
func (db *DB) GetRound(id string) (Round, error) {
	var r Round
	err := db.bolt.View(func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketRounds), id, &r) })
	if err != nil {
		return Round{}, fmt.Errorf("storage: get round %s: %w", id, err)
	}
	return r, nil
}

// Rounds returns every round without its input and result, newest first.
func (db *DB) Rounds() ([]Round, error) {
	var out []Round
	err := db.bolt.View(func(tx *bolt.Tx) error {
		return forEachJSON(tx.Bucket(bucketRounds), func(r Round) error {
			r.Input, r.Result = nil, nil
			out = append(out, r)
			return nil
		})
	})
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, err
}

// PublishRound marks a round published and writes the offers it makes (a
// change set over the applications concerned) in one transaction.
func (db *DB) PublishRound(r Round, numbers []string, fn func([]Loaded) (ChangeSet, error)) error {
	return db.Change(numbers, func(ls []Loaded) (ChangeSet, error) {
		cs, err := fn(ls)
		if err != nil {
			return cs, err
		}
		cs.PutRounds = append(cs.PutRounds, r)
		return cs, nil
	})
}
