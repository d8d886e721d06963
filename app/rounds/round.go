package rounds

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"kitaportal/app"
	"kitaportal/app/allocation"
	"kitaportal/app/apperr"
	"kitaportal/app/auth"
	"kitaportal/app/domain"
	"kitaportal/app/settings"
	"kitaportal/storage"
)

// The Vergaberunde as a use case: a clerk runs a round on the registrations
// received by a deadline, reviews the outcome and its statistics, adjusts
// capacities and runs it again, reads why a child got what it got, and
// publishes: the allocated places become Platzangebote in the families'
// accounts.

// RoundView is a round as the clerk's screen and `allocate --json` show it.
type RoundView struct {
	ID          string                  `json:"id"`
	Status      string                  `json:"status"`
	Deadline    string                  `json:"deadline"`
	StartDate   string                  `json:"start_date"`
	Mechanism   string                  `json:"mechanism"`
	Seed        uint64                  `json:"seed"`
	FollowUpOf  string                  `json:"follow_up_of,omitempty"`
	Stats       allocation.Stats        `json:"stats"`
	Comparison  allocation.Comparison   `json:"comparison"`
	Capacities  []RoundCapacity         `json:"capacities"`
	Placements  []RoundPlacement        `json:"placements"`
	Catalogue   allocation.Catalogue    `json:"catalogue"`
	CreatedAt   time.Time               `json:"created_at"`
	UpdatedAt   time.Time               `json:"updated_at"`
	PublishedAt *time.Time              `json:"published_at,omitempty"`
	Groups      *allocation.GroupReport `json:"groups,omitempty"`
	// Notes name the children whose input the round changed or could not
	// use; Holding counts the children who held a place already.
	Notes   []RoundNote `json:"notes"`
	Holding int         `json:"holding"`
	// Deviations are the Kitas' documented refusals this run respects.
	Deviations []storage.Deviation `json:"deviations"`
	// Families are the groups of siblings the round keeps together.
	Families []RoundFamily `json:"families"`
}

// RoundFamily is a group of siblings in a round, with what linked it and,
// after a run, where each child was placed.
type RoundFamily struct {
	GroupID  string             `json:"group_id"`
	LinkedBy string             `json:"linked_by"` // account or clerk
	Children []RoundFamilyChild `json:"children"`
	Together bool               `json:"together"`
}

// RoundFamilyChild is one child of a group.
type RoundFamilyChild struct {
	Number    string `json:"number"`
	ChildName string `json:"child_name"`
	Status    string `json:"status,omitempty"`
	KitaName  string `json:"kita_name,omitempty"`
}

// RoundNote is a note on one child's input, with the child's name.
type RoundNote struct {
	storage.RoundNote
	ChildName string `json:"child_name"`
}

// The codes of round notes.
const (
	noteLeftOut    = "round.child_left_out"
	noteChoicesCut = "round.choices_cut"
)

// RoundCapacity is one Kita's places in the round.
type RoundCapacity struct {
	KitaID   string `json:"kita_id"`
	KitaName string `json:"kita_name"`
	District string `json:"district"`
	U3       int    `json:"u3"`
	Ue3      int    `json:"ue3"`
}

// RoundPlacement is one child's outcome with the names a clerk needs.
type RoundPlacement struct {
	allocation.Placement
	Number    string `json:"number"`
	ChildName string `json:"child_name"`
	KitaName  string `json:"kita_name,omitempty"`
}

var (
	errRoundNotFound  = apperr.NotFound(apperr.RoundNotFound, "no such Vergaberunde")
	errRoundPublished = &apperr.Error{Code: apperr.RoundPublished, Message: "this Vergaberunde is published and cannot change", Status: http.StatusConflict}
)

// catalogue is the points catalogue from the settings.
func (s *Service) catalogue() (allocation.Catalogue, error) {
	set, err := s.settings.Get()
	if err != nil {
		return allocation.Catalogue{}, err
	}
	return set.Catalogue()
}

