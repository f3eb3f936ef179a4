package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// User is a person who signs in: platform staff, partner staff or a client user.
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.User}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254).Unique().Comment("stored lower-case"),
		field.String("name").Default("").MaxLen(128),
		field.String("phone_number").Optional().Nillable().MaxLen(16).Comment("E.164; matches WhatsApp messages to the support number"),
		field.Enum("role").Values("platform_admin", "support_agent", "partner_admin", "partner_member", "client_admin", "client_member"),
		field.String("password_hash").Sensitive().NotEmpty(),
		field.String("partner_id").Optional().Nillable(),
		field.String("client_id").Optional().Nillable(),
		field.Bool("must_change_password").Default(false),
		field.Bool("disabled").Default(false),
		field.Strings("languages").Optional().Comment("support agents: languages they answer in"),
		field.Time("password_changed_at").Optional().Nillable(),
		field.Time("last_login_at").Optional().Nillable(),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("users").Field("partner_id").Unique(),
		edge.From("client", ClientAccount.Type).Ref("users").Field("client_id").Unique(),
		edge.To("refresh_tokens", RefreshToken.Type),
	}
}

// Indexes of the User.
func (User) Indexes() []ent.Index {
	return []ent.Index{index.Fields("phone_number")}
}
