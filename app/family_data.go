package app

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// InternalFields are stored for the system's own use and left out of an
// export: a hash of the access code and the keys that find duplicates.
var InternalFields = []string{"access_code_hash", "child_key", "contact_keys"}

// FamilyExport is everything stored about a family (GET /api/family/export).
type FamilyExport struct {
	ExportedAt   time.Time        `json:"exported_at"`
	Account      *AccountExport   `json:"account"`
	Applications []map[string]any `json:"applications"`
	Messages     []MessageExport  `json:"messages"`
}

// AccountExport is the account without its password hash.
type AccountExport struct {
	Email     string    `json:"email"`
	Language  string    `json:"language"`
	Numbers   []string  `json:"numbers"`
	CreatedAt time.Time `json:"created_at"`
}

// MessageExport is an e-mail sent (or to be sent) to the family.
type MessageExport struct {
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
}

// ExportFamily returns all data of the logged-in family.
func (s *Services) ExportFamily(p *auth.Principal) (FamilyExport, error) {
	if p == nil || p.Kind != auth.KindFamily {
		return FamilyExport{}, apperr.ErrLoginRequired
	}
	out := FamilyExport{ExportedAt: s.Now(), Applications: []map[string]any{}, Messages: []MessageExport{}}
	numbers, err := s.familyNumbers(p) // first: it logs out a family deleted meanwhile
	if err != nil {
		return out, err
	}
	addresses := map[string]bool{}
	if p.AccountID != "" {
		a, err := s.Store.GetAccount(p.AccountID)
		if err != nil {
			return out, err
		}
		out.Account = &AccountExport{Email: a.Email, Language: a.Language, Numbers: a.Numbers, CreatedAt: a.CreatedAt}
		addresses[a.Email] = true
	}
	for _, n := range numbers {
		app, vs, err := s.Store.GetApplication(n)
		if err != nil {
			return out, err
		}
		m, err := exportApplication(app, vs)
		if err != nil {
			return out, err
		}
		out.Applications = append(out.Applications, m)
		for _, g := range app.Guardians {
			if g.Email != "" {
				addresses[storage.NormalizeEmail(g.Email)] = true
			}
		}
	}
	msgs, err := s.Store.Outbox(false)
	if err != nil {
		return out, err
	}
	for _, m := range msgs {
		if familyMessage(m, numbers, addresses) {
			out.Messages = append(out.Messages, MessageExport{To: m.To, Subject: m.Subject, Body: m.Body, CreatedAt: m.CreatedAt, SentAt: m.SentAt})
		}
	}
	return out, nil
}

// familyMessage: a message for the family about one of its registrations.
// The address alone proves nothing (a form accepts anyone's address); a
// message from before messages named their registration also needs the
// family's number in its subject.
func familyMessage(m storage.Message, numbers []string, addresses map[string]bool) bool {
	switch m.Audience {
	case storage.AudienceFamily:
		return slices.Contains(numbers, m.Number)
	case "":
		return addresses[storage.NormalizeEmail(m.To)] && slices.ContainsFunc(numbers, m.About)
	}
	return false
}

// exportApplication is the stored application as JSON, minus the internal
// fields, with its Vormerkungen.
func exportApplication(app storage.Application, vs []storage.Vormerkung) (map[string]any, error) {
	data, err := json.Marshal(app)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	for _, f := range InternalFields {
		delete(m, f)
	}
	m["vormerkungen"] = vs
	return m, nil
}

// KeptApplication is a registration kept (reduced) after a deletion
// because an offer is running or a place was accepted.
type KeptApplication struct {
	Number   string        `json:"number"`
	KitaID   string        `json:"kita_id"`
	KitaName string        `json:"kita_name"`
	Status   domain.Status `json:"status"`
}

// DeletionResult says what a deletion removed and what it had to keep.
type DeletionResult struct {
	Deleted        []string          `json:"deleted"`
	Kept           []KeptApplication `json:"kept"`
	AccountDeleted bool              `json:"account_deleted"`
}

