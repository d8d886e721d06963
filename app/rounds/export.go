package rounds

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"kitaportal/app/allocation"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/storage"
)

// A round's export is everything needed to recompute it without this
// program: the engine's full input (Kitas and their places, every child's
// ranked Kitas and criteria, the points catalogue, the seed) and per child
// its points at each Kita with their parts, its lottery number, group, age
// group and what both mechanisms gave it. Children are named by their
// Vormerkungsnummer only; names and addresses stay in the store.

// Export is a round's input and outcome for recomputation.
type Export struct {
	RoundID    string    `json:"round_id"`
	Status     string    `json:"status"`
	Deadline   string    `json:"deadline"`
	StartDate  string    `json:"start_date"`
	Mechanism  string    `json:"mechanism"`
	FollowUpOf string    `json:"follow_up_of,omitempty"`
	ExportedAt time.Time `json:"exported_at"`
	// Input is the engine's input exactly as the round ran it.
	Input    allocation.Round    `json:"input"`
	Children []ExportChild       `json:"children"`
	Notes    []storage.RoundNote `json:"notes"`
	Holding  int                 `json:"holding"`
	// Deviations are the Kitas' documented deviations from the
	// recommendation that this run took into account.
	Deviations []storage.Deviation `json:"deviations"`
}

// ExportChild is one child's part in the round.
type ExportChild struct {
	Number   string `json:"number"`
	AgeGroup string `json:"age_group"`
	Group    string `json:"group,omitempty"`
	Lottery  uint32 `json:"lottery"`
	// FixedKitaID: the child kept this place from the earlier round.
	FixedKitaID        string         `json:"fixed_kita_id,omitempty"`
	Choices            []ExportChoice `json:"choices"`
	DeferredAcceptance ExportOutcome  `json:"deferred_acceptance"`
	FirstChoiceFirst   ExportOutcome  `json:"first_choice_first"`
}

// ExportChoice is one ranked Kita with the child's points there.
type ExportChoice struct {
	Rank   int    `json:"rank"`
	KitaID string `json:"kita_id"`
	// Considered is false where the family declined this Kita's offer in
	// the earlier round (or the Kita deviated): no points, not considered.
	Considered bool                   `json:"considered"`
	Points     int                    `json:"points"`
	Parts      []allocation.PointItem `json:"parts"`
}

// ExportOutcome is what one mechanism gave the child.
type ExportOutcome struct {
	Status string `json:"status"`
	KitaID string `json:"kita_id,omitempty"`
	Rank   int    `json:"rank,omitempty"`
}

// ExportRound exports a stored round; the export is audit-logged.
func (s *Service) ExportRound(p *auth.Principal, id string) (Export, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return Export{}, err
	}
	r, m, res, err := s.loadRound(id)
	if err != nil {
		return Export{}, err
	}
	e, err := s.export(r, m, res)
	if err == nil {
		s.audit(p, "round.export", r.ID)
	}
	return e, err
}

// ExportPlanned exports a round PlanRound returned (a dry run).
func (s *Service) ExportPlanned(p *auth.Principal, r storage.Round) (Export, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return Export{}, err
	}
	m, res, err := decodeRound(r)
	if err != nil {
		return Export{}, err
	}
	return s.export(r, m, res)
}

