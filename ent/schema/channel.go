package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Channel is one WhatsApp phone number.
type Channel struct{ ent.Schema }

// Mixin of the Channel.
func (Channel) Mixin() []ent.Mixin {
	return []ent.Mixin{IDMixin{Suffix: idgen.Channel}, TimeMixin{}, TenantOwned(tenancy.Scope{Partner: "partner_id", Client: "client_id"})}
}

// Fields of the Channel.
func (Channel) Fields() []ent.Field {
	return []ent.Field{
		field.String("partner_id").NotEmpty().Comment("denormalised from the client for tenancy filters"),
		field.String("client_id").NotEmpty(),
		field.String("waba_id").NotEmpty(),
		field.String("external_id").Optional().Nillable().MaxLen(64),
		field.String("phone_number").NotEmpty().MaxLen(16).Comment("E.164"),
		field.Enum("status").Values(
			"created", "submitted", "ready", "running", "pending_deletion", "terminated",
			"ready_for_migration", "migration_code_requested", "migrating",
		).Default("created"),
		field.Enum("account_mode").Values("sandbox", "live").Default("sandbox"),
		field.Enum("current_quality_rating").Values("GREEN", "YELLOW", "RED", "UNKNOWN").Default("UNKNOWN"),
		field.String("current_limit").Default("TIER_250").MaxLen(32),
		field.Enum("hosting_type").Values("cloud", "on_premise").Default("cloud"),
		field.Enum("support_plan").Values("basic", "regular", "premium").Default("basic"),
		field.Enum("key_permission").Values("shared", "missing").Default("missing"),
		field.JSON("setup_info", fieldtype.SetupInfo{}).Optional(),
		field.JSON("profile_info", fieldtype.ProfileInfo{}).Optional(),
		field.String("webhook_url").Optional().Nillable().MaxLen(2048),
		field.JSON("webhook_headers", map[string]string{}).Optional(),
		field.String("local_storage_region").Optional().Nillable().MaxLen(2),
		field.Bool("is_migrated").Default(false),
		field.String("status_before_cancellation").Optional().Nillable().Comment("restored by reactivate"),
		field.Time("status_changed_at").Optional().Nillable().Comment("when status last changed; drives the simulator's progression"),
		field.JSON("health", fieldtype.Health{}).Optional(),
		field.Time("billing_started_at").Optional().Nillable(),
		field.Time("cancelled_at").Optional().Nillable(),
		field.Time("terminated_at").Optional().Nillable(),
		field.String("locked_by").Optional().Nillable().Comment("the open partner change request or migration holding this number"),
	}
}

// Edges of the Channel.
func (Channel) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("client", ClientAccount.Type).Ref("channels").Field("client_id").Unique().Required(),
		edge.From("waba", WABA.Type).Ref("channels").Field("waba_id").Unique().Required(),
	}
}

// Indexes of the Channel.
func (Channel) Indexes() []ent.Index {
	return []ent.Index{
		// Partner channel lists: filter, sort and the id tie-breaker in one index each, so a
		// page (and its count) is read from the index (docs/BENCHMARKS.md, list pages).
		index.Fields("partner_id", "created_at", "id"),
		index.Fields("partner_id", "status", "created_at", "id"),
		index.Fields("partner_id", "phone_number", "id"),
		index.Fields("client_id"),
		index.Fields("waba_id"),
		index.Fields("phone_number"),
	}
}
