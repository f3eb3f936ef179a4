package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/entql"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/privacy"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// TicketMessage is one entry of a ticket's conversation: a public reply (requester or
// agent), an internal note (support staff only) or an automated message (knowledge-base
// suggestions, system notices).
type TicketMessage struct{ ent.Schema }

// Mixin of the TicketMessage.
func (TicketMessage) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.TicketMessage}, OwnPolicy(TicketMessage{}.policy())}
}

// Fields of the TicketMessage.
func (TicketMessage) Fields() []ent.Field {
	return []ent.Field{
		field.String("ticket_id").NotEmpty().Immutable(),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").Optional().Nillable().Immutable(),
		field.Enum("kind").Values("public_reply", "internal_note", "automated").Immutable(),
		field.Enum("author_side").Values("requester", "agent", "system").Immutable(),
		field.String("author_user_id").Optional().Nillable().Immutable(),
		field.Text("body").NotEmpty().Immutable(),
		field.Int("keys_masked").Default(0).NonNegative().Immutable(),
		field.Time("created_at").Immutable(),
		field.Int("seq").Default(0).Immutable().Comment("position in the conversation: orders messages of one instant"),
	}
}

// Edges of the TicketMessage.
func (TicketMessage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("ticket", Ticket.Type).Ref("messages").Field("ticket_id").Unique().Required().Immutable(),
	}
}

// Indexes of the TicketMessage.
func (TicketMessage) Indexes() []ent.Index {
	return []ent.Index{index.Fields("ticket_id", "created_at")}
}

// Annotations of the TicketMessage.
func (TicketMessage) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "ticket_messages"}}
}

// policy of the TicketMessage: the ticket's tenancy, and internal notes reach support
// staff only — a tenant viewer's every query is filtered to other kinds, so no view or
// handler can leak a note by forgetting a condition.
func (TicketMessage) policy() ent.Policy {
	tenant := tenancy.TenantPolicy(tenancy.Scope{Partner: "partner_id", Client: "client_id"}).(privacy.Policy)
	hideNotes := privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		if v := tenancy.FromContext(ctx); v != nil && !v.IsPlatform() {
			f.Where(entql.FieldNEQ("kind", "internal_note"))
		}
		return privacy.Skip
	})
	return privacy.Policy{
		Query:    append(privacy.QueryPolicy{hideNotes}, tenant.Query...),
		Mutation: tenant.Mutation,
	}
}
