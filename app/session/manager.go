package session

import (
	"encoding/base64"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
	qrcode "github.com/skip2/go-qrcode"

	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/settings"
)

// Manager is the sessions and hand-offs of this process, with the limits
// that guard hand-offs against guessing.
type Manager struct {
	Sessions *Store
	Handoffs *Handoffs

	settings *settings.Service
	log      *logrus.Logger
	now      func() time.Time
	current  Refresh
	handoff  *auth.Limiter // hand-offs created per address
	redeem   *auth.Limiter // failed hand-off redemptions per address
}

// Refresh is a session's principal as it stands now: nil when the login
// no longer counts (a user disabled or deleted, a family deleted), changed
// when its rights changed (app.Services.CurrentLogin).
type Refresh func(*auth.Principal) (*auth.Principal, error)

// NewManager is an empty session manager; now is the clock, current
// checks each logged-in session's principal on every lookup.
func NewManager(set *settings.Service, log *logrus.Logger, now func() time.Time, current Refresh) *Manager {
	return &Manager{Sessions: NewStore(), Handoffs: NewHandoffs(), settings: set, log: log, now: now, current: current,
		handoff: auth.NewLimiter(30, 10*time.Minute, 10*time.Minute),
		redeem:  auth.NewLimiter(10, 10*time.Minute, 10*time.Minute)}
}

// ErrExpired is the answer for a session that has ended.
var ErrExpired = apperr.New(http.StatusUnauthorized, apperr.SessionExpired, "the session has ended; start again")

var errBusy = apperr.New(http.StatusServiceUnavailable, apperr.ServerBusy, "too many open sessions; try again in a minute")

// New starts a session of the shell.
func (m *Manager) New(shell string) (*Session, error) {
	return m.NewWithCSRF(shell, "")
}

// NewWithCSRF starts a session that keeps the CSRF token a visitor already
// holds ("" draws a new one).
func (m *Manager) NewWithCSRF(shell, csrf string) (*Session, error) {
	set, err := m.settings.Get()
	if err != nil {
		return nil, err
	}
	sess, ok := m.Sessions.CreateWithCSRF(shell, csrf, m.now(), set)
	if !ok {
		return nil, errBusy
	}
	return sess.Snapshot(), nil
}

// Lookup returns a copy of the live session id; ok is false when there is
// none (or it expired). check, when set, runs on the live session first
// (the CSRF check). A session whose login no longer counts ends here; one
// whose rights changed continues with the new ones.
func (m *Manager) Lookup(id string, check func(*Session) error) (*Session, bool, error) {
	set, err := m.settings.Get()
	if err != nil {
		return nil, false, err
	}
	var snap *Session
	ok, err := m.Sessions.With(id, m.now(), set, func(sess *Session) error {
		if check != nil {
			if err := check(sess); err != nil {
				return err
			}
		}
		snap = sess.Snapshot()
		return nil
	})
	if !ok || err != nil || snap.Principal == nil || m.current == nil {
		return snap, ok, err
	}
	p, err := m.current(snap.Principal)
	switch {
	case err != nil:
		return nil, false, err
	case p == nil:
		m.log.Info("session ended: its login no longer exists or was disabled")
		m.Wipe(id)
		return nil, false, nil
	case !reflect.DeepEqual(p, snap.Principal):
		snap.Principal = p
		_ = m.Update(id, func(live *Session) error { live.Principal = p; return nil })
	}
	return snap, true, nil
}

// Update runs fn on the live session id (under its store's lock).
func (m *Manager) Update(id string, fn func(*Session) error) error {
	set, err := m.settings.Get()
	if err != nil {
		return err
	}
	ok, err := m.Sessions.With(id, m.now(), set, fn)
	if !ok {
		return ErrExpired
	}
	return err
}

// Wipe ends a session with everything in it, and a hand-off code still on
// a forgotten screen with it.
func (m *Manager) Wipe(id string) {
	m.Sessions.Destroy(id)
	m.Handoffs.Cancel(id)
}

// Renew replaces a session by one with a new id and the given principal
// (a login), so a planted session id is worthless. A family keeps its
// draft (it logged in to finish it); staff start empty, so a clerk
// unlocking the kiosk never inherits what the previous visitor chose.
func (m *Manager) Renew(old *Session, p *auth.Principal) (*Session, error) {
	m.Sessions.Destroy(old.ID)
	fresh, err := m.New(old.Shell)
	if err != nil {
		return nil, err
	}
	err = m.Update(fresh.ID, func(live *Session) error {
		live.Principal = p
		if p.IsFamily() {
			live.Draft = old.Draft
		}
		fresh = live.Snapshot()
		return nil
	})
	return fresh, err
}

