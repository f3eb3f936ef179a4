package auth

import (
	"context"
	"math"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/loginthrottle"
	"github.com/partnerhub/partnerhub/ent/viewer"
)

// ThrottleConfig sets the login back-off: after MaxFailures failed sign-ins within Window
// for one account or one IP, that key is locked for BaseLock, doubling with each further
// failure up to MaxLock.
type ThrottleConfig struct {
	MaxFailures int
	Window      time.Duration
	BaseLock    time.Duration
	MaxLock     time.Duration
}

func (c ThrottleConfig) withDefaults() ThrottleConfig {
	if c.MaxFailures == 0 {
		c.MaxFailures = 5
	}
	if c.Window == 0 {
		c.Window = 15 * time.Minute
	}
	if c.BaseLock == 0 {
		c.BaseLock = 30 * time.Second
	}
	if c.MaxLock == 0 {
		c.MaxLock = time.Hour
	}
	return c
}

// lockFor returns how long a key with n failures stays locked (0 below the threshold).
func (c ThrottleConfig) lockFor(n int) time.Duration {
	if n < c.MaxFailures {
		return 0
	}
	exp := n - c.MaxFailures
	if exp > 30 {
		return c.MaxLock
	}
	d := time.Duration(float64(c.BaseLock) * math.Pow(2, float64(exp)))
	return min(d, c.MaxLock)
}

func accountKey(email string) string { return "account:" + email }
func ipKey(ip string) string         { return "ip:" + ip }

// lockedFor returns the longest remaining lock among keys.
func (s *Service) lockedFor(ctx context.Context, keys ...string) (time.Duration, error) {
	rows, err := s.db.LoginThrottle.Query().Where(loginthrottle.IDIn(keys...)).All(viewer.SystemContext(ctx))
	if err != nil {
		return 0, err
	}
	now := s.clock.Now()
	var wait time.Duration
	for _, r := range rows {
		if r.LockedUntil != nil && r.LockedUntil.After(now) {
			wait = max(wait, r.LockedUntil.Sub(now))
		}
	}
	return wait, nil
}

// recordFailure counts a failed sign-in against each key and locks keys past the limit.
// The increment is a single upsert, so concurrent failures on several instances all count.
func (s *Service) recordFailure(ctx context.Context, keys ...string) error {
	sys := viewer.SystemContext(ctx)
	now := s.clock.Now()
	for _, key := range keys {
		row, err := s.db.LoginThrottle.Get(sys, key)
		switch {
		case ent.IsNotFound(err):
			err = s.db.LoginThrottle.Create().SetID(key).SetFailures(1).SetLastFailureAt(now).
				OnConflictColumns(loginthrottle.FieldID).
				Update(func(u *ent.LoginThrottleUpsert) { u.AddFailures(1); u.SetLastFailureAt(now) }).
				Exec(sys)
		case err != nil:
		case now.Sub(row.LastFailureAt) > s.cfg.Throttle.Window && (row.LockedUntil == nil || !row.LockedUntil.After(now)):
			// The last failure is old and any lock has run out: start counting afresh.
			err = s.db.LoginThrottle.UpdateOneID(key).SetFailures(1).SetLastFailureAt(now).ClearLockedUntil().Exec(sys)
		default:
			err = s.db.LoginThrottle.UpdateOneID(key).AddFailures(1).SetLastFailureAt(now).Exec(sys)
		}
		if err != nil {
			return err
		}
		row, err = s.db.LoginThrottle.Get(sys, key)
		if err != nil {
			return err
		}
		if lock := s.cfg.Throttle.lockFor(row.Failures); lock > 0 {
			if err := s.db.LoginThrottle.UpdateOneID(key).SetLockedUntil(now.Add(lock)).Exec(sys); err != nil {
				return err
			}
		}
	}
	return nil
}

// clearFailures forgets the failures of key after a successful sign-in.
func (s *Service) clearFailures(ctx context.Context, key string) error {
	_, err := s.db.LoginThrottle.Delete().Where(loginthrottle.ID(key)).Exec(viewer.SystemContext(ctx))
	return err
}
