package storage

import (
	"time"

	"kitaportal/app/domain"
)

// Application is one child's registration: the child, the guardians and the
// criteria, shared by the child's Vormerkungen (one per chosen Kita). It is
// keyed by its Vormerkungsnummer.
type Application struct {
	Number    string      `json:"number"`
	Child     Child       `json:"child"`
	StartDate string      `json:"start_date"` // YYYY-MM-DD
	CareHours int         `json:"care_hours"` // per week
	Guardians []Guardian  `json:"guardians"`
	Criteria  Criteria    `json:"criteria"`
	Language  string      `json:"language"` // the family's UI language, for messages
	Channel   string      `json:"channel"`  // kiosk, web or clerk
	Consent   ConsentNote `json:"consent"`
	// AccessCodeHash is the argon2id hash of the access code on the receipt.
	AccessCodeHash string `json:"access_code_hash"`
	// AccountID is the family account the application belongs to, if the
	// family made one (e-mail and password).
	AccountID string `json:"account_id,omitempty"`
	// Reduced marks an application whose account was deleted while an offer
	// was running: only what that offer needs is kept.
	Reduced bool `json:"reduced,omitempty"`
	// SiblingGroup links children a clerk declared siblings (registered
	// apart); the Vergaberunde keeps them together like the children of
	// one family account.
	SiblingGroup string `json:"sibling_group,omitempty"`
	// Apart: the family does not need its children in the same Kita; the
	// Vergaberunde groups none of them.
	Apart bool `json:"apart,omitempty"`
	// Rounds are the outcomes of published Vergaberunden for this child,
	// with the explanation the family reads.
	Rounds []RoundOutcome `json:"rounds,omitempty"`
	// ChildKey is the normalised child name and birth date (duplicates).
	ChildKey string `json:"child_key"`
	// ContactKeys are normalised contacts of the guardians (e-mail, phone,
	// address); one shared key with another application of the same child
	// key marks a duplicate.
	ContactKeys []string  `json:"contact_keys"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Child is the child a Vormerkung is for.
type Child struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	BirthDate string `json:"birth_date"` // YYYY-MM-DD; the expected date when Expected
	Expected  bool   `json:"expected,omitempty"`
}

// Guardian is a parent or other person with custody.
type Guardian struct {
	FirstName       string `json:"first_name"`
	LastName        string `json:"last_name"`
	Street          string `json:"street,omitempty"`
	Postcode        string `json:"postcode,omitempty"`
	City            string `json:"city,omitempty"`
	Phone           string `json:"phone,omitempty"`
	Email           string `json:"email,omitempty"`
	Employment      string `json:"employment"`
	EmploymentHours int    `json:"employment_hours,omitempty"`
}

// Criteria are the facts an allocation round weighs.
type Criteria struct {
	SingleParent   bool     `json:"single_parent"`
	SiblingKitaIDs []string `json:"sibling_kita_ids,omitempty"`
	SpecialNeeds   bool     `json:"special_needs"`
	YouthWelfare   bool     `json:"youth_welfare"`
}

// ConsentNote records which privacy text the family agreed to, and when.
type ConsentNote struct {
	Version string    `json:"version"`
	At      time.Time `json:"at"`
}

// Vormerkung is one child registered at one Kita.
type Vormerkung struct {
	ID       uint64        `json:"id"`
	Number   string        `json:"number"` // the Application's Vormerkungsnummer
	KitaID   string        `json:"kita_id"`
	Priority int           `json:"priority"` // 1 = first choice
	Status   domain.Status `json:"status"`
	// History lists every status change, oldest first; the first entry is
	// the submission.
	History []StatusChange `json:"history"`
	// Offer is the running or last place offer, if any.
	Offer     *Offer    `json:"offer,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// StatusChange is one step in a Vormerkung's life.
type StatusChange struct {
	Status domain.Status `json:"status"`
	At     time.Time     `json:"at"`
	// Actor says who: "family", "kita:<user id>", "clerk:<user id>", "system".
	Actor string `json:"actor"`
	// Message is what the Kita (or the system) tells the family with this
	// step: a rejection's reason, a note to an appointment or offer.
	Message     string       `json:"message,omitempty"`
	Appointment *Appointment `json:"appointment,omitempty"`
	Offer       *Offer       `json:"offer,omitempty"`
	// Reason is a stable code for automatic steps ("accepted_elsewhere",
	// "deadline_passed", "merged").
	Reason string `json:"reason,omitempty"`
}

// Appointment is a Kita's invitation to meet.
type Appointment struct {
	Date  string `json:"date"` // YYYY-MM-DD
	Time  string `json:"time"` // HH:MM
	Place string `json:"place"`
}

// Offer is a place offered to a child.
type Offer struct {
	StartDate string    `json:"start_date"` // YYYY-MM-DD
	CareHours int       `json:"care_hours"`
	Deadline  time.Time `json:"deadline"` // the answer is due before this instant
}

// RoundOutcome is one Vergaberunde's result for a child, explained. Text
// and Reasons are the official German wording; the other fields carry the
// same explanation as codes and numbers, so the family's screen can word it
// in the family's language. Outcomes stored before those fields existed
// have Text and Reasons only.
type RoundOutcome struct {
	RoundID  string   `json:"round_id"`
	Deadline string   `json:"deadline"`
	Status   string   `json:"status"` // placed, unplaced, fixed
	KitaID   string   `json:"kita_id,omitempty"`
	Text     string   `json:"text"`
	Reasons  []string `json:"reasons,omitempty"`

	KitaName string          `json:"kita_name,omitempty"`
	Rank     int             `json:"rank,omitempty"`
	AgeGroup string          `json:"age_group,omitempty"` // u3 or ue3
	Together bool            `json:"together,omitempty"`
	Why      []OutcomeReason `json:"why,omitempty"`
}

// OutcomeReason is why one Kita ranked above the result did not take the
// child: a reason code (no_places, outranked, lottery, declined,
// kept_together, filled_by_higher_choices, unexplained) and its numbers.
type OutcomeReason struct {
	Code         string `json:"code"`
	KitaName     string `json:"kita_name"`
	Rank         int    `json:"rank"`
	AgeGroup     string `json:"age_group,omitempty"`
	Places       int    `json:"places"`
	Fixed        int    `json:"fixed,omitempty"`
	LastPoints   int    `json:"last_points,omitempty"`
	ChildPoints  int    `json:"child_points"`
	LastLottery  uint32 `json:"last_lottery,omitempty"`
	ChildLottery uint32 `json:"child_lottery,omitempty"`
}
