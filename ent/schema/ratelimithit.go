package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/rule"
)

// RateLimitHit records one call to a rate-limited operation, so that a sliding-window
// limit holds across every instance (e.g. client balance: 5 per 30 s per client).
type RateLimitHit struct{ ent.Schema }

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

// Policy of the RateLimitHit: internal, system identity only.
func (RateLimitHit) Policy() ent.Policy {
	return rule.SystemOnlyPolicy()
}