// DeleteFamily removes the logged-in family's data. A registration with a
// running place offer or an accepted place keeps what that offer needs
// (the child's name and birth date, one guardian's name and contact, the
// start date and hours), so the Kita can still conclude the contract; its
// other Vormerkungen are withdrawn. Everything else is deleted.
func (s *Services) DeleteFamily(p *auth.Principal) (DeletionResult, error) {
	res := DeletionResult{Deleted: []string{}, Kept: []KeptApplication{}}
	if p == nil || p.Kind != auth.KindFamily {
		return res, apperr.ErrLoginRequired
	}
	numbers, err := s.familyNumbers(p)
	if err != nil {
		return res, err
	}
	// A code login holds one child's number and access code: it deletes
	// that child's registration, never the account and the siblings
	// (those need the account's own login).
	codeOnly := p.Number != "" && p.AccountID != ""
	if codeOnly {
		numbers = []string{p.Number}
	}
	now := s.Now()
	err = s.Store.Change(numbers, func(ls []storage.Loaded) (storage.ChangeSet, error) {
		var cs storage.ChangeSet
		for _, l := range ls {
			i := slices.IndexFunc(l.Vormerkungen, func(v storage.Vormerkung) bool {
				return v.Status == domain.StatusPlatzangebot || v.Status == domain.StatusAngenommen
			})
			if i < 0 {
				cs.DeleteApplications = append(cs.DeleteApplications, l.App.Number)
				res.Deleted = append(res.Deleted, l.App.Number)
				continue
			}
			keep := l.Vormerkungen[i]
			kept := KeptApplication{Number: l.App.Number, KitaID: keep.KitaID, Status: keep.Status}
			if k, err := s.Store.GetKita(keep.KitaID); err == nil {
				kept.KitaName = k.Name
			}
			res.Kept = append(res.Kept, kept)
			cs.PutApplications = append(cs.PutApplications, reduce(l.App, now))
			for _, v := range l.Vormerkungen {
				if v.ID != keep.ID && Step(&v, "auto_withdraw", BySystem, storage.StatusChange{At: now, Actor: "system", Reason: "account_deleted"}) == nil {
					cs.PutVormerkungen = append(cs.PutVormerkungen, v)
				}
			}
		}
		cs.DeleteMessagesOf = res.Deleted
		switch {
		case codeOnly:
			a, err := s.Store.GetAccount(p.AccountID)
			if err != nil {
				return cs, err
			}
			a.Numbers = slices.DeleteFunc(a.Numbers, func(n string) bool { return slices.Contains(res.Deleted, n) })
			cs.PutAccounts = []storage.Account{a}
		case p.AccountID != "":
			cs.DeleteAccounts = []string{p.AccountID}
			res.AccountDeleted = true
		}
		actor, _ := p.Actor()
		cs.Audit = append(cs.Audit, storage.AuditEntry{At: now, ActorID: actor, ActorRole: auth.KindFamily, Action: "family.delete",
			Detail: "deleted " + joinOr(res.Deleted) + "; kept " + joinOr(keptNumbers(res.Kept))})
		return cs, nil
	})
	if err == nil && len(res.Deleted) > 0 {
		for _, fn := range s.OnDeleted {
			fn(res.Deleted)
		}
	}
	return res, err
}

// reduce keeps what a running offer needs.
func reduce(a storage.Application, now time.Time) storage.Application {
	g := storage.Guardian{}
	if len(a.Guardians) > 0 {
		f := a.Guardians[0]
		g = storage.Guardian{FirstName: f.FirstName, LastName: f.LastName, Street: f.Street, Postcode: f.Postcode,
			City: f.City, Phone: f.Phone, Email: f.Email}
	}
	return storage.Application{Number: a.Number, Child: a.Child, StartDate: a.StartDate, CareHours: a.CareHours,
		Guardians: []storage.Guardian{g}, Language: a.Language, Channel: a.Channel, Consent: a.Consent,
		AccessCodeHash: a.AccessCodeHash, ChildKey: a.ChildKey, Reduced: true, CreatedAt: a.CreatedAt, UpdatedAt: now}
}

func keptNumbers(k []KeptApplication) []string {
	out := make([]string, len(k))
	for i, x := range k {
		out[i] = x.Number
	}
	return out
}

func joinOr(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ",")
}
