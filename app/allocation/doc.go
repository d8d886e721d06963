// Package allocation is the matching engine of the city's coordinated
// allocation round (Vergaberunde): it decides which child gets a place at
// which Kita, explains every decision to the family in German, and
// summarises the round for the clerks.
//
// # Input and priorities
//
// The caller builds a Round from the stored Vormerkungen: Kitas with
// separate U3 and Ü3 capacities, children with up to MaxChoices ranked Kitas
// (1 = first choice), their criteria, an optional GroupID for siblings or
// twins applying together, and the settings (Catalogue). NewMarket validates
// it — every problem is reported with a code and the child or Kita id — and
// compiles it to integer indices.
//
// A child competes only for places of its own age group (U3 = under 36
// months at the round's StartDate). Each Kita orders its applicants by
// points, most first: global criteria (single parent, each parent's weekly
// hours by bands, special needs, youth-welfare support, last year before
// school) plus Kita-specific ones (a sibling already there; living in the
// Kita's district, when the city switches that on). Ties are broken by one
// lottery number per child, the same at every Kita ("single tie-breaking"):
// with single tie-breaking deferred acceptance stays strategy-proof and
// produces no justified envy, and a family gets one number to understand
// rather than one per Kita. The numbers are a random order, drawn with a
// PCG seeded from Round.Seed, of the children sorted by id; the members of a
// group are drawn as one unit and get consecutive numbers, so with equal
// points siblings stand next to each other in every Kita's order. Input plus
// seed reproduce a round exactly, whatever the order of the input.
//
// # Mechanisms
//
// DeferredAcceptance is child-proposing deferred acceptance (Gale–Shapley)
// with per-Kita, per-age-group quotas. For children applying alone it is
// stable (no child has justified envy, no place a child wanted stays empty)
// and strategy-proof: no family gains by ranking differently from its true
// wishes. FirstChoiceFirst is the usual practice (immediate acceptance,
// "Boston"): Kitas first fill their places with children who ranked them
// first, then with second choices, and so on. It places more children at
// their first choice, but it punishes honest ranking and leaves justified
// envy; Compare runs both on the same market.
//
// # Siblings and twins (GroupID)
//
// A family that sets a GroupID says: all of these children at one Kita that
// every one of them ranked is better than a better place for one of them
// alone. DeferredAcceptance keeps such groups together by a bounded repair
// after plain DA:
//
//  1. A group that DA already placed together is pinned there: its seats
//     are held back and its members take no further part. That changes no
//     one's outcome.
//  2. Every other group with a placed member ("split"), best lottery number
//     first, moves to the first Kita in its common ranking (Kitas every
//     member ranked, ordered by the worst rank any member gave it) that can
//     take all members: free places, or places of children whose priority
//     there is below every member's. Nobody with a higher priority than a
//     member is ever displaced.
//  3. DA runs again for everyone not pinned: displaced children apply down
//     their lists, and places that moving members left are filled. If some
//     child would now justifiably envy a pinned child, that group's pin is
//     released (and that Kita is not tried for it again) and DA runs again.
//  4. Steps 1–3 repeat, at most maxRepairPasses times.
//
// The result: no child outside a group kept together has justified envy or
// a blocking pair; a member of a group kept together may be at a Kita it
// ranked lower than a place it could have had alone (EnvyReport counts this
// apart as TogetherEnvy). Groups stay split when no common Kita has room for
// all of them — for instance twins whose only common Kita has one place
// left: then each member keeps its own DA result.
//
// Limits: with groups a stable matching need not exist at all, so the
// repair is a heuristic that guarantees the property above, not that every
// group that could be together is. Strategy-proofness is proven for single
// children only; a family with a GroupID, and with groups in the round even
// a single child, might in rare cases gain from a misreport. Members who
// move leave seats that go to other children, so a group's move can improve
// others' places, and a displacement can push a child with lower priority
// down its list. Each pass costs a DA run. FirstChoiceFirst does not repair
// groups; it is only for comparison.
//
// # Follow-up rounds
//
// A child with FixedKitaID keeps a place accepted in an earlier round: its
// seat comes off that Kita's capacity and it takes no further part (it is
// counted in Stats.Fixed and never in envy). DeclinedKitaIDs are Kitas whose
// offer the family declined: the child is not considered there again and the
// explanation says so. Nothing else carries over between rounds.
//
// # Output
//
// A Result has one Placement per child. Explain (or an Explainer, for one
// family at a time) gives each family the Kitas ranked above the one it got
// (all, when unplaced) with a code, the numbers behind it and a German
// sentence, plus its points per Kita item by item. Stats, Envy and Compare
// give JSON-ready figures for the clerks. Explanations use Kita names and
// ids only, never personal data.
package allocation
