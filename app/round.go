package app

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"kitaportal/app/allocation"
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
}

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
	errRoundNotFound  = notFound("round.not_found", "no such Vergaberunde")
	errRoundPublished = &Error{Code: "round.published", Message: "this Vergaberunde is published and cannot change", status: http.StatusConflict}
)

// catalogue is the points catalogue from the settings.
func (s *Services) catalogue() (allocation.Catalogue, error) {
	set, err := s.Settings()
	if err != nil {
		return allocation.Catalogue{}, err
	}
	if len(set.AllocationPoints) == 0 || string(set.AllocationPoints) == "null" {
		return allocation.DefaultCatalogue(), nil
	}
	var c allocation.Catalogue
	if err := json.Unmarshal(set.AllocationPoints, &c); err != nil {
		return c, fmt.Errorf("setting allocation_points: %w", err)
	}
	return c, nil
}

func checkRoundSpec(spec *RoundSpec) error {
	d, ok1 := parseDay(spec.Deadline)
	st, ok2 := parseDay(spec.StartDate)
	switch {
	case !ok1:
		return invalid("deadline", "form.invalid_date", "the deadline is a date (YYYY-MM-DD)")
	case !ok2:
		return invalid("start_date", "form.invalid_date", "the start date is a date (YYYY-MM-DD)")
	case !st.After(d):
		return invalid("start_date", "round.start_before_deadline", "places start after the deadline")
	}
	switch allocation.Mechanism(spec.Mechanism) {
	case "":
		spec.Mechanism = string(allocation.DeferredAcceptance)
	case allocation.DeferredAcceptance, allocation.FirstChoiceFirst:
	default:
		return invalid("mechanism", "round.invalid_mechanism", "the mechanism is deferred_acceptance or first_choice_first")
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
func (s *Services) PlanRound(p *Principal, spec RoundSpec) (RoundView, storage.Round, error) {
	if err := requireStaff(p, storage.RoleClerk); err != nil {
		return RoundView{}, storage.Round{}, err
	}
	if err := checkRoundSpec(&spec); err != nil {
		return RoundView{}, storage.Round{}, err
	}
	caps := map[string]allocation.Capacity{}
	if spec.FollowUpOf != "" {
		prev, err := s.loadRoundInput(spec.FollowUpOf)
		if err != nil {
			return RoundView{}, storage.Round{}, err
		}
		for _, k := range prev.Kitas {
			caps[k.ID] = k.Capacity
		}
	}
	cat, err := s.catalogue()
	if err != nil {
		return RoundView{}, storage.Round{}, err
	}
	now := s.Now()
	id := "VR-" + now.In(berlin).Format("20060102-1504") + "-" + randomCode(4)
	in, err := s.roundInput(id, spec, cat, caps)
	if err != nil {
		return RoundView{}, storage.Round{}, err
	}
	actor, _ := p.actor()
	r := storage.Round{ID: id, Deadline: spec.Deadline, StartDate: spec.StartDate, Mechanism: spec.Mechanism,
		FollowUpOf: spec.FollowUpOf, Status: storage.RoundDraft, CreatedBy: actor, CreatedAt: now, UpdatedAt: now}
	v, err := s.runRound(&r, in)
	return v, r, err
}

// CreateRound runs a round and stores it as a draft.
func (s *Services) CreateRound(p *Principal, spec RoundSpec) (RoundView, error) {
	v, r, err := s.PlanRound(p, spec)
	if err != nil {
		return v, err
	}
	if err := s.Store.PutRound(r); err != nil {
		return v, err
	}
	s.auditAdmin(p, "round.run", r.ID)
	return v, nil
}

// runRound matches in, stores input and result in r and returns the view.
func (s *Services) runRound(r *storage.Round, in allocation.Round) (RoundView, error) {
	m, err := allocation.NewMarket(in)
	if err != nil {
		return RoundView{}, &Error{Code: "round.invalid_input", Message: err.Error(), status: http.StatusUnprocessableEntity}
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
	return s.roundView(*r, m, res)
}

func (s *Services) roundView(r storage.Round, m *allocation.Market, res *allocation.Result) (RoundView, error) {
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
		Capacities: []RoundCapacity{}, Placements: []RoundPlacement{}}
	names := map[string]string{}
	for _, k := range in.Kitas {
		names[k.ID] = k.Name
		v.Capacities = append(v.Capacities, RoundCapacity{KitaID: k.ID, KitaName: k.Name, District: k.District, U3: k.Capacity.U3, Ue3: k.Capacity.Ue3})
	}
	for _, pl := range res.Placements {
		rp := RoundPlacement{Placement: pl, Number: pl.ChildID, KitaName: names[pl.KitaID]}
		if a, _, err := s.Store.GetApplication(pl.ChildID); err == nil {
			rp.ChildName = a.Child.FirstName + " " + a.Child.LastName
		}
		v.Placements = append(v.Placements, rp)
	}
	return v, nil
}

// loadRound reads a stored round with its market and result.
func (s *Services) loadRound(id string) (storage.Round, *allocation.Market, *allocation.Result, error) {
	r, err := s.Store.GetRound(id)
	if isNotFound(err) {
		return r, nil, nil, errRoundNotFound
	}
	if err != nil {
		return r, nil, nil, err
	}
	var in allocation.Round
	var res allocation.Result
	if err := json.Unmarshal(r.Input, &in); err != nil {
		return r, nil, nil, fmt.Errorf("round %s input: %w", id, err)
	}
	if err := json.Unmarshal(r.Result, &res); err != nil {
		return r, nil, nil, fmt.Errorf("round %s result: %w", id, err)
	}
	m, err := allocation.NewMarket(in)
	return r, m, &res, err
}

func (s *Services) loadRoundInput(id string) (allocation.Round, error) {
	_, m, _, err := s.loadRound(id)
	if err != nil {
		return allocation.Round{}, err
	}
	return m.Round(), nil
}

// GetRound shows a stored round.
func (s *Services) GetRound(p *Principal, id string) (RoundView, error) {
	if err := requireStaff(p, storage.RoleClerk); err != nil {
		return RoundView{}, err
	}
	r, m, res, err := s.loadRound(id)
	if err != nil {
		return RoundView{}, err
	}
	return s.roundView(r, m, res)
}

// Rounds lists the rounds, newest first.
func (s *Services) Rounds(p *Principal) ([]storage.Round, error) {
	if err := requireStaff(p, storage.RoleClerk); err != nil {
		return nil, err
	}
	rs, err := s.Store.Rounds()
	if rs == nil {
		rs = []storage.Round{}
	}
	return rs, err
}

// RerunRound runs a draft again: with new capacities where given, and on
// the registrations as they are now (families may have withdrawn).
func (s *Services) RerunRound(p *Principal, id string, caps map[string]allocation.Capacity) (RoundView, error) {
	if err := requireStaff(p, storage.RoleClerk); err != nil {
		return RoundView{}, err
	}
	r, m, _, err := s.loadRound(id)
	if err != nil {
		return RoundView{}, err
	}
	if r.Status == storage.RoundPublished {
		return RoundView{}, errRoundPublished
	}
	old := m.Round()
	all := map[string]allocation.Capacity{}
	for _, k := range old.Kitas {
		all[k.ID] = k.Capacity
	}
	for id, c := range caps {
		if _, ok := all[id]; !ok {
			return RoundView{}, invalid("capacities."+id, "kita.not_found", "Kita %q is not in this round", id)
		}
		if c.U3 < 0 || c.Ue3 < 0 || c.U3 > 1000 || c.Ue3 > 1000 {
			return RoundView{}, invalid("capacities."+id, "form.invalid_number", "places are a number from 0 to 1000")
		}
		all[id] = c
	}
	spec := RoundSpec{Deadline: r.Deadline, StartDate: r.StartDate, Seed: old.Seed, Mechanism: r.Mechanism, FollowUpOf: r.FollowUpOf}
	in, err := s.roundInput(r.ID, spec, old.Catalogue, all)
	if err != nil {
		return RoundView{}, err
	}
	r.UpdatedAt = s.Now()
	v, err := s.runRound(&r, in)
	if err != nil {
		return v, err
	}
	if err := s.Store.PutRound(r); err != nil {
		return v, err
	}
	s.auditAdmin(p, "round.rerun", r.ID)
	return v, nil
}

// ExplainRound tells why a child got what it got in a round.
func (s *Services) ExplainRound(p *Principal, id, number string) (allocation.Explanation, error) {
	if err := requireStaff(p, storage.RoleClerk); err != nil {
		return allocation.Explanation{}, err
	}
	_, m, res, err := s.loadRound(id)
	if err != nil {
		return allocation.Explanation{}, err
	}
	e, err := m.ExplainChild(res, normalizeNumber(number))
	if err != nil {
		return e, notFound("round.child_not_found", "Vormerkung %s did not take part in this round", number)
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
func (s *Services) PublishRound(p *Principal, id string) (PublishResult, error) {
	var out PublishResult
	if err := requireStaff(p, storage.RoleClerk); err != nil {
		return out, err
	}
	r, m, res, err := s.loadRound(id)
	if err != nil {
		return out, err
	}
	if r.Status == storage.RoundPublished {
		return out, errRoundPublished
	}
	set, err := s.Settings()
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
	now := s.Now()
	r.Status, r.PublishedAt, r.UpdatedAt = storage.RoundPublished, &now, now
	err = s.Store.PublishRound(r, numbers, func(ls []storage.Loaded) (storage.ChangeSet, error) {
		out = PublishResult{}
		var cs storage.ChangeSet
		for _, l := range ls {
			app := l.App
			if e, err := x.Child(app.Number); err == nil {
				app.Rounds = append(app.Rounds, roundOutcome(r, e))
				cs.PutApplications = append(cs.PutApplications, app)
			}
			kita, ok := placed[app.Number]
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
			s.announce(&cs, app, nil, storage.StatusPlatzangebot, now)
		}
		audit(&cs, p, now, "round.publish", "", nil, fmt.Sprintf("%s: %d offers, %d skipped", r.ID, out.Offers, out.Skipped))
		return cs, nil
	})
	if isNotFound(err) {
		return out, &Error{Code: "round.stale", status: http.StatusConflict, Message: "a registration in this round was deleted meanwhile; run the round again"}
	}
	return out, err
}

// roundOffer makes the offer for one placed child; ok is false when its
// Vormerkung at that Kita is no longer open.
func (s *Services) roundOffer(l storage.Loaded, kitaID string, r storage.Round, set Settings, now time.Time) (storage.Vormerkung, bool) {
	i := slices.IndexFunc(l.Vormerkungen, func(v storage.Vormerkung) bool { return v.KitaID == kitaID && openForRound[v.Status] })
	if i < 0 {
		return storage.Vormerkung{}, false
	}
	start := r.StartDate
	if l.App.StartDate > start {
		start = l.App.StartDate
	}
	o, err := checkOffer(&OfferRequest{StartDate: start, CareHours: l.App.CareHours}, now, set.OfferAnswerDays)
	if err != nil {
		return storage.Vormerkung{}, false
	}
	v := l.Vormerkungen[i]
	err = step(&v, "round_offer", bySystem, storage.StatusChange{At: now, Actor: "system", Reason: "vergaberunde", Offer: o,
		Message: "Platzangebot aus der Vergaberunde (Stichtag " + germanDate(r.Deadline) + ")"})
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

func germanDate(iso string) string {
	if t, ok := parseDay(iso); ok {
		return t.Format("02.01.2006")
	}
	return iso
}
