package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
)

// RegistrationAttempt is one registration-type action on a phone number: at
// most 10 in any moving 72 hours.
type RegistrationAttempt struct{ ent.Schema }

// Mixin of the RegistrationAttempt.
func (RegistrationAttempt) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.Registration}, SystemOnly()}
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

// NumberBlock is the per-number row the registration limiter locks while it counts, and
// where a block from the 11th attempt is kept.
type NumberBlock struct{ ent.Schema }

// Mixin of the NumberBlock.
func (NumberBlock) Mixin() []ent.Mixin {
	return []ent.Mixin{SystemOnly()}
}

// Fields of the NumberBlock.
func (NumberBlock) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().MaxLen(16).Immutable().Comment("the E.164 phone number"),
		field.Time("blocked_until").Optional().Nillable(),
		field.Time("modified_at"),
	}
}
