package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// OTPChallenge is one one-time code sent to a phone number to prove control of it
// (by SMS or voice, as Meta sends it). Only the code's hash is stored.
type OTPChallenge struct{ ent.Schema }

// Mixin of the OTPChallenge.
func (OTPChallenge) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.OTPChallenge}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the OTPChallenge.
func (OTPChallenge) Fields() []ent.Field {
	return []ent.Field{
		field.String("purpose").NotEmpty().Immutable().Comment("local_storage, migration, onboarding"),
		field.String("subject_id").NotEmpty().Immutable().Comment("the object the code unlocks, e.g. a channel id"),
		field.String("phone_number").NotEmpty().Immutable(),
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").Optional().Nillable().Immutable(),
		field.Enum("method").Values("sms", "voice").Default("sms"),
		field.Bytes("code_hash").Sensitive(),
		field.Enum("status").Values("pending", "verified", "failed", "expired", "superseded").Default("pending"),
		field.Int("attempts").Default(0),
		field.Int("max_attempts").Default(5),
		field.Int("sends").Default(1),
		field.JSON("payload", map[string]any{}).Optional().Comment("what is applied on success, e.g. the region"),
		field.Time("created_at").Immutable(),
		field.Time("expires_at"),
		field.Time("resend_at").Comment("no new code before this instant"),
		field.Time("verified_at").Optional().Nillable(),
	}
}

// Indexes of the OTPChallenge.
func (OTPChallenge) Indexes() []ent.Index {
	return []ent.Index{index.Fields("purpose", "subject_id", "status")}
}
