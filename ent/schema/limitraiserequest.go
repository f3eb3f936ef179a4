package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// LimitRaiseRequest asks an operator to raise a WABA's number limit from 25 to 120.
type LimitRaiseRequest struct{ ent.Schema }

// Mixin of the LimitRaiseRequest.
func (LimitRaiseRequest) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.LimitRaise}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the LimitRaiseRequest.
func (LimitRaiseRequest) Fields() []ent.Field {
	return []ent.Field{
		field.String("partner_id").NotEmpty().Immutable(),
		field.String("client_id").NotEmpty().Immutable(),
		field.String("waba_id").NotEmpty().Immutable(),
		field.Int("requested_limit").Positive().Immutable(),
		field.String("reason").Default("").MaxLen(1000).Immutable(),
		field.Enum("status").Values("pending", "approved", "rejected").Default("pending"),
		field.String("requested_by").Optional().Nillable().Immutable(),
		field.String("decided_by").Optional().Nillable(),
		field.String("decision_note").Default("").MaxLen(1000),
		field.Time("decided_at").Optional().Nillable(),
	}
}

// Indexes of the LimitRaiseRequest.
func (LimitRaiseRequest) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "created_at"), index.Fields("waba_id")}
}
