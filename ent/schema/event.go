package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Event is one entry of the transactional outbox: every state change writes its event in
// the same transaction. Delivery to partner webhooks reads from here.
type Event struct{ ent.Schema }

// Mixin of the Event.
func (Event) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the Event. The integer id is the outbox sequence: it orders events even
// when several share one instant; uid is the event's public id (envelope "id").
func (Event) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").Immutable(),
		field.String("uid").DefaultFunc(idgen.Generator(idgen.Event)).Unique().Immutable().MaxLen(32),
		field.String("event").NotEmpty().Immutable().MaxLen(128).Comment("e.g. channel_running"),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").Optional().Nillable().Immutable(),
		field.String("object_type").NotEmpty().Immutable(),
		field.String("object_id").NotEmpty().Immutable(),
		field.JSON("data", map[string]any{}).Immutable(),
		field.Time("created_at").Immutable(),
	}
}

// Indexes of the Event.
func (Event) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id", "created_at"), index.Fields("object_type", "object_id")}
}
