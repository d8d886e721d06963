package app_test

import (
	"fmt"
	"strings"
	"testing"

	"kitaportal/app"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/session"
	"kitaportal/storage"
)

// enableMail makes the notifier write messages to the outbox (no server
// is reached: delivery is not started in these tests).
func enableMail(t *testing.T, svc *app.Services) {
	t.Helper()
	if _, err := svc.Settings.Set(map[string]string{"smtp_host": "mail.stadt.example", "smtp_from": "kitaportal@stadt.example"}); err != nil {
		t.Fatal(err)
	}
}

// registerWithAccount submits a child with an account and logs in by it.
func registerWithAccount(t *testing.T, f *apptest.Life, child, guardianEmail, accountEmail string) (*app.Receipt, string) {
	t.Helper()
	form := apptest.ValidForm()
	form.Child.FirstName = child
	form.Guardians[0].Email = guardianEmail
	rec, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: []string{"k-pfaff"}, Channel: session.ShellWeb,
		Account: &app.AccountForm{Email: accountEmail, Password: "ein-gutes-passwort"}})
	if err != nil {
		t.Fatal(err)
	}
	return rec, accountEmail
}

func outboxMentioning(t *testing.T, f *apptest.Life, needles ...string) []storage.Message {
	t.Helper()
	msgs, err := apptest.DB(f.Svc).Outbox(false)
	if err != nil {
		t.Fatal(err)
	}
	var out []storage.Message
	for _, m := range msgs {
		for _, n := range needles {
			if strings.Contains(m.To+m.Subject+m.Body, n) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// A family that types another family's address as its guardian e-mail
// must not export that family's messages (issue 12, finding 2).
func TestExportHoldsOnlyTheFamilysOwnMessages(t *testing.T) {
	f := apptest.NewLife(t)
	enableMail(t, f.Svc)
	recA, _ := registerWithAccount(t, f, "Mia", "anna@example.de", "anna@example.de")
	v := f.Vormerkung(t, recA.Number, "k-pfaff")
	if err := f.Svc.KitaAct(f.KitaX, v.ID, "offer", apptest.Offer("")); err != nil {
		t.Fatal(err)
	}
	if len(outboxMentioning(t, f, recA.Number)) == 0 {
		t.Fatal("no message about the first family's registration: the test shows nothing")
	}
	recB, mailB := registerWithAccount(t, f, "Lea", "anna@example.de", "ben@example.de")
	for _, login := range []func() (*auth.Principal, error){
		func() (*auth.Principal, error) { return f.Svc.LoginFamily(mailB, "ein-gutes-passwort", "192.0.2.9") },
		func() (*auth.Principal, error) { return f.Svc.LoginCode(recB.Number, recB.AccessCode, "192.0.2.9") },
	} {
		p, err := login()
		if err != nil {
			t.Fatal(err)
		}
		exp, err := f.Svc.ExportFamily(p)
		if err != nil {
			t.Fatal(err)
		}
		own := 0
		for _, m := range exp.Messages {
			if strings.Contains(m.Subject+m.Body, recA.Number) {
				t.Errorf("the export holds the other family's message %q to %s", m.Subject, m.To)
			}
			if strings.Contains(m.Subject, recB.Number) {
				own++
			}
		}
		if own == 0 {
			t.Errorf("the export lacks the family's own confirmation: %+v", exp.Messages)
		}
	}
}

// Deleting a family deletes its messages; a later account with the same
// address finds none of them, and an open code session of the deleted
// family is logged out, not an internal error (issue 12, finding 3).
func TestDeletingAFamilyDeletesItsMessages(t *testing.T) {
	f := apptest.NewLife(t)
	enableMail(t, f.Svc)
	recA, mail := registerWithAccount(t, f, "Mia", "anna@example.de", "anna@example.de")
	codeSession, err := f.Svc.LoginCode(recA.Number, recA.AccessCode, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if len(outboxMentioning(t, f, recA.Number)) == 0 {
		t.Fatal("no message about the registration: the test shows nothing")
	}
	p, err := f.Svc.LoginFamily(mail, "ein-gutes-passwort", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Svc.DeleteFamily(p); err != nil {
		t.Fatal(err)
	}
	for _, m := range outboxMentioning(t, f, recA.Number, mail) {
		t.Errorf("after the deletion the outbox keeps %q to %s", m.Subject, m.To)
	}
	if _, err := f.Svc.ExportFamily(codeSession); apptest.ErrorCode(err) != string(apperr.ErrLoginRequired.Code) {
		t.Errorf("a code session of the deleted family exports: %v", err)
	}
	if _, err := f.Svc.Family(codeSession); apptest.ErrorCode(err) != string(apperr.ErrLoginRequired.Code) {
		t.Errorf("a code session of the deleted family reads its overview: %v", err)
	}
	recNew, _ := registerWithAccount(t, f, "Mia", "anna@example.de", "anna@example.de")
	pNew, err := f.Svc.LoginFamily(mail, "ein-gutes-passwort", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	exp, err := f.Svc.ExportFamily(pNew)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range exp.Messages {
		if !strings.Contains(m.Subject, recNew.Number) {
			t.Errorf("the new account exports an old message %q", m.Subject)
		}
	}
}

// "An account with this address exists" tells a stranger that a family
// uses the portal: from one address it is answered 10 times per 15
// minutes, then refused as rate limited; other addresses are not held up.
func TestAccountExistsIsRateLimitedPerAddress(t *testing.T) {
	f := apptest.NewLife(t)
	registerWithAccount(t, f, "Mia", "anna@example.de", "anna@example.de")
	probe := func(i int, addr string) string {
		form := apptest.ValidForm()
		form.Child.FirstName = fmt.Sprintf("Kind%c", 'A'+i)
		_, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: []string{"k-pfaff"}, Channel: session.ShellWeb, Addr: addr,
			Account: &app.AccountForm{Email: "anna@example.de", Password: "ein-gutes-passwort"}})
		return apptest.ErrorCode(err)
	}
	for i := range 10 {
		if got := probe(i, "203.0.113.7"); got != "account.exists" {
			t.Fatalf("probe %d: %q, want account.exists", i, got)
		}
	}
	if got := probe(10, "203.0.113.7"); got != "auth.rate_limited" {
		t.Errorf("the 11th probe from one address: %q, want auth.rate_limited", got)
	}
	if got := probe(11, "198.51.100.4"); got != "account.exists" {
		t.Errorf("another address: %q, want account.exists", got)
	}
}

// A code login (one child's number and access code) deletes that child's
// registration only; the account and the siblings need the account's own
// login (issue 12, finding 7).
func TestCodeLoginDeletesOnlyItsOwnChild(t *testing.T) {
	f := apptest.NewLife(t)
	recA, mail := registerWithAccount(t, f, "Mia", "anna@example.de", "anna@example.de")
	account, err := f.Svc.LoginFamily(mail, "ein-gutes-passwort", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	form := apptest.ValidForm()
	form.Child.FirstName = "Lea"
	recB, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: []string{"k-betze"}, Channel: session.ShellWeb, By: account})
	if err != nil {
		t.Fatal(err)
	}
	code, err := f.Svc.LoginCode(recB.Number, recB.AccessCode, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.Svc.DeleteFamily(code)
	if err != nil {
		t.Fatal(err)
	}
	if res.AccountDeleted || len(res.Deleted) != 1 || res.Deleted[0] != recB.Number {
		t.Errorf("a code login deleted %+v", res)
	}
	if _, _, err := apptest.DB(f.Svc).GetApplication(recA.Number); err != nil {
		t.Errorf("the sibling's registration is gone: %v", err)
	}
	ov, err := f.Svc.Family(account)
	if err != nil || len(ov.Children) != 1 || ov.Children[0].Number != recA.Number {
		t.Errorf("the account after the code login's deletion: %v %+v", err, ov.Children)
	}
}

// After a clerk merges a child registered twice, the messages of the
// dropped registration are the kept one's: in its export, and deleted
// with it.
func TestMergeKeepsTheMessagesWithTheChild(t *testing.T) {
	f := apptest.NewLife(t)
	enableMail(t, f.Svc)
	keep, a := f.Register(t, []string{"k-pfaff"}, nil)
	_, b := f.Register(t, []string{"k-betze"}, func(fm *app.Form) {
		g := &fm.Guardians[0]
		g.FirstName, g.Street, g.Postcode, g.Phone, g.Email = "Ben", "Marktstraße 3", "67657", "0170 5555555", "ben@example.de"
	})
	if err := f.Svc.Merge(f.Clerk, a.Number, b.Number); err != nil {
		t.Fatal(err)
	}
	exp, err := f.Svc.ExportFamily(keep)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range exp.Messages {
		found = found || strings.Contains(m.Subject, b.Number)
	}
	if !found {
		t.Errorf("the kept registration's export lacks the merged one's messages: %+v", exp.Messages)
	}
	if _, err := f.Svc.DeleteFamily(keep); err != nil {
		t.Fatal(err)
	}
	for _, m := range outboxMentioning(t, f, a.Number, b.Number) {
		t.Errorf("after the deletion the outbox keeps %q", m.Subject)
	}
}
