// Package apperr holds the errors a user can be told about: a stable code
// that the UI translates (codes.go lists every one), a plain English message
// for CLI users and logs, and the input field concerned. Every other package
// of the product reports such failures with it, so the HTTP layer and the
// command line map them the same way.
package apperr

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is a failure a user can be told about. Message never carries
// personal data: it is logged and shown on the command line.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// RetryAfter is set on 429: seconds until the next try can succeed.
	RetryAfter int `json:"retry_after,omitempty"`
	// Status is the HTTP status the error maps to (400 when 0).
	Status int `json:"-"`
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// HTTPStatus is the HTTP status the error maps to.
func (e *Error) HTTPStatus() int {
	if e.Status == 0 {
		return http.StatusBadRequest
	}
	return e.Status
}

// New is an error with the given HTTP status.
func New(status int, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Status: status}
}

// Invalid is a bad input (400) at field.
func Invalid(field string, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest}
}

// NotFound is a missing thing (404).
func NotFound(code Code, format string, args ...any) *Error {
	return New(http.StatusNotFound, code, format, args...)
}

// Conflict is a request that the current state does not allow (409).
func Conflict(field string, code Code, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...), Status: http.StatusConflict}
}

// At returns a copy of e for another input field.
func (e *Error) At(field string) *Error {
	c := *e
	c.Field = field
	return &c
}

// As returns the user-facing error inside err, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// CodeOf is the code of the user-facing error inside err ("" if none).
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	var fe FieldErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		return fe[0].Code
	}
	return ""
}

// The answers to "who are you?" and "you may not".
var (
	ErrLoginRequired = New(http.StatusUnauthorized, AuthLoginRequired, "please log in first")
	ErrForbidden     = New(http.StatusForbidden, AuthForbidden, "you may not do this")
)

// FieldError is one problem with one input of a form.
type FieldError struct {
	Field   string `json:"field"`
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

// FieldErrors is every problem found in a form; as an error it answers 400
// with the first one as "error" and all of them as "errors".
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	if len(fe) == 0 {
		return "no errors"
	}
	return fe[0].Field + ": " + fe[0].Message
}

// Add appends a problem.
func (fe *FieldErrors) Add(field string, code Code, format string, args ...any) {
	*fe = append(*fe, FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Err is the list as an error, nil when it is empty.
func (fe FieldErrors) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

// First is the first problem as an Error.
func (fe FieldErrors) First() *Error {
	return &Error{Code: fe[0].Code, Field: fe[0].Field, Message: fe[0].Message, Status: http.StatusBadRequest}
}
