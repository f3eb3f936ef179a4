// Package events writes the transactional outbox (SPEC §5.8): every state change records
// its event with the same transaction, so an event exists exactly when its change does.
// Delivery to partner webhooks reads the outbox.
package events

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
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

// Emit writes e with db, which must be the transaction that makes the change.
func Emit(ctx context.Context, db *ent.Client, e Event) error {
	data := e.Data
	if data == nil {
		data = map[string]any{}
	}
	return db.Event.Create().
		SetEvent(e.Name).SetPartnerID(e.PartnerID).SetNillableClientID(e.ClientID).
		SetObjectType(e.ObjectType).SetObjectID(e.ObjectID).SetData(data).SetCreatedAt(e.At.UTC()).
		Exec(ctx)
}
