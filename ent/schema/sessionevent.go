package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// SessionEvent is the outbox of ended sessions: logout, password change, "sign out
// everywhere", a role change or removal writes one per ended session in its transaction;
// every instance reads them (woken by LISTEN/NOTIFY on PostgreSQL, and by polling) and
// refuses the session's access tokens from then on, instead of letting them run out.
type SessionEvent struct{ ent.Schema }

// Mixin of the SessionEvent.
func (SessionEvent) Mixin() []ent.Mixin {
	return []ent.Mixin{SystemOnly()}
}

// Fields of the SessionEvent.
func (SessionEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").Immutable().Comment("the sequence instances read from"),
		field.Time("at").Immutable(),
		field.String("session_id").Immutable().Comment("the refresh-token family the access tokens name (sid)"),
		field.String("user_id").Immutable().Comment("whose session: instances forget what they cached about the user"),
	}
}

// Indexes of the SessionEvent.
func (SessionEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("at")}
}