// HandoffView is the kiosk's answer to POST /api/handoff.
type HandoffView struct {
	URL      string `json:"url"`       // what the QR code holds
	ShortURL string `json:"short_url"` // to type: where the code is entered
	Code     string `json:"code"`      // the short fallback code
	// QRDataURL is the QR code as a data: URL, so the token is never kept
	// in clear text on the server, not even inside an image.
	QRDataURL string    `json:"qr_data_url"`
	ExpiresAt time.Time `json:"expires_at"`
	// ExpiresIn is the same in seconds, for a kiosk whose clock is off.
	ExpiresIn int `json:"expires_in"`
}

// StartHandoff makes a hand-off for a kiosk session with at least one
// chosen Kita and no login; base is the public address phones reach, addr
// the client's address (creations are limited per address).
func (m *Manager) StartHandoff(sess *Session, base, addr string) (HandoffView, error) {
	switch {
	case sess.Shell != ShellKiosk:
		return HandoffView{}, apperr.New(http.StatusForbidden, apperr.HandoffKioskOnly, "only the kiosk hands off to a phone")
	case sess.Principal != nil:
		return HandoffView{}, apperr.Conflict("", apperr.HandoffLoggedIn, "log out first; a login does not travel to a phone")
	case len(sess.Draft.Merkliste) == 0:
		return HandoffView{}, apperr.Conflict("merkliste", apperr.MerklisteEmpty, "choose a Kita first")
	}
	now := m.now()
	key := "addr:" + addr
	if wait := m.handoff.Blocked(key, now); wait > 0 {
		return HandoffView{}, auth.RateLimited(wait)
	}
	m.handoff.Fail(key, now) // counts creations, not failures
	if base == "" {
		return HandoffView{}, apperr.New(http.StatusServiceUnavailable, apperr.HandoffNoPublicURL, "no public address is configured (setting public_url)")
	}
	token, code, expires := m.Handoffs.Create(sess.ID, now)
	url := base + "/h/" + token
	png, err := qrcode.Encode(url, qrcode.Medium, 480)
	if err != nil {
		return HandoffView{}, err
	}
	return HandoffView{URL: url, ShortURL: shortURL(base) + "/h", Code: code,
		QRDataURL: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), ExpiresAt: expires,
		ExpiresIn: int(expires.Sub(now).Seconds())}, nil
}

func shortURL(base string) string {
	return strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
}

var errHandoffInvalid = apperr.NotFound(apperr.HandoffInvalid,
	"this code is not valid (any more): codes work once and for 10 minutes; ask the kiosk for a new one")

// RedeemHandoff burns a token (from the QR code) or a typed code and
// returns a new phone session with the kiosk's draft; the kiosk session
// ends. Failed tries are limited per client address.
func (m *Manager) RedeemHandoff(token, code, addr string) (*Session, error) {
	key := "addr:" + addr
	now := m.now()
	if wait := m.redeem.Blocked(key, now); wait > 0 {
		return nil, auth.RateLimited(wait)
	}
	if (token == "") == (code == "") || len(token) > 64 || len(code) > 32 {
		return nil, apperr.Invalid("token", apperr.HandoffInvalidRequest, "send either token or code")
	}
	set, err := m.settings.Get()
	if err != nil {
		return nil, err
	}
	kioskID, ok := m.Handoffs.Redeem(token, code, now)
	var draft Draft
	if ok {
		ok, _ = m.Sessions.With(kioskID, now, set, func(k *Session) error {
			draft = k.Draft
			draft.Merkliste = append([]string(nil), k.Draft.Merkliste...)
			return nil
		})
	}
	if !ok {
		if m.redeem.Fail(key, now) {
			m.log.Warn("hand-off redemption locked for an address after repeated failures")
		}
		return nil, errHandoffInvalid
	}
	m.Sessions.Destroy(kioskID)
	// A success does not reset the address's failures: whoever can make
	// hand-offs would otherwise get 10 guesses per own redemption.
	m.log.WithField("kitas", len(draft.Merkliste)).Info("hand-off redeemed")
	phone, created := m.Sessions.Create(ShellWeb, now, set)
	if !created {
		return nil, errBusy
	}
	_, _ = m.Sessions.With(phone.ID, now, set, func(live *Session) error {
		live.Draft = draft
		phone = live.Snapshot()
		return nil
	})
	return phone, nil
}

// HandoffState is what the polling kiosk asks: "pending", "redeemed" or
// "none".
func (m *Manager) HandoffState(sessionID string) string {
	return m.Handoffs.State(sessionID, m.now())
}
