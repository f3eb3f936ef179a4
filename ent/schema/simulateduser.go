package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
)

// SimulatedUser is a WhatsApp user of the provider simulator's directory: the number as
// people type it, the WhatsApp id it has (different for some Brazilian mobiles, whose id
// lacks the ninth digit), and how it behaves — on WhatsApp or not, reachable, blocking
// businesses, sending read receipts. Numbers outside the directory behave as reachable
// users whose id is their digits.
type SimulatedUser struct{ ent.Schema }

// Mixin of the SimulatedUser.
func (SimulatedUser) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.SimulatedUser}, PlatformOnly()}
}

// Fields of the SimulatedUser.
func (SimulatedUser) Fields() []ent.Field {
	return []ent.Field{
		field.String("phone_number").NotEmpty().Unique().MaxLen(16).Comment("E.164, as typed"),
		field.String("wa_id").NotEmpty().Unique().MaxLen(32),
		field.String("name").NotEmpty().MaxLen(256),
		field.Bool("on_whatsapp").Default(true),
		field.Bool("reachable").Default(true),
		field.Bool("blocks_business").Default(false),
		field.Bool("read_receipts").Default(true),
		field.String("language").Default("en").MaxLen(8),
		field.Time("created_at").Immutable(),
	}
}
