package otp

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns. Every flow that sends codes (local storage, migrations,
// onboarding) answers with these.
var (
	// ErrCooldown: a new code was asked for too soon.
	ErrCooldown = apperr.Define("otp_cooldown", apperr.RateLimited, "A new code was asked for before the 60-second cool-down ended; Retry-After says when to ask again.")
	// ErrTooManySends: the request used up its sends.
	ErrTooManySends = apperr.Define("otp_too_many_sends", apperr.Conflict, "Five codes were already sent for this request; start the action again.")
	// ErrExpired: the code's 10 minutes are over.
	ErrExpired = apperr.Define("otp_expired", apperr.Conflict, "The code has expired (codes live 10 minutes); request a new one.")
	// ErrFailed: too many wrong codes.
	ErrFailed = apperr.Define("otp_failed", apperr.Conflict, "Five wrong codes were entered, so the request has failed; start the action again.")
	// ErrNotPending: the code request is over.
	ErrNotPending = apperr.Define("otp_not_pending", apperr.Conflict, "The code request no longer waits for a code (it was verified, failed, expired or replaced by a newer one); start again.")
	// ErrNotDelivered: the provider could not deliver the code.
	ErrNotDelivered = apperr.Define("otp_not_delivered", apperr.Conflict, "The code could not be delivered to the number; request it again.")
)
