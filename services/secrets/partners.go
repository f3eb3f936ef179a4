package secrets

import (
	"context"
	"fmt"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/services/secretbox"
)

// partnerSecret is one sealed column of the partners table.
type partnerSecret struct {
	field string
	get   func(*ent.Partner) *string
	is    func(string) predicate.Partner
	set   func(*ent.PartnerUpdate, string) *ent.PartnerUpdate
}

// partnerSecrets are the partner columns that hold secrets.
var partnerSecrets = []partnerSecret{
	{partner.FieldWebhookSecret, func(p *ent.Partner) *string { return p.WebhookSecret }, partner.WebhookSecret,
		(*ent.PartnerUpdate).SetWebhookSecret},
	{partner.FieldWebhookSecretPrevious, func(p *ent.Partner) *string { return p.WebhookSecretPrevious }, partner.WebhookSecretPrevious,
		(*ent.PartnerUpdate).SetWebhookSecretPrevious},
}

// withSecrets selects partners with at least one secret column that is (sealed) or is
// not (!sealed) in the sealed format.
func withSecrets(sealed bool) predicate.Partner {
	var ors []predicate.Partner
	for _, col := range []struct {
		notNil    predicate.Partner
		hasPrefix func(string) predicate.Partner
	}{
		{partner.WebhookSecretNotNil(), partner.WebhookSecretHasPrefix},
		{partner.WebhookSecretPreviousNotNil(), partner.WebhookSecretPreviousHasPrefix},
	} {
		p := col.hasPrefix(secretbox.Prefix)
		if !sealed {
			p = partner.Not(p)
		}
		ors = append(ors, partner.And(col.notNil, p))
	}
	return partner.Or(ors...)
}

// sealLegacyPartnerSecrets seals every partner secret still stored in plaintext, each by
// an update conditional on the plaintext read.
func sealLegacyPartnerSecrets(ctx context.Context, db *ent.Client, ring *secretbox.Keyring) error {
	ps, err := db.Partner.Query().Where(withSecrets(false)).All(ctx)
	if err != nil {
		return fmt.Errorf("secrets: read partner secrets: %w", err)
	}
	for _, p := range ps {
		for _, col := range partnerSecrets {
			v := col.get(p)
			if v == nil || secretbox.IsSealed(*v) {
				continue
			}
			sealed := ring.Seal([]byte(*v), PartnerPurpose(p.ID, col.field))
			// Sealing is not a change of the partner: modified_at stays.
			upd := db.Partner.Update().Where(partner.ID(p.ID), col.is(*v)).SetModifiedAt(p.ModifiedAt)
			if err := col.set(upd, sealed).Exec(ctx); err != nil {
				return fmt.Errorf("secrets: seal %s: %w", PartnerPurpose(p.ID, col.field), err)
			}
		}
	}
	return nil
}
