package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/partnerhub/partnerhub/ent/privacy"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// IDMixin gives a schema a short random string id with a type suffix (the Partner API's id format: random characters and a two-letter type suffix).
type IDMixin struct {
	mixin.Schema
	Suffix string
}

// Fields of the IDMixin.
func (m IDMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("id").DefaultFunc(idgen.Generator(m.Suffix)).Immutable().NotEmpty().MaxLen(32),
	}
}

// TimeMixin records creation and last modification, in UTC.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(now).Immutable(),
		field.Time("modified_at").Default(now).UpdateDefault(now),
	}
}

func now() time.Time { return time.Now().UTC() }

// TenancyMixin gives a schema its privacy policy: every schema has exactly one (a test
// fails for a schema without it, or with a Policy of its own beside it), so no table can
// be reached by forgetting. Its zero value denies every query and mutation: a schema is
// opened only as far as the constructor it uses says.
type TenancyMixin struct {
	mixin.Schema
	policy ent.Policy
}

// Policy of the TenancyMixin: the policy it was built with, or deny everything.
func (m TenancyMixin) Policy() ent.Policy {
	if m.policy == nil {
		return privacy.Policy{
			Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
			Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
		}
	}
	return m.policy
}

// TenantOwned places a schema's rows in a tenant, by the columns s names: partner staff
// reach their partner's rows, client users their client's, platform staff and the system
// all (tenancy.TenantPolicy).
func TenantOwned(s tenancy.Scope) TenancyMixin {
	return TenancyMixin{policy: tenancy.TenantPolicy(s)}
}

// SystemOnly keeps a schema internal: only the system identity, through the service that
// owns the table (tokens, throttles, outboxes, settings).
func SystemOnly() TenancyMixin { return TenancyMixin{policy: tenancy.SystemOnlyPolicy()} }

// PlatformOnly opens a schema to platform staff and the system identity only.
func PlatformOnly() TenancyMixin { return TenancyMixin{policy: tenancy.PlatformOnlyPolicy()} }

// OwnPolicy gives a schema a policy of its own making, for the rare table whose rule is
// none of the above (the knowledge base, internal notes); the schema's file says why.
func OwnPolicy(p ent.Policy) TenancyMixin { return TenancyMixin{policy: p} }