func checkRoundSpec(spec *Spec) error {
	d, ok1 := domain.ParseDay(spec.Deadline)
	st, ok2 := domain.ParseDay(spec.StartDate)
	switch {
	case !ok1:
		return apperr.Invalid("deadline", apperr.FormInvalidDate, "the deadline is a date (YYYY-MM-DD)")
	case !ok2:
		return apperr.Invalid("start_date", apperr.FormInvalidDate, "the start date is a date (YYYY-MM-DD)")
	case !st.After(d):
		return apperr.Invalid("start_date", apperr.RoundStartBeforeDeadline, "places start after the deadline")
	}
	switch allocation.Mechanism(spec.Mechanism) {
	case "":
		spec.Mechanism = string(allocation.DeferredAcceptance)
	case allocation.DeferredAcceptance, allocation.FirstChoiceFirst:
	default:
		return apperr.Invalid("mechanism", apperr.RoundInvalidMechanism, "the mechanism is deferred_acceptance or first_choice_first")
	}
	if spec.Seed == 0 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		// 53 bits, so the seed survives JavaScript's numbers unchanged.
		spec.Seed = binary.BigEndian.Uint64(b[:])&(1<<53-1) | 1
	}
	return nil
}

// PlanRound builds and runs a round without storing it (a dry run).
func (s *Service) PlanRound(p *auth.Principal, spec Spec) (RoundView, storage.Round, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return RoundView{}, storage.Round{}, err
	}
	if err := checkRoundSpec(&spec); err != nil {
		return RoundView{}, storage.Round{}, err
	}
	b, err := s.roundBase(spec)
	if err != nil {
		return RoundView{}, storage.Round{}, err
	}
	cat, err := s.catalogue()
	if err != nil {
		return RoundView{}, storage.Round{}, err
	}
	now := s.now()
	id := "VR-" + now.In(domain.Berlin).Format("20060102-1504") + "-" + auth.RandomCode(4)
	in, err := s.roundInput(id, spec, cat, b)
	if err != nil {
		return RoundView{}, storage.Round{}, err
	}
	actor, _ := p.Actor()
	r := storage.Round{ID: id, Deadline: spec.Deadline, StartDate: spec.StartDate, Mechanism: spec.Mechanism,
		FollowUpOf: spec.FollowUpOf, Status: storage.RoundDraft, CreatedBy: actor, CreatedAt: now, UpdatedAt: now}
	v, err := s.runRound(&r, in)
	return v, r, err
}

// CreateRound runs a round and stores it as a draft.
func (s *Service) CreateRound(p *auth.Principal, spec Spec) (RoundView, error) {
	v, r, err := s.PlanRound(p, spec)
	if err != nil {
		return v, err
	}
	if err := s.store.PutRound(r); err != nil {
		return v, err
	}
	s.audit(p, "round.run", r.ID)
	return v, nil
}

// runRound matches in, stores input and result in r and returns the view.
func (s *Service) runRound(r *storage.Round, inp input) (RoundView, error) {
	in := inp.round
	r.Notes, r.Holding, r.GroupSources = inp.notes, inp.holding, inp.sources
	m, err := allocation.NewMarket(in)
	if err != nil {
		return RoundView{}, &apperr.Error{Code: apperr.RoundInvalidInput, Message: err.Error(), Status: http.StatusUnprocessableEntity}
	}
	res, err := m.Run(allocation.Mechanism(r.Mechanism))
	if err != nil {
		return RoundView{}, err
	}
	if r.Input, err = json.Marshal(in); err != nil {
		return RoundView{}, err
	}
	if r.Result, err = json.Marshal(res); err != nil {
		return RoundView{}, err
	}
	return s.roundView(*r, m, res, inp.names)
}

