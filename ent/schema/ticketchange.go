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

// TicketChange is one step of a ticket's history: a status, severity, topic, assignee or
// escalation change. The SLA timers are a pure function of this history (status spans
// give the pauses and resolution cycles), so they can be recomputed at any time.
type TicketChange struct{ ent.Schema }

// Mixin of the TicketChange.
func (TicketChange) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the TicketChange. The integer id orders changes that share an instant.
func (TicketChange) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").Immutable(),
		field.String("ticket_id").NotEmpty().Immutable(),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").Optional().Nillable().Immutable(),
		field.Time("at").Immutable(),
		field.Enum("field").Values("status", "severity", "topic", "assignee", "escalated").Immutable(),
		field.String("from_value").Default("").Immutable(),
		field.String("to_value").Default("").Immutable(),
		field.String("actor_user_id").Optional().Nillable().Immutable(),
		field.String("reason").Default("").MaxLen(2000).Immutable(),
	}
}

// Edges of the TicketChange.
func (TicketChange) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("changes").Field("ticket_id").Unique().Required().Immutable(),
	}
}

// Indexes of the TicketChange.
func (TicketChange) Indexes() []ent.Index {
	return []ent.Index{index.Fields("ticket_id", "at", "id")}
}

// Annotations of the TicketChange.
func (TicketChange) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "ticket_changes"}}
}
