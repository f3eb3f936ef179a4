package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
)

// SimulatorMessage is a message the provider simulator "delivered" to a phone number
// (an OTP by SMS or voice); operators read them in the simulator inbox.
type SimulatorMessage struct{ ent.Schema }

// Mixin of the SimulatorMessage.
func (SimulatorMessage) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.SimulatorMsg}, PlatformOnly()}
}

// Fields of the SimulatorMessage.
func (SimulatorMessage) Fields() []ent.Field {
	return []ent.Field{
		field.String("phone_number").NotEmpty().Immutable(),
		field.Enum("kind").Values("otp_sms", "otp_voice").Immutable(),
		field.String("body").Immutable().Sensitive(),
		field.String("partner_id").Optional().Immutable(),
		field.Time("created_at").Immutable(),
	}
}

// Indexes of the SimulatorMessage.
func (SimulatorMessage) Indexes() []ent.Index {
	return []ent.Index{index.Fields("phone_number", "created_at"), index.Fields("created_at")}
}
