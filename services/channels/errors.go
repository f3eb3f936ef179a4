package channels

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns. Other packages that refuse for the same reasons
// (numbermigrations, onboarding, webhooks) return these too.
var (
	// ErrTerminated: the channel is terminated.
	ErrTerminated = apperr.Define("channel_terminated", apperr.Conflict, "The number is terminated, so it can no longer be changed.")
	// ErrAlreadyEnabled: local storage is already on in that region.
	ErrAlreadyEnabled = apperr.Define("already_enabled", apperr.Conflict, "Local storage is already enabled in the region asked for.")
	// ErrNotEnabled: local storage is off, so it cannot be disabled.
	ErrNotEnabled = apperr.Define("not_enabled", apperr.Conflict, "Local storage is not enabled on the number, so there is nothing to disable.")
	// ErrProviderRefused: the Meta side refused the change.
	ErrProviderRefused = apperr.Define("provider_refused", apperr.Conflict, "Meta refused the change (a storage change or a number registration); try again in a few minutes.")
	// ErrAlreadyPendingDeletion: the number's cancellation was already requested.
	ErrAlreadyPendingDeletion = apperr.Define("already_pending_deletion", apperr.Conflict, "Cancellation of the number was already requested; it is terminated at the end of the month unless reactivated.")
	// ErrNotPendingDeletion: only a cancelled number can be reactivated.
	ErrNotPendingDeletion = apperr.Define("not_pending_deletion", apperr.Conflict, "Only a number pending deletion can be reactivated; the message says the number's status.")
	// ErrPhotoTooLarge: the profile photo is over the 5 MB limit.
	ErrPhotoTooLarge = apperr.Define("photo_too_large", apperr.TooLarge, "The profile photo is larger than 5 MB.")
	// ErrDisplayNameUnchanged: the new display name is the current one.
	ErrDisplayNameUnchanged = apperr.Define("display_name_unchanged", apperr.Conflict, "The number already has this display name; nothing changes and no registration is counted.")
	// ErrNoWebhook: a webhook test without a webhook URL.
	ErrNoWebhook = apperr.Define("no_webhook", apperr.Conflict, "A webhook test was asked for, but no webhook URL is set.")
	// ErrNumberAlreadyActive: the number is hosted already.
	ErrNumberAlreadyActive = apperr.Define("number_already_active", apperr.Conflict, "The phone number is already active in the hub, under whichever partner: a number is hosted once.")
)
