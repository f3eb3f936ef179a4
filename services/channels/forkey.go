package channels

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The Messaging API authenticates with a channel key, which speaks for exactly one
// channel and brings no viewer: these calls act as the system on that channel only. The
// key is the credential that was checked; channelID is the channel it names, never input
// the caller chooses.

// GetForKey returns the channel a verified channel key belongs to.
//
// Errors: not_found.
func (s *Service) GetForKey(ctx context.Context, channelID string) (*ent.Channel, error) {
	// No viewer: the verified key names the channel (see above).
	return s.get(tenancy.AsSystem(ctx, tenancy.Credentials), s.db, Scope{}, channelID)
}

// SetWebhookForKey sets the channel webhook through the Messaging API.
//
// Errors: validation_failed, not_found.
func (s *Service) SetWebhookForKey(ctx context.Context, channelID string, w Webhook) (*ent.Channel, error) {
	if err := s.webhooks.Check("url", w.URL); err != nil {
		return nil, err
	}
	if err := checkHeaders(w.Headers); err != nil {
		return nil, err
	}
	// No viewer: the verified key names the channel (see above).
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	var out *ent.Channel
	err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		ch, err := s.get(sys, tx.Client(), Scope{}, channelID)
		if err != nil {
			return err
		}
		if _, err := tx.Channel.UpdateOne(ch).SetWebhookURL(w.URL).SetWebhookHeaders(w.Headers).Save(sys); err != nil {
			return err
		}
		if out, err = s.get(sys, tx.Client(), Scope{}, channelID); err != nil {
			return err
		}
		return s.record(sys, tx.Client(), out, "channel.webhook_set", "channel.updated",
			map[string]any{"url": w.URL, "header_names": headerNames(w.Headers), "via": "channel_key"}, s.clock.Now())
	})
	return out, apperr.From(err)
}

// HealthReport is the Messaging API's /health_status answer.
type HealthReport struct {
	HealthStatus fieldtype.Health `json:"health_status"`
	ID           string           `json:"id"`
}

// healthTTL is how long an instance answers /health_status from memory: the provider's
// report changes rarely, and this keeps the Messaging API's hottest call off the database.
const healthTTL = time.Second

type cachedHealth struct {
	report  *HealthReport
	expires time.Time
}

// HealthForKey reports the channel's messaging health; a channel the provider reported
// nothing about is AVAILABLE. Reports are cached for healthTTL per instance (a provider
// update on this instance drops its entry at once).
//
// Errors: not_found.
func (s *Service) HealthForKey(ctx context.Context, channelID string) (*HealthReport, error) {
	now := s.clock.Now()
	if c, ok := s.health.Load(channelID); ok && now.Before(c.(cachedHealth).expires) {
		return c.(cachedHealth).report, nil
	}
	// No viewer: the verified key names the channel (see above).
	ch, err := s.db.Channel.Get(tenancy.AsSystem(ctx, tenancy.Credentials), channelID)
	if err != nil {
		return nil, apperr.From(err)
	}
	h := ch.Health
	if h.CanSendMessage == "" {
		h = healthOf(ch, "AVAILABLE")
	}
	r := &HealthReport{HealthStatus: h, ID: ch.ID}
	s.health.Store(channelID, cachedHealth{report: r, expires: now.Add(healthTTL)})
	return r, nil
}
