package app

import "kitaportal/storage"

// Care hours per week a family can ask for, and the employment situations
// the form offers; the allocation weighs them.
var (
	CareHourOptions   = []int{20, 25, 30, 35, 40, 45}
	EmploymentOptions = []string{"vollzeit", "teilzeit", "ausbildung", "arbeitsuchend", "elternzeit", "nicht_erwerbstaetig"}
	// Languages the UI offers, German first.
	Languages = []string{"de", "en", "tr", "ar", "uk", "ru"}
)

// ClientSettings are the settings the UI needs (GET /api/session).
type ClientSettings struct {
	VormerkungLimit    int               `json:"vormerkung_limit"`
	IdleSeconds        int               `json:"idle_seconds"`
	IdleWarningSeconds int               `json:"idle_warning_seconds"`
	MapTileURL         string            `json:"map_tile_url"`
	MapAttribution     string            `json:"map_attribution"`
	City               string            `json:"city"`
	CityCenter         *storage.GeoPoint `json:"city_center"`
	PrivacyVersion     string            `json:"privacy_version"`
	OfferAnswerDays    int               `json:"offer_answer_days"`
	CareHours          []int             `json:"care_hours"`
	Employment         []string          `json:"employment"`
	Languages          []string          `json:"languages"`
}

func (h *server) clientSettings(set Settings) ClientSettings {
	cs := ClientSettings{
		VormerkungLimit: set.VormerkungLimit, IdleSeconds: set.IdleSeconds,
		IdleWarningSeconds: set.IdleWarningSeconds, MapTileURL: set.MapTileURL,
		MapAttribution: set.MapAttribution, PrivacyVersion: set.PrivacyVersion, OfferAnswerDays: set.OfferAnswerDays,
		CareHours: CareHourOptions, Employment: EmploymentOptions, Languages: Languages,
	}
	if info, err := h.City(); err == nil {
		cs.City, cs.CityCenter = info.Name, info.Center
	} else {
		h.Log.WithError(err).Warn("city info")
	}
	return cs
}
