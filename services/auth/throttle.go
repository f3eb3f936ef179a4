package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/loginthrottle"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// ThrottleConfig sets the login back-off. Failed sign-ins are counted within Window under
// three keys, each with its own threshold; a key past its threshold is locked for
// BaseLock, doubling with each further failure up to MaxLock:
//
//   - one account from one IP (MaxFailures, default 5): the fast back-off that one guesser
//     — or one person mistyping — meets;
//   - one account from any IP (AccountMaxFailures, default 10): guessing one account's
//     password from many addresses;
//   - one IP across all accounts (IPMaxFailures, default 100): password spraying. It is
//     far higher so that people behind one address (an office NAT) do not lock each other
//     out: below it, someone else's failures from the same IP never refuse a correct
//     password of an account that is not itself locked.
type ThrottleConfig struct {
	MaxFailures        int
	AccountMaxFailures int
	IPMaxFailures      int
	Window             time.Duration
	BaseLock           time.Duration
	MaxLock            time.Duration
}

func (c ThrottleConfig) withDefaults() ThrottleConfig {
	if c.MaxFailures == 0 {
		c.MaxFailures = 5
	}
	if c.AccountMaxFailures == 0 {
		c.AccountMaxFailures = 10
	}
	if c.IPMaxFailures == 0 {
		c.IPMaxFailures = 100
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

// lockFor returns how long a key with n failures stays locked when it locks after
// threshold failures (0 below it).
func (c ThrottleConfig) lockFor(n, threshold int) time.Duration {
	if n < threshold {
		return 0
	}
	exp := n - threshold
	if exp > 30 {
		return c.MaxLock
	}
	d := time.Duration(float64(c.BaseLock) * math.Pow(2, float64(exp)))
	return min(d, c.MaxLock)
}

// throttleKey is one counter of failed sign-ins and the failures that lock it.
type throttleKey struct {
	id        string
	threshold int
}

// loginKeys are the counters a sign-in is checked against and, when it fails, counted
// under.
type loginKeys struct {
	accountFromIP, account, ip throttleKey
}

// loginKeysOf returns the counters of a sign-in to email from ip.
func (c ThrottleConfig) loginKeysOf(email, ip string) loginKeys {
	return loginKeys{
		accountFromIP: throttleKey{throttleID("account_ip:" + email + "|" + ip), c.MaxFailures},
		account:       throttleKey{throttleID("account:" + email), c.AccountMaxFailures},
		ip:            throttleKey{throttleID("ip:" + ip), c.IPMaxFailures},
	}
}

// all are every counter of the sign-in.
func (k loginKeys) all() []throttleKey { return []throttleKey{k.accountFromIP, k.account, k.ip} }

// ofAccount are the account's counters, which a successful sign-in clears; the IP's is
// left to run out, or a sprayer could reset it by signing in to an account of their own.
func (k loginKeys) ofAccount() []throttleKey { return []throttleKey{k.accountFromIP, k.account} }

// throttleID fits a key into the 300 characters of its row id: a longer one (an email far
// past what any address can be, sent to probe) is kept by its hash, so it is throttled
// like any other instead of failing the insert.
func throttleID(key string) string {
	if len(key) <= 300 {
		return key
	}
	sum := sha256.Sum256([]byte(key))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func keyIDs(keys []throttleKey) []string {
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	return ids
}

// lockedFor returns the longest remaining lock among keys.
func (s *Service) lockedFor(ctx context.Context, keys []throttleKey) (time.Duration, error) {
	// Sign-in throttles are internal rows, read before anyone is signed in.
	rows, err := s.db.LoginThrottle.Query().Where(loginthrottle.IDIn(keyIDs(keys)...)).All(tenancy.AsSystem(ctx, tenancy.Credentials))
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

// recordFailure counts a failed sign-in against each key and locks keys past their
// threshold. The increment is a single upsert, so concurrent failures on several instances
// all count.
func (s *Service) recordFailure(ctx context.Context, keys []throttleKey) error {
	// Sign-in throttles are internal rows, written before anyone is signed in.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	now := s.clock.Now()
	for _, k := range keys {
		key := k.id
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
		if lock := s.cfg.Throttle.lockFor(row.Failures, k.threshold); lock > 0 {
			if err := s.db.LoginThrottle.UpdateOneID(key).SetLockedUntil(now.Add(lock)).Exec(sys); err != nil {
				return err
			}
		}
	}
	return nil
}

// clearFailures forgets the failures of keys after a successful sign-in.
func (s *Service) clearFailures(ctx context.Context, keys []throttleKey) error {
	// Sign-in throttles are internal rows, cleared when a sign-in succeeds.
	_, err := s.db.LoginThrottle.Delete().Where(loginthrottle.IDIn(keyIDs(keys)...)).Exec(tenancy.AsSystem(ctx, tenancy.Credentials))
	return err
}
