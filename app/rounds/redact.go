package rounds

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"kitaportal/app/allocation"
	"kitaportal/storage"
)

// A stored Vergaberunde keeps its input for recomputation. When a family
// deletes its data, the rounds keep of its children only what the result
// needs for the other children: a child that got no place leaves the round;
// a placed child stays as "gelöscht-N" with its age group, the Kita it was
// placed at (its rank there) and its points and lottery number there — no
// birth date, criteria, district, group or other choices. The round's
// lottery is frozen first, so every other child keeps its number, its
// result and its explanation.

// deletedPrefix names the children a round kept after their deletion.
const deletedPrefix = "gelöscht-"

// RedactDeleted takes the children whose registration no longer exists out
// of every stored round (idempotent: run after a deletion and at start-up)
// and returns how many it took out.
func (s *Service) RedactDeleted() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rs, err := s.store.Rounds()
	if err != nil {
		return 0, err
	}
	total := 0
	for _, meta := range rs {
		r, err := s.store.GetRound(meta.ID)
		if err != nil {
			return total, err
		}
		n, err := s.redactRound(&r)
		if err != nil {
			return total, fmt.Errorf("round %s: %w", r.ID, err)
		}
		if n == 0 {
			continue
		}
		if err := s.store.PutRound(r); err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// redactRound takes the deleted children out of round r.
func (s *Service) redactRound(r *storage.Round) (int, error) {
	var in allocation.Round
	var res allocation.Result
	if err := json.Unmarshal(r.Input, &in); err != nil {
		return 0, err
	}
	if err := json.Unmarshal(r.Result, &res); err != nil {
		return 0, err
	}
	numbers := make([]string, 0, len(in.Children))
	for _, c := range in.Children {
		if !isDeletedName(c.ID) {
			numbers = append(numbers, c.ID)
		}
	}
	live, err := s.store.ChildNames(numbers)
	if err != nil {
		return 0, err
	}
	gone := map[string]bool{}
	for _, n := range numbers {
		if _, ok := live[n]; !ok {
			gone[n] = true
		}
	}
	if len(gone) == 0 {
		return 0, nil
	}
	placements := map[string]allocation.Placement{}
	for _, pl := range res.Placements {
		placements[pl.ChildID] = pl
	}
	if len(in.Lottery) == 0 {
		in.Lottery = map[string]uint32{}
		for _, pl := range res.Placements {
			if pl.Lottery > 0 {
				in.Lottery[pl.ChildID] = pl.Lottery
			}
		}
	}
	next := 1
	for _, c := range in.Children {
		if isDeletedName(c.ID) {
			next++
		}
	}
	rename := map[string]string{}
	children := in.Children[:0]
	for _, c := range in.Children {
		pl := placements[c.ID]
		switch {
		case !gone[c.ID]:
			children = append(children, c)
			continue
		case pl.Status == allocation.StatusPlaced || pl.Status == allocation.StatusFixed:
			id := fmt.Sprintf("%s%d", deletedPrefix, next)
			next++
			rename[c.ID] = id
			kept := allocation.Child{ID: id, AgeGroup: pl.AgeGroup, FixedKitaID: c.FixedKitaID}
			if pl.Status == allocation.StatusPlaced {
				points := pl.Points
				kept.KeptPoints = &points
				kept.Choices = []allocation.Choice{{KitaID: pl.KitaID, Rank: pl.Rank}}
			}
			children = append(children, kept)
		default:
			rename[c.ID] = ""
		}
		if n, ok := in.Lottery[c.ID]; ok {
			delete(in.Lottery, c.ID)
			if id := rename[c.ID]; id != "" {
				in.Lottery[id] = n
			}
		}
	}
	in.Children = children
	kept := res.Placements[:0]
	for _, pl := range res.Placements {
		id, renamed := rename[pl.ChildID]
		switch {
		case !renamed:
			kept = append(kept, pl)
		case id != "":
			pl.ChildID, pl.Together = id, false
			kept = append(kept, pl)
		}
	}
	res.Placements = kept
	r.Notes = slices.DeleteFunc(r.Notes, func(n storage.RoundNote) bool { return gone[n.Number] })
	r.Deviations = slices.DeleteFunc(r.Deviations, func(d storage.Deviation) bool { return gone[d.Number] })
	if _, err := allocation.NewMarket(in); err != nil {
		return 0, fmt.Errorf("the round without the deleted children does not run: %w", err)
	}
	if r.Input, err = json.Marshal(in); err != nil {
		return 0, err
	}
	if r.Result, err = json.Marshal(res); err != nil {
		return 0, err
	}
	return len(gone), nil
}

func isDeletedName(id string) bool { return strings.HasPrefix(id, deletedPrefix) }
