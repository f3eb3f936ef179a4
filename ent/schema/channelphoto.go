package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// ChannelPhoto is a channel's business-profile photo (JPEG or PNG, at most 5 MB).
type ChannelPhoto struct{ ent.Schema }

// Mixin of the ChannelPhoto.
func (ChannelPhoto) Mixin() []ent.Mixin {
	return []ent.Mixin{TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the ChannelPhoto.
func (ChannelPhoto) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().Comment("the channel id"),
		field.String("partner_id").NotEmpty(),
		field.String("client_id").NotEmpty(),
		field.String("content_type").NotEmpty(),
		field.Bytes("data"),
		field.Int("width"),
		field.Int("height"),
		field.Time("updated_at"),
	}
}
