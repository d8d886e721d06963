package app

import (
	"errors"
	"net/http"
	"slices"
	"time"
	"unicode/utf8"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/settings"
	"kitaportal/storage"
)

// SubmitRequest is one family's registration: the form, the Kitas in
// priority order, and optionally a new account (e-mail and password).
type SubmitRequest struct {
	Form      Form
	Merkliste []string
	Channel   string          // kiosk, web or clerk
	Account   *AccountForm    // a new family account, if wanted
	By        *auth.Principal // the session's login: a family account adds the child to it
	Addr      string          // the client's address: answers that reveal existing data are limited per address
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
	switch {
	case req.By.IsStaff(domain.RoleClerk):
		req.Channel = "clerk"
	case req.By != nil && !req.By.IsFamily():
		return nil, apperr.ErrForbidden // Kita staff and admins do not register children
	}
	now := s.Now()
	// Answers that tell what is stored count per address; clerks are
	// logged in and audited, and not limited.
	limited, probeKey := !req.By.IsStaff(domain.RoleClerk), "probe:"+req.Addr
	if wait := s.limits.probe.Blocked(probeKey, now); limited && wait > 0 {
		return nil, auth.RateLimited(wait)
	}
	probe := func() {
		if limited {
			s.limits.probe.Fail(probeKey, now)
		}
	}
	set, err := s.Settings.Get()
	if err != nil {
		return nil, err
	}
	f := req.Form
	if err := s.checkMerkliste(req.Merkliste, set); err != nil {
		return nil, err
	}
	errs, err := CheckForm(&f, StepAll, req.Merkliste, now)
	if err != nil {
		return nil, err
	}
	errs = append(errs, checkAccountForm(req.Account)...)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	for _, id := range req.Merkliste {
		k, err := s.Catalog.Get(id)
		if err != nil {
			return nil, err
		}
		if err := checkAge(k, f.Child, f.StartDate, "merkliste"); err != nil {
			return nil, err
		}
	}
	code := auth.NewAccessCode()
	app := storage.Application{
		Child: f.Child, StartDate: f.StartDate, CareHours: f.CareHours,
		Guardians: f.Guardians, Criteria: f.Criteria, Language: languageOr(f.Language),
		Channel: req.Channel, Consent: storage.ConsentNote{Version: set.PrivacyVersion, At: now},
		AccessCodeHash: auth.HashSecret(auth.NormalizeCode(code)),
		ChildKey:       childKey(f.Child), ContactKeys: contactKeys(f.Guardians),
		CreatedAt: now, UpdatedAt: now,
	}
	app.Criteria.SiblingKitaIDs = slices.Compact(slices.Sorted(slices.Values(f.Criteria.SiblingKitaIDs)))
	for attempt := 0; ; attempt++ {
		app.Number = auth.NewNumber()
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
		// Both answers tell what is stored (an account, a child).
		if errors.Is(err, storage.ErrEmailTaken) {
			probe()
			return nil, &apperr.Error{Code: apperr.AccountExists, Field: "account.email", Status: http.StatusConflict,
				Message: "an account with this e-mail address exists; log in first, then register the child"}
		}
		if !isNumberTaken(s, app.Number) || attempt == 3 {
			probe()
			return nil, &apperr.Error{Code: apperr.VormerkungDuplicateChild, Field: "child.first_name", Status: http.StatusConflict,
				Message: "this child is registered already; log in with the Vormerkungsnummer and access code, or ask at the youth office"}
		}
	}
}

// submitExtras: the account to create or extend, the audit entry of a
// clerk's registration, and the e-mails.
func (s *Services) submitExtras(app *storage.Application, req SubmitRequest, now time.Time) (storage.ChangeSet, error) {
	var cs storage.ChangeSet
	switch {
	case req.By != nil && req.By.Kind == auth.KindFamily && req.By.AccountID != "":
		acct, err := s.Store.GetAccount(req.By.AccountID)
		if err != nil {
			return cs, err
		}
		acct.Numbers = append(acct.Numbers, app.Number)
		app.AccountID = acct.ID
		cs.PutAccounts = append(cs.PutAccounts, acct)
	case req.Account != nil:
		acct := storage.Account{ID: "a-" + auth.RandomToken(12), Email: req.Account.Email,
			PasswordHash: auth.HashSecret(req.Account.Password), Numbers: []string{app.Number},
			Language: app.Language, CreatedAt: now}
		app.AccountID = acct.ID
		cs.PutAccounts = append(cs.PutAccounts, acct)
	}
	if req.By != nil && req.By.Kind == auth.KindStaff {
		id, role := req.By.Actor()
		cs.Audit = append(cs.Audit, storage.AuditEntry{At: now, ActorID: id, ActorRole: role, Action: "vormerkung.submit_for_family", Number: app.Number})
	}
	to := app.Guardians[0].Email
	if req.Account != nil {
		to = req.Account.Email
	}
	return cs, s.Notify.Submitted(&cs, to, *app, req.Merkliste, now)
}

// checkAccountForm: a valid e-mail address and a password of 10 to 128
// characters.
func checkAccountForm(a *AccountForm) apperr.FieldErrors {
	var errs apperr.FieldErrors
	if a == nil {
		return nil
	}
	a.Email = storage.NormalizeEmail(a.Email)
	if !domain.ValidEmail(a.Email) {
		errs.Add("account.email", apperr.FormInvalidEmail, "not an e-mail address, e.g. name@example.de")
	}
	if n := utf8.RuneCountInString(a.Password); n < 10 || n > 128 {
		errs.Add("account.password", apperr.FormWeakPassword, "a password has 10 to 128 characters")
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
			Number: app.Number, KitaID: id, Priority: i + 1, Status: domain.StatusEingegangen,
			History:   []storage.StatusChange{{Status: domain.StatusEingegangen, At: app.CreatedAt, Actor: "family"}},
			CreatedAt: app.CreatedAt, UpdatedAt: app.CreatedAt,
		}
	}
	return vs
}

// checkMerkliste: one to the limit of Kitas, each existing and bookable.
func (s *Services) checkMerkliste(list []string, set settings.Settings) error {
	if len(list) == 0 {
		return &apperr.Error{Code: apperr.MerklisteEmpty, Field: "merkliste", Status: http.StatusConflict, Message: "choose at least one Kita first"}
	}
	if err := checkLimit(len(list), set.VormerkungLimit); err != nil {
		return err
	}
	for _, id := range list {
		if _, err := s.Catalog.Choosable(id, "merkliste"); err != nil {
			return err
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
