// Package ratelimit enforces sliding-window limits that hold across every instance, by
// counting calls in the rate_limit_hits table (client balance: 5 per 30 s; leak reports
// per address).
package ratelimit

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/ratelimithit"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Allow records a call under key at now, or refuses it with RateLimited (and the time to
// wait) when limit calls were already made within window.
//
// Errors: rate_limited.
func Allow(ctx context.Context, db *ent.Client, key string, now time.Time, limit int, window time.Duration, message string) error {
	// Rate-limit hits are the hub's own system-only rows about the caller.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	since := now.Add(-window)
	hits, err := db.RateLimitHit.Query().Where(ratelimithit.Key(key), ratelimithit.AtGT(since)).
		Order(ent.Asc(ratelimithit.FieldAt)).Limit(limit).All(sys)
	if err != nil {
		return apperr.From(err)
	}
	if len(hits) >= limit {
		return ErrRateLimited.Limited(message, hits[0].At.Add(window).Sub(now))
	}
	if _, err := db.RateLimitHit.Delete().Where(ratelimithit.Key(key), ratelimithit.AtLTE(since)).Exec(sys); err != nil {
		return apperr.From(err)
	}
	return apperr.From(db.RateLimitHit.Create().SetKey(key).SetAt(now).Exec(sys))
}
