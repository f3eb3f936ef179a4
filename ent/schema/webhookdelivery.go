package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// WebhookDelivery is the delivery of one outbox event to its partner's webhook: created
// with the event, retried with back-off until a 2xx or the retry window ends. An instance
// works on a delivery only while it holds the lease (locked_until), so a crashed instance's
// deliveries are picked up again when the lease runs out (at-least-once).
type WebhookDelivery struct{ ent.Schema }

// Mixin of the WebhookDelivery.
func (WebhookDelivery) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id"})}
}

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").Immutable(),
		field.Int64("event_id").Immutable().Comment("events.id (the outbox sequence)"),
		field.String("event_uid").NotEmpty().Immutable(),
		field.String("event").NotEmpty().Immutable(),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("channel_id").Optional().Nillable().Immutable().Comment("set for Messaging API webhooks: sent to the channel's webhook URL with its headers"),
		field.Enum("status").Values("pending", "delivered", "failed").Default("pending"),
		field.Int("attempts").Default(0),
		field.Time("created_at").Immutable(),
		field.Time("window_started_at").Comment("retries stop RetryWindow after this; a redelivery restarts it"),
		field.Time("next_attempt_at"),
		field.Time("locked_until").Optional().Nillable(),
		field.String("lease_owner").Optional().Nillable(),
		field.Int("last_status_code").Optional().Nillable(),
		field.String("last_error").Default("").MaxLen(500),
		field.Time("delivered_at").Optional().Nillable(),
		field.Time("failed_at").Optional().Nillable(),
	}
}

// Indexes of the WebhookDelivery.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "next_attempt_at"),
		index.Fields("partner_id", "created_at"),
		index.Fields("event_id"),
		index.Fields("channel_id", "created_at"),
	}
}
