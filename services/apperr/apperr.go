// Package apperr is PartnerHub's one error vocabulary. Services return *Error values with a
// Kind (which decides the HTTP status, in exactly one place: handlers.writeError) and a
// stable Code that clients and tests match on; the Message is safe to show to a user.
// Anything else that escapes a service is internal and never shown.
//
// Every code is a package-level Code value, defined with Define by the package that returns
// it (channels.ErrNotRunning, auth.ErrInvalidCredentials, …). Define records it in the
// catalogue, which a test writes to docs/ERRORS.md together with the operations whose doc
// comments name it ("Errors: channel_not_running, …").
package apperr

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
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
	MethodNotAllowed     Kind = "method_not_allowed"     // 405: the path exists, the method does not
	Internal             Kind = "internal"               // 500: details only in logs
)

// Code is one stable error code: the name clients match on, the kind that decides its
// HTTP status, and what it means, in words for the catalogue.
type Code struct {
	Name    string
	Kind    Kind
	Meaning string
}

// Entry is one code of the catalogue: its name, every kind it is answered with (one,
// save for the few codes whose status differs by operation) and its meaning.
type Entry struct {
	Name    string
	Kinds   []Kind
	Meaning string
}

var (
	catalogueMu sync.Mutex
	catalogue   = map[string]*Entry{}
)

// Define returns the code name of kind and records it in the catalogue. Call it once per
// code, for a package-level variable of the package that owns the code; a second
// definition of the same name panics (at init, so every test notices).
func Define(name string, kind Kind, meaning string) Code {
	catalogueMu.Lock()
	defer catalogueMu.Unlock()
	if _, dup := catalogue[name]; dup {
		panic(fmt.Sprintf("apperr: code %q is defined twice", name))
	}
	catalogue[name] = &Entry{Name: name, Kinds: []Kind{kind}, Meaning: meaning}
	return Code{Name: name, Kind: kind, Meaning: meaning}
}

// WithKind returns c answered with another kind (so another HTTP status), recorded in the
// catalogue beside c's own. It exists for the few codes whose status has always differed
// by operation; new codes have one kind.
func (c Code) WithKind(kind Kind) Code {
	catalogueMu.Lock()
	defer catalogueMu.Unlock()
	e := catalogue[c.Name]
	if e == nil {
		panic(fmt.Sprintf("apperr: code %q is not defined", c.Name))
	}
	if !slices.Contains(e.Kinds, kind) {
		e.Kinds = append(e.Kinds, kind)
	}
	c.Kind = kind
	return c
}

// Catalogue returns every defined code, sorted by name.
func Catalogue() []Entry {
	catalogueMu.Lock()
	defer catalogueMu.Unlock()
	out := make([]Entry, 0, len(catalogue))
	for _, e := range catalogue {
		out = append(out, Entry{Name: e.Name, Kinds: slices.Clone(e.Kinds), Meaning: e.Meaning})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// New returns an error with code c and a message for the caller.
func (c Code) New(message string) *Error {
	return &Error{Kind: c.Kind, Code: c.Name, Message: message}
}

// Newf is New with a formatted message.
func (c Code) Newf(format string, a ...any) *Error {
	return c.New(fmt.Sprintf(format, a...))
}

// Limited returns an error with code c (of kind RateLimited) that tells the caller when to
// retry.
func (c Code) Limited(message string, retryAfter time.Duration) *Error {
	e := c.New(message)
	e.RetryAfter = retryAfter
	return e
}

// Is reports whether err carries code c.
func (c Code) Is(err error) bool { return err != nil && CodeOf(err) == c.Name }

// The codes every package may return.
var (
	ErrNotFound         = Define("not_found", NotFound, "The object does not exist, or belongs to another tenant (reported the same way, so nothing leaks).")
	ErrConflict         = Define("conflict", Conflict, "The change clashes with an object that already exists (a unique value is taken).")
	ErrValidationFailed = Define("validation_failed", Invalid, "The request is readable but breaks field rules; details lists each one as \"field: why\".")
	ErrInternal         = Define("internal", Internal, "Something failed on the server; the message carries a request id to quote.")
	ErrForbidden        = Define("forbidden", Forbidden, "The caller is signed in but their role (or key) may not do this.")
	ErrUnauthenticated  = Define("unauthenticated", Unauthenticated, "The request carries no valid credentials: sign in, or send an API key.")
	// ErrInvalidState: the object is not in a state that allows the action; the message
	// names the state it is in.
	ErrInvalidState = Define("invalid_state", Conflict, "The object is not in a state that allows this action; the message says which state it is in.")
	// ErrInvalidTransition: the requested status cannot follow the current one.
	ErrInvalidTransition = Define("invalid_transition", Conflict, "The requested status cannot follow the object's current status.")
	// ErrConcurrentChange: another change of the same object won a race; retry.
	ErrConcurrentChange = Define("concurrent_change", Conflict, "Another change of the same object happened at the same moment; read it again and retry.")
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

// Validation returns an Invalid error listing each broken field rule as "field: why".
//
// Errors: validation_failed.
func Validation(details ...string) *Error {
	e := ErrValidationFailed.New("The request has invalid fields.")
	e.Details = details
	return e
}

// NotFoundf returns a NotFound error naming what was missing.
//
// Errors: not_found.
func NotFoundf(format string, a ...any) *Error {
	return ErrNotFound.Newf(format, a...)
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
//
// Errors: conflict, internal, not_found, validation_failed.
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
		return ErrNotFound.New("Not found.").Wrap(err)
	case ent.IsConstraintError(err):
		return ErrConflict.New("This conflicts with an existing object.").Wrap(err)
	case errors.As(err, &ve):
		e := Validation(ve.Name + ": " + ve.Unwrap().Error())
		return e.Wrap(err)
	}
	return ErrInternal.New("Internal error.").Wrap(err)
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
