package app

import (
	"errors"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"

	"kitaportal/storage"
)

// SubmitRequest is one family's registration: the form, the Kitas in
// priority order, and optionally a new account (e-mail and password).
type SubmitRequest struct {
	Form      Form
	Merkliste []string
	Channel   string       // kiosk, web or clerk
	Account   *AccountForm // a new family account, if wanted
	By        *Principal   // the session's login: a family account adds the child to it
}

// AccountForm asks for a family account with the registration.
type AccountForm struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// Submit is the use case "a family registers its child at the Kitas of its
// Merkliste". It checks every rule, then stores the application, one
// Vormerkung per Kita, the account and the audit entry in one transaction:
// on any error nothing is stored. It returns the receipt with the access
// code, which exists nowhere else in clear text.
func (s *Services) Submit(req SubmitRequest) (*Receipt, error) {
	set, err := s.Settings()
	if err != nil {
		return nil, err
	}
	now := s.Now()
	f := req.Form
	if err := s.checkMerkliste(req.Merkliste, set); err != nil {
		return nil, err
	}
	errs, err := CheckForm(&f, StepAll, req.Merkliste, now)
	if err != nil {
		return nil, err
	}
	errs = append(errs, checkAccountForm(req.Account)...)
	if err := errs.asError(); err != nil {
		return nil, err
	}
	code := newAccessCode()
	app := storage.Application{
		Child: f.Child, StartDate: f.StartDate, CareHours: f.CareHours,
		Guardians: f.Guardians, Criteria: f.Criteria, Language: languageOr(f.Language),
		Channel: req.Channel, Consent: storage.ConsentNote{Version: set.PrivacyVersion, At: now},
		AccessCodeHash: HashSecret(NormalizeCode(code)),
		ChildKey:       childKey(f.Child), ContactKeys: contactKeys(f.Guardians),
		CreatedAt: now, UpdatedAt: now,
	}
	app.Criteria.SiblingKitaIDs = slices.Compact(slices.Sorted(slices.Values(f.Criteria.SiblingKitaIDs)))
	for attempt := 0; ; attempt++ {
		app.Number = newNumber()
		extra, err := s.submitExtras(&app, req, now)
		if err != nil {
			return nil, err
		}
		vs := newVormerkungen(app, req.Merkliste)
		err = s.Store.CreateApplication(app, vs, extra)
		if err == nil {
			s.Log.WithField("number", app.Number).WithField("kitas", len(vs)).WithField("channel", req.Channel).Info("vormerkung submitted")
			return s.receipt(app, vs, code)
		}
		if !errors.Is(err, storage.ErrDuplicate) {
			return nil, err
		}
		// A number collision (40 random bits) is retried; the other
		// duplicates are an e-mail address with an account already, and
		// the same child registered by the same family.
		if errors.Is(err, storage.ErrEmailTaken) {
			return nil, &Error{Code: "account.exists", Field: "account.email", status: http.StatusConflict,
				Message: "an account with this e-mail address exists; log in first, then register the child"}
		}
		if !isNumberTaken(s, app.Number) || attempt == 3 {
			return nil, &Error{Code: "vormerkung.duplicate_child", Field: "child.first_name", status: http.StatusConflict,
				Message: "this child is registered already; log in with the Vormerkungsnummer and access code, or ask at the youth office"}
		}
	}
}

// submitExtras: the account to create or extend, the audit entry of a
// clerk's registration, and the e-mails.
func (s *Services) submitExtras(app *storage.Application, req SubmitRequest, now time.Time) (storage.ChangeSet, error) {
	var cs storage.ChangeSet
	switch {
	case req.By != nil && req.By.Kind == KindFamily && req.By.AccountID != "":
		acct, err := s.Store.GetAccount(req.By.AccountID)
		if err != nil {
			return cs, err
		}
		acct.Numbers = append(acct.Numbers, app.Number)
		app.AccountID = acct.ID
		cs.PutAccounts = append(cs.PutAccounts, acct)
	case req.Account != nil:
		acct := storage.Account{ID: "a-" + randomToken(12), Email: req.Account.Email,
			PasswordHash: HashSecret(req.Account.Password), Numbers: []string{app.Number},
			Language: app.Language, CreatedAt: now}
		app.AccountID = acct.ID
		cs.PutAccounts = append(cs.PutAccounts, acct)
	}
	if req.By != nil && req.By.Kind == KindStaff {
		id, role := req.By.actor()
		cs.Audit = append(cs.Audit, storage.AuditEntry{At: now, ActorID: id, ActorRole: role, Action: "vormerkung.submit_for_family", Number: app.Number})
	}
	m, err := s.mailer()
	if err != nil {
		return cs, err
	}
	to := app.Guardians[0].Email
	if req.Account != nil {
		to = req.Account.Email
	}
	cs.Outbox = stamp(m.toFamily(to, *app, ""), now)
	for _, id := range req.Merkliste {
		if k, err := s.Store.GetKita(id); err == nil {
			cs.Outbox = append(cs.Outbox, stamp(m.toKita(k, app.Number, storage.StatusEingegangen), now)...)
		}
	}
	return cs, nil
}

// stamp dates messages.
func stamp(msgs []storage.Message, now time.Time) []storage.Message {
	for i := range msgs {
		msgs[i].CreatedAt = now
	}
	return msgs
}

// checkAccountForm: a valid e-mail address and a password of 10 to 128
// characters.
func checkAccountForm(a *AccountForm) FormErrors {
	var errs FormErrors
	if a == nil {
		return nil
	}
	a.Email = storage.NormalizeEmail(a.Email)
	if !validEmail(a.Email) {
		errs.add("account.email", "form.invalid_email", "not an e-mail address, e.g. name@example.de")
	}
	if n := utf8.RuneCountInString(a.Password); n < 10 || n > 128 {
		errs.add("account.password", "form.weak_password", "a password has 10 to 128 characters")
	}
	return errs
}

func isNumberTaken(s *Services, number string) bool {
	_, _, err := s.Store.GetApplication(number)
	return err == nil
}

func newVormerkungen(app storage.Application, merkliste []string) []storage.Vormerkung {
	vs := make([]storage.Vormerkung, len(merkliste))
	for i, id := range merkliste {
		vs[i] = storage.Vormerkung{
			Number: app.Number, KitaID: id, Priority: i + 1, Status: storage.StatusEingegangen,
			History:   []storage.StatusChange{{Status: storage.StatusEingegangen, At: app.CreatedAt, Actor: "family"}},
			CreatedAt: app.CreatedAt, UpdatedAt: app.CreatedAt,
		}
	}
	return vs
}

// checkMerkliste: one to the limit of Kitas, each existing and bookable.
func (s *Services) checkMerkliste(list []string, set Settings) error {
	if len(list) == 0 {
		return &Error{Code: "merkliste.empty", Field: "merkliste", status: http.StatusConflict, Message: "choose at least one Kita first"}
	}
	if len(list) > set.VormerkungLimit {
		return limitReached(set.VormerkungLimit)
	}
	for _, id := range list {
		k, err := s.GetKita(id)
		if err != nil {
			return err
		}
		if !k.Bookable {
			return &Error{Code: "kita.not_bookable", Field: "merkliste", status: http.StatusConflict,
				Message: "a chosen Kita no longer takes Vormerkungen through the portal; remove it from the list"}
		}
	}
	return nil
}

func languageOr(lang string) string {
	if slices.Contains(Languages, lang) {
		return lang
	}
	return Languages[0]
}
