package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// SystemSetting is an installation-wide value that every instance must agree on, such as
// the generated JWT signing secret.
type SystemSetting struct{ ent.Schema }

// Mixin of the SystemSetting.
func (SystemSetting) Mixin() []ent.Mixin {
	return []ent.Mixin{SystemOnly()}
}

// Fields of the SystemSetting.
func (SystemSetting) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().MaxLen(128).Comment("setting key"),
		field.Bytes("value").Sensitive(),
		field.Time("created_at").Immutable(),
	}
}
