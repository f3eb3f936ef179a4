// Package ratelimit enforces sliding-window limits that hold across every instance, by
// counting calls in the rate_limit_hits table (client balance: 5 per 30 s; leak reports
// per address).
package ratelimit

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/ratelimithit"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/apperr"
)

// Allow records a call under key at now, or refuses it with RateLimited (and the time to
// wait) when limit calls were already made within window.
func Allow(ctx context.Context, db *ent.Client, key string, now time.Time, limit int, window time.Duration, message string) error {
	sys := viewer.SystemContext(ctx)
	since := now.Add(-window)
	hits, err := db.RateLimitHit.Query().Where(ratelimithit.Key(key), ratelimithit.AtGT(since)).
		Order(ent.Asc(ratelimithit.FieldAt)).Limit(limit).All(sys)
	if err != nil {
		return apperr.From(err)
	}
	if len(hits) >= limit {
		return apperr.Limited("rate_limited", message, hits[0].At.Add(window).Sub(now))
	}
	if _, err := db.RateLimitHit.Delete().Where(ratelimithit.Key(key), ratelimithit.AtLTE(since)).Exec(sys); err != nil {
		return apperr.From(err)
	}
	return apperr.From(db.RateLimitHit.Create().SetKey(key).SetAt(now).Exec(sys))
}
