package synthetic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// Kitas returns n Kitas with ids syn-000001 … and the carriers they refer
// to. The output depends only on n and seed.
func Kitas(n int, seed int64) (kitas []storage.Kita, carriers []storage.Carrier) {
	g := newGenerator(seed)
	kitas = make([]storage.Kita, n)
	for i := range kitas {
		kitas[i] = g.kita(i + 1)
	}
	return kitas, g.carriers
}

// updatedBase is the latest UpdatedAt; records age back from it, so output
// never depends on the clock.
var updatedBase = time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)

type generator struct {
	rng *rand.Rand
	// cityCDF is the cumulative population share of Cities.
	cityCDF  []float64
	carriers []storage.Carrier
	pools    map[poolKey][]int
}

func newGenerator(seed int64) *generator {
	g := &generator{
		rng:   rand.New(rand.NewPCG(uint64(seed), 0x6b697461)),
		pools: map[poolKey][]int{},
	}
	total := 0.0
	for _, c := range Cities {
		total += float64(c.Population)
		g.cityCDF = append(g.cityCDF, total)
	}
	for i := range g.cityCDF {
		g.cityCDF[i] /= total
	}
	return g
}

func pick[T any](g *generator, list []T) T { return list[g.rng.IntN(len(list))] }

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

// between returns a whole number in [lo, hi].
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *generator) kita(i int) storage.Kita {
	ci := min(sort.SearchFloat64s(g.cityCDF, g.rng.Float64()), len(Cities)-1)
	city := Cities[ci]
	loc, district, dIdx := g.place(ci)
	typ := g.pickCarrierType()
	kd := g.pickKind(typ)
	k := storage.Kita{
		ID:        fmt.Sprintf("syn-%06d", i),
		SourceKey: fmt.Sprintf("synthetic:%06d", i),
		CarrierID: g.carrier(ci, typ),
		Address: storage.Address{
			Street:   fmt.Sprintf("%s %d", pick(g, streets), g.between(1, 180)),
			Postcode: fmt.Sprintf("%s%03d", city.PostcodePrefix, 100+50*dIdx+g.rng.IntN(50)),
			City:     city.Name,
			District: district,
		},
		Bookable:  g.chance(0.8),
		UpdatedAt: updatedBase.Add(-time.Duration(g.rng.IntN(180*24)) * time.Hour),
	}
	k.Name = g.name(typ, kd, k.Address)
	if !g.chance(0.03) {
		k.Location = &loc
	}
	if !g.chance(0.05) {
		a := pick(g, kd.ages)
		k.Ages = &storage.AgeRange{Min: a[0], Max: a[1]}
	}
	if !g.chance(0.10) {
		k.Hours = g.hours()
	}
	k.Places, k.FreePlaces = g.places(kd, k.Ages)
	k.Concepts = g.concepts()
	k.Languages = g.languages()
	k.Features = g.features(k)
	k.Contact = g.contact(i, ci)
	k.Description = g.description(k)
	return k
}

