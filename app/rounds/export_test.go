package rounds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"kitaportal/app/allocation"
	"kitaportal/app/internal/apptest"
)

// TestExportRecomputesTheRound: from the exported JSON alone, an outsider
// runs both mechanisms and gets every child's placement; every child's
// points at each Kita are the sum of their parts; the CSV says the same
// row by row. The export names no child.
func TestExportRecomputesTheRound(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	for i, name := range []string{"Mia", "Ole", "Lea", "Tim", "Ida"} {
		register(t, f, i, name, []string{"k-pfaff", "k-betze"}[i%2:])
	}
	p, rec := register(t, f, 6, "Emil", []string{"k-betze", "k-pfaff"})
	if err := f.Svc.FamilyRespond(p, open(t, f, rec.Number, "k-betze").ID, "withdraw"); err != nil {
		t.Fatal(err)
	}
	v, err := rs.CreateRound(f.Clerk, roundSpec)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rs.ExportRound(f.KitaX, v.ID); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Fatalf("Kita staff exported a round: %v", err)
	}
	e, err := rs.ExportRound(f.Clerk, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Mia", "Emil", "Müller", "0631 2000"} {
		if bytes.Contains(raw, []byte(name)) {
			t.Errorf("the export names %q", name)
		}
	}
	var back Export
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	m, err := allocation.NewMarket(back.Input)
	if err != nil {
		t.Fatalf("the exported input does not run: %v", err)
	}
	want := map[allocation.Mechanism]map[string]allocation.Placement{}
	for _, mech := range []allocation.Mechanism{allocation.DeferredAcceptance, allocation.FirstChoiceFirst} {
		res, err := m.Run(mech)
		if err != nil {
			t.Fatal(err)
		}
		want[mech] = placementsOf(res)
	}
	if len(back.Children) != 6 {
		t.Fatalf("%d children exported, want 6", len(back.Children))
	}
	rows := 0
	for _, c := range back.Children {
		for mech, got := range map[allocation.Mechanism]ExportOutcome{allocation.DeferredAcceptance: c.DeferredAcceptance, allocation.FirstChoiceFirst: c.FirstChoiceFirst} {
			if w := want[mech][c.Number]; got != outcomeOf(w) {
				t.Errorf("%s %s: exported %+v, recomputed %+v", c.Number, mech, got, outcomeOf(w))
			}
		}
		if c.Lottery == 0 || c.AgeGroup == "" {
			t.Errorf("%s: lottery %d, age group %q", c.Number, c.Lottery, c.AgeGroup)
		}
		for i, ch := range c.Choices {
			rows++
			if ch.Rank != i+1 {
				t.Errorf("%s: choice %d has rank %d", c.Number, i, ch.Rank)
			}
			sum := 0
			for _, it := range ch.Parts {
				sum += it.Points
			}
			if sum != ch.Points || !ch.Considered {
				t.Errorf("%s at %s: points %d, parts add up to %d, considered %v", c.Number, ch.KitaID, ch.Points, sum, ch.Considered)
			}
		}
		if c.Number == rec.Number && (len(c.Choices) != 1 || c.Choices[0].KitaID != "k-pfaff") {
			t.Errorf("the withdrawn Vormerkung is in the export: %+v", c.Choices)
		}
	}
	var buf bytes.Buffer
	if err := back.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	table, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(table) != rows+1 || strings.Join(table[0], ",") != strings.Join(exportColumns, ",") {
		t.Fatalf("CSV has %d rows (want %d) and header %v", len(table), rows+1, table[0])
	}
	col := map[string]int{}
	for i, name := range table[0] {
		col[name] = i
	}
	for _, row := range table[1:] {
		c := exportChild(t, back, row[col["number"]])
		if row[col["da_kita_id"]] != c.DeferredAcceptance.KitaID || row[col["lottery"]] != strconv.FormatUint(uint64(c.Lottery), 10) {
			t.Errorf("CSV row %v disagrees with the JSON %+v", row, c)
		}
	}
}

func exportChild(t *testing.T, e Export, number string) ExportChild {
	t.Helper()
	for _, c := range e.Children {
		if c.Number == number {
			return c
		}
	}
	t.Fatalf("%s is not in the export", number)
	return ExportChild{}
}