// roundView shows round r; children names the children by number (nil:
// read from the store).
func (s *Service) roundView(r storage.Round, m *allocation.Market, res *allocation.Result, children map[string]string) (RoundView, error) {
	st, err := m.Stats(res)
	if err != nil {
		return RoundView{}, err
	}
	cmp, err := m.Compare()
	if err != nil {
		return RoundView{}, err
	}
	in := m.Round()
	v := RoundView{ID: r.ID, Status: r.Status, Deadline: r.Deadline, StartDate: r.StartDate, Mechanism: r.Mechanism,
		Seed: in.Seed, FollowUpOf: r.FollowUpOf, Stats: st, Comparison: cmp, Catalogue: in.Catalogue,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, PublishedAt: r.PublishedAt, Groups: res.Groups,
		Capacities: []RoundCapacity{}, Placements: []RoundPlacement{}, Notes: []RoundNote{}, Holding: r.Holding,
		Deviations: r.Deviations}
	if v.Deviations == nil {
		v.Deviations = []storage.Deviation{}
	}
	names := map[string]string{}
	for _, k := range in.Kitas {
		names[k.ID] = k.Name
		v.Capacities = append(v.Capacities, RoundCapacity{KitaID: k.ID, KitaName: k.Name, District: k.District, U3: k.Capacity.U3, Ue3: k.Capacity.Ue3})
	}
	if children == nil {
		numbers := make([]string, 0, len(res.Placements)+len(r.Notes))
		for _, pl := range res.Placements {
			numbers = append(numbers, pl.ChildID)
		}
		for _, n := range r.Notes {
			numbers = append(numbers, n.Number)
		}
		if children, err = s.store.ChildNames(numbers); err != nil {
			return RoundView{}, err
		}
	}
	for _, pl := range res.Placements {
		v.Placements = append(v.Placements, RoundPlacement{Placement: pl, Number: pl.ChildID, KitaName: names[pl.KitaID], ChildName: children[pl.ChildID]})
	}
	for _, n := range r.Notes {
		v.Notes = append(v.Notes, RoundNote{RoundNote: n, ChildName: children[n.Number]})
	}
	v.Families = families(in, r.GroupSources, children, v.Placements)
	return v, nil
}

// families lists the groups of at least two children in round in, with
// their placements where given (nil: before a run).
func families(in allocation.Round, sources, names map[string]string, placements []RoundPlacement) []RoundFamily {
	byGroup := map[string]*RoundFamily{}
	var order []string
	placed := map[string]RoundPlacement{}
	for _, pl := range placements {
		placed[pl.Number] = pl
	}
	for _, c := range in.Children {
		if c.GroupID == "" {
			continue
		}
		f := byGroup[c.GroupID]
		if f == nil {
			f = &RoundFamily{GroupID: c.GroupID, LinkedBy: sources[c.GroupID], Children: []RoundFamilyChild{}}
			byGroup[c.GroupID] = f
			order = append(order, c.GroupID)
		}
		fc := RoundFamilyChild{Number: c.ID, ChildName: names[c.ID]}
		if pl, ok := placed[c.ID]; ok {
			fc.Status, fc.KitaName = string(pl.Status), pl.KitaName
			f.Together = f.Together || pl.Together
		}
		f.Children = append(f.Children, fc)
	}
	slices.Sort(order)
	out := []RoundFamily{}
	for _, g := range order {
		if f := byGroup[g]; len(f.Children) > 1 {
			out = append(out, *f)
		}
	}
	return out
}

// PlannedFamilies lists the groups of siblings a round with spec would
// keep together, before it runs, for the clerk to check.
func (s *Service) PlannedFamilies(p *auth.Principal, spec Spec) ([]RoundFamily, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return nil, err
	}
	if err := checkRoundSpec(&spec); err != nil {
		return nil, err
	}
	b, err := s.roundBase(spec)
	if err != nil {
		return nil, err
	}
	cat, err := s.catalogue()
	if err != nil {
		return nil, err
	}
	in, err := s.roundInput("plan", spec, cat, b)
	if err != nil {
		return nil, err
	}
	return families(in.round, in.sources, in.names, nil), nil
}

// loadRound reads a stored round with its market and result.
func (s *Service) loadRound(id string) (storage.Round, *allocation.Market, *allocation.Result, error) {
	r, err := s.store.GetRound(id)
	if storage.IsNotFound(err) {
		return r, nil, nil, errRoundNotFound
	}
	if err != nil {
		return r, nil, nil, err
	}
	m, res, err := decodeRound(r)
	return r, m, res, err
}

// decodeRound reads the market and result stored in r.
func decodeRound(r storage.Round) (*allocation.Market, *allocation.Result, error) {
	var in allocation.Round
	var res allocation.Result
	if err := json.Unmarshal(r.Input, &in); err != nil {
		return nil, nil, fmt.Errorf("round %s input: %w", r.ID, err)
	}
	if err := json.Unmarshal(r.Result, &res); err != nil {
		return nil, nil, fmt.Errorf("round %s result: %w", r.ID, err)
	}
	m, err := allocation.NewMarket(in)
	return m, &res, err
}

