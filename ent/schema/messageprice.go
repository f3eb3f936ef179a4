package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// MessagePrice is the operator's per-message price of one pricing category in one
// currency (the rate card). Categories without a row use the example prices in code.
type MessagePrice struct{ ent.Schema }

// Mixin of the MessagePrice.
func (MessagePrice) Mixin() []ent.Mixin {
	return []ent.Mixin{PlatformOnly()}
}

// Fields of the MessagePrice.
func (MessagePrice) Fields() []ent.Field {
	return []ent.Field{
		field.String("currency").NotEmpty().MaxLen(3).Comment("ISO 4217"),
		field.Enum("category").Values("marketing", "utility", "authentication", "service"),
		field.Int64("price_micros").NonNegative().Comment("millionths of the currency unit"),
		field.Time("updated_at"),
		field.String("updated_by").Default(""),
	}
}

// Indexes of the MessagePrice.
func (MessagePrice) Indexes() []ent.Index {
	return []ent.Index{index.Fields("currency", "category").Unique()}
}
