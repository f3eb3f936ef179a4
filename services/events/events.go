// Package events writes the transactional outbox: every state change records
// its event with the same transaction, so an event exists exactly when its change does.
// Delivery to partner webhooks reads the outbox.
package events

import (
	"context"
	"encoding/json"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Partner-facing event names of the 360dialog contract, and ours.
const (
	ClientCreated         = "client_created"
	ChannelCreated        = "channel_created"
	ChannelSubmitted      = "channel_submitted"
	ChannelReady          = "channel_ready"
	ChannelRunning        = "channel_running"
	ChannelLive           = "channel_live"
	CancellationRequest   = "cancellation_request"
	CancellationRevoke    = "cancellation_revoke"
	CancellationProcessed = "cancellation_processed"
	ChannelUpdated        = "channel.updated"
	ChannelTerminated     = "channel.terminated"
	ClientUpdated         = "client.updated"
	PartnerUpdated        = "partner.updated"
	WABALimitRaised       = "waba.limit_raised"
	WebhookTest           = "webhook.test"
	APIKeyCreated         = "api_key.created"
	APIKeyRevoked         = "api_key.revoked"
	APIKeyLeaked          = "api_key.leaked"
	KeyPermissionChanged  = "api_key.permission_changed"

	PartnerChangeCreated   = "partner_change_request.created"
	PartnerChangeApproved  = "partner_change_request.approved"
	PartnerChangeRejected  = "partner_change_request.rejected"
	PartnerChangeCancelled = "partner_change_request.cancelled"
	PartnerChangeCompleted = "partner_change_request.completed"
	PartnerChangeFailed    = "partner_change_request.failed"

	MigrationCreated      = "migration.created"
	MigrationOTPRequested = "migration.otp_requested"
	MigrationCompleted    = "migration.completed"
	MigrationFailed       = "migration.failed"
	MigrationCancelled    = "migration.cancelled"
	MigrationExpired      = "migration.expired"

	TicketCreated     = "ticket.created"
	TicketReplied     = "ticket.replied"
	TicketEscalated   = "ticket.escalated"
	TicketResolved    = "ticket.resolved"
	TicketReopened    = "ticket.reopened"
	TicketSLAWarning  = "ticket.sla_warning"
	TicketSLABreached = "ticket.sla_breached"

	// Message templates (360dialog's names).
	TemplateStatusChanged  = "waba_template_status_changed"
	TemplateQualityChanged = "waba_template_quality_changed"

	// Messaging API webhooks: sent to the channel's webhook URL in Meta's envelope, never
	// to the partner's webhook.
	MessageStatus   = "whatsapp.message_status"
	MessageReceived = "whatsapp.message_received"
)

// Event is one outbox entry.
type Event struct {
	Name       string
	PartnerID  string
	ClientID   *string
	ObjectType string
	ObjectID   string
	Data       map[string]any
	At         time.Time
}

// Emit writes e with db, which must be the transaction that makes the change, and — when
// the partner has a webhook URL — the pending delivery of e to it, so that an event is
// delivered exactly when its change commits.
func Emit(ctx context.Context, db *ent.Client, e Event) error {
	data := e.Data
	if data == nil {
		data = map[string]any{}
	}
	ev, err := db.Event.Create().
		SetEvent(e.Name).SetPartnerID(e.PartnerID).SetNillableClientID(e.ClientID).
		SetObjectType(e.ObjectType).SetObjectID(e.ObjectID).SetData(data).SetCreatedAt(e.At.UTC()).
		Save(ctx)
	if err != nil {
		return err
	}
	// Whether the partner subscribes, and its delivery row, are the hub's bookkeeping, not
	// the viewer's: read and written as the system.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	subscribed, err := db.Partner.Query().Where(partner.ID(e.PartnerID), partner.WebhookURLNotNil()).Exist(sys)
	if err != nil || !subscribed {
		return err
	}
	return db.WebhookDelivery.Create().
		SetEventID(ev.ID).SetEventUID(ev.UID).SetEvent(ev.Event).SetPartnerID(ev.PartnerID).
		SetCreatedAt(ev.CreatedAt).SetWindowStartedAt(ev.CreatedAt).SetNextAttemptAt(ev.CreatedAt).Exec(sys)
}

// DataOf turns a view (a struct with JSON tags, as the API shows the object) into the
// generic map an event carries, so an event's data is exactly the API's shape.
func DataOf(view any) (map[string]any, error) {
	raw, err := json.Marshal(view)
	if err != nil {
		return nil, err
	}
	data := map[string]any{}
	return data, json.Unmarshal(raw, &data)
}

// ChannelEvent is an event for a channel's webhook (the Messaging API's): its Data is the
// complete body to POST (Meta's envelope), and WebhookURL the channel's webhook URL at
// the time of the change, nil when it has none.
type ChannelEvent struct {
	Event
	ChannelID  string
	WebhookURL *string
}

// EmitToChannel writes e with db, which must be the transaction that makes the change,
// and — when webhookURL is set — its pending delivery to the channel's webhook (the
// delivery carries channelID; the dispatcher reads the URL and headers from the channel
// when it sends). The partner's webhook never receives it. It makes no query besides the
// two inserts: the caller knows the channel's URL.
func EmitToChannel(ctx context.Context, db *ent.Client, e Event, channelID string, webhookURL *string) error {
	return EmitManyToChannel(ctx, db, []ChannelEvent{{Event: e, ChannelID: channelID, WebhookURL: webhookURL}})
}

// EmitManyToChannel is EmitToChannel for many events at once, in one insert of events
// and one of deliveries (the status progression writes hundreds per transaction).
func EmitManyToChannel(ctx context.Context, db *ent.Client, es []ChannelEvent) error {
	if len(es) == 0 {
		return nil
	}
	// A Messaging API change has no viewer of its own (a channel key, the simulator's
	// progression): its outbox rows and their deliveries are the hub's bookkeeping.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	creates := make([]*ent.EventCreate, len(es))
	for i, e := range es {
		data := e.Data
		if data == nil {
			data = map[string]any{}
		}
		creates[i] = db.Event.Create().
			SetEvent(e.Name).SetPartnerID(e.PartnerID).SetNillableClientID(e.ClientID).
			SetObjectType(e.ObjectType).SetObjectID(e.ObjectID).SetData(data).SetCreatedAt(e.At.UTC())
	}
	evs, err := db.Event.CreateBulk(creates...).Save(sys)
	if err != nil {
		return err
	}
	var subscribed []int
	for i, e := range es {
		if e.WebhookURL != nil {
			subscribed = append(subscribed, i)
		}
	}
	if len(subscribed) == 0 {
		return nil
	}
	if len(evs) > 1 {
		// The uids are made here, the sequence ids by the database: read the ids back by
		// uid rather than trust the order a multi-row insert returns them in.
		uids := make([]string, len(subscribed))
		for j, i := range subscribed {
			uids[j] = evs[i].UID
		}
		rows, err := db.Event.Query().Where(event.UIDIn(uids...)).Select(event.FieldID, event.FieldUID).All(sys)
		if err != nil {
			return err
		}
		ids := make(map[string]int64, len(rows))
		for _, r := range rows {
			ids[r.UID] = r.ID
		}
		for _, i := range subscribed {
			evs[i].ID = ids[evs[i].UID]
		}
	}
	deliveries := make([]*ent.WebhookDeliveryCreate, len(subscribed))
	for j, i := range subscribed {
		ev := evs[i]
		deliveries[j] = db.WebhookDelivery.Create().
			SetEventID(ev.ID).SetEventUID(ev.UID).SetEvent(ev.Event).SetPartnerID(ev.PartnerID).SetChannelID(es[i].ChannelID).
			SetCreatedAt(ev.CreatedAt).SetWindowStartedAt(ev.CreatedAt).SetNextAttemptAt(ev.CreatedAt)
	}
	return db.WebhookDelivery.CreateBulk(deliveries...).Exec(sys)
}
