package app

import (
	"errors"
	"net/http"
	"slices"

	"kitaportal/storage"
)

// Submit is the use case "a family registers its child at the Kitas of its
// Merkliste". It checks every rule, then stores the application and one
// Vormerkung per Kita in one transaction: on any error nothing is stored.
// It returns the receipt with the access code, which exists nowhere else
// in clear text.
func (s *Services) Submit(f Form, merkliste []string, channel string) (*Receipt, error) {
	set, err := s.Settings()
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if err := s.checkMerkliste(merkliste, set); err != nil {
		return nil, err
	}
	errs, err := CheckForm(&f, StepAll, merkliste, now)
	if err != nil {
		return nil, err
	}
	if err := errs.asError(); err != nil {
		return nil, err
	}
	code := newAccessCode()
	app := storage.Application{
		Child: f.Child, StartDate: f.StartDate, CareHours: f.CareHours,
		Guardians: f.Guardians, Criteria: f.Criteria, Language: languageOr(f.Language),
		Channel: channel, Consent: storage.ConsentNote{Version: set.PrivacyVersion, At: now},
		AccessCodeHash: HashSecret(NormalizeCode(code)),
		ChildKey:       childKey(f.Child), ContactKeys: contactKeys(f.Guardians),
		CreatedAt: now, UpdatedAt: now,
	}
	app.Criteria.SiblingKitaIDs = slices.Compact(slices.Sorted(slices.Values(f.Criteria.SiblingKitaIDs)))
	for attempt := 0; ; attempt++ {
		app.Number = newNumber()
		vs := newVormerkungen(app, merkliste)
		err = s.Store.CreateApplication(app, vs)
		if err == nil {
			s.Log.WithField("number", app.Number).WithField("kitas", len(vs)).WithField("channel", channel).Info("vormerkung submitted")
			return s.receipt(app, vs, code)
		}
		if !errors.Is(err, storage.ErrDuplicate) {
			return nil, err
		}
		// A number collision (40 random bits) is retried; the other
		// duplicate is the same child registered by the same family.
		if !isNumberTaken(s, app.Number) || attempt == 3 {
			return nil, &Error{Code: "vormerkung.duplicate_child", Field: "child.first_name", status: http.StatusConflict,
				Message: "this child is registered already; log in with the Vormerkungsnummer and access code, or ask at the youth office"}
		}
	}
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
