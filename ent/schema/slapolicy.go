package schema

import (
	"encoding/json"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	entschema "entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
)

// SLAPolicy is one saved version of the SLA policy: calendars and ordered rules, as the
// policy editor sends them. Versions are immutable; the highest is live, and each ticket
// keeps the version it opened under. Version 0 — the seeded policy — lives in code.
type SLAPolicy struct{ ent.Schema }

// Mixin of the SLAPolicy.
func (SLAPolicy) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.SLAPolicy}, PlatformOnly()}
}

// Fields of the SLAPolicy.
func (SLAPolicy) Fields() []ent.Field {
	return []ent.Field{
		field.Int("version").Positive().Unique().Immutable(),
		field.JSON("draft", json.RawMessage{}).Immutable().Comment("the policy as the editor sent it (sla.DraftPolicy)"),
		field.String("note").Default("").MaxLen(500).Immutable(),
		field.String("created_by").Optional().Nillable().Immutable(),
		field.Time("created_at").Immutable(),
	}
}

// Annotations of the SLAPolicy.
func (SLAPolicy) Annotations() []entschema.Annotation {
	return []entschema.Annotation{entsql.Annotation{Table: "sla_policies"}}
}
