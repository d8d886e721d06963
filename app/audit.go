package app

import (
	"time"

	"kitaportal/app/auth"
	"kitaportal/storage"
)

// audit adds an entry for a staff member's action (families' own actions
// on their own data are in the Vormerkung's history).
func audit(cs *storage.ChangeSet, p *auth.Principal, now time.Time, action, number string, v *storage.Vormerkung, detail string) {
	if p == nil || p.Kind == auth.KindFamily {
		return
	}
	id, role := p.Actor()
	e := storage.AuditEntry{At: now, ActorID: id, ActorRole: role, Action: action, Number: number, Detail: detail}
	if v != nil {
		e.VormerkungID, e.KitaID = v.ID, v.KitaID
	}
	cs.Audit = append(cs.Audit, e)
}

// auditAdmin records an admin action.
func (s *Services) auditAdmin(by *auth.Principal, action, detail string) {
	id, role := by.Actor()
	if err := s.Store.AppendAudit(storage.AuditEntry{At: s.Now(), ActorID: id, ActorRole: role, Action: action, Detail: detail}); err != nil {
		s.Log.WithError(err).Error("audit")
	}
}
