package webhooks

import (
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/secrets"
)

// errSecretSealed is a delivery's error when the partner's signing secret does not open
// with this instance's master key: nothing is sent unsigned.
const errSecretSealed = "the webhook signing secret cannot be opened with this instance's secret key"

// signingSecrets are the secrets that sign now: the current one, plus the previous one
// during its rotation window. Both are stored sealed for their partner and column.
func (s *Service) signingSecrets(p *ent.Partner, now time.Time) ([]string, error) {
	var out []string
	if p.WebhookSecret != nil {
		v, err := s.openSecret(p.ID, partner.FieldWebhookSecret, *p.WebhookSecret)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if p.WebhookSecretPrevious != nil && p.WebhookSecretPreviousUntil != nil && now.Before(*p.WebhookSecretPreviousUntil) {
		v, err := s.openSecret(p.ID, partner.FieldWebhookSecretPrevious, *p.WebhookSecretPrevious)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// sealSecret is secret as stored in partner partnerID's column field.
func (s *Service) sealSecret(partnerID, field, secret string) string {
	return s.cfg.Keyring.Seal([]byte(secret), secrets.PartnerPurpose(partnerID, field))
}

// openSecret is the secret stored as v in partner partnerID's column field.
func (s *Service) openSecret(partnerID, field, v string) (string, error) {
	plain, err := secrets.Reveal(s.cfg.Keyring, v, secrets.PartnerPurpose(partnerID, field))
	return string(plain), err
}
