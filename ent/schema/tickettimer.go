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

// TicketTimer is one SLA timer of a ticket — (ticket, metric, cycle) — as last computed
// from the ticket's history with its snapshot policy. It is stored so that due work can be
// found by an indexed query: next_warning_at and next_breach_at hold the instants the
// recorder still has to record, and are cleared once recorded or once the timer is met.
type TicketTimer struct{ ent.Schema }

// Mixin of the TicketTimer.
func (TicketTimer) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the TicketTimer.
func (TicketTimer) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").Immutable(),
		field.String("ticket_id").NotEmpty().Immutable(),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").Optional().Nillable().Immutable(),
		field.Enum("metric").Values("first_response", "resolution").Immutable(),
		field.Int("cycle").Positive().Immutable(),
		field.Time("started_at"),
		field.Int64("target_seconds").Default(0),
		field.String("calendar").Default(""),
		field.Int("rule").Default(0).Comment("index of the deciding rule in the snapshot policy"),
		field.Bool("soft").Default(false),
		field.Time("due_at").Optional().Nillable().Comment("null while paused and not yet reached"),
		field.Time("warning_at").Optional().Nillable(),
		field.Time("paused_since").Optional().Nillable(),
		field.Time("stopped_at").Optional().Nillable().Comment("first agent reply / resolution"),
		field.Bool("met").Default(false).Comment("stopped strictly before the due instant"),
		field.Time("next_warning_at").Optional().Nillable(),
		field.Time("next_breach_at").Optional().Nillable(),
	}
}

// Edges of the TicketTimer.
func (TicketTimer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("timers").Field("ticket_id").Unique().Required().Immutable(),
	}
}

// Indexes of the TicketTimer: partial indexes hold only the timers with work left.
func (TicketTimer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("ticket_id", "metric", "cycle").Unique(),
		index.Fields("next_warning_at").Annotations(entsql.IndexWhere("next_warning_at IS NOT NULL")),
		index.Fields("next_breach_at").Annotations(entsql.IndexWhere("next_breach_at IS NOT NULL")),
	}
}

// Annotations of the TicketTimer.
func (TicketTimer) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "ticket_timers"}}
}
