package app_test

import (
	"testing"

	"kitaportal/app"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/session"
)

// TestSiblingLinksAndApart: a clerk links two children registered apart
// (two accounts) as siblings and can undo it; a family says its children
// need not be in the same Kita. Only clerks link, only the family itself
// says "apart"; a child cannot be its own sibling.
func TestSiblingLinksAndApart(t *testing.T) {
	f := apptest.NewLife(t)
	pA, recA := f.Register(t, []string{"k-pfaff"}, func(fm *app.Form) { fm.Child.FirstName = "Mia" })
	_, recB := f.Register(t, []string{"k-pfaff"}, func(fm *app.Form) { fm.Child.FirstName = "Ole" })
	if err := f.Svc.LinkSiblings(f.KitaX, []string{recA.Number, recB.Number}); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Fatalf("Kita staff linked siblings: %v", err)
	}
	if err := f.Svc.LinkSiblings(pA, []string{recA.Number, recB.Number}); apptest.ErrorCode(err) == "" {
		t.Fatal("a family linked itself to another family's child")
	}
	if err := f.Svc.LinkSiblings(f.Clerk, []string{recA.Number, recA.Number}); apptest.ErrorCode(err) != "siblings.same_child" {
		t.Fatalf("a child linked with itself: %v", err)
	}
	if err := f.Svc.LinkSiblings(f.Clerk, []string{recA.Number, "KP-NONE-0000"}); apptest.ErrorCode(err) != "family.not_found" {
		t.Fatalf("a link to a missing Vormerkung: %v", err)
	}
	if err := f.Svc.LinkSiblings(f.Clerk, []string{recA.Number, recB.Number}); err != nil {
		t.Fatal(err)
	}
	a, _, _ := f.Svc.Store.GetApplication(recA.Number)
	b, _, _ := f.Svc.Store.GetApplication(recB.Number)
	if a.SiblingGroup == "" || a.SiblingGroup != b.SiblingGroup {
		t.Fatalf("after the link: %q, %q", a.SiblingGroup, b.SiblingGroup)
	}
	d, err := f.Svc.ClerkFamily(f.Clerk, recA.Number)
	if err != nil || len(d.Siblings) != 1 || d.Siblings[0] != recB.Number {
		t.Fatalf("the clerk's view of the family shows siblings %v (%v)", d.Siblings, err)
	}
	if err := f.Svc.UnlinkSibling(f.Clerk, recB.Number); err != nil {
		t.Fatal(err)
	}
	a, _, _ = f.Svc.Store.GetApplication(recA.Number)
	if a.SiblingGroup != "" {
		t.Fatalf("a group of one is left: %q", a.SiblingGroup)
	}

	rec1, mail := registerWithAccount(t, f, "Ida", "ida@example.de", "ida@example.de")
	p, err := f.Svc.LoginFamily(mail, "ein-gutes-passwort", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	form := apptest.ValidForm()
	form.Child.FirstName = "Emil"
	rec2, err := f.Svc.Submit(app.SubmitRequest{Form: form, Merkliste: []string{"k-betze"}, Channel: session.ShellWeb, By: p})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.SetSiblingsApart(f.Clerk, true); apptest.ErrorCode(err) != "auth.login_required" {
		t.Fatalf("a clerk said apart without the family: %v", err)
	}
	if err := f.Svc.SetSiblingsApart(p, true); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{rec1.Number, rec2.Number} {
		if a, _, _ := f.Svc.Store.GetApplication(n); !a.Apart {
			t.Errorf("%s is not marked apart", n)
		}
	}
	ov, err := f.Svc.Family(p)
	if err != nil || !ov.SiblingsApart || len(ov.Children) != 2 {
		t.Fatalf("the family's overview: apart %v, %d children (%v)", ov.SiblingsApart, len(ov.Children), err)
	}
}
