package wabas

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns. Everything that adds numbers (onboarding, migrations,
// account sharing) refuses with the room codes.
var (
	// ErrUnverifiedLimit: an unverified business's WABA is full.
	ErrUnverifiedLimit = apperr.Define("waba_unverified_limit", apperr.Conflict, "The WABA already holds 2 numbers, the most a business that Meta has not verified may have.")
	// ErrNumberLimit: the WABA is full.
	ErrNumberLimit = apperr.Define("waba_number_limit", apperr.Conflict, "The WABA already holds as many numbers as its limit (25, or 120 after a limit raise).")
	// ErrClientMaxChannels: the client is at its max_channels.
	ErrClientMaxChannels = apperr.Define("client_max_channels", apperr.Conflict, "The client already has as many numbers as its max_channels allows; the partner can raise it.")
	// ErrLimitAlreadyRaised: the WABA's limit is raised already.
	ErrLimitAlreadyRaised = apperr.Define("limit_already_raised", apperr.Conflict, "The WABA's number limit is already raised to 120.")
	// ErrLimitRaisePending: a request is already waiting.
	ErrLimitRaisePending = apperr.Define("limit_raise_pending", apperr.Conflict, "A limit-raise request for the WABA is already waiting for an operator.")
	// ErrAlreadyDecided: the request was approved or rejected before.
	ErrAlreadyDecided = apperr.Define("already_decided", apperr.Conflict, "The limit-raise request was already approved or rejected.")
)
