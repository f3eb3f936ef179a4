package webhooks

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/ent/webhookattempt"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// RotationWindow is how long the previous secret keeps signing after a rotation.
const RotationWindow = 24 * time.Hour

func mayManage(ctx context.Context) error {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.PlatformAdmin && v.Role != tenancy.PartnerAdmin) {
		return apperr.ErrForbidden.New("Only partner admins manage webhook settings.")
	}
	return nil
}

// SecretRotation is a newly created signing secret, shown once.
type SecretRotation struct {
	Secret             string     `json:"secret"`
	PreviousValidUntil *time.Time `json:"previous_valid_until"`
	CreatedAt          time.Time  `json:"created_at"`
}

// RotateSecret creates the partner's signing secret, or replaces it: the old one keeps
// signing (as a second v1 value) for RotationWindow so receivers can switch without loss.
// Partner admins only.
//
// Errors: forbidden, not_found.
func (s *Service) RotateSecret(ctx context.Context, partnerID string) (*SecretRotation, error) {
	if err := mayManage(ctx); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	out := &SecretRotation{Secret: NewSecret(), CreatedAt: now}
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		p, err := tx.Partner.Get(ctx, partnerID)
		if err != nil {
			return err
		}
		upd := tx.Partner.UpdateOne(p).SetWebhookSecret(s.sealSecret(p.ID, partner.FieldWebhookSecret, out.Secret))
		if p.WebhookSecret != nil {
			// Re-sealed, not copied: a sealed value opens only in the column it was sealed for.
			prev, err := s.openSecret(p.ID, partner.FieldWebhookSecret, *p.WebhookSecret)
			if err != nil {
				return err
			}
			until := now.Add(RotationWindow)
			upd.SetWebhookSecretPrevious(s.sealSecret(p.ID, partner.FieldWebhookSecretPrevious, prev)).SetWebhookSecretPreviousUntil(until)
			out.PreviousValidUntil = &until
		}
		if err := upd.Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "partner.webhook_secret_rotated", ObjectType: "partner",
			ObjectID: p.ID, PartnerID: &p.ID, Details: map[string]any{"had_previous": p.WebhookSecret != nil}, At: now})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}

// TestResult is what the receiver did with a test event.
type TestResult struct {
	Delivered  bool   `json:"delivered"`
	StatusCode int    `json:"status_code,omitempty"`
	LatencyMS  int64  `json:"latency_ms"`
	Error      string `json:"error,omitempty"`
	Response   string `json:"response,omitempty"`
	EventID    string `json:"event_id"`
}

// SendTest sends a signed test event to the partner's webhook now and logs the attempt.
// Partner admins only; the partner must have a webhook URL.
//
// Errors: forbidden, not_found, no_webhook, validation_failed.
func (s *Service) SendTest(ctx context.Context, partnerID string) (*TestResult, error) {
	if err := mayManage(ctx); err != nil {
		return nil, err
	}
	p, err := s.db.Partner.Get(ctx, partnerID)
	if err != nil {
		return nil, apperr.From(err)
	}
	if p.WebhookURL == nil {
		return nil, channels.ErrNoWebhook.New("Set a webhook URL first.")
	}
	now := s.clock.Now()
	ev := &ent.Event{UID: "test_" + leaseToken(), Event: events.WebhookTest, CreatedAt: now,
		Data: map[string]any{"partner_id": p.ID, "message": "This is a test event from PartnerHub."}}
	body := Envelope(ev)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, *p.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return nil, apperr.Validation("webhook_url: " + err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "PartnerHub-Webhooks/1")
	req.Header.Set(EventIDHeader, ev.UID)
	req.Header.Set(EventHeader, ev.Event)
	secrets, err := s.signingSecrets(p, now)
	if err != nil {
		return nil, apperr.From(err)
	}
	if len(secrets) > 0 {
		// Wall time, not the service clock: receivers check the timestamp against theirs.
		req.Header.Set(SignatureHeader, Sign(time.Now(), body, secrets...))
	}
	start := time.Now()
	res, err := s.client.Do(req)
	out := &TestResult{LatencyMS: time.Since(start).Milliseconds(), EventID: ev.UID}
	if err != nil {
		out.Error = describe(err)
	} else {
		excerpt, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
		res.Body.Close()
		out.StatusCode = res.StatusCode
		if utf8.Valid(excerpt) {
			out.Response = string(excerpt)
		}
		out.Delivered = res.StatusCode >= 200 && res.StatusCode <= 299
		if !out.Delivered {
			out.Error = "receiver answered " + res.Status
		}
	}
	a := s.db.WebhookAttempt.Create().SetDeliveryID(0).SetEventUID(ev.UID).SetEvent(ev.Event).SetPartnerID(p.ID).
		SetURL(truncate(*p.WebhookURL, 2048)).SetAttemptedAt(now).SetLatencyMs(int(out.LatencyMS)).
		SetError(out.Error).SetResponse(truncate(out.Response, 1024)).SetTest(true)
	if out.StatusCode != 0 {
		a.SetStatusCode(out.StatusCode)
	}
	// The delivery log is the hub's record of what it sent, written as the system.
	if err := a.Exec(tenancy.AsSystem(ctx, tenancy.Bookkeeping)); err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}

