package apikeys

import (
	"context"
	"time"

	"entgo.io/ent/dialect"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/viewer"
)

// RevokeAllForChannel revokes every valid key of channelID with tx, writing the key events
// (and, on PostgreSQL, the notification) that make every instance drop them. Other
// services call it inside their own transaction when a channel stops being theirs to
// message with: termination now, partner changes later.
func RevokeAllForChannel(ctx context.Context, tx *ent.Client, dialectName, channelID, reason string, now time.Time) (int, error) {
	sys := viewer.SystemContext(ctx)
	keys, err := tx.ChannelAPIKey.Query().
		Where(channelapikey.ChannelID(channelID), channelapikey.StateIn(channelapikey.StateActive, channelapikey.StateGrace)).All(sys)
	if err != nil {
		return 0, err
	}
	for _, k := range keys {
		if err := tx.ChannelAPIKey.UpdateOne(k).SetState(channelapikey.StateRevoked).SetRevokedAt(now).
			SetRevokeReason(reason).ClearSealedKey().Exec(sys); err != nil {
			return 0, err
		}
		if err := tx.KeyEvent.Create().SetAt(now).SetKeyHash(k.KeyHash).Exec(sys); err != nil {
			return 0, err
		}
	}
	if len(keys) > 0 && dialectName == dialect.Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, '')", NotifyChannel); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}
