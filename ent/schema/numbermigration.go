package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// NumberMigration brings a phone number into a client's WABA: from another
// provider (port_in), from another WABA of the same client (waba_move), or from
// on-premise to cloud hosting (hosting_change, no OTP).
type NumberMigration struct{ ent.Schema }

// Mixin of the NumberMigration.
func (NumberMigration) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.Migration}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the NumberMigration.
func (NumberMigration) Fields() []ent.Field {
	return []ent.Field{
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").NotEmpty().Immutable(),
		field.Enum("kind").Values("port_in", "waba_move", "hosting_change").Immutable(),
		field.String("phone_number").NotEmpty().MaxLen(16).Immutable().Comment("E.164"),
		field.String("target_waba_id").NotEmpty().Immutable(),
		field.String("source_channel_id").Optional().Nillable().Immutable().Comment("waba_move and hosting_change: the number's channel here"),
		field.String("source_waba_id").Optional().Nillable().Immutable().Comment("waba_move and hosting_change: the channel's WABA when the migration started"),
		field.String("channel_id").Optional().Nillable().Comment("the channel that carries the number after completion"),
		field.String("display_name").Default("").MaxLen(128),
		field.Bool("two_step_disabled_confirmed").Default(false).Immutable(),
		field.Enum("status").Values("created", "otp_requested", "completed", "failed", "cancelled", "expired").Default("created"),
		field.String("otp_challenge_id").Optional().Nillable(),
		field.Enum("otp_method").Values("sms", "voice").Optional().Nillable(),
		field.String("reason").Default("").MaxLen(1000).Comment("why it failed, expired or was cancelled"),
		field.JSON("carried_over", map[string]any{}).Optional().Comment("what moved on completion: display name, quality, limit, templates"),
		field.String("requested_by").Optional().Nillable().Immutable(),
		field.Time("expires_at").Comment("an unfinished migration expires at this instant"),
		field.Time("finished_at").Optional().Nillable(),
		// A unique column that is NULL once the migration ends: NULLs never collide, so the
		// database itself keeps a number to one open migration, even under concurrent starts.
		field.String("open_number").Optional().Nillable().Unique().MaxLen(16).Comment("the phone number while the migration is open, NULL once it ended"),
	}
}

// Indexes of the NumberMigration.
func (NumberMigration) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("partner_id", "created_at", "id"),
		index.Fields("client_id", "created_at", "id"),
		index.Fields("phone_number", "status"),
		index.Fields("status", "expires_at"),
	}
}
