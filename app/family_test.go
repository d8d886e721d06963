package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kitaportal/search"
	"kitaportal/storage"
)

// lifeFixture is the fixture city with staff: Kita staff of k-pfaff (X)
// and k-betze (Y), a clerk and an admin, and a clock the test moves.
type lifeFixture struct {
	svc                          *Services
	now                          *time.Time
	kitaX, kitaY, clerk, admin   *Principal
	kitaXUser, clerkUser, admUsr UserView
}

const staffPassword = "Richtig-Geheim-1"

func newLifeFixture(t *testing.T) *lifeFixture {
	t.Helper()
	svc, _ := newFixture(t)
	now := fixedNow
	svc.Now = func() time.Time { return now }
	f := &lifeFixture{svc: svc, now: &now}
	add := func(login, role string, kitas ...string) (UserView, *Principal) {
		u, err := svc.AddUser(nil, NewUser{Login: login, Name: "Name " + login, Role: role, KitaIDs: kitas, Password: staffPassword})
		if err != nil {
			t.Fatal(err)
		}
		return u, &Principal{Kind: KindStaff, UserID: u.ID, Role: u.Role, Name: u.Name, KitaIDs: u.KitaIDs}
	}
	f.kitaXUser, f.kitaX = add("kita-x", storage.RoleKita, "k-pfaff")
	_, f.kitaY = add("kita-y", storage.RoleKita, "k-betze")
	f.clerkUser, f.clerk = add("clerk", storage.RoleClerk)
	f.admUsr, f.admin = add("admin", storage.RoleAdmin)
	return f
}

// register submits validForm (changed by change) for the Kitas and returns
// the family's principal (logged in by number and access code).
func (f *lifeFixture) register(t *testing.T, kitas []string, change func(*Form)) (*Principal, *Receipt) {
	t.Helper()
	form := validForm()
	if change != nil {
		change(&form)
	}
	rec, err := f.svc.Submit(SubmitRequest{Form: form, Merkliste: kitas, Channel: ShellWeb})
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.LoginCode(rec.Number, rec.AccessCode, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	return p, rec
}

func (f *lifeFixture) vormerkung(t *testing.T, number, kita string) storage.Vormerkung {
	t.Helper()
	_, vs, err := f.svc.Store.GetApplication(number)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.KitaID == kita {
			return v
		}
	}
	t.Fatalf("%s has no Vormerkung at %s", number, kita)
	return storage.Vormerkung{}
}

func offer(deadline string) KitaAnswer {
	return KitaAnswer{Offer: &OfferRequest{StartDate: "2027-08-01", CareHours: 35, Deadline: deadline}, Message: "Wir freuen uns auf Sie."}
}

func TestAcceptingAnOfferWithdrawsTheOthers(t *testing.T) {
	f := newLifeFixture(t)
	if _, err := f.svc.SetSettings(map[string]string{"smtp_host": "mail.example", "smtp_from": "kp@example.de"}); err != nil {
		t.Fatal(err)
	}
	k := f.svc.Store
	kita, _ := k.GetKita("k-betze")
	kita.Contact.Email = "betze@example.de"
	if err := k.PutKita(kita); err != nil {
		t.Fatal(err)
	}
	family, rec := f.register(t, []string{"k-unknown", "k-pfaff", "k-betze"}, nil)
	vx := f.vormerkung(t, rec.Number, "k-pfaff")
	if err := f.svc.KitaAct(f.kitaX, vx.ID, "read", KitaAnswer{}); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.KitaAct(f.kitaX, vx.ID, "offer", offer("")); err != nil {
		t.Fatal(err)
	}
	ov, err := f.svc.Family(family)
	if err != nil {
		t.Fatal(err)
	}
	got := ov.Children[0].Vormerkungen[1]
	if got.Status != storage.StatusPlatzangebot || got.Offer == nil || !slices.Contains(got.Actions, "accept") {
		t.Fatalf("the family sees %+v", got)
	}
	if want := time.Date(2026, 12, 9, 23, 0, 0, 0, time.UTC); !got.Offer.Deadline.Equal(want) {
		t.Errorf("default deadline %v, want the end of 9 December in Germany (14 days)", got.Offer.Deadline)
	}
	if err := f.svc.FamilyRespond(family, vx.ID, "accept"); err != nil {
		t.Fatal(err)
	}
	_, vs, _ := k.GetApplication(rec.Number)
	want := map[string]string{"k-unknown": storage.StatusZurueckgezogen, "k-pfaff": storage.StatusAngenommen, "k-betze": storage.StatusZurueckgezogen}
	for _, v := range vs {
		last := v.History[len(v.History)-1]
		if v.Status != want[v.KitaID] || (v.KitaID != "k-pfaff" && last.Reason != "accepted_elsewhere") {
			t.Errorf("%s: %s (%+v)", v.KitaID, v.Status, last)
		}
	}
	items, err := f.svc.KitaInbox(f.kitaY, InboxFilter{KitaID: "k-betze"})
	if err != nil || len(items) != 1 || items[0].Status != storage.StatusZurueckgezogen {
		t.Errorf("Kita Y sees %v %+v", err, items)
	}
	msgs, _ := k.Outbox(true)
	if !slices.ContainsFunc(msgs, func(m storage.Message) bool {
		return m.To == "betze@example.de" && strings.Contains(m.Subject, "zurückgezogen")
	}) {
		t.Errorf("Kita Y was not told: %d messages", len(msgs))
	}
	for _, m := range msgs {
		if strings.Contains(m.Body, "Mia") || strings.Contains(m.Body, "Müller") || strings.Contains(m.Body, "2024-09-01") {
			t.Errorf("personal data in an e-mail to %s: %q", m.To, m.Body)
		}
	}
	if err := f.svc.FamilyRespond(family, f.vormerkung(t, rec.Number, "k-betze").ID, "accept"); errorCode(err) != "vormerkung.invalid_transition" {
		t.Errorf("accepting a withdrawn Vormerkung: %v", err)
	}
}

