package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Media is a file uploaded to a channel's Messaging API (POST /media) or received from a
// WhatsApp user, kept in the database so every instance can serve it, for 30 days.
type Media struct{ ent.Schema }

// Mixin of the Media.
func (Media) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the Media.
func (Media) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().MaxLen(32).Comment("numeric, as Meta's media ids"),
		field.String("partner_id").NotEmpty(),
		field.String("client_id").NotEmpty(),
		field.String("channel_id").NotEmpty().Immutable(),
		field.String("type").NotEmpty().Immutable().MaxLen(16).Comment("image, video, audio, document or sticker"),
		field.String("mime_type").NotEmpty().Immutable().MaxLen(128),
		field.String("sha256").NotEmpty().Immutable().MaxLen(64),
		field.Int64("file_size").Immutable(),
		field.String("filename").Default("").Immutable().MaxLen(255),
		field.Bytes("data").Immutable().Sensitive(),
		field.Time("created_at").Immutable(),
		field.Time("expires_at").Immutable(),
	}
}

// Indexes of the Media.
func (Media) Indexes() []ent.Index {
	return []ent.Index{index.Fields("channel_id", "created_at"), index.Fields("expires_at")}
}
