package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// MessagingContact is what a channel knows of one WhatsApp user it talks to: the profile
// name the user shows, when the user last wrote (the 24-hour customer-service window runs
// from there), when the business last started a conversation with them (the messaging
// limit counts those users), and the open pricing conversations per category.
type MessagingContact struct{ ent.Schema }

// Mixin of the MessagingContact.
func (MessagingContact) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the MessagingContact.
func (MessagingContact) Fields() []ent.Field {
	return []ent.Field{
		field.String("channel_id").NotEmpty().Immutable(),
		field.String("wa_id").NotEmpty().Immutable().MaxLen(32),
		field.String("partner_id").NotEmpty(),
		field.String("client_id").NotEmpty(),
		field.String("profile_name").Default("").MaxLen(256),
		field.Time("last_inbound_at").Optional().Nillable(),
		field.Time("last_business_initiated_at").Optional().Nillable(),
		field.Time("last_message_at"),
		field.JSON("conversations", map[string]fieldtype.Conversation{}).Optional().Comment("open pricing conversations by category"),
		field.Time("created_at").Immutable(),
	}
}

// Indexes of the MessagingContact.
func (MessagingContact) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("channel_id", "wa_id").Unique(),
		index.Fields("channel_id", "last_business_initiated_at"),
		index.Fields("channel_id", "last_message_at"),
	}
}
