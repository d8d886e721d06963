package rounds

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"kitaportal/app/allocation"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// A draft round is a recommendation. Before the clerk publishes it, the
// head of a Kita sees the children it recommends there and may deviate:
// not take a recommended child, for a reason stated in writing. The
// deviation is recorded in the round and the audit log, the round runs
// again at once without that child at that Kita (the place goes to the
// next child by the uniform criteria), and the child's explanation says
// that the Kita deviated.

// Limits of a deviation's reason, in characters.
const (
	minReason = 10
	maxReason = 1000
)

// Recommendation is what a draft round recommends for one Kita.
type Recommendation struct {
	RoundID    string              `json:"round_id"`
	Deadline   string              `json:"deadline"`
	StartDate  string              `json:"start_date"`
	KitaID     string              `json:"kita_id"`
	KitaName   string              `json:"kita_name"`
	Children   []RecommendedChild  `json:"children"`
	Deviations []storage.Deviation `json:"deviations"`
}

// RecommendedChild is a child the round places at the Kita.
type RecommendedChild struct {
	Number    string `json:"number"`
	ChildName string `json:"child_name"`
	AgeGroup  string `json:"age_group"`
	Rank      int    `json:"rank"`
	Points    int    `json:"points"`
}

// mayDeviate lets the Kita's own staff and clerks through.
func mayDeviate(p *auth.Principal, kitaID string) error {
	if auth.RequireStaff(p, domain.RoleClerk) == nil {
		return nil
	}
	return auth.RequireKita(p, kitaID)
}

// Recommendations lists, for each Kita of the staff member, what the draft
// rounds recommend there.
func (s *Service) Recommendations(p *auth.Principal) ([]Recommendation, error) {
	if err := auth.RequireStaff(p, domain.RoleKita); err != nil {
		return nil, err
	}
	rs, err := s.store.Rounds()
	if err != nil {
		return nil, err
	}
	out := []Recommendation{}
	for _, r := range rs {
		if r.Status != storage.RoundDraft {
			continue
		}
		r, m, res, err := s.loadRound(r.ID)
		if err != nil {
			return nil, err
		}
		for _, k := range p.KitaIDs {
			rec, ok, err := s.recommendation(r, m, res, k)
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, rec)
			}
		}
	}
	return out, nil
}

// recommendation is round r's recommendation for Kita kitaID; ok is false
// when the Kita is not in the round.
func (s *Service) recommendation(r storage.Round, m *allocation.Market, res *allocation.Result, kitaID string) (Recommendation, bool, error) {
	i := slices.IndexFunc(m.Round().Kitas, func(k allocation.Kita) bool { return k.ID == kitaID })
	if i < 0 {
		return Recommendation{}, false, nil
	}
	rec := Recommendation{RoundID: r.ID, Deadline: r.Deadline, StartDate: r.StartDate, KitaID: kitaID,
		KitaName: m.Round().Kitas[i].Name, Children: []RecommendedChild{}, Deviations: []storage.Deviation{}}
	var numbers []string
	for _, pl := range res.Placements {
		if pl.KitaID == kitaID && pl.Status == allocation.StatusPlaced {
			numbers = append(numbers, pl.ChildID)
			rec.Children = append(rec.Children, RecommendedChild{Number: pl.ChildID, AgeGroup: ageGroupCode(pl.AgeGroup), Rank: pl.Rank, Points: pl.Points})
		}
	}
	for _, d := range r.Deviations {
		if d.KitaID == kitaID {
			rec.Deviations = append(rec.Deviations, d)
		}
	}
	names, err := s.store.ChildNames(numbers)
	if err != nil {
		return Recommendation{}, false, err
	}
	for i := range rec.Children {
		rec.Children[i].ChildName = names[rec.Children[i].Number]
	}
	return rec, true, nil
}

// Deviate records that Kita kitaID does not take the child the draft round
// recommends there, for reason, and runs the round again.
func (s *Service) Deviate(p *auth.Principal, roundID, kitaID, number, reason string) (Recommendation, error) {
	if err := mayDeviate(p, kitaID); err != nil {
		return Recommendation{}, err
	}
	number, reason = auth.NormalizeNumber(number), strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < minReason || n > maxReason {
		return Recommendation{}, apperr.Invalid("reason", apperr.RoundDeviationReason,
			"state the reason for the deviation in %d to %d characters", minReason, maxReason)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, m, res, err := s.loadRound(roundID)
	if err != nil {
		return Recommendation{}, err
	}
	if r.Status == storage.RoundPublished {
		return Recommendation{}, errRoundPublished
	}
	placed := slices.ContainsFunc(res.Placements, func(pl allocation.Placement) bool {
		return pl.ChildID == number && pl.KitaID == kitaID && pl.Status == allocation.StatusPlaced
	})
	if !placed {
		return Recommendation{}, &apperr.Error{Code: apperr.RoundNotRecommended, Field: "number", Status: http.StatusConflict,
			Message: fmt.Sprintf("this round does not recommend Vormerkung %s for this Kita", number)}
	}
	actor, role := p.Actor()
	now := s.now()
	r.Deviations = append(r.Deviations, storage.Deviation{KitaID: kitaID, Number: number, Reason: reason, By: actor, At: now})
	in, err := s.rerunInput(r, m.Round())
	if err != nil {
		return Recommendation{}, err
	}
	r.UpdatedAt = now
	if _, err := s.runRound(&r, in); err != nil {
		return Recommendation{}, err
	}
	if err := s.store.PutRound(r); err != nil {
		return Recommendation{}, err
	}
	if err := s.store.AppendAudit(storage.AuditEntry{At: now, ActorID: actor, ActorRole: role, Action: "round.deviation",
		Number: number, KitaID: kitaID, Detail: r.ID + ": " + reason}); err != nil {
		s.log.WithError(err).Error("audit")
	}
	m, res, err = decodeRound(r)
	if err != nil {
		return Recommendation{}, err
	}
	rec, _, err := s.recommendation(r, m, res, kitaID)
	return rec, err
}
