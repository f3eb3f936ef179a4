package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// AuditLog is one immutable record of who did what to which object. Partner and client
// ids place it in a tenant so each tenant reads only the trail of its own objects.
type AuditLog struct{ ent.Schema }

// Mixin of the AuditLog.
func (AuditLog) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.AuditLog}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the AuditLog.
func (AuditLog) Fields() []ent.Field {
	return []ent.Field{
		field.Time("occurred_at").Immutable(),
		field.String("actor_user_id").Optional().Nillable().Immutable(),
		field.String("actor_role").Default("").Immutable(),
		field.String("action").NotEmpty().Immutable().MaxLen(128),
		field.String("object_type").NotEmpty().Immutable().MaxLen(64),
		field.String("object_id").NotEmpty().Immutable().MaxLen(64),
		field.String("partner_id").Optional().Nillable().Immutable(),
		field.String("client_id").Optional().Nillable().Immutable(),
		field.String("request_id").Default("").Immutable(),
		field.JSON("details", map[string]any{}).Optional().Immutable(),
	}
}

// Indexes of the AuditLog.
func (AuditLog) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("partner_id", "occurred_at"),
		index.Fields("client_id", "occurred_at"),
		index.Fields("object_type", "object_id", "occurred_at"),
	}
}
