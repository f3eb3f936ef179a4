package webhooks

import (
	"context"
	"sort"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/webhookattempt"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// PartnerHealth is one partner's delivery health over the last day.
type PartnerHealth struct {
	PartnerID       string     `json:"partner_id"`
	BrandName       string     `json:"brand_name"`
	WebhookURL      *string    `json:"webhook_url"`
	Attempts24h     int        `json:"attempts_24h"`
	Failures24h     int        `json:"failures_24h"`
	FailureRate24h  float64    `json:"failure_rate_24h"`
	Pending         int        `json:"pending"`
	Failed          int        `json:"failed"`
	OldestPendingAt *time.Time `json:"oldest_pending_at"`
}

// Health reports the partner webhooks' delivery health for every partner that has
// deliveries or a webhook URL, worst first (channel webhooks are not counted). Platform staff only.
//
// Errors: forbidden.
func (s *Service) Health(ctx context.Context) ([]PartnerHealth, error) {
	if v := tenancy.FromContext(ctx); !v.IsPlatform() {
		return nil, apperr.ErrForbidden.New("Only platform staff see delivery health.")
	}
	since := s.clock.Now().Add(-24 * time.Hour)
	byPartner := map[string]*PartnerHealth{}
	get := func(id string) *PartnerHealth {
		if byPartner[id] == nil {
			byPartner[id] = &PartnerHealth{PartnerID: id}
		}
		return byPartner[id]
	}
	var attempts []struct {
		PartnerID string `json:"partner_id"`
		Count     int    `json:"count"`
	}
	if err := s.db.WebhookAttempt.Query().Where(webhookattempt.AttemptedAtGTE(since), webhookattempt.Test(false), webhookattempt.ChannelIDIsNil()).
		GroupBy(webhookattempt.FieldPartnerID).Aggregate(ent.Count()).Scan(ctx, &attempts); err != nil {
		return nil, apperr.From(err)
	}
	for _, a := range attempts {
		get(a.PartnerID).Attempts24h = a.Count
	}
	var failures []struct {
		PartnerID string `json:"partner_id"`
		Count     int    `json:"count"`
	}
	if err := s.db.WebhookAttempt.Query().Where(webhookattempt.AttemptedAtGTE(since), webhookattempt.Test(false), webhookattempt.ChannelIDIsNil(), webhookattempt.ErrorNEQ("")).
		GroupBy(webhookattempt.FieldPartnerID).Aggregate(ent.Count()).Scan(ctx, &failures); err != nil {
		return nil, apperr.From(err)
	}
	for _, f := range failures {
		get(f.PartnerID).Failures24h = f.Count
	}
	var states []struct {
		PartnerID string `json:"partner_id"`
		Status    string `json:"status"`
		Count     int    `json:"count"`
	}
	if err := s.db.WebhookDelivery.Query().Where(webhookdelivery.StatusIn(webhookdelivery.StatusPending, webhookdelivery.StatusFailed), webhookdelivery.ChannelIDIsNil()).
		GroupBy(webhookdelivery.FieldPartnerID, webhookdelivery.FieldStatus).Aggregate(ent.Count()).Scan(ctx, &states); err != nil {
		return nil, apperr.From(err)
	}
	for _, st := range states {
		if st.Status == string(webhookdelivery.StatusPending) {
			get(st.PartnerID).Pending = st.Count
		} else {
			get(st.PartnerID).Failed = st.Count
		}
	}
	for id, h := range byPartner {
		if h.Pending > 0 {
			oldest, err := s.db.WebhookDelivery.Query().Where(webhookdelivery.PartnerID(id), webhookdelivery.ChannelIDIsNil(), webhookdelivery.StatusEQ(webhookdelivery.StatusPending)).
				Order(webhookdelivery.ByCreatedAt()).First(ctx)
			if err == nil {
				t := oldest.CreatedAt.UTC()
				h.OldestPendingAt = &t
			}
		}
		if h.Attempts24h > 0 {
			h.FailureRate24h = float64(h.Failures24h) / float64(h.Attempts24h)
		}
	}
	ps, err := s.db.Partner.Query().Where(partner.Or(partner.WebhookURLNotNil(), partner.IDIn(keys(byPartner)...))).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := make([]PartnerHealth, 0, len(ps))
	for _, p := range ps {
		h := get(p.ID)
		h.BrandName, h.WebhookURL = p.BrandName, p.WebhookURL
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].FailureRate24h != out[j].FailureRate24h {
			return out[i].FailureRate24h > out[j].FailureRate24h
		}
		if out[i].Pending != out[j].Pending {
			return out[i].Pending > out[j].Pending
		}
		return out[i].PartnerID < out[j].PartnerID
	})
	return out, nil
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
