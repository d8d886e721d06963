package app

import (
	"net/http"
	"slices"

	"kitaportal/storage"
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
	Role    string
	Name    string
	KitaIDs []string
}

// Principal kinds.
const (
	KindFamily = "family"
	KindStaff  = "staff"
)

// CommandLine is the principal of `kitaportal` commands run by whoever holds
// the server's data directory: it acts as a clerk and is audited as "cli".
var CommandLine = &Principal{Kind: KindStaff, UserID: "cli", Role: storage.RoleClerk, Name: "command line"}

// PrincipalView is what GET /api/session says about the login.
type PrincipalView struct {
	Kind    string   `json:"kind"`
	Role    string   `json:"role,omitempty"`
	Name    string   `json:"name,omitempty"`
	KitaIDs []string `json:"kita_ids,omitempty"`
	Email   string   `json:"email,omitempty"`
	Number  string   `json:"number,omitempty"`
}

func (p *Principal) view(s *Services) *PrincipalView {
	if p == nil {
		return nil
	}
	v := &PrincipalView{Kind: p.Kind, Role: p.Role, Name: p.Name, KitaIDs: p.KitaIDs, Number: p.Number}
	if p.AccountID != "" {
		if a, err := s.Store.GetAccount(p.AccountID); err == nil {
			v.Email = a.Email
		}
	}
	return v
}

// actor is how history entries and the audit log name the principal.
func (p *Principal) actor() (id, role string) {
	switch {
	case p == nil:
		return "anonymous", "anonymous"
	case p.Kind == KindStaff:
		return p.UserID, p.Role
	case p.AccountID != "":
		return "family:" + p.AccountID, KindFamily
	default:
		return "family:" + p.Number, KindFamily
	}
}

// historyActor is the Actor of a StatusChange: "family", "kita:<id>",
// "clerk:<id>".
func (p *Principal) historyActor() string {
	if p != nil && p.Kind == KindStaff {
		return p.Role + ":" + p.UserID
	}
	return "family"
}

func (p *Principal) isStaff(role string) bool {
	return p != nil && p.Kind == KindStaff && p.Role == role
}

var (
	errLoginRequired = &Error{Code: "auth.login_required", Message: "please log in first", status: http.StatusUnauthorized}
	errForbidden     = &Error{Code: "auth.forbidden", Message: "you may not do this", status: http.StatusForbidden}
)

// requireStaff lets only staff of the given role through.
func requireStaff(p *Principal, role string) error {
	if p == nil {
		return errLoginRequired
	}
	if !p.isStaff(role) {
		return errForbidden
	}
	return nil
}

// familyNumbers are the applications a family principal may see and act on.
func (s *Services) familyNumbers(p *Principal) ([]string, error) {
	if p == nil || p.Kind != KindFamily {
		return nil, nil
	}
	if p.AccountID == "" {
		return []string{p.Number}, nil
	}
	a, err := s.Store.GetAccount(p.AccountID)
	if isNotFound(err) {
		return nil, errLoginRequired // the account was deleted meanwhile
	}
	if err != nil {
		return nil, err
	}
	return a.Numbers, nil
}

// authorizeApplication: the family it belongs to, or a clerk acting for it.
func (s *Services) authorizeApplication(p *Principal, number string) error {
	if p == nil {
		return errLoginRequired
	}
	if p.isStaff(storage.RoleClerk) {
		return nil
	}
	numbers, err := s.familyNumbers(p)
	if err != nil {
		return err
	}
	if !slices.Contains(numbers, number) {
		return errForbidden
	}
	return nil
}

// authorizeKita: Kita staff of that Kita only.
func authorizeKita(p *Principal, kitaID string) error {
	if err := requireStaff(p, storage.RoleKita); err != nil {
		return err
	}
	if !slices.Contains(p.KitaIDs, kitaID) {
		return errForbidden
	}
	return nil
}
