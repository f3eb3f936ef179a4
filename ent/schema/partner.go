package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Partner is a BSP partner: a company that onboards and manages WhatsApp clients.
type Partner struct{ ent.Schema }

// Mixin of the Partner.
func (Partner) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.Partner}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "id", ClientReadsPartner: true})}
}

// Fields of the Partner.
func (Partner) Fields() []ent.Field {
	return []ent.Field{
		field.String("brand_name").NotEmpty().MaxLen(128),
		field.String("logo_url").Optional().Nillable().MaxLen(2048),
		field.String("country").Default("").MaxLen(2).Comment("ISO 3166-1 alpha-2"),
		field.String("webhook_url").Optional().Nillable().MaxLen(2048),
		field.String("partner_redirect_url").Optional().Nillable().MaxLen(2048),
		field.Bool("allow_client_to_add_phone_no").Default(true),
		field.Bool("auto_approve").Default(false).Comment("auto-approve incoming partner change requests"),
		field.Enum("pcr_execution").Values("immediate", "end_of_month").Default("immediate").Comment("when approved partner changes run"),
		field.String("default_storage_region").Optional().Nillable().MaxLen(2),
		field.Enum("billing_model").Values("direct_payment", "partner_payment").Default("partner_payment"),
		field.String("billing_system").Default("default").MaxLen(64),
		field.Enum("partner_plan").Values("sandbox", "growth", "premium").Default("sandbox"),
		field.Enum("partner_tier").Values("none", "silver", "gold", "platinum").Default("none"),
		field.Enum("status").Values("active", "inactive").Default("active"),
		field.Bool("is_platform").Default(false).Comment("the platform's own partner: holds its support and sandbox numbers"),
		field.String("solution_id").Optional().Nillable().MaxLen(32),
		field.JSON("settings", map[string]any{}).Optional(),
		field.String("webhook_secret").Optional().Nillable().Sensitive().Comment("signs webhook deliveries (HMAC-SHA256)"),
		field.String("webhook_secret_previous").Optional().Nillable().Sensitive().Comment("still signs until webhook_secret_previous_until"),
		field.Time("webhook_secret_previous_until").Optional().Nillable(),
	}
}

// Edges of the Partner.
func (Partner) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("clients", ClientAccount.Type),
		edge.To("users", User.Type),
	}
}

// Indexes of the Partner.
func (Partner) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at")}
}
