package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// PartnerChangeRequest moves a client's numbers from its partner (partner_id) to another
// partner (as 360dialog's partner change request): all of them (full) or some into a clone client.
type PartnerChangeRequest struct{ ent.Schema }

// Mixin of the PartnerChangeRequest.
func (PartnerChangeRequest) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.PartnerChange}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id", OtherPartner: "target_partner_id"})}
}

// Fields of the PartnerChangeRequest.
func (PartnerChangeRequest) Fields() []ent.Field {
	return []ent.Field{
		field.String("partner_id").NotEmpty().Immutable().Comment("source partner"),
		field.String("client_id").NotEmpty().Immutable().Comment("source client"),
		field.String("target_partner_id").NotEmpty().Immutable(),
		field.String("target_client_id").Optional().Nillable().Comment("the clone client of a partial move, once created"),
		field.Bool("is_full_migration").Immutable(),
		field.Strings("channel_ids").Immutable(),
		field.Enum("status").Values("created", "pending", "completed", "failed", "rejected", "cancelled").Default("created"),
		field.Enum("execution").Values("immediate", "end_of_month").Default("immediate").Comment("fixed when approved"),
		field.Time("execute_after").Optional().Nillable().Comment("pending requests run at or after this instant"),
		field.String("terms_version").NotEmpty().MaxLen(32).Immutable(),
		field.Time("terms_accepted_at").Immutable(),
		field.String("requested_by").Optional().Nillable().Immutable(),
		field.String("decided_by").Optional().Nillable(),
		field.Time("decided_at").Optional().Nillable(),
		field.String("reason").Default("").MaxLen(1000).Comment("why it was rejected or failed"),
		field.Time("finished_at").Optional().Nillable().Comment("completed, failed, rejected or cancelled"),
	}
}

// Indexes of the PartnerChangeRequest.
func (PartnerChangeRequest) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("target_partner_id", "created_at", "id"),
		index.Fields("partner_id", "created_at", "id"),
		index.Fields("client_id", "status"),
		index.Fields("status", "execute_after"),
	}
}