// place scatters a Kita around city ci: most within the city, some in the
// surrounding region. The district follows from direction and distance.
func (g *generator) place(ci int) (storage.GeoPoint, string, int) {
	c := Cities[ci]
	base := 1.5 + 3.5*math.Sqrt(float64(c.Population)/1000) // km: Berlin 8.4, 100,000 people 2.6
	sigma := base
	if g.chance(0.15) {
		sigma *= 3
	}
	dx, dy := g.rng.NormFloat64()*sigma, g.rng.NormFloat64()*sigma
	lat := c.Lat + dy/111.32
	lon := c.Lon + dx/(111.32*math.Cos(lat*math.Pi/180))
	r := math.Hypot(dx, dy)
	oct := int(math.Mod(math.Atan2(dx, dy)*180/math.Pi+360+22.5, 360) / 45) // 0 = north, clockwise
	loc := storage.GeoPoint{Lat: round6(lat), Lon: round6(lon)}
	switch {
	case r < 0.5*base:
		return loc, centreNames[ci%len(centreNames)], 0
	case r < 1.6*base:
		return loc, c.Name + "-" + directions[oct], 1 + oct
	}
	p := districtPrefixes[(ci+oct)%len(districtPrefixes)]
	root := districtRoots[(3*ci+5*oct)%len(districtRoots)]
	return loc, p + root, 9 + oct
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func (g *generator) pickKind(typ string) kind {
	if typ == domain.CarrierElterninitiative && g.chance(0.6) {
		return kinds[5] // Kinderladen
	}
	x := g.rng.Float64()
	for _, k := range kinds {
		if x < k.weight {
			return k
		}
		x -= k.weight
	}
	return kinds[0]
}

func (g *generator) name(typ string, kd kind, a storage.Address) string {
	var name string
	switch typ {
	case domain.CarrierKatholisch:
		name = "Kath. " + kd.prefix + " " + pick(g, saints)
	case domain.CarrierEvangelisch:
		name = "Ev. " + kd.prefix + " " + pick(g, churchWords)
	case domain.CarrierStaedtisch:
		if g.chance(0.4) {
			street, _, _ := strings.Cut(a.Street, " ")
			name = "Städt. " + kd.prefix + " " + street
		} else {
			name = "Städt. " + kd.prefix + " " + pick(g, nameWords)
		}
	case domain.CarrierBetrieblich:
		name = "Betriebs" + strings.ToLower(kd.prefix) + " " + pick(g, nameWords)
	default:
		name = kd.prefix + " " + pick(g, nameWords)
	}
	if g.chance(0.12) {
		name += " " + a.District
	}
	return name
}

var (
	openTimes  = []int{6 * 60, 6*60 + 30, 7 * 60, 7*60 + 15, 7*60 + 30, 8 * 60}
	openWeight = []float64{0.18, 0.22, 0.30, 0.08, 0.15, 0.07}
	closeTimes = []int{12*60 + 30, 13 * 60, 14 * 60, 15 * 60, 16 * 60, 16*60 + 30, 17 * 60, 17*60 + 30, 18 * 60, 18*60 + 30}
	closeWght  = []float64{0.03, 0.04, 0.06, 0.07, 0.12, 0.16, 0.22, 0.12, 0.14, 0.05}
)

func (g *generator) weighted(values []int, weights []float64) int {
	x := g.rng.Float64()
	for i, w := range weights {
		if x < w {
			return values[i]
		}
		x -= w
	}
	return values[len(values)-1]
}

// hours are Monday–Friday, with a shorter Friday at some Kitas and a few
// that also open on Saturday.
func (g *generator) hours() map[string]storage.TimeRange {
	open := g.weighted(openTimes, openWeight)
	closing := max(g.weighted(closeTimes, closeWght), open+5*60)
	h := make(map[string]storage.TimeRange, 6)
	for _, d := range domain.Weekdays[:5] {
		h[d] = storage.TimeRange{Open: open, Close: closing}
	}
	if g.chance(0.3) {
		h["fr"] = storage.TimeRange{Open: open, Close: max(closing-30*g.between(1, 4), open+4*60)}
	}
	if g.chance(0.02) {
		h["sa"] = storage.TimeRange{Open: 8 * 60, Close: 13 * 60}
	}
	return h
}

func (g *generator) places(kd kind, ages *storage.AgeRange) (storage.Places, storage.FreePlaces) {
	var p storage.Places
	var f storage.FreePlaces
	total := int(math.Round(math.Exp(math.Log(60) + 0.5*g.rng.NormFloat64())))
	if kd.prefix == "Kinderladen" {
		total = g.between(12, 30)
	}
	total = min(max(total, 10), 250)
	if g.chance(0.08) {
		return p, f // places not reported
	}
	p.Total = &total
	if ages == nil {
		return p, f
	}
	u3 := 0
	switch {
	case ages.Max < 36:
		u3 = total
	case ages.Min < 36:
		u3 = int(float64(total) * (0.2 + 0.2*g.rng.Float64()))
	}
	ue3 := total - u3
	p.U3, p.Ue3 = &u3, &ue3
	if g.chance(0.15) {
		return p, f // no free places reported
	}
	free := func(capacity int, share float64) *int {
		n := 0
		if capacity > 0 && g.chance(share) {
			n = min(g.between(1, 4), capacity)
		}
		return &n
	}
	f.U3, f.Ue3 = free(u3, 0.3), free(ue3, 0.35)
	f.AsOf = fmt.Sprintf("2026-09-%02d", g.between(1, 30))
	return p, f
}

func (g *generator) concepts() []string {
	var out []string
	for i, c := range concepts {
		if len(out) < 3 && g.chance(conceptWeights[i]) {
			out = append(out, c)
		}
	}
	return out
}

func (g *generator) languages() []string {
	switch x := g.rng.Float64(); {
	case x < 0.03:
		return nil
	case x < 0.15:
		return []string{"deutsch", pick(g, secondLanguages)}
	}
	return []string{"deutsch"}
}

func (g *generator) features(k storage.Kita) []string {
	var out []string
	for _, f := range domain.FeatureKeys {
		share := featureShares[f]
		if f == "ganztag" {
			// Full-day care follows from the hours, mostly.
			share = 0.1
			if h, ok := k.Hours["mo"]; ok && h.Close-h.Open >= 9*60 {
				share = 0.9
			}
		}
		if g.chance(share) {
			out = append(out, f)
		}
	}
	return out
}

var surnames = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
	"Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
	"Schwarz", "Zimmermann", "Braun", "Krüger", "Yılmaz", "Kaya", "Nowak", "Öztürk",
}

// contact uses the reserved example.org domain, so no real address is made up.
func (g *generator) contact(i, ci int) storage.Contact {
	c := storage.Contact{
		Phone: fmt.Sprintf("0%d %d", 30+(ci*37)%900, g.between(100000, 999999)),
		Email: fmt.Sprintf("kita%06d@example.org", i),
	}
	if g.chance(0.4) {
		c.Website = fmt.Sprintf("https://kita%06d.example.org", i)
	}
	if g.chance(0.5) {
		c.Person = pick(g, []string{"Frau ", "Herr "}) + pick(g, surnames)
	}
	return c
}

func (g *generator) description(k storage.Kita) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s", k.Name, k.Address.District)
	if k.Places.Total != nil {
		fmt.Fprintf(&b, " mit %d Plätzen", *k.Places.Total)
	}
	b.WriteString(".")
	if len(k.Concepts) > 0 {
		fmt.Fprintf(&b, " Schwerpunkte: %s.", strings.Join(k.Concepts, ", "))
	}
	if g.chance(0.3) {
		b.WriteString(pick(g, []string{
			" Großer Garten mit Sandkasten.", " Eigene Küche, täglich frisch gekocht.",
			" Nahe am Park, viele Ausflüge.", " Kleine Gruppen, feste Bezugspersonen.",
		}))
	}
	return b.String()
}
