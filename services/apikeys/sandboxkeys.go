package apikeys

import (
	"context"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// IssueSandboxKey makes a sandbox key (pht_) of the sandbox number channelID for the
// WhatsApp user waID, who asked for it by writing START to that number: the key may
// message waID only. A previous sandbox key of the same user is revoked in the same
// transaction (the user holds one at a time); other users' sandbox keys and the channel's
// own key stay. The hub issues it itself, as the system; the platformnumbers service
// calls it from its inbound hook.
//
// Errors: validation_failed, channel_not_running, not_found.
func (s *Service) IssueSandboxKey(ctx context.Context, channelID, waID string) (*IssuedKey, error) {
	waID = strings.TrimSpace(waID)
	if waID == "" || len(waID) > 32 {
		return nil, apperr.Validation("wa_id: is required (at most 32 characters)")
	}
	// The sandbox number is the platform's; its users have no viewer of their own.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	var out *IssuedKey
	err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		// Keys of one channel are made one after the other (see issue).
		ch, err := storage.LockRows(s.sql, tx.Channel.Query().Where(channel.ID(channelID))).Only(sys)
		if err != nil {
			return err
		}
		if ch.Status != channel.StatusRunning {
			return ErrChannelNotRunning.Newf("The sandbox number is %s, so it issues no keys now.", ch.Status)
		}
		now := s.clock.Now()
		previous, err := tx.ChannelAPIKey.Query().Where(channelapikey.ChannelID(ch.ID), channelapikey.SandboxWaID(waID),
			channelapikey.StateIn(channelapikey.StateActive, channelapikey.StateGrace)).IDs(sys)
		if err != nil {
			return err
		}
		if _, err := revokeSandboxKeys(sys, tx.Client(), s.sql, ch.ID, waID, now); err != nil {
			return err
		}
		plain := keyformat.New(keyformat.Sandbox)
		h := keyformat.Hash(plain)
		k, err := tx.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).
			SetSandboxWaID(waID).SetKeyHash(h[:]).SetHint(keyformat.Hint(plain)).SetCreatedAt(now).
			SetCreatedByType(channelapikey.CreatedByTypeSystem).Save(sys)
		if err != nil {
			return err
		}
		out = &IssuedKey{Key: k, Plain: plain, AppID: appID(ch), Address: s.address}
		details := map[string]any{"key_id": k.ID, "hint": k.Hint, "sandbox_wa_id": waID}
		if len(previous) > 0 {
			details["revoked_key_ids"] = previous
		}
		return s.announce(sys, tx.Client(), ch, "channel_key.sandbox_issued", events.APIKeyCreated, details, now)
	})
	if err := s.settle(sys, err); err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}
