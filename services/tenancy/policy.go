package tenancy

// This file holds the ent privacy policies that enforce tenancy in the data layer (the pattern of ent's
// examples/privacytenant): a partner's staff see only their partner's objects, a client's
// users only their client's. Every tenant-owned schema declares
// which columns name its owning partner and client; the policy then filters every query and
// mutation of a partner or client viewer to its own tenant and refuses writes that would
// place a row in another tenant. Deny is the default: no viewer, no access.

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"

	"github.com/partnerhub/partnerhub/ent/privacy"
)

// Scope names the columns that place a schema's rows in a tenant.
type Scope struct {
	// Partner is the column holding the owning partner's id ("id" for the partner itself).
	Partner string
	// Client is the column holding the owning client's id ("id" for the client itself);
	// empty when client users have no rows of this kind of their own.
	Client string
	// ClientReadsPartner lets client users read (never write) rows of their own partner
	// when Client is empty, e.g. the partner's brand name in the portal.
	ClientReadsPartner bool
	// OtherPartner is a second partner column whose partner also sees (and may update) the
	// row, e.g. the destination partner of a partner change request.
	OtherPartner string
}

// TenantPolicy returns the policy for a tenant-owned schema: system and platform staff
// pass, partner staff are filtered to their partner, client users to their client, and
// anybody else is denied.
func TenantPolicy(s Scope) ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
				return filter(ctx, s, f, false)
			}),
		},
		Mutation: privacy.MutationPolicy{
			privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
				return checkOwnerFields(ctx, m)
			}),
			privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
				return filter(ctx, s, f, true)
			}),
		},
	}
}

// SystemOnlyPolicy returns the policy for internal tables (tokens, throttles, settings):
// only the system identity may touch them, through the services that own them.
func SystemOnlyPolicy() ent.Policy {
	onlySystem := privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if FromContext(ctx).IsSystem() {
			return privacy.Allow
		}
		return privacy.Denyf("internal table")
	})
	return privacy.Policy{
		Query:    privacy.QueryPolicy{onlySystem},
		Mutation: privacy.MutationPolicy{onlySystem},
	}
}

// PlatformOnlyPolicy returns the policy for operator-only data (the provider simulator's
// inbox): platform staff and the system identity, nobody else.
func PlatformOnlyPolicy() ent.Policy {
	onlyPlatform := privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if FromContext(ctx).IsPlatform() {
			return privacy.Allow
		}
		return privacy.Denyf("operators only")
	})
	return privacy.Policy{
		Query:    privacy.QueryPolicy{onlyPlatform},
		Mutation: privacy.MutationPolicy{onlyPlatform},
	}
}

func filter(ctx context.Context, s Scope, f privacy.Filter, mutation bool) error {
	v := FromContext(ctx)
	switch {
	case v == nil:
		return privacy.Denyf("no viewer")
	case v.IsPlatform():
		return privacy.Allow
	case v.Role.IsPartner() && s.Partner != "" && v.PartnerID != "" && s.OtherPartner != "":
		f.Where(entql.Or(entql.FieldEQ(s.Partner, v.PartnerID), entql.FieldEQ(s.OtherPartner, v.PartnerID)))
		return privacy.Allow
	case v.Role.IsPartner() && s.Partner != "" && v.PartnerID != "":
		f.Where(entql.FieldEQ(s.Partner, v.PartnerID))
		return privacy.Allow
	case v.Role.IsClient() && s.Client != "" && v.ClientID != "":
		f.Where(entql.FieldEQ(s.Client, v.ClientID))
		return privacy.Allow
	case v.Role.IsClient() && s.ClientReadsPartner && !mutation && v.PartnerID != "":
		f.Where(entql.FieldEQ(s.Partner, v.PartnerID))
		return privacy.Allow
	}
	return privacy.Denyf("viewer %s has no access to this kind of object", v.Role)
}

// checkOwnerFields refuses a mutation by a tenant viewer that sets partner_id or client_id
// to another tenant's id: filters cannot guard creates, and updates must not move rows out.
func checkOwnerFields(ctx context.Context, m ent.Mutation) error {
	v := FromContext(ctx)
	if v == nil {
		return privacy.Denyf("no viewer")
	}
	if v.IsPlatform() {
		return privacy.Skip
	}
	for field, own := range map[string]string{"partner_id": v.PartnerID, "client_id": v.ClientID} {
		if own == "" {
			continue
		}
		if val, ok := m.Field(field); ok {
			if s, _ := val.(string); s != own {
				return privacy.Denyf("%s outside the viewer's tenant", field)
			}
		}
	}
	if m.Op().Is(ent.OpCreate) && m.Type() == "Partner" {
		return privacy.Denyf("only platform staff create partners")
	}
	return privacy.Skip
}
