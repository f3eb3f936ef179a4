package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Message is one WhatsApp message of a channel's Messaging API: sent by the business
// (outbound, with its delivery status) or written by a WhatsApp user (inbound). The id is
// the message's wamid, the id the Cloud API answers with and webhooks carry.
type Message struct{ ent.Schema }

// Mixin of the Message.
func (Message) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the Message.
func (Message) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().MaxLen(128).Comment("the wamid"),
		field.String("partner_id").NotEmpty(),
		field.String("client_id").NotEmpty(),
		field.String("channel_id").NotEmpty().Immutable(),
		field.Enum("direction").Values("outbound", "inbound").Immutable(),
		field.String("wa_id").NotEmpty().Immutable().MaxLen(32).Comment("the WhatsApp user's id"),
		field.String("recipient_input").Default("").Immutable().MaxLen(64).Comment("outbound: the to value as sent"),
		field.String("type").NotEmpty().Immutable().MaxLen(32).Comment("text, template, image, …"),
		field.JSON("content", map[string]any{}).Immutable().Comment("the message object under its type, as sent or received"),
		field.String("context_message_id").Optional().Nillable().Immutable().MaxLen(128),
		field.String("template_name").Optional().Nillable().Immutable().MaxLen(512),
		field.String("template_language").Optional().Nillable().Immutable().MaxLen(16),
		field.Enum("category").Values("marketing", "utility", "authentication", "service").Optional().Nillable().Immutable().Comment("outbound: the pricing category"),
		field.Bool("billable").Default(false).Immutable(),
		field.String("pricing_type").Default("").Immutable().MaxLen(32).Comment("regular or free_customer_service"),
		field.Bool("business_initiated").Default(false).Immutable().Comment("sent while the recipient's customer-service window was closed: counts for the messaging limit"),
		field.String("conversation_id").Default("").Immutable().MaxLen(64),
		field.Time("conversation_expires_at").Optional().Nillable().Immutable(),
		field.Enum("status").Values("sent", "delivered", "read", "failed", "received").Comment("inbound messages are received, then read when the business marks them"),
		field.Int("error_code").Optional().Nillable(),
		field.String("error_title").Default("").MaxLen(256),
		field.String("error_details").Default("").MaxLen(1024),
		field.Time("created_at").Immutable(),
		field.Time("status_at").Comment("when the status last changed"),
		field.Time("next_status_at").Optional().Nillable().Comment("when the simulator moves the status on; null when final"),
		field.Time("delivered_at").Optional().Nillable(),
		field.Time("read_at").Optional().Nillable(),
		field.String("biz_opaque_callback_data").Default("").Immutable().MaxLen(512).Comment("echoed in the message's status webhooks"),
		field.String("key_id").Optional().Nillable().Immutable().Comment("the channel key that sent it"),
		field.String("sent_by").Optional().Nillable().Immutable().Comment("the person who sent it from the hub (test panel, support reply)"),
		field.String("ticket_message_id").Optional().Nillable().Immutable().Comment("the support reply it carries"),
	}
}

// Indexes of the Message.
func (Message) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("channel_id", "wa_id", "created_at"),
		index.Fields("channel_id", "direction", "created_at"),
		index.Fields("channel_id", "created_at", "id"),
		index.Fields("next_status_at"),
		index.Fields("key_id"),
		index.Fields("ticket_message_id"),
	}
}
