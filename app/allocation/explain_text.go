package allocation

import (
	"fmt"
	"strconv"
	"strings"
)

// The German texts of explanations. They use only ids, Kita names and
// numbers the caller passed in: no personal data.

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func points(n int) string { return plural(n, "Punkt", "Punkte") }

func summaryText(e Explanation) string {
	var b strings.Builder
	switch e.Status {
	case StatusFixed:
		fmt.Fprintf(&b, "Ihr Kind hat bereits einen angenommenen Platz in %s.", e.KitaName)
		return b.String()
	case StatusPlaced:
		fmt.Fprintf(&b, "Ihr Kind hat einen Platz in %s erhalten (Wunsch %d, Altersgruppe %s).",
			e.KitaName, e.Rank, e.AgeGroup)
	default:
		fmt.Fprintf(&b, "Ihr Kind hat in dieser Vergaberunde keinen Platz erhalten (Altersgruppe %s).", e.AgeGroup)
	}
	if e.Together {
		b.WriteString(" Die Kinder, die Sie gemeinsam angemeldet haben, wurden zusammen aufgenommen.")
	}
	return b.String()
}

func reasonText(r Reason, result string) string {
	given := fmt.Sprintf("%s hat in Ihrer Altersgruppe (%s) %s vergeben", r.KitaName, r.AgeGroup,
		plural(r.Places, "Platz", "Plätze"))
	switch r.Code {
	case ReasonNoPlaces:
		switch {
		case r.Fixed == 1:
			return fmt.Sprintf("%s hat in Ihrer Altersgruppe (%s) keinen freien Platz: der einzige Platz ist schon in einer früheren Runde vergeben worden.",
				r.KitaName, r.AgeGroup)
		case r.Fixed > 1:
			return fmt.Sprintf("%s hat in Ihrer Altersgruppe (%s) keine freien Plätze: alle %d Plätze sind schon in einer früheren Runde vergeben worden.",
				r.KitaName, r.AgeGroup, r.Fixed)
		}
		return fmt.Sprintf("%s hat in Ihrer Altersgruppe (%s) keine Plätze.", r.KitaName, r.AgeGroup)
	case ReasonOutranked:
		return fmt.Sprintf("%s; das zuletzt aufgenommene Kind hatte %s, Ihr Kind %s.",
			given, points(r.LastPoints), points(r.ChildPoints))
	case ReasonLottery:
		return fmt.Sprintf("%s; das zuletzt aufgenommene Kind hatte die gleiche Punktzahl wie Ihr Kind (%s); "+
			"das Losverfahren hat entschieden (Losnummer %d gegenüber Ihrer Losnummer %d; die kleinere Nummer hat Vorrang).",
			given, points(r.ChildPoints), r.LastLottery, r.ChildLottery)
	case ReasonDeclined:
		return fmt.Sprintf("Sie haben das Platzangebot von %s abgelehnt; diese Kita wird in dieser Runde für Ihr Kind nicht mehr berücksichtigt.",
			r.KitaName)
	case ReasonKitaRefused:
		return fmt.Sprintf("%s ist mit schriftlicher Begründung von der Empfehlung der Vergaberunde abgewichen und nimmt Ihr Kind in dieser Runde nicht auf; "+
			"die Begründung nennt Ihnen das Jugendreferat.", r.KitaName)
	case ReasonKeptTogether:
		return fmt.Sprintf("%s hätte Ihr Kind allein aufnehmen können, aber nicht zusammen mit den Kindern, die Sie gemeinsam angemeldet haben; "+
			"wie gewünscht wurden die Kinder zusammen in %s aufgenommen.", r.KitaName, result)
	case ReasonFilledByHigherChoices:
		return fmt.Sprintf("%s; alle Plätze gingen an Kinder, die diese Kita auf einem höheren Wunschplatz genannt hatten (bei Ihnen: Wunsch %d).",
			given, r.Rank)
	}
	return fmt.Sprintf("%s hätte nach Punkten und Losnummer einen Platz für Ihr Kind gehabt; diese Zuteilung folgt nicht den Regeln der Vergaberunde.",
		r.KitaName)
}

// criterionText names a criterion in German.
func criterionText(it PointItem) string {
	switch it.Criterion {
	case CriterionSingleParent:
		return "alleinerziehend"
	case CriterionEmployment:
		return "Berufstätigkeit Elternteil " + strconv.Itoa(it.Parent) + " (" + strconv.Itoa(it.Hours) + " Std./Woche)"
	case CriterionSpecialNeeds:
		return "besonderer Förderbedarf"
	case CriterionYouthWelfare:
		return "Unterstützung durch das Jugendamt (Hilfe zur Erziehung)"
	case CriterionLastYearBeforeSchool:
		return "letztes Jahr vor der Einschulung"
	case CriterionSibling:
		return "Geschwisterkind in dieser Kita"
	case CriterionDistrict:
		return "Wohnort im Stadtteil der Kita"
	}
	return it.Criterion
}

func pointText(it PointItem) string {
	return criterionText(it) + ": " + points(it.Points)
}

// pointsText runs once per child and ranked Kita, so it avoids fmt.
func pointsText(kp KitaPoints) string {
	var b strings.Builder
	b.Grow(len(kp.KitaName) + 40 + 48*len(kp.Items))
	b.WriteString(kp.KitaName)
	b.WriteString(" (Wunsch ")
	b.WriteString(strconv.Itoa(kp.Rank))
	b.WriteString("): ")
	b.WriteString(points(kp.Total))
	if len(kp.Items) == 0 {
		b.WriteString(" – kein Kriterium trifft zu.")
		return b.String()
	}
	for i, it := range kp.Items {
		if i == 0 {
			b.WriteString(" – ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(it.Text)
	}
	b.WriteString(".")
	return b.String()
}