// DeliveryView is a delivery as the API shows it.
type DeliveryView struct {
	ID             int64      `json:"id"`
	EventID        string     `json:"event_id"`
	Event          string     `json:"event"`
	Status         string     `json:"status" enums:"pending,delivered,failed"`
	Attempts       int        `json:"attempts"`
	CreatedAt      time.Time  `json:"created_at"`
	NextAttemptAt  *time.Time `json:"next_attempt_at"`
	LastStatusCode *int       `json:"last_status_code"`
	LastError      string     `json:"last_error"`
	DeliveredAt    *time.Time `json:"delivered_at"`
	FailedAt       *time.Time `json:"failed_at"`
}

// DeliveryViewOf renders d.
func DeliveryViewOf(d *ent.WebhookDelivery) DeliveryView {
	v := DeliveryView{ID: d.ID, EventID: d.EventUID, Event: d.Event, Status: string(d.Status), Attempts: d.Attempts,
		CreatedAt: d.CreatedAt.UTC(), LastStatusCode: d.LastStatusCode, LastError: d.LastError,
		DeliveredAt: utc(d.DeliveredAt), FailedAt: utc(d.FailedAt)}
	if d.Status == webhookdelivery.StatusPending {
		t := d.NextAttemptAt.UTC()
		v.NextAttemptAt = &t
	}
	return v
}

// AttemptView is one line of the delivery log.
type AttemptView struct {
	ID          int64     `json:"id"`
	DeliveryID  int64     `json:"delivery_id"`
	EventID     string    `json:"event_id"`
	Event       string    `json:"event"`
	URL         string    `json:"url"`
	AttemptedAt time.Time `json:"attempted_at"`
	StatusCode  *int      `json:"status_code"`
	LatencyMS   int       `json:"latency_ms"`
	Error       string    `json:"error"`
	Response    string    `json:"response"`
	Test        bool      `json:"test"`
}

// AttemptViewOf renders a.
func AttemptViewOf(a *ent.WebhookAttempt) AttemptView {
	return AttemptView{ID: a.ID, DeliveryID: a.DeliveryID, EventID: a.EventUID, Event: a.Event, URL: a.URL,
		AttemptedAt: a.AttemptedAt.UTC(), StatusCode: a.StatusCode, LatencyMS: a.LatencyMs, Error: a.Error, Response: a.Response, Test: a.Test}
}

// DeliverySpec is what the delivery list sorts and filters on.
var DeliverySpec = listquery.Spec{
	Sortable: map[string]listquery.Field{"created_at": {Column: webhookdelivery.FieldCreatedAt}, "id": {Column: webhookdelivery.FieldID}},
	Filterable: map[string]listquery.Field{"status": {Column: webhookdelivery.FieldStatus}, "event": {Column: webhookdelivery.FieldEvent},
		"event_id": {Column: webhookdelivery.FieldEventUID}},
	DefaultSort: "-id",
}

// AttemptSpec is what the delivery log sorts and filters on.
var AttemptSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{"attempted_at": {Column: webhookattempt.FieldAttemptedAt}, "id": {Column: webhookattempt.FieldID}},
	Filterable: map[string]listquery.Field{"delivery_id": {Column: webhookattempt.FieldDeliveryID}, "event": {Column: webhookattempt.FieldEvent},
		"event_id": {Column: webhookattempt.FieldEventUID}, "status_code": {Column: webhookattempt.FieldStatusCode}, "test": {Column: webhookattempt.FieldTest}},
	DefaultSort: "-id",
}

// Deliveries returns a page of partnerID's deliveries to its webhook and the total (the
// Messaging API's deliveries to channel webhooks are the channels' own log); a partner the
// viewer cannot see is a 404.
//
// Errors: not_found.
func (s *Service) Deliveries(ctx context.Context, partnerID string, q *listquery.Query) ([]DeliveryView, int, error) {
	if err := (scope.Scope{PartnerID: partnerID}).Check(ctx, s.db); err != nil {
		return nil, 0, err
	}
	items, total, err := listquery.Page(ctx, s.db.WebhookDelivery.Query().Where(webhookdelivery.PartnerID(partnerID), webhookdelivery.ChannelIDIsNil()), q)
	if err != nil {
		return nil, 0, err
	}
	out := make([]DeliveryView, len(items))
	for i, d := range items {
		out[i] = DeliveryViewOf(d)
	}
	return out, total, nil
}

// Attempts returns a page of partnerID's delivery log (its webhook's attempts) and the
// total; a partner the viewer cannot see is a 404.
//
// Errors: not_found.
func (s *Service) Attempts(ctx context.Context, partnerID string, q *listquery.Query) ([]AttemptView, int, error) {
	if err := (scope.Scope{PartnerID: partnerID}).Check(ctx, s.db); err != nil {
		return nil, 0, err
	}
	items, total, err := listquery.Page(ctx, s.db.WebhookAttempt.Query().Where(webhookattempt.PartnerID(partnerID), webhookattempt.ChannelIDIsNil()), q)
	if err != nil {
		return nil, 0, err
	}
	out := make([]AttemptView, len(items))
	for i, a := range items {
		out[i] = AttemptViewOf(a)
	}
	return out, total, nil
}

