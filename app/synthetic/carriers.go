package synthetic

import (
	"fmt"
	"strings"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// carrierShares are the shares of carrier types among German Kitas, roughly.
var carrierShares = []struct {
	typ   string
	share float64
}{
	{domain.CarrierStaedtisch, 0.30},
	{domain.CarrierFrei, 0.35},
	{domain.CarrierKatholisch, 0.12},
	{domain.CarrierEvangelisch, 0.12},
	{domain.CarrierElterninitiative, 0.08},
	{domain.CarrierBetrieblich, 0.03},
}

// newCarrierChance is how often a Kita of a type gets a carrier of its own
// rather than sharing one with other Kitas of that type in the city: parishes
// run a few Kitas each, parent initiatives almost always one.
var newCarrierChance = map[string]float64{
	domain.CarrierFrei:             0.30,
	domain.CarrierKatholisch:       0.40,
	domain.CarrierEvangelisch:      0.40,
	domain.CarrierElterninitiative: 0.90,
	domain.CarrierBetrieblich:      0.50,
}

// poolKey groups the carriers of one type in one city; city -1 holds the
// carriers that run Kitas all over the country.
type poolKey struct {
	city int
	typ  string
}

func (g *generator) pickCarrierType() string {
	x := g.rng.Float64()
	for _, c := range carrierShares {
		if x < c.share {
			return c.typ
		}
		x -= c.share
	}
	return domain.CarrierFrei
}

// carrier returns the id of a carrier of type typ in city ci, reusing one of
// the city's carriers of that type or founding a new one.
func (g *generator) carrier(ci int, typ string) string {
	key := poolKey{ci, typ}
	pool := g.pools[key]
	if typ == domain.CarrierStaedtisch {
		// Big cities split their own Kitas among a few municipal operators.
		want := 1 + Cities[ci].Population/800
		if len(pool) < want {
			return g.addCarrier(key, g.municipalName(ci, len(pool)), typ)
		}
		return g.carriers[pool[g.rng.IntN(len(pool))]].ID
	}
	if len(pool) > 0 && g.rng.Float64() >= newCarrierChance[typ] {
		return g.carriers[pool[g.rng.IntN(len(pool))]].ID
	}
	city := Cities[ci].Name
	switch typ {
	case domain.CarrierKatholisch:
		if len(pool) == 0 {
			return g.addCarrier(key, "Caritasverband "+city+" e.V.", typ)
		}
		return g.addCarrier(key, "Kath. Kirchengemeinde "+pick(g, saints)+" "+city, typ)
	case domain.CarrierEvangelisch:
		if len(pool) == 0 {
			return g.addCarrier(key, "Ev. Kita-Verband "+city, typ)
		}
		return g.addCarrier(key, "Ev. Kirchengemeinde "+pick(g, churchWords)+" "+city, typ)
	case domain.CarrierElterninitiative:
		return g.addCarrier(key, pick(g, []string{"Elterninitiative ", "Kinderladen ", "Eltern-Kind-Verein "})+pick(g, nameWords)+" e.V.", typ)
	case domain.CarrierBetrieblich:
		return g.addCarrier(key, fmt.Sprintf(pick(g, companyCarriers), city), typ)
	}
	if g.rng.Float64() < 0.4 {
		name := pick(g, freeCarriers)
		if !strings.Contains(name, "%s") {
			// A nationwide carrier: one record shared by all its cities.
			return g.nationwide(name, typ)
		}
		return g.addCarrier(key, fmt.Sprintf(name, city), typ)
	}
	return g.addCarrier(key, pick(g, []string{"Kinderhaus ", "Kinderbetreuung ", "Verein "})+pick(g, nameWords)+" "+pick(g, []string{"e.V.", "gGmbH", "gUG"}), typ)
}

func (g *generator) municipalName(ci, n int) string {
	city := Cities[ci].Name
	if n == 0 {
		return "Stadt " + city
	}
	return fmt.Sprintf("Kita-Eigenbetrieb %s %s", city, directions[(2*n)%len(directions)])
}

func (g *generator) nationwide(name, typ string) string {
	key := poolKey{-1, typ}
	for _, i := range g.pools[key] {
		if g.carriers[i].Name == name {
			return g.carriers[i].ID
		}
	}
	return g.addCarrier(key, name, typ)
}

func (g *generator) addCarrier(key poolKey, name, typ string) string {
	c := storage.Carrier{ID: fmt.Sprintf("syn-c-%05d", len(g.carriers)+1), Name: name, Type: typ}
	g.pools[key] = append(g.pools[key], len(g.carriers))
	g.carriers = append(g.carriers, c)
	return c.ID
}
