package domain

// Status is where a Vormerkung stands. The values are stable keys; the UI
// translates them ("status.<value>").
type Status string

// The statuses of a Vormerkung.
const (
	StatusEingegangen    Status = "eingegangen"    // received
	StatusGelesen        Status = "gelesen"        // read by the Kita
	StatusTermin         Status = "termin"         // appointment offered
	StatusPlatzangebot   Status = "platzangebot"   // place offered, with a deadline
	StatusAngenommen     Status = "angenommen"     // offer accepted by the parents
	StatusAbgelehnt      Status = "abgelehnt"      // offer declined by the parents
	StatusWarteliste     Status = "warteliste"     // waiting list
	StatusAbsage         Status = "absage"         // rejected by the Kita
	StatusZurueckgezogen Status = "zurueckgezogen" // withdrawn by the parents or automatically
)

// Statuses lists every status in the order of a Vormerkung's life.
var Statuses = []Status{
	StatusEingegangen, StatusGelesen, StatusTermin, StatusPlatzangebot, StatusAngenommen,
	StatusAbgelehnt, StatusWarteliste, StatusAbsage, StatusZurueckgezogen,
}

// Final reports whether a Vormerkung in this status is over: it no longer
// counts towards the limit and no longer blocks a new registration.
func (s Status) Final() bool {
	switch s {
	case StatusAbgelehnt, StatusAbsage, StatusZurueckgezogen:
		return true
	}
	return false
}
