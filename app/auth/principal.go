// Package auth says who acts and what they may do: the principal of a
// logged-in session, the checks every use case makes with it, the hashing
// of passwords and access codes, the random numbers and codes families
// receive, and the limiters against guessing.
package auth

import (
	"slices"

	"kitaportal/app/apperr"
	"kitaportal/app/domain"
)

// Principal is who a logged-in session acts for: a family (by account or by
// Vormerkungsnummer and access code) or a member of staff.
type Principal struct {
	Kind string // KindFamily or KindStaff
	// A family logged in with e-mail and password has an AccountID; one
	// logged in with a Vormerkungsnummer and access code has Number only.
	AccountID string
	Number    string
	// Staff.
	UserID  string
	Role    domain.Role
	Name    string
	KitaIDs []string
}

// Principal kinds.
const (
	KindFamily = "family"
	KindStaff  = "staff"
	// KindOperator is whoever runs `kitaportal` commands on the server's
	// data directory: holding the files, they may do what any staff role
	// may (but act for no Kita and no family).
	KindOperator = "operator"
)

// Operator is the principal of the command line; the audit log names it
// "cli".
var Operator = &Principal{Kind: KindOperator, UserID: "cli", Name: "command line"}

// Actor is how history entries and the audit log name the principal.
func (p *Principal) Actor() (id, role string) {
	switch {
	case p == nil:
		return "anonymous", "anonymous"
	case p.Kind == KindOperator:
		return p.UserID, string(domain.RoleAdmin)
	case p.Kind == KindStaff:
		return p.UserID, string(p.Role)
	case p.AccountID != "":
		return "family:" + p.AccountID, KindFamily
	default:
		return "family:" + p.Number, KindFamily
	}
}

// HistoryActor is the Actor of a StatusChange: "family", "kita:<id>",
// "clerk:<id>", "cli".
func (p *Principal) HistoryActor() string {
	switch {
	case p != nil && p.Kind == KindStaff:
		return string(p.Role) + ":" + p.UserID
	case p != nil && p.Kind == KindOperator:
		return p.UserID
	}
	return "family"
}

// IsStaff reports whether p is staff of the given role.
func (p *Principal) IsStaff(role domain.Role) bool {
	return p != nil && p.Kind == KindStaff && p.Role == role
}

// IsFamily reports whether p is a family.
func (p *Principal) IsFamily() bool { return p != nil && p.Kind == KindFamily }

// IsOperator reports whether p is the command line.
func (p *Principal) IsOperator() bool { return p != nil && p.Kind == KindOperator }

// RequireStaff lets only staff of the given role (and the operator) through.
func RequireStaff(p *Principal, role domain.Role) error {
	if p == nil {
		return apperr.ErrLoginRequired
	}
	if !p.IsStaff(role) && !p.IsOperator() {
		return apperr.ErrForbidden
	}
	return nil
}

// RequireFamily lets only a logged-in family through.
func RequireFamily(p *Principal) error {
	if !p.IsFamily() {
		return apperr.ErrLoginRequired
	}
	return nil
}

// RequireKita lets only staff of that Kita through.
func RequireKita(p *Principal, kitaID string) error {
	if err := RequireStaff(p, domain.RoleKita); err != nil {
		return err
	}
	if !slices.Contains(p.KitaIDs, kitaID) {
		return apperr.ErrForbidden
	}
	return nil
}
