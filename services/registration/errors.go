package registration

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	// ErrLimitReached: the number is blocked by the registration limit.
	ErrLimitReached = apperr.Define("registration_limit_reached", apperr.RateLimited, "The number reached Meta's limit of 10 registration-type actions (registrations, display-name changes, migrations, hosting changes) in 72 hours and is blocked; Retry-After and blocked_until say until when.")
)
