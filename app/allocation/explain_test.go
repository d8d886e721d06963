package allocation

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

func hours(c Child, h ...int) Child { c.Criteria.ParentHours = h; return c }

// explainRound: Sonnenblume has 2 U3 places and none for Ü3, Regenbogen 1
// of each, Wald only Ü3 places. With the default catalogue b has 40
// points, a 35, k and d 30 each.
func explainRound(seed uint64) Round {
	kitas := []Kita{
		{ID: "son", Name: "Kita Sonnenblume", Capacity: Capacity{U3: 2}},
		{ID: "reg", Name: "Kita Regenbogen", Capacity: Capacity{U3: 1, Ue3: 1}},
		{ID: "wal", Name: "Waldkita", Capacity: Capacity{Ue3: 2}},
	}
	a := hours(withPoints(child("a", U3, "son"), false, true), 30)
	b := hours(withPoints(child("b", U3, "son"), true, false), 20)
	k := hours(child("k", U3, "son", "reg"), 30, 30)
	d := hours(child("d", U3, "reg"), 35, 39)
	e := child("e", Ue3, "son", "wal")
	f := child("f", U3, "reg", "wal")
	f.DeclinedKitaIDs = []string{"reg"}
	r := handRound(kitas, a, b, k, d, e, f)
	r.Seed = seed
	return r
}

// explainRoundLost returns explainRound's explanations for the first seed
// at which k loses the lottery against d at Regenbogen.
func explainRoundLost(t *testing.T) ([]Explanation, *Result) {
	for seed := uint64(1); ; seed++ {
		m := mustMarket(t, explainRound(seed))
		if res := m.DeferredAcceptance(); placementOf(t, res, "k").Status == StatusUnplaced {
			ex, err := m.Explain(res)
			if err != nil {
				t.Fatal(err)
			}
			return ex, res
		}
	}
}

func TestExplanationSentences(t *testing.T) {
	ex, res := explainRoundLost(t)
	k, d := ex[2], placementOf(t, res, "d")
	if k.Text != "Ihr Kind hat in dieser Vergaberunde keinen Platz erhalten (Altersgruppe U3)." {
		t.Errorf("summary %q", k.Text)
	}
	want := []struct {
		code ReasonCode
		text string
	}{
		{ReasonOutranked, "Kita Sonnenblume hat in Ihrer Altersgruppe (U3) 2 Plätze vergeben; das zuletzt aufgenommene Kind hatte 35 Punkte, Ihr Kind 30 Punkte."},
		{ReasonLottery, fmt.Sprintf("Kita Regenbogen hat in Ihrer Altersgruppe (U3) 1 Platz vergeben; das zuletzt aufgenommene Kind hatte die gleiche Punktzahl wie Ihr Kind (30 Punkte); "+
			"das Losverfahren hat entschieden (Losnummer %d gegenüber Ihrer Losnummer %d; die kleinere Nummer hat Vorrang).", d.Lottery, k.Lottery)},
	}
	if len(k.Reasons) != len(want) {
		t.Fatalf("reasons %+v", k.Reasons)
	}
	for i, w := range want {
		if got := k.Reasons[i]; got.Code != w.code || got.Text != w.text {
			t.Errorf("reason %d:\n got %s %q\nwant %s %q", i, got.Code, got.Text, w.code, w.text)
		}
	}
	if r := k.Reasons[0]; r.Places != 2 || r.LastPoints != 35 || r.ChildPoints != 30 {
		t.Errorf("structured reason %+v", r)
	}
	wantPoints := "Kita Sonnenblume (Wunsch 1): 30 Punkte – Berufstätigkeit Elternteil 1 (30 Std./Woche): 15 Punkte; " +
		"Berufstätigkeit Elternteil 2 (30 Std./Woche): 15 Punkte."
	if got := k.Points[0].Text; got != wantPoints {
		t.Errorf("points:\n got %q\nwant %q", got, wantPoints)
	}
}

func TestExplanationNoPlacesAndDeclined(t *testing.T) {
	ex, _ := explainRoundLost(t)
	e := ex[4]
	if e.Text != "Ihr Kind hat einen Platz in Waldkita erhalten (Wunsch 2, Altersgruppe Ü3)." ||
		e.Reasons[0].Text != "Kita Sonnenblume hat in Ihrer Altersgruppe (Ü3) keine Plätze." {
		t.Errorf("e: %q / %q", e.Text, e.Reasons[0].Text)
	}
	f := ex[5]
	if len(f.Reasons) != 2 || f.Reasons[0].Code != ReasonDeclined || f.Reasons[1].Code != ReasonNoPlaces ||
		f.Reasons[0].Text != "Sie haben das Platzangebot von Kita Regenbogen abgelehnt; diese Kita wird in dieser Runde für Ihr Kind nicht mehr berücksichtigt." {
		t.Errorf("f: %+v", f.Reasons)
	}
	if len(f.Points) != 1 || f.Points[0].Text != "Waldkita (Wunsch 2): 0 Punkte – kein Kriterium trifft zu." {
		t.Errorf("f points: %+v", f.Points)
	}
}

