package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// WABATemplate is a message template of a WABA: what was submitted (name, language,
// category, components in Meta's shape), how the provider's review stands (status,
// rejection, quality) and who made and changed it. Deleted templates stay as rows with
// status deleted: Meta keeps the name blocked for 30 days after a deletion.
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
		field.String("external_id").Optional().Nillable().MaxLen(64).Comment("the template's id at the Meta side, from the provider"),
		field.String("name").NotEmpty().MaxLen(512),
		field.String("language").NotEmpty().MaxLen(16),
		field.Enum("category").Values("MARKETING", "UTILITY", "AUTHENTICATION").Default("UTILITY"),
		field.Enum("status").Values("submitted", "approved", "rejected", "paused", "disabled", "deleted").Default("submitted"),
		field.Time("status_changed_at").Optional().Nillable(),
		field.String("rejected_reason").Optional().Nillable().MaxLen(32).Comment("Meta's reason: INVALID_FORMAT, INCORRECT_CATEGORY, ABUSIVE_CONTENT, SCAM, NONE"),
		field.String("rejected_detail").Optional().Nillable().MaxLen(1024).Comment("what the review found, in words"),
		field.Enum("quality_score").Values("GREEN", "YELLOW", "RED", "UNKNOWN").Default("UNKNOWN"),
		field.JSON("components", []map[string]any{}).Optional(),
		field.String("namespace").Default("").MaxLen(128),
		field.String("created_by").Optional().Nillable(),
		field.String("modified_by").Optional().Nillable(),
		field.JSON("edit_times", []time.Time{}).Optional().Comment("when the approved template was edited, the last 30 days (Meta's edit limits)"),
		field.String("copied_from").Optional().Nillable().Comment("set on templates copied by a migration"),
	}
}

// Indexes of the WABATemplate.
func (WABATemplate) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("waba_id", "name", "language").Unique(),
		index.Fields("partner_id", "created_at", "id"),
		index.Fields("status", "status_changed_at"),
		// The lists of one WABA, by name (the default) and by status and last change, hold
		// what their id pages filter on (the tenant's partner, the status).
		index.Fields("partner_id", "waba_id", "name", "id", "status"),
		index.Fields("partner_id", "waba_id", "status", "modified_at", "id"),
	}
}