func TestOfferDeadline(t *testing.T) {
	f := newLifeFixture(t)
	family, rec := f.register(t, []string{"k-pfaff", "k-betze"}, nil)
	vx := f.vormerkung(t, rec.Number, "k-pfaff")
	if err := f.svc.KitaAct(f.kitaX, vx.ID, "offer", offer("2026-12-01")); err != nil {
		t.Fatal(err)
	}
	*f.now = time.Date(2026, 12, 1, 22, 59, 0, 0, time.UTC) // 23:59 in Germany: still in time
	if ov, _ := f.svc.Family(family); ov.Children[0].Vormerkungen[0].Status != storage.StatusPlatzangebot {
		t.Fatalf("expired a minute early")
	}
	*f.now = time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC)
	if err := f.svc.FamilyRespond(family, vx.ID, "accept"); errorCode(err) != "vormerkung.deadline_passed" {
		t.Fatalf("accept after the deadline: %v", err)
	}
	ov, _ := f.svc.Family(family)
	v := ov.Children[0].Vormerkungen[0]
	if v.Status != storage.StatusAbgelehnt || v.History[len(v.History)-1].Reason != "deadline_passed" || v.History[len(v.History)-1].Actor != "system" {
		t.Errorf("after the deadline: %+v", v)
	}
	if ov.Children[0].Vormerkungen[1].Status != storage.StatusEingegangen {
		t.Errorf("the other Vormerkung changed: %+v", ov.Children[0].Vormerkungen[1])
	}
	for _, tc := range []struct{ deadline, code string }{{"2026-12-01", "form.invalid_deadline"}, {"2027-03-01", "form.invalid_deadline"}, {"morgen", "form.invalid_deadline"}} {
		vy := f.vormerkung(t, rec.Number, "k-betze")
		if err := f.svc.KitaAct(f.kitaY, vy.ID, "offer", offer(tc.deadline)); errorCode(err) != tc.code {
			t.Errorf("deadline %q: %v", tc.deadline, err)
		}
	}
}

