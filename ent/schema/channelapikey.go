package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// ChannelAPIKey is a channel's messaging credential (D360-API-KEY). Only its SHA-256 is
// stored. A channel has at most one active key and at most one key in grace.
type ChannelAPIKey struct{ ent.Schema }

// Mixin of the ChannelAPIKey.
func (ChannelAPIKey) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.ChannelKey}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the ChannelAPIKey.
func (ChannelAPIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("channel_id").NotEmpty().Immutable(),
		field.String("partner_id").NotEmpty().Comment("the channel's partner when the key was made"),
		field.String("client_id").NotEmpty(),
		field.String("sandbox_wa_id").Optional().Nillable().Immutable().Comment("sandbox keys: the WhatsApp id of the only user the key may message, its owner's own number"),
		field.Bytes("key_hash").Unique().Immutable().Sensitive(),
		field.Int("hash_version").Default(1).Immutable(),
		field.String("hint").Immutable().MaxLen(8),
		field.Enum("state").Values("active", "grace", "revoked").Default("active"),
		field.Time("valid_until").Optional().Nillable(),
		field.Time("created_at").Immutable(),
		field.Enum("created_by_type").Values("partner_user", "partner_key", "client_user", "system").Immutable(),
		field.String("created_by_id").Default("").Immutable(),
		field.String("replaces_id").Optional().Nillable().Immutable(),
		field.String("idempotency_key").Optional().Nillable().Immutable().MaxLen(200),
		field.Bytes("sealed_key").Optional().Nillable().Sensitive().Comment("AES-GCM sealed plaintext, kept 24 h only so an Idempotency-Key retry returns the same key"),
		field.Time("revoked_at").Optional().Nillable(),
		field.String("revoke_reason").Default("").MaxLen(64),
	}
}

// Indexes of the ChannelAPIKey.
func (ChannelAPIKey) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("channel_id", "state"),
		index.Fields("channel_id", "idempotency_key"),
	}
}
