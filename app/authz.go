package app

import (
	"slices"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// Who may act on a family's registrations. Every use case on an
// application asks here, so the API and the command line check alike.

// familyNumbers are the applications a family principal may see and act on.
func (s *Services) familyNumbers(p *auth.Principal) ([]string, error) {
	if !p.IsFamily() {
		return nil, nil
	}
	if p.AccountID == "" {
		return []string{p.Number}, nil
	}
	a, err := s.Store.GetAccount(p.AccountID)
	if storage.IsNotFound(err) {
		return nil, apperr.ErrLoginRequired // the account was deleted meanwhile
	}
	if err != nil {
		return nil, err
	}
	return a.Numbers, nil
}

// authorizeApplication: the family it belongs to, or a clerk acting for it.
func (s *Services) authorizeApplication(p *auth.Principal, number string) error {
	if p == nil {
		return apperr.ErrLoginRequired
	}
	if p.IsStaff(domain.RoleClerk) {
		return nil
	}
	numbers, err := s.familyNumbers(p)
	if err != nil {
		return err
	}
	if !slices.Contains(numbers, number) {
		return apperr.ErrForbidden
	}
	return nil
}