// GetRound shows a stored round.
func (s *Service) GetRound(p *auth.Principal, id string) (RoundView, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return RoundView{}, err
	}
	r, m, res, err := s.loadRound(id)
	if err != nil {
		return RoundView{}, err
	}
	return s.roundView(r, m, res, nil)
}

// Rounds lists the rounds, newest first.
func (s *Service) Rounds(p *auth.Principal) ([]storage.Round, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return nil, err
	}
	rs, err := s.store.Rounds()
	if rs == nil {
		rs = []storage.Round{}
	}
	return rs, err
}

// RerunRound runs a draft again: with new capacities where given, and on
// the registrations as they are now (families may have withdrawn).
func (s *Service) RerunRound(p *auth.Principal, id string, caps map[string]allocation.Capacity) (RoundView, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return RoundView{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, m, _, err := s.loadRound(id)
	if err != nil {
		return RoundView{}, err
	}
	if r.Status == storage.RoundPublished {
		return RoundView{}, errRoundPublished
	}
	old := m.Round()
	for i := range old.Kitas {
		k := &old.Kitas[i]
		c, ok := caps[k.ID]
		if !ok {
			continue
		}
		if c.U3 < 0 || c.Ue3 < 0 || c.U3 > 1000 || c.Ue3 > 1000 {
			return RoundView{}, apperr.Invalid("capacities."+k.ID, apperr.FormInvalidNumber, "places are a number from 0 to 1000")
		}
		k.Capacity = c
	}
	for id := range caps {
		if !slices.ContainsFunc(old.Kitas, func(k allocation.Kita) bool { return k.ID == id }) {
			return RoundView{}, apperr.Invalid("capacities."+id, apperr.KitaNotFound, "Kita %q is not in this round", id)
		}
	}
	in, err := s.rerunInput(r, old)
	if err != nil {
		return RoundView{}, err
	}
	r.UpdatedAt = s.now()
	v, err := s.runRound(&r, in)
	if err != nil {
		return v, err
	}
	if err := s.store.PutRound(r); err != nil {
		return v, err
	}
	s.audit(p, "round.rerun", r.ID)
	return v, nil
}

// rerunInput is draft r's input read again from the store, with the
// places and catalogue of old and the round's deviations.
func (s *Service) rerunInput(r storage.Round, old allocation.Round) (input, error) {
	spec := Spec{Deadline: r.Deadline, StartDate: r.StartDate, Seed: old.Seed, Mechanism: r.Mechanism, FollowUpOf: r.FollowUpOf}
	b, err := s.roundBase(spec)
	if err != nil {
		return input{}, err
	}
	b.caps, b.refused = map[string]allocation.Capacity{}, refusing(r.Deviations)
	for _, k := range old.Kitas {
		b.caps[k.ID] = k.Capacity
	}
	return s.roundInput(r.ID, spec, old.Catalogue, b)
}

// ExplainRound tells why a child got what it got in a round.
func (s *Service) ExplainRound(p *auth.Principal, id, number string) (allocation.Explanation, error) {
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return allocation.Explanation{}, err
	}
	_, m, res, err := s.loadRound(id)
	if err != nil {
		return allocation.Explanation{}, err
	}
	e, err := m.ExplainChild(res, auth.NormalizeNumber(number))
	if err != nil {
		return e, apperr.NotFound(apperr.RoundChildNotFound, "Vormerkung %s did not take part in this round", number)
	}
	return e, nil
}

// PublishResult says how many offers a publication made, and how many
// placements it skipped because the family had withdrawn meanwhile.
type PublishResult struct {
	Offers  int `json:"offers"`
	Skipped int `json:"skipped"`
}

