package app

import (
	"slices"
	"strings"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// Siblings in the Vergaberunde. A round keeps children together (same
// Kita where it can) only on strong evidence: one family account
// registered them for the same start, or a clerk linked them (siblings
// registered apart: two accounts, a registration at the clerk's desk). A
// family may say its children need not be in the same Kita; then none of
// them is grouped.

// LinkSiblings links the children of the given Vormerkungen as siblings
// for the Vergaberunde (a clerk's decision, audit-logged).
func (s *Services) LinkSiblings(p *auth.Principal, numbers []string) error {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return err
	}
	if len(numbers) < 2 || len(numbers) > 6 {
		return apperr.Invalid("numbers", apperr.SiblingsCount, "link 2 to 6 Vormerkungen")
	}
	for i := range numbers {
		numbers[i] = auth.NormalizeNumber(numbers[i])
	}
	slices.Sort(numbers)
	if len(slices.Compact(slices.Clone(numbers))) != len(numbers) {
		return apperr.Invalid("numbers", apperr.SiblingsSameChild, "a child cannot be its own sibling")
	}
	now := s.Now()
	err := s.Store.Change(numbers, func(ls []storage.Loaded) (storage.ChangeSet, error) {
		var cs storage.ChangeSet
		group, keys := "", map[string]bool{}
		for _, l := range ls {
			if keys[l.App.ChildKey] {
				return cs, apperr.Invalid("numbers", apperr.SiblingsSameChild,
					"two of these Vormerkungen are for the same child (name and birth date); merge them as duplicates instead")
			}
			keys[l.App.ChildKey] = true
			switch g := l.App.SiblingGroup; {
			case g == "":
			case group == "":
				group = g
			case g != group:
				return cs, apperr.Invalid("numbers", apperr.SiblingsOtherGroup,
					"Vormerkung %s is linked with other siblings already; unlink it first", l.App.Number)
			}
		}
		if group == "" {
			group = "sib-" + strings.TrimPrefix(numbers[0], "KP-")
		}
		for _, l := range ls {
			a := l.App
			a.SiblingGroup, a.UpdatedAt = group, now
			cs.PutApplications = append(cs.PutApplications, a)
		}
		audit(&cs, p, now, "family.siblings_link", numbers[0], nil, strings.Join(numbers, " "))
		return cs, nil
	})
	if storage.IsNotFound(err) {
		return apperr.NotFound(apperr.FamilyNotFound, "one of the Vormerkungen does not exist")
	}
	return err
}

// UnlinkSibling takes the child of Vormerkung number out of its sibling
// link; a link left with one child is removed too.
func (s *Services) UnlinkSibling(p *auth.Principal, number string) error {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return err
	}
	number = auth.NormalizeNumber(number)
	a, _, err := s.Store.GetApplication(number)
	if storage.IsNotFound(err) {
		return apperr.NotFound(apperr.FamilyNotFound, "no Vormerkung %s", number)
	}
	if err != nil || a.SiblingGroup == "" {
		return err
	}
	members, err := s.siblingsOf(a)
	if err != nil {
		return err
	}
	change := []string{number}
	if len(members) == 1 {
		change = append(change, members...)
	}
	now := s.Now()
	return s.Store.Change(change, func(ls []storage.Loaded) (storage.ChangeSet, error) {
		var cs storage.ChangeSet
		for _, l := range ls {
			a := l.App
			a.SiblingGroup, a.UpdatedAt = "", now
			cs.PutApplications = append(cs.PutApplications, a)
		}
		audit(&cs, p, now, "family.siblings_unlink", number, nil, "")
		return cs, nil
	})
}

// siblingsOf are the other applications a clerk linked with a.
func (s *Services) siblingsOf(a storage.Application) ([]string, error) {
	var out []string
	if a.SiblingGroup == "" {
		return out, nil
	}
	err := s.Store.ForEachApplication(func(l storage.Loaded) error {
		if l.App.SiblingGroup == a.SiblingGroup && l.App.Number != a.Number {
			out = append(out, l.App.Number)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// SetSiblingsApart records the family's choice that its children need not
// be placed in the same Kita (apart) or should be kept together.
func (s *Services) SetSiblingsApart(p *auth.Principal, apart bool) error {
	if err := auth.RequireFamily(p); err != nil {
		return err
	}
	numbers, err := s.familyNumbers(p)
	if err != nil {
		return err
	}
	now := s.Now()
	return s.Store.Change(numbers, func(ls []storage.Loaded) (storage.ChangeSet, error) {
		var cs storage.ChangeSet
		for _, l := range ls {
			a := l.App
			a.Apart, a.UpdatedAt = apart, now
			cs.PutApplications = append(cs.PutApplications, a)
		}
		return cs, nil
	})
}
