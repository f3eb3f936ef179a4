package apikeys

import (
	"context"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// SetPermission grants ("shared") or withdraws ("missing") the partner's permission to
// generate keys for a direct-payment number. Withdrawing revokes at once every key the
// partner generated for it. Client admins only; partner-payment numbers always share it.
//
// Errors: forbidden, partner_payment, validation_failed.
func (s *Service) SetPermission(ctx context.Context, sc scope.Scope, id, state string) (*ent.Channel, error) {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.ClientAdmin && v.Role != tenancy.PlatformAdmin) {
		return nil, apperr.ErrForbidden.New("Only client admins change the key permission.")
	}
	if state != string(channel.KeyPermissionShared) && state != string(channel.KeyPermissionMissing) {
		return nil, apperr.Validation("state: must be shared or missing")
	}
	var out *ent.Channel
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.channel(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		// The partner's billing model decides; client users read their own partner's row
		// through the policy.
		p, err := tx.Partner.Get(ctx, ch.PartnerID)
		if err != nil {
			return err
		}
		if p.BillingModel != partner.BillingModelDirectPayment {
			return errPartnerPaymentConflict.New("On partner payment the partner always holds the key permission.")
		}
		if string(ch.KeyPermission) == state {
			out = ch
			return nil
		}
		now := s.clock.Now()
		if out, err = tx.Channel.UpdateOne(ch).SetKeyPermission(channel.KeyPermission(state)).Save(ctx); err != nil {
			return err
		}
		revoked := 0
		if state == string(channel.KeyPermissionMissing) {
			// As the system: the client may not otherwise write the partner's keys.
			if revoked, err = revokeWhere(ctx, tx.Client(), s.sql, "permission_withdrawn", now, channelapikey.ChannelID(ch.ID),
				channelapikey.CreatedByTypeIn(channelapikey.CreatedByTypePartnerUser, channelapikey.CreatedByTypePartnerKey)); err != nil {
				return err
			}
		}
		return s.announce(ctx, tx.Client(), out, "channel_key.permission_"+state, events.KeyPermissionChanged,
			map[string]any{"key_permission": state, "revoked_keys": revoked}, now)
	})
	return out, apperr.From(s.settle(ctx, err))
}