// PublishRound turns the round's placements into Platzangebote with the
// usual answer period, all in one transaction, and closes the round.
func (s *Service) PublishRound(p *auth.Principal, id string) (PublishResult, error) {
	var out PublishResult
	if err := auth.RequireStaff(p, domain.RoleClerk); err != nil {
		return out, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, m, res, err := s.loadRound(id)
	if err != nil {
		return out, err
	}
	if r.Status == storage.RoundPublished {
		return out, errRoundPublished
	}
	set, err := s.settings.Get()
	if err != nil {
		return out, err
	}
	x, err := m.NewExplainer(res)
	if err != nil {
		return out, err
	}
	placed := map[string]string{}
	var numbers []string
	for _, pl := range res.Placements {
		numbers = append(numbers, pl.ChildID)
		if pl.Status == allocation.StatusPlaced {
			placed[pl.ChildID] = pl.KitaID
		}
	}
	now := s.now()
	r.Status, r.PublishedAt, r.UpdatedAt = storage.RoundPublished, &now, now
	err = s.store.PublishRound(r, numbers, func(ls []storage.Loaded) (storage.ChangeSet, error) {
		out = PublishResult{}
		var cs storage.ChangeSet
		for _, l := range ls {
			a := l.App
			if e, err := x.Child(a.Number); err == nil {
				a.Rounds = append(a.Rounds, roundOutcome(r, e))
				cs.PutApplications = append(cs.PutApplications, a)
			}
			kita, ok := placed[a.Number]
			if !ok {
				continue
			}
			v, ok := s.roundOffer(l, kita, r, set, now)
			if !ok {
				out.Skipped++
				continue
			}
			out.Offers++
			cs.PutVormerkungen = append(cs.PutVormerkungen, v)
			s.notify.Announce(&cs, a, nil, domain.StatusPlatzangebot, now)
		}
		id, role := p.Actor()
		cs.Audit = append(cs.Audit, storage.AuditEntry{At: now, ActorID: id, ActorRole: role, Action: "round.publish",
			Detail: fmt.Sprintf("%s: %d offers, %d skipped", r.ID, out.Offers, out.Skipped)})
		return cs, nil
	})
	if storage.IsNotFound(err) {
		return out, &apperr.Error{Code: apperr.RoundStale, Status: http.StatusConflict, Message: "a registration in this round was deleted meanwhile; run the round again"}
	}
	return out, err
}

// roundOffer makes the offer for one placed child; ok is false when its
// Vormerkung at that Kita is no longer open.
func (s *Service) roundOffer(l storage.Loaded, kitaID string, r storage.Round, set settings.Settings, now time.Time) (storage.Vormerkung, bool) {
	i := slices.IndexFunc(l.Vormerkungen, func(v storage.Vormerkung) bool { return v.KitaID == kitaID && openForRound[v.Status] })
	if i < 0 {
		return storage.Vormerkung{}, false
	}
	start := r.StartDate
	if l.App.StartDate > start {
		start = l.App.StartDate
	}
	o, err := app.CheckOffer(&app.OfferRequest{StartDate: start, CareHours: l.App.CareHours}, now, set.OfferAnswerDays)
	if err != nil {
		return storage.Vormerkung{}, false
	}
	v := l.Vormerkungen[i]
	err = app.Step(&v, "round_offer", app.BySystem, storage.StatusChange{At: now, Actor: "system", Reason: "vergaberunde", Offer: o,
		Message: "Platzangebot aus der Vergaberunde (Stichtag " + domain.GermanDate(r.Deadline) + ")"})
	return v, err == nil
}

// roundOutcome is what the family reads in its account about a round.
func roundOutcome(r storage.Round, e allocation.Explanation) storage.RoundOutcome {
	o := storage.RoundOutcome{RoundID: r.ID, Deadline: r.Deadline, Status: string(e.Status), KitaID: e.KitaID, Text: e.Text,
		KitaName: e.KitaName, Rank: e.Rank, AgeGroup: ageGroupCode(e.AgeGroup), Together: e.Together}
	for _, reason := range e.Reasons {
		o.Reasons = append(o.Reasons, reason.Text)
		o.Why = append(o.Why, storage.OutcomeReason{Code: string(reason.Code), KitaName: reason.KitaName, Rank: reason.Rank,
			AgeGroup: ageGroupCode(reason.AgeGroup), Places: reason.Places, Fixed: reason.Fixed,
			LastPoints: reason.LastPoints, ChildPoints: reason.ChildPoints,
			LastLottery: reason.LastLottery, ChildLottery: reason.ChildLottery})
	}
	return o
}

// ageGroupCode is the stable code of an age group ("u3", "ue3"; "" if unknown).
func ageGroupCode(g allocation.AgeGroup) string {
	b, err := g.MarshalText()
	if err != nil {
		return ""
	}
	return string(b)
}
