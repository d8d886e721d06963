package app_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"kitaportal/app"
	"kitaportal/app/domain"
	"kitaportal/app/internal/apptest"
	"kitaportal/app/internal/testcity"
	"kitaportal/app/kitas"
	"kitaportal/search"
	"kitaportal/storage"
)

func TestAcceptingAnOfferWithdrawsTheOthers(t *testing.T) {
	f := apptest.NewLife(t)
	if _, err := f.Svc.Settings.Set(map[string]string{"smtp_host": "mail.example", "smtp_from": "kp@example.de"}); err != nil {
		t.Fatal(err)
	}
	k := apptest.DB(f.Svc)
	kita, _ := k.GetKita("k-betze")
	kita.Contact.Email = "betze@example.de"
	if err := k.PutKita(kita); err != nil {
		t.Fatal(err)
	}
	family, rec := f.Register(t, []string{"k-unknown", "k-pfaff", "k-betze"}, nil)
	vx := f.Vormerkung(t, rec.Number, "k-pfaff")
	if err := f.Svc.KitaAct(f.KitaX, vx.ID, "read", app.KitaAnswer{}); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.KitaAct(f.KitaX, vx.ID, "offer", apptest.Offer("")); err != nil {
		t.Fatal(err)
	}
	ov, err := f.Svc.Family(family)
	if err != nil {
		t.Fatal(err)
	}
	got := ov.Children[0].Vormerkungen[1]
	if got.Status != domain.StatusPlatzangebot || got.Offer == nil || !slices.Contains(got.Actions, "accept") {
		t.Fatalf("the family sees %+v", got)
	}
	if want := time.Date(2026, 12, 9, 23, 0, 0, 0, time.UTC); !got.Offer.Deadline.Equal(want) {
		t.Errorf("default deadline %v, want the end of 9 December in Germany (14 days)", got.Offer.Deadline)
	}
	if err := f.Svc.FamilyRespond(family, vx.ID, "accept"); err != nil {
		t.Fatal(err)
	}
	_, vs, _ := k.GetApplication(rec.Number)
	want := map[string]domain.Status{"k-unknown": domain.StatusZurueckgezogen, "k-pfaff": domain.StatusAngenommen, "k-betze": domain.StatusZurueckgezogen}
	for _, v := range vs {
		last := v.History[len(v.History)-1]
		if v.Status != want[v.KitaID] || (v.KitaID != "k-pfaff" && last.Reason != "accepted_elsewhere") {
			t.Errorf("%s: %s (%+v)", v.KitaID, v.Status, last)
		}
	}
	items, err := f.Svc.KitaInbox(f.KitaY, app.InboxFilter{KitaID: "k-betze"})
	if err != nil || len(items) != 1 || items[0].Status != domain.StatusZurueckgezogen {
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
	if err := f.Svc.FamilyRespond(family, f.Vormerkung(t, rec.Number, "k-betze").ID, "accept"); apptest.ErrorCode(err) != "vormerkung.invalid_transition" {
		t.Errorf("accepting a withdrawn Vormerkung: %v", err)
	}
}

func TestOfferDeadline(t *testing.T) {
	f := apptest.NewLife(t)
	family, rec := f.Register(t, []string{"k-pfaff", "k-betze"}, nil)
	vx := f.Vormerkung(t, rec.Number, "k-pfaff")
	if err := f.Svc.KitaAct(f.KitaX, vx.ID, "offer", apptest.Offer("2026-12-01")); err != nil {
		t.Fatal(err)
	}
	*f.Now = time.Date(2026, 12, 1, 22, 59, 0, 0, time.UTC) // 23:59 in Germany: still in time
	if ov, _ := f.Svc.Family(family); ov.Children[0].Vormerkungen[0].Status != domain.StatusPlatzangebot {
		t.Fatalf("expired a minute early")
	}
	*f.Now = time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC)
	if err := f.Svc.FamilyRespond(family, vx.ID, "accept"); apptest.ErrorCode(err) != "vormerkung.deadline_passed" {
		t.Fatalf("accept after the deadline: %v", err)
	}
	ov, _ := f.Svc.Family(family)
	v := ov.Children[0].Vormerkungen[0]
	if v.Status != domain.StatusAbgelehnt || v.History[len(v.History)-1].Reason != "deadline_passed" || v.History[len(v.History)-1].Actor != "system" {
		t.Errorf("after the deadline: %+v", v)
	}
	if ov.Children[0].Vormerkungen[1].Status != domain.StatusEingegangen {
		t.Errorf("the other Vormerkung changed: %+v", ov.Children[0].Vormerkungen[1])
	}
	for _, tc := range []struct{ deadline, code string }{{"2026-12-01", "form.invalid_deadline"}, {"2027-03-01", "form.invalid_deadline"}, {"morgen", "form.invalid_deadline"}} {
		vy := f.Vormerkung(t, rec.Number, "k-betze")
		if err := f.Svc.KitaAct(f.KitaY, vy.ID, "offer", apptest.Offer(tc.deadline)); apptest.ErrorCode(err) != tc.code {
			t.Errorf("deadline %q: %v", tc.deadline, err)
		}
	}
}

