package auth

import (
	"context"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// OpenSignupSession opens the first session of u, a user that a sign-up has just created
// in tx with the password the person chose, so there is nothing left to check. It is the
// session Login opens (rotating refresh token, access token, last sign-in, a user.login
// audit row) and runs in the sign-up's transaction, so the account and its session commit
// together or not at all. Only the onboarding sign-up calls it.
func (s *Service) OpenSignupSession(ctx context.Context, tx *ent.Client, u *ent.User, from Client) (*Session, error) {
	// A new account's first session, opened inside the sign-up before it has a viewer.
	sys := tenancy.AsSystem(ctx, tenancy.PublicFlow)
	now := s.clock.Now()
	u, err := tx.User.UpdateOne(u).SetLastLoginAt(now).Save(sys)
	if err != nil {
		return nil, err
	}
	sess, err := s.openSession(sys, tx, u, idgen.New(idgen.RefreshToken), from)
	if err != nil {
		return nil, err
	}
	return sess, audit.Record(sys, tx, audit.Entry{
		Actor: audit.Actor{UserID: u.ID, Role: string(u.Role)}, Action: "user.login",
		ObjectType: "user", ObjectID: u.ID, PartnerID: u.PartnerID, ClientID: u.ClientID,
		Details: map[string]any{"ip": from.IP, "via": "signup"}, At: now,
	})
}
