package httpapi

import (
	"kitaportal/app"
	"kitaportal/app/settings"
	"kitaportal/storage"
)

// ClientSettings are the settings the UI needs (GET /api/session).
type ClientSettings struct {
	VormerkungLimit    int               `json:"vormerkung_limit"`
	IdleSeconds        int               `json:"idle_seconds"`
	IdleWarningSeconds int               `json:"idle_warning_seconds"`
	ReceiptIdleSeconds int               `json:"receipt_idle_seconds"`
	MapTileURL         string            `json:"map_tile_url"`
	MapAttribution     string            `json:"map_attribution"`
	City               string            `json:"city"`
	CityCenter         *storage.GeoPoint `json:"city_center"`
	PrivacyVersion     string            `json:"privacy_version"`
	OfferAnswerDays    int               `json:"offer_answer_days"`
	CareHours          []int             `json:"care_hours"`
	Employment         []string          `json:"employment"`
	Languages          []string          `json:"languages"`
	// Demo: the Kitas are the invented demo city, not real ones.
	Demo bool `json:"demo"`
}

func (a *API) clientSettings(set settings.Settings) ClientSettings {
	cs := ClientSettings{
		VormerkungLimit: set.VormerkungLimit, IdleSeconds: set.IdleSeconds,
		IdleWarningSeconds: set.IdleWarningSeconds, ReceiptIdleSeconds: set.ReceiptIdleSeconds, MapTileURL: set.MapTileURL,
		MapAttribution: set.MapAttribution, PrivacyVersion: set.PrivacyVersion, OfferAnswerDays: set.OfferAnswerDays,
		CareHours: app.CareHourOptions, Employment: app.EmploymentOptions, Languages: app.Languages,
	}
	if info, err := a.catalog.City(); err == nil {
		cs.City, cs.CityCenter, cs.Demo = info.Name, info.Center, info.Demo
	} else {
		a.log.WithError(err).Warn("city info")
	}
	return cs
}
