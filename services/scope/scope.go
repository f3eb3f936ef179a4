// Package scope names the tenant objects a request's path is under
// (/partners/{pid}/clients/{cid}/…) and checks they exist for the viewer, so that a list
// under another tenant's partner or client is a 404 like any other cross-tenant access,
// not an empty page.
package scope

import (
	"context"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/services/apperr"
)

// Scope is the partner and client a path names; empty fields name nothing.
type Scope struct {
	PartnerID string
	ClientID  string
}

// Check reads the named partner and client through the viewer's privacy rules and
// answers NotFound when either is not visible (or the client is not the partner's).
//
// Errors: not_found.
func (s Scope) Check(ctx context.Context, db *ent.Client) error {
	if s.PartnerID != "" {
		if _, err := db.Partner.Get(ctx, s.PartnerID); err != nil {
			return apperr.From(err)
		}
	}
	if s.ClientID != "" {
		q := db.ClientAccount.Query().Where(clientaccount.ID(s.ClientID))
		if s.PartnerID != "" {
			q.Where(clientaccount.PartnerID(s.PartnerID))
		}
		ok, err := q.Exist(ctx)
		if err != nil {
			return apperr.From(err)
		}
		if !ok {
			return apperr.NotFoundf("Not found.")
		}
	}
	return nil
}
