package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// WABATemplate is a message template of a WABA, kept minimal: enough to copy approved,
// high-quality templates when a number migrates.
type WABATemplate struct{ ent.Schema }

// Mixin of the WABATemplate.
func (WABATemplate) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.Template}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the WABATemplate.
func (WABATemplate) Fields() []ent.Field {
	return []ent.Field{
		field.String("partner_id").NotEmpty(),
		field.String("client_id").NotEmpty(),
		field.String("waba_id").NotEmpty(),
		field.String("name").NotEmpty().MaxLen(512),
		field.String("language").NotEmpty().MaxLen(16),
		field.Enum("category").Values("MARKETING", "UTILITY", "AUTHENTICATION").Default("UTILITY"),
		field.Enum("status").Values("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED").Default("PENDING"),
		field.Enum("quality_score").Values("GREEN", "YELLOW", "RED", "UNKNOWN").Default("UNKNOWN"),
		field.JSON("components", []map[string]any{}).Optional(),
		field.String("copied_from").Optional().Nillable().Comment("set on templates copied by a migration"),
	}
}

// Indexes of the WABATemplate.
func (WABATemplate) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("waba_id", "name", "language").Unique(),
		index.Fields("partner_id", "created_at", "id"),
	}
}
