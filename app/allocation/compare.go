package allocation

import "fmt"

// Comparison sets deferred acceptance against first choice first on the
// same market, for the clerks' report.
type Comparison struct {
	DeferredAcceptance Summary `json:"deferred_acceptance"`
	FirstChoiceFirst   Summary `json:"first_choice_first"`
}

// Summary is one mechanism's statistics and stability measures.
type Summary struct {
	Stats Stats      `json:"stats"`
	Envy  EnvyReport `json:"envy"`
}

// Compare runs both mechanisms and summarises them.
func (m *Market) Compare() (Comparison, error) {
	var cmp Comparison
	var err error
	if cmp.DeferredAcceptance, err = m.summarise(m.DeferredAcceptance()); err != nil {
		return cmp, err
	}
	cmp.FirstChoiceFirst, err = m.summarise(m.FirstChoiceFirst())
	return cmp, err
}

func (m *Market) summarise(res *Result) (Summary, error) {
	st, err := m.Stats(res)
	if err != nil {
		return Summary{}, err
	}
	envy, err := m.Envy(res)
	return Summary{Stats: st, Envy: envy}, err
}

// Run runs the named mechanism, for callers that take it as a setting
// (e.g. a command-line flag).
func (m *Market) Run(mech Mechanism) (*Result, error) {
	switch mech {
	case DeferredAcceptance:
		return m.DeferredAcceptance(), nil
	case FirstChoiceFirst:
		return m.FirstChoiceFirst(), nil
	}
	return nil, fmt.Errorf("allocation: unknown mechanism %q (want %s or %s)", mech, DeferredAcceptance, FirstChoiceFirst)
}
