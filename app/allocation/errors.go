package allocation

import (
	"errors"
	"fmt"
)

// Error is one problem with a round's input or catalogue: a stable code a
// UI can translate and a message naming the child or Kita concerned.
// Validation reports every problem it finds (up to maxProblems) joined with
// errors.Join; errors.As finds the first *Error.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return "allocation: " + e.Message }

// Codes of input problems.
const (
	CodeNegativePoints    = "catalogue.negative_points"
	CodePointsTooHigh     = "catalogue.points_too_high"
	CodeBandHours         = "catalogue.band_hours_out_of_range"
	CodeBandOrder         = "catalogue.bands_not_ascending"
	CodeDistrictZero      = "catalogue.district_enabled_without_points"
	CodeMaxChoices        = "round.max_choices_invalid"
	CodeStartDateMissing  = "round.start_date_missing"
	CodeKitaID            = "kita.id_missing"
	CodeKitaDuplicate     = "kita.duplicate_id"
	CodeNegativeCapacity  = "kita.negative_capacity"
	CodeFixedOverCapacity = "kita.fixed_over_capacity"
	CodeChildID           = "child.id_missing"
	CodeChildDuplicate    = "child.duplicate_id"
	CodeNoChoices         = "child.no_choices"
	CodeTooManyChoices    = "child.too_many_choices"
	CodeUnknownKita       = "child.unknown_kita"
	CodeDuplicateKita     = "child.duplicate_kita"
	CodeDuplicateRank     = "child.duplicate_rank"
	CodeRankOutOfRange    = "child.rank_out_of_range"
	CodeAgeGroupMissing   = "child.age_group_missing"
	CodeAgeGroupConflict  = "child.age_group_conflict"
	CodeParentHours       = "child.parent_hours_invalid"
	CodeTooManyProblems   = "input.too_many_problems"
)

// maxProblems caps how many problems one validation reports, so a broken
// import does not produce a million-line error.
const maxProblems = 50

// problems collects validation errors.
type problems struct {
	list    []error
	dropped int
}

func (p *problems) add(code, format string, args ...any) {
	if len(p.list) >= maxProblems {
		p.dropped++
		return
	}
	p.list = append(p.list, &Error{Code: code, Message: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if p.dropped > 0 {
		p.list = append(p.list, &Error{Code: CodeTooManyProblems,
			Message: fmt.Sprintf("%d more problems not listed", p.dropped)})
	}
	return errors.Join(p.list...)
}
