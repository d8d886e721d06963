// Package settings holds what an admin configures for the whole
// installation: the rules that check each value, the defaults, and the
// service that keeps the current values in memory over the store.
package settings

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"kitaportal/app/allocation"
	"kitaportal/app/apperr"
	"kitaportal/app/domain"
)

// Settings are what an admin configures for the whole installation. They
// live in the store; Defaults fills in what was never set.
type Settings struct {
	// VormerkungLimit is how many running Vormerkungen a child may hold.
	VormerkungLimit int `json:"vormerkung_limit"`
	// IdleSeconds without a touch before the kiosk warns, and
	// IdleWarningSeconds the warning's countdown before it wipes.
	IdleSeconds        int `json:"idle_seconds"`
	IdleWarningSeconds int `json:"idle_warning_seconds"`
	// ReceiptIdleSeconds replaces IdleSeconds on the receipt, which shows
	// the access code: a parent who walks away leaves it up for less long.
	ReceiptIdleSeconds int `json:"receipt_idle_seconds"`
	// MapTileURL is a tile server template ({z}/{x}/{y}) a deployment has;
	// empty means the UI draws its offline background.
	MapTileURL     string `json:"map_tile_url"`
	MapAttribution string `json:"map_attribution"`
	// PublicURL is the address phones use to reach `serve`: status QR codes
	// point there. `serve --public-url` overrides it.
	PublicURL string `json:"public_url"`
	// PrivacyVersion names the privacy text families consent to.
	PrivacyVersion string `json:"privacy_version"`
	// OfferAnswerDays is how long a family has to answer a place offer.
	OfferAnswerDays int `json:"offer_answer_days"`
	// RegistrationDeadline is the Vergaberunde's deadline (YYYY-MM-DD, or
	// empty when no round is planned).
	RegistrationDeadline string `json:"registration_deadline"`
	// SMTP delivers the outbox; without SMTPHost, messages appear only in
	// the families' accounts.
	SMTPHost     string `json:"smtp_host"`
	SMTPPort     int    `json:"smtp_port"`
	SMTPSecurity string `json:"smtp_security"` // starttls, tls or none
	SMTPUsername string `json:"smtp_username"`
	SMTPPassword string `json:"smtp_password"`
	// SMTPPasswordFile names a file holding the password (or the OAuth
	// token), read at each delivery; it wins over SMTPPassword and the
	// environment's KITAPORTAL_SMTP_PASSWORD.
	SMTPPasswordFile string `json:"smtp_password_file,omitempty"`
	// SMTPAuth is the SASL mechanism: auto (PLAIN, or LOGIN when the server
	// offers only that, as Exchange does), plain, login or xoauth2.
	SMTPAuth string `json:"smtp_auth,omitempty"`
	SMTPFrom string `json:"smtp_from"`
	// AllocationPoints is the Vergaberunde's points catalogue (JSON, see
	// allocation.Catalogue); empty means the default catalogue.
	AllocationPoints json.RawMessage `json:"allocation_points,omitempty"`
}

// Defaults are used for every setting never set.
func Defaults() Settings {
	return Settings{
		VormerkungLimit:    5,
		IdleSeconds:        90,
		IdleWarningSeconds: 30,
		ReceiptIdleSeconds: 20,
		PrivacyVersion:     "2026-12",
		OfferAnswerDays:    14,
		SMTPPort:           587,
		SMTPSecurity:       "starttls",
	}
}

// settingRule checks one setting's value.
type settingRule struct {
	help  string
	check func(v string) (any, error)
}

func intRule(min, max int) func(string) (any, error) {
	return func(v string) (any, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < min || n > max {
			return nil, fmt.Errorf("%q is not a whole number from %d to %d", v, min, max)
		}
		return n, nil
	}
}

func urlRule(template bool) func(string) (any, error) {
	return func(v string) (any, error) {
		v = strings.TrimSpace(v)
		if v == "" {
			return v, nil
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("%q is not an http(s) address", v)
		}
		if template && !(strings.Contains(v, "{z}") && strings.Contains(v, "{x}") && strings.Contains(v, "{y}")) {
			return nil, fmt.Errorf("%q lacks the {z}, {x} and {y} placeholders of a tile address", v)
		}
		return strings.TrimRight(v, "/"), nil
	}
}

func textRule(max int) func(string) (any, error) {
	return func(v string) (any, error) {
		if len(v) > max {
			return nil, fmt.Errorf("longer than %d characters", max)
		}
		return strings.TrimSpace(v), nil
	}
}