func TestExplainFirstChoiceFirst(t *testing.T) {
	// h has more points than g, but ranks P second: under first choice
	// first g's first choice wins; under DA h takes P.
	r := handRound([]Kita{kita("P", 1, 0), kita("Q", 1, 0)},
		child("g", U3, "P"),
		withPoints(child("h", U3, "Q", "P"), true, false),
		withPoints(child("h2", U3, "Q"), true, true))
	m := mustMarket(t, r)
	fcf := m.FirstChoiceFirst()
	e, err := m.ExplainChild(fcf, "h")
	if err != nil {
		t.Fatal(err)
	}
	want := "Kita P hat in Ihrer Altersgruppe (U3) 1 Platz vergeben; alle Plätze gingen an Kinder, die diese Kita auf einem höheren Wunschplatz genannt hatten (bei Ihnen: Wunsch 2)."
	if len(e.Reasons) != 2 || e.Reasons[1].Code != ReasonFilledByHigherChoices || e.Reasons[1].Text != want {
		t.Fatalf("reasons %+v", e.Reasons)
	}
	if got := e.Reasons[0]; got.Code != ReasonOutranked || got.LastPoints != 50 || got.ChildPoints != 30 {
		t.Fatalf("at Q: %+v", got)
	}
	if p := placementOf(t, m.DeferredAcceptance(), "h"); p.KitaID != "P" {
		t.Fatalf("DA should give h P: %+v", p)
	}
	if _, err := m.ExplainChild(fcf, "nobody"); err == nil {
		t.Fatal("unknown child explained")
	}
}

func TestFollowUpRound(t *testing.T) {
	kitas := []Kita{kita("A", 2, 0), kita("B", 1, 0)}
	fixed := child("old", U3)
	fixed.FixedKitaID = "A"
	fixed2 := child("old2", U3)
	fixed2.FixedKitaID = "B"
	c := child("new", U3, "B", "A")
	c.DeclinedKitaIDs = nil
	declined := child("dec", U3, "A", "B")
	declined.DeclinedKitaIDs = []string{"A"}
	r := handRound(kitas, fixed, fixed2, c, declined)
	m := mustMarket(t, r)
	res := m.DeferredAcceptance()
	checkValid(t, r, res)
	if p := placementOf(t, res, "new"); p.KitaID != "A" || p.Rank != 2 {
		t.Fatalf("new: %+v (B is full with a fixed child)", p)
	}
	if p := placementOf(t, res, "dec"); p.Status != StatusUnplaced {
		t.Fatalf("dec declined A and B is full: %+v", p)
	}
	e, _ := m.ExplainChild(res, "new")
	if e.Reasons[0].Code != ReasonNoPlaces || e.Reasons[0].Fixed != 1 || e.Reasons[0].Text !=
		"Kita B hat in Ihrer Altersgruppe (U3) keinen freien Platz: der einzige Platz ist schon in einer früheren Runde vergeben worden." {
		t.Fatalf("reason %+v", e.Reasons[0])
	}
	st, err := m.Stats(res)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fixed != 2 || st.Children != 2 || st.Placed != 1 || st.FreeTotal.U3 != 0 {
		t.Fatalf("stats %+v", st)
	}
	if row := st.FreePlaces[0]; row.KitaID != "A" || row.Capacity != 2 || row.Fixed != 1 || row.Placed != 1 || row.Free != 0 {
		t.Fatalf("free places %+v", st.FreePlaces)
	}
}

// TestStoredFirstChoiceFirstExplainsLikeLive: a first-choice-first result
// read back from its JSON (a stored round) explains every child exactly as
// the result fresh from the run does.
func TestStoredFirstChoiceFirstExplainsLikeLive(t *testing.T) {
	r := genCity(cityConfig{Kitas: 30, Children: 600, Shortage: 0.2, GroupShare: 0.05, Seed: 31})
	m := mustMarket(t, r)
	live := m.FirstChoiceFirst()
	raw, err := json.Marshal(live)
	if err != nil {
		t.Fatal(err)
	}
	var stored Result
	if err := json.Unmarshal(raw, &stored); err != nil {
		t.Fatal(err)
	}
	want, err := m.Explain(live)
	if err != nil {
		t.Fatal(err)
	}
	got, err := mustMarket(t, r).Explain(&stored)
	if err != nil {
		t.Fatal(err)
	}
	differ := 0
	for i := range want {
		if !reflect.DeepEqual(want[i], got[i]) {
			if differ == 0 {
				t.Errorf("child %s: live %q, stored %q", want[i].ChildID, want[i].Text, got[i].Text)
			}
			differ++
		}
	}
	if differ > 0 {
		t.Errorf("%d of %d explanations differ once stored", differ, len(want))
	}
}
