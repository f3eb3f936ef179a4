package numbermigrations

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns. A migration also answers with the codes of the rules it
// shares with other flows: channels.ErrNumberAlreadyActive, apikeys.ErrChannelNotRunning,
// wabas' room codes, otp's code codes, registration.ErrLimitReached and apperr's state codes.
var (
	// ErrNotOnPremise: a hosting change of a number already on the cloud.
	ErrNotOnPremise = apperr.Define("not_on_premise", apperr.Conflict,
		"A hosting change moves on-premise numbers to the cloud, and this number is not on-premise; the message says its hosting.")
	// ErrTargetWABANotFound: the target WABA is not one of the client's.
	ErrTargetWABANotFound = apperr.Define("target_waba_not_found", apperr.Invalid,
		"The target WABA of a migration is not one of the client's WABAs.")
	// ErrSameWABA: a waba_move into the number's own WABA.
	ErrSameWABA = apperr.Define("same_waba", apperr.Invalid,
		"A waba_move names the number's current WABA as its target; choose another WABA of the client.")
	// ErrBusinessNotVerified: a port_in into a business Meta has not verified.
	ErrBusinessNotVerified = apperr.Define("business_not_verified", apperr.Invalid,
		"The business that owns the target WABA is not verified by Meta, and a number can be ported in only to a verified business.")
	// ErrTwoStepEnabled: two-step verification is not confirmed as disabled.
	ErrTwoStepEnabled = apperr.Define("two_step_verification_enabled", apperr.Invalid,
		"A port_in or waba_move needs two-step verification disabled at the current provider, confirmed with two_step_disabled: true.")
	// ErrNumberInOpenRequest: the number is held by another open migration or partner change.
	ErrNumberInOpenRequest = apperr.Define("number_in_open_request", apperr.Conflict,
		"The number is already part of an open migration or partner change; finish or cancel that first.")
	// ErrOTPNotNeeded: a code step of a hosting change.
	ErrOTPNotNeeded = apperr.Define("otp_not_needed", apperr.Conflict,
		"A hosting change needs no code; it completes by itself within a few minutes.")
	// ErrOTPNotRequested: a code was entered before one was requested.
	ErrOTPNotRequested = apperr.Define("otp_not_requested", apperr.Conflict,
		"A code was entered for a migration before one was requested; request one first.")
	// ErrOTPUsed: the migration's code was already used.
	ErrOTPUsed = apperr.Define("otp_used", apperr.Conflict,
		"The migration's code was already used; request a new code.")
	// ErrMigrationExpired: the migration ran out of time.
	ErrMigrationExpired = apperr.Define("migration_expired", apperr.Conflict,
		"The migration expired 24 hours after it was started; start a new one.")
	// ErrMigrationFailed: the step failed the migration for good.
	ErrMigrationFailed = apperr.Define("migration_failed", apperr.Conflict,
		"The migration failed (too many wrong codes, or the number became active in the hub meanwhile); the message says why. Start a new migration to try again.")
	// ErrProviderUnavailable: the number's current provider did not answer.
	ErrProviderUnavailable = apperr.Define("provider_unavailable", apperr.Conflict,
		"The number's current provider did not answer while the migration was completed; request a new code and try again.")
	// ErrImpossible marks a completion that can never succeed (the number's channel is gone
	// or changed): the migration fails instead of waiting for its expiry.
	ErrImpossible = apperr.Define("migration_impossible", apperr.Conflict,
		"The migration can no longer be completed because the number's channel is gone or changed meanwhile; the migration fails with this reason.")
)