var settingRules = map[string]settingRule{
	"vormerkung_limit":      {"running Vormerkungen per child (1-10)", intRule(1, 10)},
	"idle_seconds":          {"kiosk: seconds without a touch before the idle warning (5-3600)", intRule(5, 3600)},
	"idle_warning_seconds":  {"kiosk: seconds of the idle countdown before the wipe (20-300)", intRule(20, 300)},
	"receipt_idle_seconds":  {"kiosk: seconds without a touch on the receipt (it shows the access code) before the idle warning (5-600)", intRule(5, 600)},
	"map_tile_url":          {"map tiles, e.g. https://tiles.example/{z}/{x}/{y}.png (empty: offline map)", urlRule(true)},
	"map_attribution":       {"attribution shown on the map for the tiles", textRule(200)},
	"public_url":            {"address phones use to reach `serve`, e.g. https://kita.example.de", urlRule(false)},
	"privacy_version":       {"version of the privacy text families consent to", textRule(40)},
	"offer_answer_days":     {"days a family has to answer a place offer (1-60)", intRule(1, 60)},
	"registration_deadline": {"Vergaberunde: register by this date (YYYY-MM-DD; empty: none)", dateRule},
	"smtp_host":             {"mail server for notifications (empty: messages only in the accounts)", textRule(200)},
	"smtp_port":             {"mail server port (default 587)", intRule(1, 65535)},
	"smtp_security":         {"starttls (default), tls or none", oneOfRule("starttls", "tls", "none")},
	"smtp_username":         {"mail server login (empty: no authentication)", textRule(200)},
	"smtp_password":         {"mail server password (better: smtp_password_file or $KITAPORTAL_SMTP_PASSWORD)", textRule(200)},
	"smtp_password_file":    {"file holding the mail server password or OAuth token, read at each delivery", textRule(400)},
	"smtp_auth":             {"auto (default: PLAIN, or LOGIN when only that is offered), plain, login or xoauth2", oneOfRule("auto", "plain", "login", "xoauth2")},
	"smtp_from":             {"sender address of notifications, e.g. kitaportal@stadt.example", emailRule},
	"allocation_points":     {`Vergaberunde points as JSON, e.g. {"single_parent":20,"employment":[{"min_hours":20,"points":10}],"special_needs":25,"youth_welfare":30,"last_year_before_school":15,"sibling":20,"district":10,"district_enabled":false} (empty: defaults)`, catalogueRule},
}

// catalogueRule checks a points catalogue; it is stored as JSON.
func catalogueRule(v string) (any, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return json.RawMessage(nil), nil
	}
	var c allocation.Catalogue
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("not a points catalogue: %v", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return json.RawMessage(v), nil
}

func dateRule(v string) (any, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return v, nil
	}
	if _, ok := domain.ParseDay(v); !ok {
		return nil, fmt.Errorf("%q is not a date (YYYY-MM-DD)", v)
	}
	return v, nil
}

func emailRule(v string) (any, error) {
	v = strings.TrimSpace(v)
	if v != "" && !domain.ValidEmail(v) {
		return nil, fmt.Errorf("%q is not an e-mail address", v)
	}
	return v, nil
}

func oneOfRule(values ...string) func(string) (any, error) {
	return func(v string) (any, error) {
		v = strings.TrimSpace(v)
		for _, ok := range values {
			if v == ok {
				return v, nil
			}
		}
		return nil, fmt.Errorf("%q is not one of %s", v, strings.Join(values, ", "))
	}
}

// Public is the settings without secrets, for output and the admin API.
func (set Settings) Public() Settings {
	if set.SMTPPassword != "" {
		set.SMTPPassword = "********"
	}
	return set
}

// ForAdmin is the settings as the admin screen edits them: secrets hidden
// and the points catalogue spelled out (the defaults while none is set).
func (set Settings) ForAdmin() Settings {
	set = set.Public()
	if len(set.AllocationPoints) == 0 || string(set.AllocationPoints) == "null" {
		if b, err := json.Marshal(allocation.DefaultCatalogue()); err == nil {
			set.AllocationPoints = b
		}
	}
	return set
}

// Names lists the settings with their help, sorted by name.
func Names() [][2]string {
	var out [][2]string
	for name, r := range settingRules {
		out = append(out, [2]string{name, r.help})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Store is where the settings live.
type Store interface {
	Settings() (map[string]json.RawMessage, error)
	PutSettings(map[string]json.RawMessage) error
}

// Service keeps the settings in memory; only it writes them.
type Service struct {
	store  Store
	mu     sync.Mutex
	loaded bool
	value  Settings
}

// New is the settings service over a store.
func New(store Store) *Service { return &Service{store: store} }

// Get returns the current settings.
func (s *Service) Get() (Settings, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loadLocked()
}

func (s *Service) loadLocked() (Settings, error) {
	if s.loaded {
		return s.value, nil
	}
	raw, err := s.store.Settings()
	if err != nil {
		return Settings{}, err
	}
	set := Defaults()
	// Settings is a flat object, so the stored values decode over the defaults.
	obj, err := json.Marshal(raw)
	if err != nil {
		return Settings{}, err
	}
	if err := json.Unmarshal(obj, &set); err != nil {
		return Settings{}, fmt.Errorf("stored settings: %w", err)
	}
	s.value, s.loaded = set, true
	return set, nil
}

// Set checks and stores settings given as name=value texts; an empty value
// resets a text setting. Either all are stored or none.
func (s *Service) Set(values map[string]string) (Settings, error) {
	raw := map[string]json.RawMessage{}
	for name, v := range values {
		rule, ok := settingRules[name]
		if !ok {
			return Settings{}, apperr.Invalid(name, apperr.SettingsUnknown, "unknown setting %q", name)
		}
		val, err := rule.check(v)
		if err != nil {
			return Settings{}, apperr.Invalid(name, apperr.SettingsInvalid, "%v", err)
		}
		data, err := json.Marshal(val)
		if err != nil {
			return Settings{}, err
		}
		raw[name] = data
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.store.PutSettings(raw); err != nil {
		return Settings{}, err
	}
	s.loaded = false
	return s.loadLocked()
}

// Catalogue is the Vergaberunde's points catalogue: the stored one, or the
// default catalogue while none is set.
func (set Settings) Catalogue() (allocation.Catalogue, error) {
	if len(set.AllocationPoints) == 0 || string(set.AllocationPoints) == "null" {
		return allocation.DefaultCatalogue(), nil
	}
	var c allocation.Catalogue
	if err := json.Unmarshal(set.AllocationPoints, &c); err != nil {
		return c, fmt.Errorf("setting allocation_points: %w", err)
	}
	return c, nil
}