func TestAddingKitasLaterRespectsTheLimit(t *testing.T) {
	f := newLifeFixture(t)
	if _, err := f.svc.SetSettings(map[string]string{"vormerkung_limit": "2"}); err != nil {
		t.Fatal(err)
	}
	family, rec := f.register(t, []string{"k-pfaff"}, nil)
	if err := f.svc.FamilyAddKita(family, rec.Number, "k-pfaff"); errorCode(err) != "vormerkung.already_listed" {
		t.Errorf("same Kita again: %v", err)
	}
	if err := f.svc.FamilyAddKita(family, rec.Number, "k-martin"); errorCode(err) != "kita.not_bookable" {
		t.Errorf("not bookable: %v", err)
	}
	if err := f.svc.FamilyAddKita(family, rec.Number, "k-betze"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.FamilyAddKita(family, rec.Number, "k-unknown"); errorCode(err) != "merkliste.limit_reached" {
		t.Errorf("over the limit: %v", err)
	}
	vb := f.vormerkung(t, rec.Number, "k-betze")
	if vb.Priority != 2 || vb.Status != storage.StatusEingegangen {
		t.Errorf("added %+v", vb)
	}
	if err := f.svc.FamilyRespond(family, vb.ID, "withdraw"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.FamilyAddKita(family, rec.Number, "k-unknown"); err != nil {
		t.Errorf("a withdrawn Vormerkung still counts towards the limit: %v", err)
	}
	other, _ := f.register(t, []string{"k-betze"}, func(fm *Form) { fm.Child.FirstName = "Lea" })
	if err := f.svc.FamilyAddKita(other, rec.Number, "k-betze"); errorCode(err) != "auth.forbidden" {
		t.Errorf("another family added a Kita: %v", err)
	}
	// A family on the phone: the clerk withdraws one and adds another.
	if err := f.svc.FamilyRespond(f.clerk, f.vormerkung(t, rec.Number, "k-unknown").ID, "withdraw"); err != nil {
		t.Fatalf("a clerk withdrawing on the family's behalf: %v", err)
	}
	if err := f.svc.FamilyAddKita(f.clerk, rec.Number, "k-betze"); err != nil {
		t.Errorf("a clerk adding on the family's behalf: %v", err)
	}
	entries, _ := f.svc.Store.Audit(0, 0)
	if !slices.ContainsFunc(entries, func(e storage.AuditEntry) bool {
		return e.ActorID == f.clerkUser.ID && e.Action == "vormerkung.add_kita" && e.Number == rec.Number
	}) {
		t.Errorf("the clerk's action is not in the audit log")
	}
}

func TestReorderPriorities(t *testing.T) {
	f := newLifeFixture(t)
	family, rec := f.register(t, []string{"k-pfaff", "k-betze", "k-unknown"}, nil)
	a, b, c := f.vormerkung(t, rec.Number, "k-pfaff"), f.vormerkung(t, rec.Number, "k-betze"), f.vormerkung(t, rec.Number, "k-unknown")
	if err := f.svc.FamilyRespond(family, b.ID, "withdraw"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.FamilyReorder(family, rec.Number, []uint64{a.ID, b.ID, c.ID}); errorCode(err) != "vormerkung.order_mismatch" {
		t.Errorf("a withdrawn one in the order: %v", err)
	}
	if err := f.svc.FamilyReorder(family, rec.Number, []uint64{c.ID, a.ID}); err != nil {
		t.Fatal(err)
	}
	for kita, want := range map[string]int{"k-unknown": 1, "k-pfaff": 2, "k-betze": 3} {
		if got := f.vormerkung(t, rec.Number, kita).Priority; got != want {
			t.Errorf("%s: priority %d, want %d", kita, got, want)
		}
	}
}

func TestKitaInboxIsScopedAndFiltered(t *testing.T) {
	f := newLifeFixture(t)
	f.register(t, []string{"k-pfaff"}, nil)
	f.register(t, []string{"k-betze", "k-pfaff"}, func(fm *Form) {
		fm.Child.FirstName, fm.Child.BirthDate, fm.Criteria = "Ole", "2022-01-15", storage.Criteria{SiblingKitaIDs: []string{"k-pfaff"}}
	})
	if _, err := f.svc.KitaInbox(f.kitaY, InboxFilter{KitaID: "k-pfaff"}); errorCode(err) != "auth.forbidden" {
		t.Fatalf("Kita Y read Kita X's list: %v", err)
	}
	for _, tc := range []struct {
		name  string
		f     InboxFilter
		child []string
	}{
		{"all", InboxFilter{}, []string{"Mia", "Ole"}},
		{"U3", InboxFilter{AgeGroup: "u3"}, []string{"Mia"}},
		{"Ü3", InboxFilter{AgeGroup: "ue3"}, []string{"Ole"}},
		{"second choice", InboxFilter{Priority: 2}, []string{"Ole"}},
		{"sibling here", InboxFilter{Criterion: "sibling_here"}, []string{"Ole"}},
		{"single parent", InboxFilter{Criterion: "single_parent"}, []string{"Mia"}},
		{"by birth date", InboxFilter{Sort: "birth_date"}, []string{"Ole", "Mia"}},
		{"start window", InboxFilter{StartFrom: "2027-09-01"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.KitaID = "k-pfaff"
			items, err := f.svc.KitaInbox(f.kitaX, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, it := range items {
				names = append(names, it.Child.FirstName)
			}
			if !slices.Equal(names, tc.child) {
				t.Errorf("got %v, want %v", names, tc.child)
			}
		})
	}
}

func TestFreePlacesReachTheSearch(t *testing.T) {
	f := newLifeFixture(t)
	if err := f.svc.UpdateFreePlaces(f.kitaY, "k-pfaff", intp(1), nil); errorCode(err) != "auth.forbidden" {
		t.Fatalf("Kita Y changed Kita X: %v", err)
	}
	if err := f.svc.UpdateFreePlaces(f.kitaX, "k-pfaff", intp(-1), nil); errorCode(err) != "form.invalid_number" {
		t.Fatalf("negative: %v", err)
	}
	if err := f.svc.UpdateFreePlaces(f.kitaX, "k-pfaff", intp(0), intp(3)); err != nil {
		t.Fatal(err)
	}
	list, err := f.svc.SearchKitas(KitaQuery{Filter: searchFilterFreeOnly(36)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].ID != "k-pfaff" || *list.Items[0].FreePlaces.Ue3 != 3 || list.Items[0].FreePlaces.AsOf != "2026-11-25" {
		t.Errorf("search for a free Ü3 place: %+v", list.Items)
	}
}

func searchFilterFreeOnly(ageMonths int) search.Filter {
	return search.Filter{FreeOnly: true, AgeMonths: &ageMonths}
}
