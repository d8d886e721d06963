package domain

import "strings"

// Carrier types (Trägerart). The values are stable keys; the UI translates
// them ("carrier.<value>").
const (
	CarrierStaedtisch       = "städtisch"
	CarrierFrei             = "frei"
	CarrierKatholisch       = "katholisch"
	CarrierEvangelisch      = "evangelisch"
	CarrierElterninitiative = "elterninitiative"
	CarrierBetrieblich      = "betrieblich"
)

// CarrierTypes lists every valid carrier type in display order.
var CarrierTypes = []string{
	CarrierStaedtisch, CarrierFrei, CarrierKatholisch,
	CarrierEvangelisch, CarrierElterninitiative, CarrierBetrieblich,
}

// NormalizeCarrierType accepts any case and "staedtisch" for "städtisch".
func NormalizeCarrierType(t string) string {
	t = strings.ToLower(strings.TrimSpace(t))
	if t == "staedtisch" || t == "stadtisch" {
		return CarrierStaedtisch
	}
	return t
}

// FeatureKeys are the features a Kita can have. The UI translates them
// ("feature.<key>").
var FeatureKeys = []string{
	"mittagessen", "ganztag", "integrativ", "naturgruppe", "waldkita",
	"bio_essen", "barrierefrei", "hort", "teilzeit",
}

// Weekdays are the keys of a Kita's opening hours, Monday first.
var Weekdays = []string{"mo", "tu", "we", "th", "fr", "sa", "su"}