func (s *Service) export(r storage.Round, m *allocation.Market, res *allocation.Result) (Export, error) {
	in := m.Round()
	e := Export{RoundID: r.ID, Status: r.Status, Deadline: r.Deadline, StartDate: r.StartDate, Mechanism: r.Mechanism,
		FollowUpOf: r.FollowUpOf, ExportedAt: s.now().UTC(), Input: in, Notes: r.Notes, Holding: r.Holding,
		Deviations: r.Deviations}
	if e.Notes == nil {
		e.Notes = []storage.RoundNote{}
	}
	if e.Deviations == nil {
		e.Deviations = []storage.Deviation{}
	}
	byMech := map[allocation.Mechanism]*allocation.Result{allocation.Mechanism(r.Mechanism): res}
	for _, mech := range []allocation.Mechanism{allocation.DeferredAcceptance, allocation.FirstChoiceFirst} {
		if byMech[mech] == nil {
			other, err := m.Run(mech)
			if err != nil {
				return Export{}, err
			}
			byMech[mech] = other
		}
	}
	x, err := m.NewExplainer(res)
	if err != nil {
		return Export{}, err
	}
	da, fcf := placementsOf(byMech[allocation.DeferredAcceptance]), placementsOf(byMech[allocation.FirstChoiceFirst])
	own, all := placementsOf(res), x.All()
	for i, c := range in.Children {
		ex := all[i]
		pl := own[c.ID]
		ec := ExportChild{Number: c.ID, AgeGroup: ageGroupCode(pl.AgeGroup), Group: c.GroupID, Lottery: pl.Lottery,
			FixedKitaID: c.FixedKitaID, DeferredAcceptance: outcomeOf(da[c.ID]), FirstChoiceFirst: outcomeOf(fcf[c.ID])}
		points := map[string]allocation.KitaPoints{}
		for _, kp := range ex.Points {
			points[kp.KitaID] = kp
		}
		choices := slices.Clone(c.Choices)
		slices.SortFunc(choices, func(a, b allocation.Choice) int { return a.Rank - b.Rank })
		for _, ch := range choices {
			kp, ok := points[ch.KitaID]
			parts := kp.Items
			if parts == nil {
				parts = []allocation.PointItem{}
			}
			ec.Choices = append(ec.Choices, ExportChoice{Rank: ch.Rank, KitaID: ch.KitaID, Considered: ok, Points: kp.Total, Parts: parts})
		}
		e.Children = append(e.Children, ec)
	}
	return e, nil
}

func placementsOf(res *allocation.Result) map[string]allocation.Placement {
	out := make(map[string]allocation.Placement, len(res.Placements))
	for _, pl := range res.Placements {
		out[pl.ChildID] = pl
	}
	return out
}

func outcomeOf(pl allocation.Placement) ExportOutcome {
	return ExportOutcome{Status: string(pl.Status), KitaID: pl.KitaID, Rank: pl.Rank}
}

// exportColumns are the CSV's columns: one row per child and ranked Kita.
var exportColumns = []string{"round_id", "number", "age_group", "group", "lottery", "fixed_kita_id",
	"rank", "kita_id", "considered", "points", "point_parts",
	"da_status", "da_kita_id", "da_rank", "fcf_status", "fcf_kita_id", "fcf_rank"}

// WriteCSV writes the export as CSV, one row per child and ranked Kita;
// point_parts lists criterion=points separated by "; ".
func (e Export) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(exportColumns); err != nil {
		return err
	}
	for _, c := range e.Children {
		for _, ch := range c.Choices {
			parts := make([]string, len(ch.Parts))
			for i, it := range ch.Parts {
				parts[i] = partName(it) + "=" + strconv.Itoa(it.Points)
			}
			row := []string{e.RoundID, c.Number, c.AgeGroup, c.Group, strconv.FormatUint(uint64(c.Lottery), 10), c.FixedKitaID,
				strconv.Itoa(ch.Rank), ch.KitaID, strconv.FormatBool(ch.Considered), strconv.Itoa(ch.Points), strings.Join(parts, "; "),
				c.DeferredAcceptance.Status, c.DeferredAcceptance.KitaID, rankText(c.DeferredAcceptance.Rank),
				c.FirstChoiceFirst.Status, c.FirstChoiceFirst.KitaID, rankText(c.FirstChoiceFirst.Rank)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// partName names a point item: the criterion, with the parent and hours
// for employment ("employment(1:35h)").
func partName(it allocation.PointItem) string {
	if it.Parent > 0 {
		return fmt.Sprintf("%s(%d:%dh)", it.Criterion, it.Parent, it.Hours)
	}
	return it.Criterion
}

func rankText(r int) string {
	if r == 0 {
		return ""
	}
	return strconv.Itoa(r)
}
