package auth

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/refreshtoken"
	"github.com/partnerhub/partnerhub/ent/sessionevent"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// NotifyChannel is the PostgreSQL channel a session revocation notifies, so that every
// instance's watcher catches up at once instead of at its next poll.
const NotifyChannel = "partnerhub_session_events"

// pollInterval bounds how late an instance that missed a notification (or runs on SQLite,
// where there are none) refuses a revoked session's access tokens.
const pollInterval = 250 * time.Millisecond

// sessions is this instance's view of ended sessions: the ids of sessions revoked within
// an access token's lifetime, read from the session_events outbox. An access token names
// its session (sid), so checking it is one map lookup under a read lock.
type sessions struct {
	mu      sync.RWMutex
	revoked map[string]time.Time // sid → when its last access token runs out at the latest
	lastSeq int64
	// onUser is told which users' sessions ended, so caches of them are dropped.
	onUser []func(userID string)
}

// isRevoked reports whether sid has been ended.
func (s *sessions) isRevoked(sid string) bool {
	s.mu.RLock()
	_, ok := s.revoked[sid]
	s.mu.RUnlock()
	return ok
}

// apply records ended sessions and forgets entries whose tokens have all run out.
func (s *sessions) apply(evs []*ent.SessionEvent, keep time.Duration, now time.Time) {
	s.mu.Lock()
	for _, e := range evs {
		s.revoked[e.SessionID] = e.At.Add(keep)
		s.lastSeq = max(s.lastSeq, e.ID)
	}
	for sid, until := range s.revoked {
		if now.After(until) {
			delete(s.revoked, sid)
		}
	}
	hooks := s.onUser
	s.mu.Unlock()
	for _, e := range evs {
		for _, h := range hooks {
			h(e.UserID)
		}
	}
}

// keep is how long a revoked session must be remembered: as long as its newest access
// token can still be presented.
func (s *Service) keep() time.Duration { return s.cfg.AccessTTL + time.Minute }

// OnSessionsEnded registers f to be told, on every instance, the user whose session ended
// (for caches keyed by user).
func (s *Service) OnSessionsEnded(f func(userID string)) {
	s.sessions.mu.Lock()
	s.sessions.onUser = append(s.sessions.onUser, f)
	s.sessions.mu.Unlock()
}

// loadRevoked reads the sessions ended within an access token's lifetime, so that an
// instance starting now refuses their tokens from its first request.
func (s *Service) loadRevoked(ctx context.Context) error {
	// Session events are the hub's own outbox of ended sessions, read before any viewer exists.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	now := s.clock.Now()
	evs, err := s.db.SessionEvent.Query().Where(sessionevent.AtGT(now.Add(-s.keep()))).
		Order(ent.Asc(sessionevent.FieldID)).All(sys)
	if err != nil {
		return err
	}
	last, err := s.db.SessionEvent.Query().Order(ent.Desc(sessionevent.FieldID)).First(sys)
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	s.sessions.apply(evs, s.keep(), now)
	if last != nil {
		s.sessions.mu.Lock()
		s.sessions.lastSeq = max(s.sessions.lastSeq, last.ID)
		s.sessions.mu.Unlock()
	}
	return nil
}

// CatchupSessions applies every session event after the last one seen and returns how many.
func (s *Service) CatchupSessions(ctx context.Context) (int, error) {
	s.sessions.mu.RLock()
	last := s.sessions.lastSeq
	s.sessions.mu.RUnlock()
	evs, err := s.db.SessionEvent.Query().Where(sessionevent.IDGT(last)).
		// Session events are the hub's own outbox of ended sessions, read by the watcher, not for a viewer.
		Order(ent.Asc(sessionevent.FieldID)).Limit(10_000).All(tenancy.AsSystem(ctx, tenancy.Credentials))
	if err != nil {
		return 0, err
	}
	s.sessions.apply(evs, s.keep(), s.clock.Now())
	return len(evs), nil
}

// WatchSessions applies session events until ctx ends: at once when wake fires (a
// PostgreSQL notification) and every 250 ms in any case, so a lost notification delays a
// revocation by at most the poll interval.
func (s *Service) WatchSessions(ctx context.Context, wake <-chan struct{}, log *slog.Logger) {
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-tick.C:
		}
		if _, err := s.CatchupSessions(ctx); err != nil && ctx.Err() == nil {
			log.Error("session events catch-up failed", "error", err.Error())
		}
	}
}

// endSessions revokes the refresh tokens of the given sessions of userID and writes one
// session event each, in tx's transaction; after commit, every instance refuses their
// access tokens. This instance refuses them at once, before the commit: should the
// transaction fail, those sessions end anyway (the safe direction; people sign in again).
func (s *Service) endSessions(ctx context.Context, tx *ent.Client, userID string, sids []string) error {
	if len(sids) == 0 {
		return nil
	}
	now := s.clock.Now()
	if _, err := tx.RefreshToken.Update().Where(refreshtoken.FamilyIDIn(sids...), refreshtoken.RevokedAtIsNil()).
		SetRevokedAt(now).Save(ctx); err != nil {
		return err
	}
	creates := make([]*ent.SessionEventCreate, len(sids))
	for i, sid := range sids {
		creates[i] = tx.SessionEvent.Create().SetAt(now).SetSessionID(sid).SetUserID(userID)
	}
	evs, err := tx.SessionEvent.CreateBulk(creates...).Save(ctx)
	if err != nil {
		return err
	}
	if err := storage.Notify(ctx, s.sql, tx, NotifyChannel); err != nil {
		return err
	}
	s.sessions.apply(evs, s.keep(), s.clock.Now())
	return nil
}

// liveSessions lists the sessions of userID that may still have a valid access token: any
// whose refresh token is unrevoked, or was issued within an access token's lifetime.
func (s *Service) liveSessions(ctx context.Context, db *ent.Client, userID string) ([]string, error) {
	since := s.clock.Now().Add(-s.keep())
	return db.RefreshToken.Query().
		Where(refreshtoken.UserID(userID), refreshtoken.Or(refreshtoken.RevokedAtIsNil(), refreshtoken.CreatedAtGT(since))).
		Unique(true).Select(refreshtoken.FieldFamilyID).Strings(ctx)
}

// EndUserSessions ends every session of userID in tx (a role change, a removal, a move to
// another partner): the user signs in again and gets tokens that say what is true now.
func (s *Service) EndUserSessions(ctx context.Context, tx *ent.Client, userID string) error {
	sids, err := s.liveSessions(ctx, tx, userID)
	if err != nil {
		return err
	}
	return s.endSessions(ctx, tx, userID, sids)
}
