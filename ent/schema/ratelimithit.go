package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// RateLimitHit records one call to a rate-limited operation, so that a sliding-window
// limit holds across every instance (e.g. client balance: 5 per 30 s per client).
type RateLimitHit struct{ ent.Schema }

// Mixin of the RateLimitHit.
func (RateLimitHit) Mixin() []ent.Mixin {
	return []ent.Mixin{SystemOnly()}
}

// Fields of the RateLimitHit.
func (RateLimitHit) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().Immutable().MaxLen(200),
		field.Time("at").Immutable(),
	}
}

// Indexes of the RateLimitHit.
func (RateLimitHit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("key", "at")}
}
