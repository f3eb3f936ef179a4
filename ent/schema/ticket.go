package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Ticket is a support request with the contract it was opened under: plan,
// support package and policy version are a snapshot, so later plan or policy changes do
// not move its timers.
type Ticket struct{ ent.Schema }

// Mixin of the Ticket.
func (Ticket) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.Ticket}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the Ticket.
func (Ticket) Fields() []ent.Field {
	return []ent.Field{
		field.String("requester_user_id").NotEmpty().Immutable(),
		field.Enum("requester_kind").Values("partner", "client").Immutable(),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").Optional().Nillable().Immutable().Comment("set for client requesters only: client users see their client's tickets"),
		field.String("channel_id").Optional().Nillable().Comment("the affected number, if any"),
		field.String("whatsapp_wa_id").Optional().Nillable().Immutable().MaxLen(32).Comment("whatsapp tickets from the support number: the user's WhatsApp id, where replies go"),
		field.Enum("source").Values("hub_chat", "email", "whatsapp").Immutable(),
		field.String("topic").NotEmpty().MaxLen(64),
		field.Enum("severity").Values("critical", "urgent", "standard"),
		field.String("language").Default("en").MaxLen(8),
		field.String("subject").NotEmpty().MaxLen(200),
		field.Text("description").Default(""),
		field.JSON("details", map[string]string{}).Optional().Comment("the topic's required information"),
		field.Enum("status").Values("new", "open", "waiting_on_customer", "waiting_on_meta", "resolved", "closed").Default("new"),
		field.String("assignee_id").Optional().Nillable(),
		field.Bool("language_fallback").Default(false).Comment("assigned to an English-speaking agent: nobody speaks the ticket's language"),
		field.Bool("escalated").Default(false),
		field.String("escalation_reason").Default("").MaxLen(2000),
		field.Time("escalated_at").Optional().Nillable(),
		field.String("plan").NotEmpty().Immutable().Comment("contract snapshot at opening"),
		field.String("support_package").NotEmpty().Immutable().Comment("contract snapshot at opening"),
		field.Int("policy_version").NonNegative().Immutable().Comment("contract snapshot at opening; 0 is the seeded policy"),
		field.Time("opened_at").Immutable().Comment("when the request arrived (received_at for email/WhatsApp)"),
		field.String("entered_by").Optional().Nillable().Immutable().Comment("the agent who entered an email/WhatsApp ticket"),
		field.Time("first_response_at").Optional().Nillable(),
		field.Time("resolved_at").Optional().Nillable(),
		field.Time("closed_at").Optional().Nillable(),
		field.Int("cycle").Default(1).Positive().Comment("resolution cycle; a reopen starts the next"),
		field.Time("next_due_at").Optional().Nillable().Comment("nearest due instant of a running timer: the queue's order"),
	}
}

// Edges of the Ticket.
func (Ticket) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("messages", TicketMessage.Type),
		edge.To("changes", TicketChange.Type),
		edge.To("timers", TicketTimer.Type),
		edge.To("sla_records", TicketSLARecord.Type),
	}
}

// Indexes of the Ticket.
func (Ticket) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("partner_id", "created_at", "id"),
		index.Fields("client_id", "created_at", "id"),
		index.Fields("status", "escalated", "next_due_at", "id"),
		index.Fields("assignee_id", "status"),
		index.Fields("requester_user_id", "topic", "status"),
		index.Fields("opened_at"),
		index.Fields("whatsapp_wa_id", "status"),
	}
}

// Annotations of the Ticket.
func (Ticket) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "tickets"}}
}
