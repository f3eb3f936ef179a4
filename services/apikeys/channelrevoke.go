package apikeys

import (
	"context"
	"time"

	"entgo.io/ent/dialect"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/ent/viewer"
)

// RevokeAllForChannel revokes every valid key of channelID with tx. Other services call it
// inside their own transaction when a channel stops being theirs to message with:
// termination now, partner changes later.
func RevokeAllForChannel(ctx context.Context, tx *ent.Client, dialectName, channelID, reason string, now time.Time) (int, error) {
	return revokeWhere(ctx, tx, dialectName, reason, now, channelapikey.ChannelID(channelID))
}

// revokeWhere revokes every valid channel key matching where, writing the key events that
// make every instance drop them.
func revokeWhere(ctx context.Context, tx *ent.Client, dialectName, reason string, now time.Time, where ...predicate.ChannelAPIKey) (int, error) {
	sys := viewer.SystemContext(ctx)
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
		if err := keyChanged(ctx, tx, dialectName, k.KeyHash, now); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}

// keyChanged records that the key with hash became less valid, so every instance evicts
// it; on PostgreSQL the notification is delivered at commit, never for a rolled-back change.
func keyChanged(ctx context.Context, tx *ent.Client, dialectName string, hash []byte, now time.Time) error {
	if err := tx.KeyEvent.Create().SetAt(now).SetKeyHash(hash).Exec(viewer.SystemContext(ctx)); err != nil {
		return err
	}
	if dialectName == dialect.Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, '')", NotifyChannel); err != nil {
			return err
		}
	}
	return nil
}
