package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// ClientAccount is a partner's customer organisation (a "client" in the Partner API;
// named ClientAccount only because ent reserves "Client"). It owns WABAs and channels.
type ClientAccount struct{ ent.Schema }

// Fields of the ClientAccount.
func (ClientAccount) Fields() []ent.Field {
	return []ent.Field{
		field.String("partner_id").NotEmpty(),
		field.String("name").NotEmpty().MaxLen(256),
		field.String("organisation").Default("").MaxLen(256),
		field.Enum("status").Values("active", "inactive", "suspended").Default("active"),
		field.String("partner_payload").Default("").MaxLen(1024),
		field.Int("max_channels").Default(10).NonNegative(),
		field.Enum("plan").Values("basic", "regular", "premium").Default("basic"),
		field.JSON("contact_info", fieldtype.ContactInfo{}).Optional(),
		field.JSON("contact_user", fieldtype.ContactUser{}).Optional(),
		field.JSON("meta_info", fieldtype.MetaInfo{}).Optional(),
		field.JSON("point_of_contact", &fieldtype.PointOfContact{}).Optional(),
		field.Bool("suspicious").Default(false),
		field.String("terms_version").Optional().Nillable().MaxLen(32).Comment("terms accepted during onboarding (direct payment)"),
		field.Time("terms_accepted_at").Optional().Nillable(),
		field.String("cloned_from").Optional().Nillable().Comment("source client of a partial partner change"),
		field.String("created_by").Optional().Nillable(),
		field.String("modified_by").Optional().Nillable(),
	}
}

// Mixin of the ClientAccount.
func (ClientAccount) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.Client}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "id"})}
}

// Edges of the ClientAccount.
func (ClientAccount) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("clients").Field("partner_id").Unique().Required(),
		edge.To("wabas", WABA.Type),
		edge.To("channels", Channel.Type),
		edge.To("users", User.Type),
	}
}

// Indexes of the ClientAccount.
func (ClientAccount) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("partner_id", "created_at", "id"),
		index.Fields("partner_id", "name", "id"),
	}
}

// Annotations of the ClientAccount.
func (ClientAccount) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "clients"}}
}
