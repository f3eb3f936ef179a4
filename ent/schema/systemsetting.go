package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"

	"github.com/partnerhub/partnerhub/ent/rule"
)

// SystemSetting is an installation-wide value that every instance must agree on, such as
// the generated JWT signing secret.
type SystemSetting struct{ ent.Schema }

// Fields of the SystemSetting.
func (SystemSetting) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().MaxLen(128).Comment("setting key"),
		field.Bytes("value").Sensitive(),
		field.Time("created_at").Immutable(),
	}
}

// Policy of the SystemSetting: internal, system identity only.
func (SystemSetting) Policy() ent.Policy {
	return rule.SystemOnlyPolicy()
}
