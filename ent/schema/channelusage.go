package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// ChannelUsage is one channel's message usage on one UTC day, as the provider reports it
// (the simulator records it). Balance and usage endpoints aggregate these rows.
type ChannelUsage struct{ ent.Schema }

// Mixin of the ChannelUsage.
func (ChannelUsage) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the ChannelUsage.
func (ChannelUsage) Fields() []ent.Field {
	return []ent.Field{
		field.String("channel_id").NotEmpty().Immutable(),
		field.String("client_id").NotEmpty(),
		field.String("partner_id").NotEmpty(),
		field.Time("day").Immutable().Comment("00:00 UTC of the day"),
		field.Int("marketing").Default(0),
		field.Int("utility").Default(0),
		field.Int("authentication").Default(0),
		field.Int("service").Default(0),
		field.Int("free").Default(0).Comment("conversations inside the free tier"),
		field.Int64("cost_micros").Default(0).Comment("price in millionths of the currency unit"),
		field.Int64("marketing_cost_micros").Default(0),
		field.Int64("utility_cost_micros").Default(0),
		field.Int64("authentication_cost_micros").Default(0),
		field.Int64("service_cost_micros").Default(0),
		field.Bool("simulated").Default(false).Comment("invented by the simulator for a number without traffic, not counted from messages"),
	}
}

// Indexes of the ChannelUsage.
func (ChannelUsage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("channel_id", "day").Unique(),
		index.Fields("client_id", "day"),
	}
}
