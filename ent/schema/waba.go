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

// WABA is a WhatsApp Business Account owned by a client; it holds phone-number channels.
type WABA struct{ ent.Schema }

// Mixin of the WABA.
func (WABA) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.WABA}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the WABA.
func (WABA) Fields() []ent.Field {
	return []ent.Field{
		field.String("partner_id").NotEmpty().Comment("denormalised from the client for tenancy filters"),
		field.String("client_id").NotEmpty(),
		field.String("external_id").Optional().Nillable().MaxLen(64),
		field.String("name").NotEmpty().MaxLen(256),
		field.String("namespace").Default("").MaxLen(128),
		field.Enum("fb_account_status").
			Values("verified", "not_verified", "rejected", "pending_submission", "failed", "pending", "pending_need_more_info").
			Default("not_verified"),
		field.String("currency").Default("USD").MaxLen(3),
		field.String("timezone").Default("UTC").MaxLen(64),
		field.Int("number_limit").Default(25).Positive().Comment("25, or 120 after an approved limit raise"),
	}
}

// Edges of the WABA.
func (WABA) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("client", ClientAccount.Type).Ref("wabas").Field("client_id").Unique().Required(),
		edge.To("channels", Channel.Type),
	}
}

// Indexes of the WABA.
func (WABA) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id"), index.Fields("client_id")}
}

// Annotations of the WABA.
func (WABA) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "wabas"}}
}
