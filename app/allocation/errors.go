package allocation

import (
	"errors"
	"fmt"
	"kitaportal/app/apperr"
)

// Error is one problem with a round's input or catalogue: a stable code a
// UI can translate and a message naming the child or Kita concerned.
// Validation reports every problem it finds (up to maxProblems) joined with
// errors.Join; errors.As finds the first *Error.
type Error struct {
	Code    apperr.Code `json:"code"`
	Message string      `json:"message"`
}

func (e *Error) Error() string { return "allocation: " + e.Message }

// maxProblems caps how many problems one validation reports, so a broken
// import does not produce a million-line error.
const maxProblems = 50

// problems collects validation errors.
type problems struct {
	list    []error
	dropped int
}

func (p *problems) add(code apperr.Code, format string, args ...any) {
	if len(p.list) >= maxProblems {
		p.dropped++
		return
	}
	p.list = append(p.list, &Error{Code: code, Message: fmt.Sprintf(format, args...)})
}

func (p *problems) err() error {
	if p.dropped > 0 {
		p.list = append(p.list, &Error{Code: apperr.RoundTooManyProblems,
			Message: fmt.Sprintf("%d more problems not listed", p.dropped)})
	}
	return errors.Join(p.list...)
}
