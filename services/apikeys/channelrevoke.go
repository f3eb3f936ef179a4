package apikeys

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// RevokeAllForChannel revokes every valid key of channelID with tx. Other services call it
// inside their own transaction when a channel stops being theirs to message with:
// termination now, partner changes later.
func RevokeAllForChannel(ctx context.Context, tx *ent.Client, d storage.SQL, channelID, reason string, now time.Time) (int, error) {
	return revokeWhere(ctx, tx, d, reason, now, channelapikey.ChannelID(channelID))
}

// revokeWhere revokes every valid channel key matching where, writing the key events that
// make every instance drop them.
func revokeWhere(ctx context.Context, tx *ent.Client, d storage.SQL, reason string, now time.Time, where ...predicate.ChannelAPIKey) (int, error) {
	// Revocations write key events, the system-only outbox every instance reads, for keys the caller may revoke.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	keys, err := tx.ChannelAPIKey.Query().
		Where(append(where, channelapikey.StateIn(channelapikey.StateActive, channelapikey.StateGrace))...).All(sys)
	if err != nil {
		return 0, err
	}
	for _, k := range keys {
		if err := tx.ChannelAPIKey.UpdateOne(k).SetState(channelapikey.StateRevoked).SetRevokedAt(now).
			SetRevokeReason(reason).ClearSealedKey().Exec(sys); err != nil {
			return 0, err
		}
		if err := keyChanged(ctx, tx, d, k.KeyHash, now); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}

// keyChanged records that the key with hash became less valid, so every instance evicts
// it; on PostgreSQL the notification is delivered at commit, never for a rolled-back change.
func keyChanged(ctx context.Context, tx *ent.Client, d storage.SQL, hash []byte, now time.Time) error {
	// Key events are the system-only outbox that makes every instance drop a key.
	if err := tx.KeyEvent.Create().SetAt(now).SetKeyHash(hash).Exec(tenancy.AsSystem(ctx, tenancy.Bookkeeping)); err != nil {
		return err
	}
	return storage.Notify(ctx, d, tx, NotifyChannel)
}

// revokeSandboxKeys revokes the valid sandbox keys of channelID bound to waID with tx: a
// sandbox user's new key replaces the previous one.
func revokeSandboxKeys(ctx context.Context, tx *ent.Client, d storage.SQL, channelID, waID string, now time.Time) (int, error) {
	return revokeWhere(ctx, tx, d, "replaced by a new sandbox key", now, channelapikey.ChannelID(channelID), channelapikey.SandboxWaID(waID))
}