// TestKitaDeviatesWithAReason: the head of k-pfaff sees whom the draft
// round recommends there, refuses one child with a written reason; the
// round runs again without that child there, the place goes to the next
// child, the child's explanation says the Kita deviated, and the audit log
// records it. Other Kitas' staff and families cannot.
func TestKitaDeviatesWithAReason(t *testing.T) {
	f := apptest.NewLife(t)
	rs := New(f.Svc, apptest.DB(f.Svc))
	for i, name := range []string{"Mia", "Ole", "Lea"} {
		register(t, f, i, name, []string{"k-pfaff", "k-betze"})
	}
	v, err := rs.CreateRound(f.Clerk, roundSpec)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := rs.Recommendations(f.KitaX)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].KitaID != "k-pfaff" || len(recs[0].Children) == 0 {
		t.Fatalf("k-pfaff's staff see %+v", recs)
	}
	before := len(recs[0].Children)
	refused := recs[0].Children[0]
	if refused.ChildName == "" {
		t.Fatalf("the recommendation does not name the child: %+v", refused)
	}
	const reason = "Integrationsplatz nötig, den die Kita im Sommer nicht hat"
	if _, err := rs.Deviate(f.KitaY, v.ID, "k-pfaff", refused.Number, reason); apptest.ErrorCode(err) != "auth.forbidden" {
		t.Fatalf("another Kita's staff deviated for k-pfaff: %v", err)
	}
	if _, err := rs.Deviate(f.KitaX, v.ID, "k-pfaff", refused.Number, "  kurz "); apptest.ErrorCode(err) != "round.deviation_reason" {
		t.Fatalf("a deviation without a real reason: %v", err)
	}
	after, err := rs.Deviate(f.KitaX, v.ID, "k-pfaff", refused.Number, reason)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Children) != before || len(after.Deviations) != 1 || after.Deviations[0].Reason != reason {
		t.Fatalf("after the deviation: %+v (before %d children)", after, before)
	}
	for _, c := range after.Children {
		if c.Number == refused.Number {
			t.Fatalf("the refused child is still recommended at k-pfaff")
		}
	}
	if _, err := rs.Deviate(f.KitaX, v.ID, "k-pfaff", refused.Number, reason); apptest.ErrorCode(err) != "round.not_recommended" {
		t.Fatalf("a second deviation for a child no longer recommended: %v", err)
	}
	e, err := rs.ExplainRound(f.Clerk, v.ID, refused.Number)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Reasons) == 0 || e.Reasons[0].Code != allocation.ReasonKitaRefused || !strings.Contains(e.Reasons[0].Text, "abgewichen") {
		t.Fatalf("the refused child's explanation: %+v", e)
	}
	// A rerun by the clerk keeps the deviation.
	v2, err := rs.RerunRound(f.Clerk, v.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, pl := range v2.Placements {
		if pl.Number == refused.Number && pl.KitaID == "k-pfaff" {
			t.Fatal("the rerun forgot the deviation")
		}
	}
	ex, err := rs.ExportRound(f.Clerk, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Deviations) != 1 || exportChild(t, ex, refused.Number).Choices[0].Considered {
		t.Fatalf("the export does not show the deviation: %+v", ex.Deviations)
	}
	log, err := f.Svc.AuditLog(f.Admin, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range log {
		found = found || (a.Action == "round.deviation" && a.Number == refused.Number && a.KitaID == "k-pfaff" && strings.Contains(a.Detail, reason))
	}
	if !found {
		t.Fatal("the audit log has no round.deviation entry")
	}
	if _, err := rs.PublishRound(f.Clerk, v.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := rs.Deviate(f.KitaX, v.ID, "k-pfaff", after.Children[0].Number, reason); apptest.ErrorCode(err) != "round.published" {
		t.Fatalf("a deviation after publication: %v", err)
	}
	if recs, _ := rs.Recommendations(f.KitaX); len(recs) != 0 {
		t.Fatalf("a published round is still shown as a recommendation: %+v", recs)
	}
}
