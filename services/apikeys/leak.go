package apikeys

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/partnerapikey"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/ratelimit"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Leak reports are limited per reporting address.
const (
	leakReportLimit  = 10
	leakReportWindow = time.Minute
)

// ReportLeak handles a report, from address ip, that key leaked: a valid key is revoked at
// once and its owner told (audit + event). The caller learns nothing either way — the
// answer does not depend on whether the key was valid — so the endpoint cannot be used to
// test keys; reports are rate-limited per address.
//
// Errors: rate_limited.
func (s *Service) ReportLeak(ctx context.Context, key, ip string) error {
	if err := ratelimit.Allow(ctx, s.db, "leak:"+ip, s.clock.Now(), leakReportLimit, leakReportWindow,
		"At most 10 leak reports per minute."); err != nil {
		return err
	}
	t, ok := keyformat.Check(key)
	if !ok {
		return nil
	}
	h := keyformat.Hash(key)
	// A leak report names a key by its secret alone, whoever found it: the key is looked up across tenants and revoked, never shown.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	now := s.clock.Now()
	return s.settle(ctx, storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		if t == keyformat.Partner {
			k, err := tx.PartnerAPIKey.Query().Where(partnerapikey.KeyHash(h[:]), partnerapikey.RevokedAtIsNil()).Only(sys)
			if ent.IsNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := tx.PartnerAPIKey.UpdateOne(k).SetRevokedAt(now).SetRevokeReason("leaked").ClearSealedKey().Exec(sys); err != nil {
				return err
			}
			if err := s.invalidate(sys, tx.Client(), h[:], now); err != nil {
				return err
			}
			return s.announcePartner(sys, tx.Client(), k.PartnerID, "partner_key.leak_reported", events.APIKeyLeaked,
				map[string]any{"key_id": k.ID, "hint": k.Hint}, now)
		}
		k, err := tx.ChannelAPIKey.Query().Where(channelapikey.KeyHash(h[:]), channelapikey.StateNEQ(channelapikey.StateRevoked)).Only(sys)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.ChannelAPIKey.UpdateOne(k).SetState(channelapikey.StateRevoked).SetRevokedAt(now).SetRevokeReason("leaked").ClearSealedKey().Exec(sys); err != nil {
			return err
		}
		if err := s.invalidate(sys, tx.Client(), h[:], now); err != nil {
			return err
		}
		ch, err := tx.Channel.Get(sys, k.ChannelID)
		if err != nil {
			return err
		}
		if err := audit.Record(sys, tx.Client(), audit.Entry{Action: "channel_key.leak_reported", ObjectType: "channel", ObjectID: ch.ID,
			PartnerID: &ch.PartnerID, ClientID: &ch.ClientID, Details: map[string]any{"key_id": k.ID, "hint": k.Hint}, At: now}); err != nil {
			return err
		}
		return events.Emit(sys, tx.Client(), events.Event{Name: events.APIKeyLeaked, PartnerID: ch.PartnerID, ClientID: &ch.ClientID,
			ObjectType: "channel", ObjectID: ch.ID, Data: map[string]any{"channel_id": ch.ID, "key_id": k.ID, "hint": k.Hint}, At: now})
	}))
}
