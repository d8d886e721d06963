package allocation

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"
)

// cityConfig describes a synthetic city for tests and benchmarks.
type cityConfig struct {
	Kitas, Children int
	Districts       int     // 0: one per 25 Kitas, at least 3
	Shortage        float64 // share of children the city has no place for
	U3Share         float64 // 0: 0.35
	GroupShare      float64 // share of children applying with a sibling or twin
	MaxChoices      int     // 0: 5
	FullLists       bool    // every child ranks MaxChoices Kitas
	Seed            uint64
}

// cityStart is the start date of every synthetic round.
func cityStart() time.Time { return time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC) }

// genCity builds a deterministic synthetic city: Kitas spread over
// districts with U3/Ü3 places (some Kitas take only one group), children
// whose rankings lean towards popular Kitas and their own district,
// criteria, and sibling/twin groups. Total places are children × (1 −
// Shortage) per age group.
func genCity(cfg cityConfig) Round {
	if cfg.Districts == 0 {
		cfg.Districts = max(3, cfg.Kitas/25)
	}
	if cfg.U3Share == 0 {
		cfg.U3Share = 0.35
	}
	if cfg.MaxChoices == 0 {
		cfg.MaxChoices = 5
	}
	g := &cityGen{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x43697479))}
	r := Round{ID: fmt.Sprintf("city-%d", cfg.Seed), StartDate: cityStart(), Seed: cfg.Seed * 7919,
		MaxChoices: cfg.MaxChoices, Catalogue: DefaultCatalogue()}
	r.Catalogue.DistrictEnabled = cfg.Seed%2 == 0
	r.Kitas = g.kitas()
	g.buildSamplers(r.Kitas)
	r.Children = g.children()
	return r
}

type cityGen struct {
	cfg        cityConfig
	rng        *rand.Rand
	popularity []float64
	// cdf[group][district] samples Kitas with places in that group by
	// popularity; index cfg.Districts is the whole city.
	cdf  [2][][]float64
	kids [2][][]int32
}

func (g *cityGen) district(i int) string { return fmt.Sprintf("D%02d", i) }

func (g *cityGen) kitas() []Kita {
	n := g.cfg.Kitas
	kitas := make([]Kita, n)
	g.popularity = make([]float64, n)
	weights := [2][]float64{make([]float64, n), make([]float64, n)}
	for i := range kitas {
		kitas[i] = Kita{ID: fmt.Sprintf("k%04d", i), Name: fmt.Sprintf("Kita %04d", i),
			District: g.district(g.rng.IntN(g.cfg.Districts))}
		g.popularity[i] = math.Exp(g.rng.NormFloat64() * 0.8)
		size := 0.5 + g.rng.Float64()
		switch x := g.rng.Float64(); {
		case x < 0.15 && n > 3: // Kindergarten only
			weights[1][i] = size
		case x < 0.20 && n > 3: // Krippe only
			weights[0][i] = size
		default:
			weights[0][i], weights[1][i] = size*0.4, size
		}
	}
	u3 := int(math.Round(float64(g.cfg.Children) * g.cfg.U3Share * (1 - g.cfg.Shortage)))
	ue3 := int(math.Round(float64(g.cfg.Children) * (1 - g.cfg.U3Share) * (1 - g.cfg.Shortage)))
	for i, c := range g.spread(u3, weights[0]) {
		kitas[i].Capacity.U3 = c
	}
	for i, c := range g.spread(ue3, weights[1]) {
		kitas[i].Capacity.Ue3 = c
	}
	return kitas
}

// spread divides total places over Kitas in proportion to weights.
func (g *cityGen) spread(total int, weights []float64) []int {
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	if sum == 0 {
		return out // no Kita offers this age group
	}
	given := 0
	for i, w := range weights {
		out[i] = int(float64(total) * w / sum)
		given += out[i]
	}
	for given < total {
		if i := g.rng.IntN(len(weights)); weights[i] > 0 {
			out[i]++
			given++
		}
	}
	return out
}

func (g *cityGen) buildSamplers(kitas []Kita) {
	for grp := range 2 {
		g.cdf[grp] = make([][]float64, g.cfg.Districts+1)
		g.kids[grp] = make([][]int32, g.cfg.Districts+1)
		for i, k := range kitas {
			if k.Capacity.Of(AgeGroup(grp+1)) == 0 {
				continue
			}
			var d int
			fmt.Sscanf(k.District, "D%d", &d)
			for _, idx := range []int{d, g.cfg.Districts} {
				prev := 0.0
				if n := len(g.cdf[grp][idx]); n > 0 {
					prev = g.cdf[grp][idx][n-1]
				}
				g.cdf[grp][idx] = append(g.cdf[grp][idx], prev+g.popularity[i])
				g.kids[grp][idx] = append(g.kids[grp][idx], int32(i))
			}
		}
	}
}

// sample draws a Kita for a child of age group grp living in district d.
func (g *cityGen) sample(grp, d int) int32 {
	if g.rng.Float64() < 0.03 || len(g.cdf[grp][g.cfg.Districts]) == 0 {
		return int32(g.rng.IntN(g.cfg.Kitas)) // any Kita, places or not
	}
	if g.rng.Float64() < 0.4 || len(g.cdf[grp][d]) == 0 {
		d = g.cfg.Districts
	}
	cdf := g.cdf[grp][d]
	i := sort.SearchFloat64s(cdf, g.rng.Float64()*cdf[len(cdf)-1])
	return g.kids[grp][d][min(i, len(cdf)-1)]
}
