package app

import (
	"errors"
	"io"
	"strconv"
	"time"

	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/settings"
	"kitaportal/storage"
)

// The admin's tools besides users (users.go): the settings, the audit log
// and the state of the outbox.

// AdminSettings are the settings as the admin screen edits them.
func (s *Services) AdminSettings(p *auth.Principal) (settings.Settings, error) {
	if err := auth.RequireStaff(p, domain.RoleAdmin); err != nil {
		return settings.Settings{}, err
	}
	set, err := s.Settings.Get()
	return set.ForAdmin(), err
}

// ChangeSettings stores settings given as name=value texts (all or none)
// and audits the change.
func (s *Services) ChangeSettings(p *auth.Principal, values map[string]string) (settings.Settings, error) {
	if err := auth.RequireStaff(p, domain.RoleAdmin); err != nil {
		return settings.Settings{}, err
	}
	set, err := s.Settings.Set(values)
	if err != nil {
		return set, err
	}
	s.auditAdmin(p, "settings.change", strconv.Itoa(len(values))+" settings")
	return set.ForAdmin(), nil
}

// AuditLog is a page of the audit log: limit entries after seq after.
func (s *Services) AuditLog(p *auth.Principal, after uint64, limit int) ([]storage.AuditEntry, error) {
	if err := auth.RequireStaff(p, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.Store.Audit(after, max(limit, 0))
}

// MessageStatus is one outbox message as the admin sees it: whether and
// when it went out, never to whom or what.
type MessageStatus struct {
	ID        uint64     `json:"id"`
	Attempts  int        `json:"attempts"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	GaveUp    bool       `json:"gave_up"`
	LastError string     `json:"last_error,omitempty"`
}

// OutboxStatus lists the outbox's messages for the admin.
func (s *Services) OutboxStatus(p *auth.Principal) ([]MessageStatus, error) {
	if err := auth.RequireStaff(p, domain.RoleAdmin); err != nil {
		return nil, err
	}
	msgs, err := s.Store.Outbox(false)
	out := []MessageStatus{}
	for _, m := range msgs {
		out = append(out, MessageStatus{m.ID, m.Attempts, m.SentAt, m.GaveUp, m.LastError})
	}
	return out, err
}

// BackupStore is a store that can copy itself while in use.
type BackupStore interface {
	Backup(w io.Writer) (int64, error)
}

// Backup writes a hot backup of the whole store to w (the admin's
// download; the server keeps running). It is audit-logged.
func (s *Services) Backup(p *auth.Principal, w io.Writer) (int64, error) {
	if err := auth.RequireStaff(p, domain.RoleAdmin); err != nil {
		return 0, err
	}
	b, ok := s.Store.(BackupStore)
	if !ok {
		return 0, errors.New("this store cannot back itself up")
	}
	s.auditAdmin(p, "admin.backup", "")
	return b.Backup(w)
}
