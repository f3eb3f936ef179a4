package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
)

// LoginThrottle counts recent failed sign-ins for one key ("account_ip:<email>|<address>",
// "account:<email>" or "ip:<address>"; see services/auth/throttle.go); it lives in the
// database so every instance enforces the same back-off.
type LoginThrottle struct{ ent.Schema }

// Mixin of the LoginThrottle.
func (LoginThrottle) Mixin() []ent.Mixin {
	return []ent.Mixin{SystemOnly()}
}

// Fields of the LoginThrottle.
func (LoginThrottle) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").NotEmpty().Immutable().MaxLen(300).Comment("throttle key"),
		field.Int("failures").Default(0),
		field.Time("last_failure_at"),
		field.Time("locked_until").Optional().Nillable(),
	}
}
