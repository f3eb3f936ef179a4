package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/idgen"
	"github.com/partnerhub/partnerhub/ent/rule"
)

// RegistrationAttempt is one registration-type action on a phone number (SPEC §5.5): at
// most 10 in any moving 72 hours.
type RegistrationAttempt struct{ ent.Schema }

// Mixin of the RegistrationAttempt.
func (RegistrationAttempt) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.Registration}}
}

// Fields of the RegistrationAttempt.
func (RegistrationAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.String("phone_number").NotEmpty().MaxLen(16).Immutable(),
		field.Enum("kind").Values("number_registration", "display_name_change", "migration_registration", "hosting_change", "test_number_registration").Immutable(),
		field.Time("at").Immutable(),
		field.String("partner_id").Optional().Nillable().Immutable(),
		field.String("object_id").Default("").Immutable().Comment("the channel or migration it was for"),
	}
}

// Indexes of the RegistrationAttempt.
func (RegistrationAttempt) Indexes() []ent.Index {
	return []ent.Index{index.Fields("phone_number", "at")}
}

// Policy of the RegistrationAttempt: internal, written and read by the registration limiter.
func (RegistrationAttempt) Policy() ent.Policy { return rule.SystemOnlyPolicy() }

// NumberBlock is the per-number row the registration limiter locks while it counts, and
// where a block from the 11th attempt is kept (SPEC §5.5).
type NumberBlock struct{ ent.Schema }

// Fields of the NumberBlock.
func (NumberBlock) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().MaxLen(16).Immutable().Comment("the E.164 phone number"),
		field.Time("blocked_until").Optional().Nillable(),
		field.Time("modified_at"),
	}
}

// Policy of the NumberBlock: internal, system identity only.
func (NumberBlock) Policy() ent.Policy { return rule.SystemOnlyPolicy() }
