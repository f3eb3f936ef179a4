package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// KeyEvent is the outbox of key invalidations: every change that makes a key less valid
// writes one in its transaction; every instance reads them (woken by LISTEN/NOTIFY on
// PostgreSQL, and by polling) and evicts the key from its verification cache.
type KeyEvent struct{ ent.Schema }

// Mixin of the KeyEvent.
func (KeyEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{SystemOnly()}
}

// Fields of the KeyEvent.
func (KeyEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").Immutable().Comment("the sequence instances read from"),
		field.Time("at").Immutable(),
		field.Bytes("key_hash").Immutable().Sensitive(),
	}
}

// Indexes of the KeyEvent.
func (KeyEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("at")}
}
