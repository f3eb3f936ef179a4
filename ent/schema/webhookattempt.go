package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// WebhookAttempt is one HTTP attempt of a delivery: the partner's delivery log.
type WebhookAttempt struct{ ent.Schema }

// Mixin of the WebhookAttempt.
func (WebhookAttempt) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id"})}
}

// Fields of the WebhookAttempt.
func (WebhookAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").Immutable(),
		field.Int64("delivery_id").Immutable(),
		field.String("event_uid").NotEmpty().Immutable(),
		field.String("event").NotEmpty().Immutable(),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("channel_id").Optional().Nillable().Immutable(),
		field.String("url").Immutable().MaxLen(2048),
		field.Time("attempted_at").Immutable(),
		field.Int("status_code").Optional().Nillable().Immutable(),
		field.Int("latency_ms").Immutable(),
		field.String("error").Default("").Immutable().MaxLen(500),
		field.String("response").Default("").Immutable().MaxLen(1024).Comment("first 1 KB of the receiver's answer"),
		field.Bool("test").Default(false).Immutable(),
	}
}

// Indexes of the WebhookAttempt.
func (WebhookAttempt) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("partner_id", "attempted_at"),
		index.Fields("delivery_id"),
	}
}
