package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// PartnerAPIKey authenticates a partner's integration on the Partner API (X-API-Key).
// Only its SHA-256 is stored; many may be active per partner.
type PartnerAPIKey struct{ ent.Schema }

// Mixin of the PartnerAPIKey.
func (PartnerAPIKey) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.PartnerKey}, TenantOwned(tenancy.Scope{Partner: "partner_id"})}
}

// Fields of the PartnerAPIKey.
func (PartnerAPIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("name").NotEmpty().MaxLen(100),
		field.Bytes("key_hash").Unique().Immutable().Sensitive(),
		field.Int("hash_version").Default(1).Immutable(),
		field.String("hint").Immutable().MaxLen(8),
		field.Enum("scope").Values("read", "full").Default("full"),
		field.Strings("ip_allowlist").Optional().Comment("CIDRs; empty: any address"),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("created_at").Immutable(),
		field.String("created_by").Default("").Immutable(),
		field.String("idempotency_key").Optional().Nillable().Immutable().MaxLen(200),
		field.Bytes("sealed_key").Optional().Nillable().Sensitive().Comment("AES-GCM sealed plaintext, kept 24 h only so an Idempotency-Key retry returns the same key"),
		field.Time("revoked_at").Optional().Nillable(),
		field.String("revoke_reason").Default("").MaxLen(64),
	}
}

// Indexes of the PartnerAPIKey.
func (PartnerAPIKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id", "created_at")}
}
