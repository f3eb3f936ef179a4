// Package apperr is PartnerHub's one error vocabulary. Services return *Error values with a
// Kind (which decides the HTTP status, in exactly one place: handlers.writeError) and a
// stable Code that clients and tests match on; the Message is safe to show to a user.
// Anything else that escapes a service is internal and never shown.
package apperr

import (
	"errors"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/privacy"
)

// Kind classifies an error; each kind implies one HTTP status.
type Kind string

// The kinds, with the HTTP status each implies.
const (
	BadRequest      Kind = "bad_request"     // 400: the request cannot be read
	Invalid         Kind = "invalid"         // 422: readable but breaks a rule
	Unauthenticated Kind = "unauthenticated" // 401
	Forbidden       Kind = "forbidden"       // 403: authenticated, not allowed
	NotFound        Kind = "not_found"       // 404: absent, or another tenant's
	Conflict        Kind = "conflict"        // 409: clashes with current state
	TooLarge        Kind = "too_large"       // 413
	// UnsupportedMediaType: a body in a format the route does not take (a JSON route sent
	// text/plain, a form, or no Content-Type).
	UnsupportedMediaType Kind = "unsupported_media_type" // 415
	RateLimited          Kind = "rate_limited"           // 429, with RetryAfter
	Internal             Kind = "internal"               // 500: details only in logs
)

// Error is a service error that is safe to show to the caller.
type Error struct {
	Kind       Kind
	Code       string        // stable, snake_case, e.g. "invalid_credentials"
	Message    string        // human words for the caller
	Details    []string      // "field: why" lines for validation errors
	RetryAfter time.Duration // for RateLimited
	Err        error         // underlying cause, logged, never shown
}

// Error implements error.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s (%s): %s: %v", e.Kind, e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s (%s): %s", e.Kind, e.Code, e.Message)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind with a stable code and a message for the caller.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Newf is New with a formatted message.
func Newf(kind Kind, code, format string, a ...any) *Error {
	return New(kind, code, fmt.Sprintf(format, a...))
}

// Validation returns an Invalid error listing each broken field rule as "field: why".
func Validation(details ...string) *Error {
	return &Error{Kind: Invalid, Code: "validation_failed", Message: "The request has invalid fields.", Details: details}
}

// NotFoundf returns a NotFound error naming what was missing.
func NotFoundf(format string, a ...any) *Error {
	return &Error{Kind: NotFound, Code: "not_found", Message: fmt.Sprintf(format, a...)}
}

// Limited returns a RateLimited error that tells the caller when to retry.
func Limited(code, message string, retryAfter time.Duration) *Error {
	return &Error{Kind: RateLimited, Code: code, Message: message, RetryAfter: retryAfter}
}

// Wrap attaches cause to e (for logs) and returns e.
func (e *Error) Wrap(cause error) *Error {
	e.Err = cause
	return e
}

// From classifies err for returning from a service: nil stays nil (never a typed nil),
// anything else becomes an *Error as As describes.
func From(err error) error {
	if err == nil {
		return nil
	}
	return As(err)
}

// As converts a non-nil error into an *Error: app errors pass through, ent's not-found and
// privacy denials become NotFound (another tenant's object is reported as absent),
// constraint violations Conflict, validation errors Invalid, and the rest Internal.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var ve *ent.ValidationError
	switch {
	case ent.IsNotFound(err), errors.Is(err, privacy.Deny):
		return &Error{Kind: NotFound, Code: "not_found", Message: "Not found.", Err: err}
	case ent.IsConstraintError(err):
		return &Error{Kind: Conflict, Code: "conflict", Message: "This conflicts with an existing object.", Err: err}
	case errors.As(err, &ve):
		return &Error{Kind: Invalid, Code: "validation_failed", Message: "The request has invalid fields.",
			Details: []string{ve.Name + ": " + ve.Unwrap().Error()}, Err: err}
	}
	return &Error{Kind: Internal, Code: "internal", Message: "Internal error.", Err: err}
}

// KindOf returns the kind of err as As sees it ("" for nil).
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	return As(err).Kind
}

// CodeOf returns the stable code of err as As sees it ("" for nil).
func CodeOf(err error) string {
	if err == nil {
		return ""
	}
	return As(err).Code
}
