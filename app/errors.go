package app

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is a failure a user can be told about: a stable code the UI
// translates, a plain message (English, for CLI users and logs; never with
// personal data), and the input field it concerns, if any.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// RetryAfter is set on 429: seconds until the next try can succeed.
	RetryAfter int `json:"retry_after,omitempty"`
	status     int
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Status is the HTTP status the error maps to.
func (e *Error) Status() int {
	if e.status == 0 {
		return http.StatusBadRequest
	}
	return e.status
}

func invalid(field, code, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...), status: http.StatusBadRequest}
}

func notFound(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), status: http.StatusNotFound}
}

// AsError returns the user-facing error inside err, if there is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
