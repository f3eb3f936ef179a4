package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// TicketSLARecord is a warning or breach of one SLA timer, recorded exactly once per
// (ticket, metric, cycle, kind) — the unique key — with the instant it was due and the
// database time at which it was recorded.
type TicketSLARecord struct{ ent.Schema }

// Mixin of the TicketSLARecord.
func (TicketSLARecord) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the TicketSLARecord.
func (TicketSLARecord) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").Immutable(),
		field.String("ticket_id").NotEmpty().Immutable(),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").Optional().Nillable().Immutable(),
		field.Enum("metric").Values("first_response", "resolution").Immutable(),
		field.Int("cycle").Positive().Immutable(),
		field.Enum("kind").Values("warning", "breach").Immutable(),
		field.Time("intended_at").Immutable(),
		field.Time("recorded_at").Immutable().Comment("database time"),
		field.Bool("soft").Default(false).Immutable(),
		field.String("recorded_by").Default("").Immutable().Comment("the instance that recorded it"),
	}
}

// Edges of the TicketSLARecord.
func (TicketSLARecord) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("sla_records").Field("ticket_id").Unique().Required().Immutable(),
	}
}

// Indexes of the TicketSLARecord.
func (TicketSLARecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("ticket_id", "metric", "cycle", "kind").Unique(),
		index.Fields("partner_id", "intended_at"),
		index.Fields("intended_at"),
	}
}

// Annotations of the TicketSLARecord.
func (TicketSLARecord) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "ticket_sla_records"}}
}
