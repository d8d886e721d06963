package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"kitaportal/app/apperr"
)

// maxBodyBytes is the body limit of routes that read a small JSON object.
const maxBodyBytes = 64 << 10

func (a *API) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		a.log.WithError(err).Warn("write response")
	}
}

// writeError answers with {"error": {"code", "message", "field"}} (and
// "errors" for a form's problems). Errors that are not meant for users
// become a generic 500; the details go to the log only.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var fe apperr.FieldErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		a.writeJSON(w, http.StatusBadRequest, map[string]any{"error": fe.First(), "errors": fe})
		return
	}
	e, ok := apperr.As(err)
	if !ok {
		a.log.WithError(err).WithField("path", r.URL.Path).Error("request failed")
		e = apperr.New(http.StatusInternalServerError, apperr.Internal, "internal error; please try again")
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	a.writeJSON(w, e.HTTPStatus(), map[string]*apperr.Error{"error": e})
}

// answer writes v (204 when nil), or the error.
func (a *API) answer(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if v == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	a.writeJSON(w, http.StatusOK, v)
}

// decodeBody reads a JSON request body of at most max bytes into v,
// rejecting unknown fields, and says where a syntax error is.
func decodeBody(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return apperr.New(http.StatusRequestEntityTooLarge, apperr.RequestTooLarge, "the body is larger than %d bytes", max)
	}
	if err != nil {
		return apperr.Invalid("body", apperr.RequestUnreadable, "the request body could not be read")
	}
	return strictJSON(data, v)
}

// strictJSON decodes exactly one JSON value into v, rejecting unknown
// fields; the error names the field or byte offset.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return apperr.Invalid("body", apperr.RequestInvalidJSON, "the body must hold a single JSON value")
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return apperr.Invalid("body", apperr.RequestInvalidJSON, "the body is empty; JSON expected")
	case errors.As(err, &syn):
		return apperr.Invalid("body", apperr.RequestInvalidJSON, "invalid JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return apperr.Invalid(typ.Field, apperr.RequestInvalidJSON, "%s must be %s", typ.Field, typ.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.Invalid(field, apperr.RequestUnknownField, "unknown field %q", field)
	}
	return apperr.Invalid("body", apperr.RequestInvalidJSON, "invalid JSON body")
}

// pathID is the Vormerkung id in the path.
func pathID(r *http.Request) (uint64, error) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil || id == 0 {
		return 0, apperr.NotFound(apperr.VormerkungNotFound, "no Vormerkung %q", r.PathValue("id"))
	}
	return id, nil
}

// noSuch is the answer for an unknown {action} or {kind} in a path.
func noSuch(what, value string) error {
	return apperr.NotFound(apperr.APINotFound, "no %s %q", what, fmt.Sprint(value))
}