// Redeliver queues delivery id of partnerID again, now, unless it is queued already, and
// returns it as the API shows it. Partner staff only.
//
// Errors: forbidden, not_found, already_pending.
func (s *Service) Redeliver(ctx context.Context, partnerID string, id int64) (*DeliveryView, error) {
	if err := mayRedeliver(ctx); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	var out *ent.WebhookDelivery
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		d, err := tx.WebhookDelivery.Query().Where(webhookdelivery.ID(id), webhookdelivery.PartnerID(partnerID), webhookdelivery.ChannelIDIsNil()).Only(ctx)
		if err != nil {
			return err
		}
		if d.Status == webhookdelivery.StatusPending {
			return ErrAlreadyPending.New("This delivery is already queued.")
		}
		if out, err = s.requeue(ctx, tx.Client(), d, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "webhook.redelivered", ObjectType: "webhook_delivery",
			ObjectID: d.EventUID, PartnerID: &d.PartnerID, Details: map[string]any{"delivery_id": d.ID}, At: now})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	v := DeliveryViewOf(out)
	return &v, nil
}

// RedeliverFailed queues again every failed delivery of partnerID created in [from, to)
// and returns how many. Partner staff only.
//
// Errors: forbidden, validation_failed, not_found.
func (s *Service) RedeliverFailed(ctx context.Context, partnerID string, from, to time.Time) (int, error) {
	if err := mayRedeliver(ctx); err != nil {
		return 0, err
	}
	if !to.After(from) {
		return 0, apperr.Validation("to: must be after from")
	}
	if err := (scope.Scope{PartnerID: partnerID}).Check(ctx, s.db); err != nil {
		return 0, err
	}
	now := s.clock.Now()
	var n int
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		var err error
		n, err = tx.WebhookDelivery.Update().
			Where(webhookdelivery.PartnerID(partnerID), webhookdelivery.ChannelIDIsNil(), webhookdelivery.StatusEQ(webhookdelivery.StatusFailed),
				webhookdelivery.CreatedAtGTE(from), webhookdelivery.CreatedAtLT(to)).
			SetStatus(webhookdelivery.StatusPending).SetNextAttemptAt(now).SetWindowStartedAt(now).
			ClearFailedAt().ClearLockedUntil().ClearLeaseOwner().Save(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "webhook.redelivered_failed", ObjectType: "partner",
			ObjectID: partnerID, PartnerID: &partnerID, Details: map[string]any{"count": n, "from": from, "to": to}, At: now})
	})
	return n, apperr.From(err)
}

// requeue makes d pending again with a fresh retry window starting now.
func (s *Service) requeue(ctx context.Context, tx *ent.Client, d *ent.WebhookDelivery, now time.Time) (*ent.WebhookDelivery, error) {
	return tx.WebhookDelivery.UpdateOne(d).SetStatus(webhookdelivery.StatusPending).SetNextAttemptAt(now).
		SetWindowStartedAt(now).ClearFailedAt().ClearDeliveredAt().ClearLockedUntil().ClearLeaseOwner().Save(ctx)
}

func mayRedeliver(ctx context.Context) error {
	if v := tenancy.FromContext(ctx); v == nil || !(v.Role == tenancy.PlatformAdmin || v.Role.IsPartner()) {
		return apperr.ErrForbidden.New("Only partner staff redeliver webhooks.")
	}
	return nil
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// ListChannelDeliveries returns a page of the deliveries of channelID's Messaging API
// webhooks (statuses and inbound messages, in Meta's envelope) and the total; a channel
// the viewer cannot see within sc is a 404.
//
// Errors: not_found.
func (s *Service) ListChannelDeliveries(ctx context.Context, sc scope.Scope, channelID string, q *listquery.Query) ([]DeliveryView, int, error) {
	where := []predicate.Channel{channel.ID(channelID)}
	if sc.PartnerID != "" {
		where = append(where, channel.PartnerID(sc.PartnerID))
	}
	if sc.ClientID != "" {
		where = append(where, channel.ClientID(sc.ClientID))
	}
	ok, err := s.db.Channel.Query().Where(where...).Exist(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	if !ok {
		return nil, 0, apperr.NotFoundf("Channel not found.")
	}
	// The viewer sees the channel (just checked through its privacy rules); its delivery
	// rows carry only the partner, so client users could not read them directly.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	items, total, err := listquery.Page(sys, s.db.WebhookDelivery.Query().Where(webhookdelivery.ChannelID(channelID)), q)
	if err != nil {
		return nil, 0, err
	}
	out := make([]DeliveryView, len(items))
	for i, d := range items {
		out[i] = DeliveryViewOf(d)
	}
	return out, total, nil
}
