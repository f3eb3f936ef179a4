package ratelimit

import "github.com/partnerhub/partnerhub/services/apperr"

// ErrRateLimited: the caller made more requests of this kind than the window allows;
// Retry-After says when the next one is accepted.
var ErrRateLimited = apperr.Define("rate_limited", apperr.RateLimited, "Too many requests of this kind in the window; Retry-After says when the next one is accepted.")