func TestAddingKitasLaterRespectsTheLimit(t *testing.T) {
	f := apptest.NewLife(t)
	if _, err := f.Svc.Settings.Set(map[string]string{"vormerkung_limit": "2"}); err != nil {
		t.Fatal(err)
	}
	family, rec := f.Register(t, []string{"k-pfaff"}, nil)
	if err := f.Svc.FamilyAddKita(family, rec.Number, "k-pfaff"); apptest.ErrorCode(err) != "vormerkung.already_listed" {
		t.Errorf("same Kita again: %v", err)
	}
	if err := f.Svc.FamilyAddKita(family, rec.Number, "k-martin"); apptest.ErrorCode(err) != "kita.not_bookable" {
		t.Errorf("not bookable: %v", err)
	}
	if err := f.Svc.FamilyAddKita(family, rec.Number, "k-betze"); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.FamilyAddKita(family, rec.Number, "k-unknown"); apptest.ErrorCode(err) != "merkliste.limit_reached" {
		t.Errorf("over the limit: %v", err)
	}
	vb := f.Vormerkung(t, rec.Number, "k-betze")
	if vb.Priority != 2 || vb.Status != domain.StatusEingegangen {
		t.Errorf("added %+v", vb)
	}
	if err := f.Svc.FamilyRespond(family, vb.ID, "withdraw"); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.FamilyAddKita(family, rec.Number, "k-unknown"); err != nil {
		t.Errorf("a withdrawn Vormerkung still counts towards the limit: %v", err)
	}
	other, _ := f.Register(t, []string{"k-betze"}, func(fm *app.Form) { fm.Child.FirstName = "Lea" })
	if err := f.Svc.FamilyAddKita(other, rec.Number, "k-betze"); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Errorf("another family added a Kita: %v", err)
	}
	// A family on the phone: the clerk withdraws one and adds another.
	if err := f.Svc.FamilyRespond(f.Clerk, f.Vormerkung(t, rec.Number, "k-unknown").ID, "withdraw"); err != nil {
		t.Fatalf("a clerk withdrawing on the family's behalf: %v", err)
	}
	if err := f.Svc.FamilyAddKita(f.Clerk, rec.Number, "k-betze"); err != nil {
		t.Errorf("a clerk adding on the family's behalf: %v", err)
	}
	entries, _ := apptest.DB(f.Svc).Audit(0, 0)
	if !slices.ContainsFunc(entries, func(e storage.AuditEntry) bool {
		return e.ActorID == f.ClerkUser.ID && e.Action == "vormerkung.add_kita" && e.Number == rec.Number
	}) {
		t.Errorf("the clerk's action is not in the audit log")
	}
}

func TestReorderPriorities(t *testing.T) {
	f := apptest.NewLife(t)
	family, rec := f.Register(t, []string{"k-pfaff", "k-betze", "k-unknown"}, nil)
	a, b, c := f.Vormerkung(t, rec.Number, "k-pfaff"), f.Vormerkung(t, rec.Number, "k-betze"), f.Vormerkung(t, rec.Number, "k-unknown")
	if err := f.Svc.FamilyRespond(family, b.ID, "withdraw"); err != nil {
		t.Fatal(err)
	}
	if err := f.Svc.FamilyReorder(family, rec.Number, []uint64{a.ID, b.ID, c.ID}); apptest.ErrorCode(err) != "vormerkung.order_mismatch" {
		t.Errorf("a withdrawn one in the order: %v", err)
	}
	if err := f.Svc.FamilyReorder(family, rec.Number, []uint64{c.ID, a.ID}); err != nil {
		t.Fatal(err)
	}
	for kita, want := range map[string]int{"k-unknown": 1, "k-pfaff": 2, "k-betze": 3} {
		if got := f.Vormerkung(t, rec.Number, kita).Priority; got != want {
			t.Errorf("%s: priority %d, want %d", kita, got, want)
		}
	}
}

func TestKitaInboxIsScopedAndFiltered(t *testing.T) {
	f := apptest.NewLife(t)
	f.Register(t, []string{"k-pfaff"}, nil)
	f.Register(t, []string{"k-betze", "k-pfaff"}, func(fm *app.Form) {
		fm.Child.FirstName, fm.Child.BirthDate, fm.Criteria = "Ole", "2022-01-15", storage.Criteria{SiblingKitaIDs: []string{"k-pfaff"}}
	})
	if _, err := f.Svc.KitaInbox(f.KitaY, app.InboxFilter{KitaID: "k-pfaff"}); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Fatalf("Kita Y read Kita X's list: %v", err)
	}
	for _, tc := range []struct {
		name  string
		f     app.InboxFilter
		child []string
	}{
		{"all", app.InboxFilter{}, []string{"Mia", "Ole"}},
		{"U3", app.InboxFilter{AgeGroup: "u3"}, []string{"Mia"}},
		{"Ü3", app.InboxFilter{AgeGroup: "ue3"}, []string{"Ole"}},
		{"second choice", app.InboxFilter{Priority: 2}, []string{"Ole"}},
		{"sibling here", app.InboxFilter{Criterion: "sibling_here"}, []string{"Ole"}},
		{"single parent", app.InboxFilter{Criterion: "single_parent"}, []string{"Mia"}},
		{"by birth date", app.InboxFilter{Sort: "birth_date"}, []string{"Ole", "Mia"}},
		{"start window", app.InboxFilter{StartFrom: "2027-09-01"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.KitaID = "k-pfaff"
			items, err := f.Svc.KitaInbox(f.KitaX, tc.f)
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
	f := apptest.NewLife(t)
	if _, err := f.Svc.UpdateFreePlaces(f.KitaY, "k-pfaff", testcity.Intp(1), nil); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Fatalf("Kita Y changed Kita X: %v", err)
	}
	if _, err := f.Svc.UpdateFreePlaces(f.KitaX, "k-pfaff", testcity.Intp(-1), nil); apptest.ErrorCode(err) != "form.invalid_number" {
		t.Fatalf("negative: %v", err)
	}
	if _, err := f.Svc.UpdateFreePlaces(f.KitaX, "k-pfaff", testcity.Intp(0), testcity.Intp(3)); err != nil {
		t.Fatal(err)
	}
	list, err := f.Svc.Catalog.Search(kitas.Query{Filter: searchFilterFreeOnly(36)})
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
