package allocation

import (
	"cmp"
	"slices"
)

// Stats summarise a result for tables and charts. Shares are fractions of
// the children taking part (fixed children are counted apart).
type Stats struct {
	Mechanism        Mechanism `json:"mechanism"`
	Children         int       `json:"children"`
	Fixed            int       `json:"fixed"`
	Placed           int       `json:"placed"`
	PlacedShare      float64   `json:"placed_share"`
	FirstChoice      int       `json:"first_choice"`
	FirstChoiceShare float64   `json:"first_choice_share"`
	Unplaced         int       `json:"unplaced"`
	// ByRank counts children by the rank of the Kita they got, 1..max.
	ByRank             []RankCount     `json:"by_rank"`
	UnplacedByDistrict []DistrictCount `json:"unplaced_by_district"`
	UnplacedByAgeGroup []AgeGroupCount `json:"unplaced_by_age_group"`
	// FreePlaces has one row per Kita and age group with places.
	FreePlaces []FreePlaces `json:"free_places"`
	FreeTotal  Capacity     `json:"free_total"`
	Groups     *GroupReport `json:"groups,omitempty"`
}

// RankCount is how many children got their rank-th choice.
type RankCount struct {
	Rank     int     `json:"rank"`
	Children int     `json:"children"`
	Share    float64 `json:"share"`
}

// DistrictCount is how many children of a district took part and how many
// of them got no place.
type DistrictCount struct {
	District string  `json:"district"`
	Children int     `json:"children"`
	Unplaced int     `json:"unplaced"`
	Share    float64 `json:"unplaced_share"`
}

// AgeGroupCount is DistrictCount by age group.
type AgeGroupCount struct {
	AgeGroup AgeGroup `json:"age_group"`
	Children int      `json:"children"`
	Unplaced int      `json:"unplaced"`
	Share    float64  `json:"unplaced_share"`
}

// FreePlaces is the use of one Kita's places in one age group.
type FreePlaces struct {
	KitaID   string   `json:"kita_id"`
	KitaName string   `json:"kita_name"`
	AgeGroup AgeGroup `json:"age_group"`
	Capacity int      `json:"capacity"`
	Fixed    int      `json:"fixed"`
	Placed   int      `json:"placed"`
	Free     int      `json:"free"`
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Stats computes the statistics of any result on this market.
func (m *Market) Stats(res *Result) (Stats, error) {
	choice, err := m.resolve(res)
	if err != nil {
		return Stats{}, err
	}
	st := Stats{Mechanism: res.Mechanism, Children: len(m.active),
		Fixed: len(m.children) - len(m.active), Groups: res.Groups}
	st.ByRank = make([]RankCount, m.maxChoices)
	for i := range st.ByRank {
		st.ByRank[i].Rank = i + 1
	}
	m.countPlacements(choice, &st)
	st.Unplaced = st.Children - st.Placed
	st.FirstChoice = st.ByRank[0].Children
	st.PlacedShare, st.FirstChoiceShare = share(st.Placed, st.Children), share(st.FirstChoice, st.Children)
	for i := range st.ByRank {
		st.ByRank[i].Share = share(st.ByRank[i].Children, st.Children)
	}
	st.FreePlaces, st.FreeTotal = m.freePlaces(choice)
	return st, nil
}

// countPlacements fills Placed, ByRank and the unplaced tables.
func (m *Market) countPlacements(choice []int32, st *Stats) {
	districts := map[string]*DistrictCount{}
	groups := []AgeGroupCount{{AgeGroup: U3}, {AgeGroup: Ue3}}
	for _, c := range m.active {
		district := m.round.Children[c].District
		dc := districts[district]
		if dc == nil {
			dc = &DistrictCount{District: district}
			districts[district] = dc
		}
		gc := &groups[m.children[c].group.index()]
		dc.Children++
		gc.Children++
		if ci := choice[c]; ci >= 0 {
			st.Placed++
			st.ByRank[m.choiceRank[ci]-1].Children++
		} else {
			dc.Unplaced++
			gc.Unplaced++
		}
	}
	for i := range groups {
		groups[i].Share = share(groups[i].Unplaced, groups[i].Children)
	}
	st.UnplacedByAgeGroup = groups
	st.UnplacedByDistrict = sortedDistricts(districts)
}

func sortedDistricts(districts map[string]*DistrictCount) []DistrictCount {
	out := make([]DistrictCount, 0, len(districts))
	for _, dc := range districts {
		dc.Share = share(dc.Unplaced, dc.Children)
		out = append(out, *dc)
	}
	slices.SortFunc(out, func(a, b DistrictCount) int { return cmp.Compare(a.District, b.District) })
	return out
}

func (m *Market) freePlaces(choice []int32) ([]FreePlaces, Capacity) {
	placed := make([]int32, len(m.capacity))
	for c, ci := range choice {
		if ci >= 0 {
			placed[slot(m.choiceKita[ci], m.children[c].group)]++
		}
	}
	var rows []FreePlaces
	var total Capacity
	for k, kt := range m.round.Kitas {
		for _, g := range []AgeGroup{U3, Ue3} {
			s := slot(int32(k), g)
			if kt.Capacity.Of(g) == 0 {
				continue
			}
			free := int(m.capacity[s] - placed[s])
			rows = append(rows, FreePlaces{KitaID: kt.ID, KitaName: m.kitaName(int32(k)), AgeGroup: g,
				Capacity: kt.Capacity.Of(g), Fixed: int(m.fixedSeats[s]), Placed: int(placed[s]), Free: free})
			if g == U3 {
				total.U3 += free
			} else {
				total.Ue3 += free
			}
		}
	}
	return rows, total
}
