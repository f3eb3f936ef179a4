package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// KeyUsage is when a key (channel or partner) was last used, kept apart from the key rows
// so the batched last-used flushes never contend with revocations.
type KeyUsage struct{ ent.Schema }

// Mixin of the KeyUsage.
func (KeyUsage) Mixin() []ent.Mixin {
	return []ent.Mixin{SystemOnly()}
}

// Fields of the KeyUsage.
func (KeyUsage) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().Comment("the key id"),
		field.Time("last_used_at"),
		field.String("last_used_ip").Default("").MaxLen(64),
	}
}
