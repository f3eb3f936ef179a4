package clients

import "github.com/partnerhub/partnerhub/services/apperr"

// The codes this package returns.
var (
	// ErrMaxChannelsBelowUsage: max_channels below the channels the client has.
	ErrMaxChannelsBelowUsage = apperr.Define("max_channels_below_usage", apperr.Conflict, "max_channels cannot be set below the number of channels the client already has (terminated ones do not count).")
)
