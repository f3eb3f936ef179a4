// Package users manages the people who sign in: operators create partners' first admins,
// partner admins add partner staff, the command line adds platform admins, and the first
// start of an empty installation creates one platform admin with a one-time password.
package users

import (
	"context"
	"sync"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/validate"
)

// Service manages users.
type Service struct {
	db     *ent.Client
	clock  clock.Clock
	params auth.PasswordParams
	// EndSessions ends every session of a user in a transaction (auth.Service.EndUserSessions);
	// the hub sets it.
	EndSessions func(ctx context.Context, tx *ent.Client, userID string) error

	meMu sync.RWMutex
	me   map[string]meEntry
}

// New returns the users service; params are the argon2id costs for new passwords.
func New(db *ent.Client, clk clock.Clock, params auth.PasswordParams) *Service {
	return &Service{db: db, clock: clk, params: params}
}

// NewUser is what is supplied to create a user.
type NewUser struct {
	Email    string `json:"email" validate:"required,email,max=254"`
	Name     string `json:"name" validate:"max=128"`
	Role     string `json:"role" validate:"required"`
	Password string `json:"password"`
	// MustChangePassword forces a password change at first sign-in.
	MustChangePassword bool `json:"-"`
}

// Me returns the viewer's own user. Integrations ask often, so answers are cached for a
// short while per user; every change that alters what Me shows (role, removal, password)
// ends the user's sessions, and ending sessions drops the cached entry on every instance
// (Forget, wired to the session-events watcher).
func (s *Service) Me(ctx context.Context) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.UserID == "" {
		return nil, apperr.New(apperr.Unauthenticated, "unauthenticated", "Sign in first.")
	}
	now := s.clock.Now()
	s.meMu.RLock()
	hit, ok := s.me[v.UserID]
	s.meMu.RUnlock()
	if ok && now.Sub(hit.at) < meTTL {
		return hit.user, nil
	}
	u, err := s.db.User.Get(ctx, v.UserID)
	if err != nil {
		return nil, apperr.From(err)
	}
	s.meMu.Lock()
	if len(s.me) >= maxMe {
		clear(s.me)
	}
	if s.me == nil {
		s.me = map[string]meEntry{}
	}
	s.me[v.UserID] = meEntry{user: u, at: now}
	s.meMu.Unlock()
	return u, nil
}

// Forget drops what Me cached about userID.
func (s *Service) Forget(userID string) {
	s.meMu.Lock()
	delete(s.me, userID)
	s.meMu.Unlock()
}

// The Me cache: a safety-net lifetime (eviction normally comes first) and a bound.
const (
	meTTL = 30 * time.Second
	maxMe = 100_000
)

type meEntry struct {
	user *ent.User
	at   time.Time
}

// CreatePartnerUser adds a partner_admin or partner_member to partnerID. Platform admins
// may do it for any partner (a partner's first admin); partner admins for their own.
func (s *Service) CreatePartnerUser(ctx context.Context, partnerID string, in NewUser) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil || (v.Role != viewer.PlatformAdmin && v.Role != viewer.PartnerAdmin && !v.IsSystem()) {
		return nil, apperr.New(apperr.Forbidden, "forbidden", "Only platform admins and partner admins add partner users.")
	}
	// Reading the partner through the viewer's privacy scope makes another tenant's partner a 404.
	if _, err := s.db.Partner.Get(ctx, partnerID); err != nil {
		return nil, apperr.From(err)
	}
	role := viewer.Role(in.Role)
	if role != viewer.PartnerAdmin && role != viewer.PartnerMember {
		return nil, apperr.Validation("role: must be one of: partner_admin, partner_member")
	}
	return s.create(ctx, in, &partnerID, nil)
}

// ListSpec is what user lists sort and filter on.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"created_at": {Column: user.FieldCreatedAt}, "email": {Column: user.FieldEmail}, "name": {Column: user.FieldName},
	},
	Filterable: map[string]listquery.Field{
		"id": {Column: user.FieldID}, "email": {Column: user.FieldEmail}, "role": {Column: user.FieldRole},
	},
	DefaultSort: "created_at",
}

// ListPartnerUsers returns a page of the staff of partnerID and the total.
func (s *Service) ListPartnerUsers(ctx context.Context, partnerID string, q *listquery.Query) ([]*ent.User, int, error) {
	if _, err := s.db.Partner.Get(ctx, partnerID); err != nil {
		return nil, 0, apperr.From(err)
	}
	query := s.db.User.Query().Where(user.PartnerID(partnerID), user.ClientIDIsNil())
	for _, w := range q.Where() {
		query.Where(predicate.User(w))
	}
	total, err := query.Clone().Count(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	for _, o := range q.Order() {
		query.Order(user.OrderOption(o))
	}
	items, err := query.Limit(q.Limit).Offset(q.Offset).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	return items, total, nil
}

// CreatePlatformUser adds platform staff (platform_admin or support_agent). It is for the
// command line and bootstrap, which act as the system.
func (s *Service) CreatePlatformUser(ctx context.Context, in NewUser) (*ent.User, error) {
	role := viewer.Role(in.Role)
	if !role.IsPlatform() {
		return nil, apperr.Validation("role: must be one of: platform_admin, support_agent")
	}
	return s.create(viewer.SystemContext(ctx), in, nil, nil)
}

// CreateClientUser adds a client_admin or client_member to clientID of partnerID.
// Used by seeding now; the client-user API arrives with client management.
func (s *Service) CreateClientUser(ctx context.Context, partnerID, clientID string, in NewUser) (*ent.User, error) {
	role := viewer.Role(in.Role)
	if !role.IsClient() {
		return nil, apperr.Validation("role: must be one of: client_admin, client_member")
	}
	return s.create(ctx, in, &partnerID, &clientID)
}

// EnsureBootstrapAdmin creates the first platform admin of an installation that has no
// users at all, with a one-time password that must be changed at first sign-in. It
// returns the email and password only when it created the account.
func (s *Service) EnsureBootstrapAdmin(ctx context.Context, email string) (created bool, password string, err error) {
	sys := viewer.SystemContext(ctx)
	n, err := s.db.User.Query().Count(sys)
	if err != nil || n > 0 {
		return false, "", apperr.From(err)
	}
	password = auth.RandomPassword()
	_, err = s.create(sys, NewUser{Email: email, Name: "Platform admin", Role: string(viewer.PlatformAdmin),
		Password: password, MustChangePassword: true}, nil, nil)
	if apperr.KindOf(err) == apperr.Conflict {
		return false, "", nil // another instance created it first
	}
	if err != nil {
		return false, "", err
	}
	return true, password, nil
}

func (s *Service) create(ctx context.Context, in NewUser, partnerID, clientID *string) (*ent.User, error) {
	in.Email = auth.NormalizeEmail(in.Email)
	if err := validate.Struct(in); err != nil {
		return nil, err
	}
	if err := auth.CheckPasswordPolicy("password", in.Password); err != nil {
		return nil, err
	}
	hash := auth.HashPassword(in.Password, s.params)
	var u *ent.User
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		exists, err := tx.User.Query().Where(user.Email(in.Email)).Exist(viewer.SystemContext(ctx))
		if err != nil {
			return err
		}
		if exists {
			return apperr.New(apperr.Conflict, "email_taken", "A user with this email already exists.")
		}
		u, err = tx.User.Create().
			SetEmail(in.Email).SetName(in.Name).SetRole(user.Role(in.Role)).SetPasswordHash(hash).
			SetNillablePartnerID(partnerID).SetNillableClientID(clientID).
			SetMustChangePassword(in.MustChangePassword).
			Save(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{
			Action: "user.created", ObjectType: "user", ObjectID: u.ID, PartnerID: partnerID, ClientID: clientID,
			Details: map[string]any{"email": u.Email, "role": string(u.Role)}, At: s.clock.Now(),
		})
	})
	if err != nil {
		if ent.IsConstraintError(err) {
			return nil, apperr.New(apperr.Conflict, "email_taken", "A user with this email already exists.").Wrap(err)
		}
		return nil, apperr.From(err)
	}
	return u, nil
}

// UserChange is what a partner admin may change about a partner user; nil fields stay.
type UserChange struct {
	Name *string `json:"name" validate:"omitempty,max=128"`
	Role *string `json:"role"`
}

// UpdatePartnerUser changes a partner user's name or role. A role change ends the user's
// sessions on every instance, so the new role applies from the next request on; a partner
// keeps at least one admin.
func (s *Service) UpdatePartnerUser(ctx context.Context, partnerID, userID string, in UserChange) (*ent.User, error) {
	if err := validate.Struct(in); err != nil {
		return nil, err
	}
	if in.Role != nil && *in.Role != string(viewer.PartnerAdmin) && *in.Role != string(viewer.PartnerMember) {
		return nil, apperr.Validation("role: must be one of: partner_admin, partner_member")
	}
	var out *ent.User
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		u, err := s.partnerUser(ctx, tx, partnerID, userID)
		if err != nil {
			return err
		}
		upd := tx.User.UpdateOne(u)
		details := map[string]any{}
		if in.Name != nil && *in.Name != u.Name {
			upd.SetName(*in.Name)
			details["name"] = *in.Name
		}
		roleChanged := in.Role != nil && *in.Role != string(u.Role)
		if roleChanged {
			if u.Role == user.RolePartnerAdmin {
				if err := s.keepOneAdmin(ctx, tx, partnerID, u.ID); err != nil {
					return err
				}
			}
			upd.SetRole(user.Role(*in.Role))
			details["role"] = *in.Role
		}
		if len(details) == 0 {
			out = u
			return nil
		}
		if out, err = upd.Save(ctx); err != nil {
			return err
		}
		if roleChanged && s.EndSessions != nil {
			if err := s.EndSessions(viewer.SystemContext(ctx), tx.Client(), u.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{
			Action: "user.updated", ObjectType: "user", ObjectID: u.ID, PartnerID: &partnerID,
			Details: details, At: s.clock.Now(),
		})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	s.Forget(userID)
	return out, nil
}

// RemovePartnerUser takes a partner user's access away: the account is disabled (kept, so
// that what they did still names them) and every session of it ends on every instance.
// A partner keeps at least one admin.
func (s *Service) RemovePartnerUser(ctx context.Context, partnerID, userID string) error {
	return apperr.From(storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		u, err := s.partnerUser(ctx, tx, partnerID, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return nil
		}
		if u.Role == user.RolePartnerAdmin {
			if err := s.keepOneAdmin(ctx, tx, partnerID, u.ID); err != nil {
				return err
			}
		}
		if err := tx.User.UpdateOne(u).SetDisabled(true).Exec(ctx); err != nil {
			return err
		}
		if s.EndSessions != nil {
			if err := s.EndSessions(viewer.SystemContext(ctx), tx.Client(), u.ID); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{
			Action: "user.removed", ObjectType: "user", ObjectID: u.ID, PartnerID: &partnerID,
			Details: map[string]any{"email": u.Email}, At: s.clock.Now(),
		})
	}))
}

// partnerUser reads a staff member of partnerID through the viewer's privacy scope (another
// tenant's user is a 404) and checks that only admins change people.
func (s *Service) partnerUser(ctx context.Context, tx *ent.Tx, partnerID, userID string) (*ent.User, error) {
	v := viewer.FromContext(ctx)
	if v == nil || (v.Role != viewer.PlatformAdmin && v.Role != viewer.PartnerAdmin) || v.APIKeyID != "" {
		return nil, apperr.New(apperr.Forbidden, "forbidden", "Only platform admins and partner admins change partner users.")
	}
	u, err := tx.User.Query().Where(user.ID(userID), user.PartnerID(partnerID), user.ClientIDIsNil()).Only(ctx)
	if err != nil {
		return nil, err
	}
	return u, nil
}

// keepOneAdmin refuses to leave partnerID without an enabled admin other than userID.
func (s *Service) keepOneAdmin(ctx context.Context, tx *ent.Tx, partnerID, userID string) error {
	n, err := tx.User.Query().Where(user.PartnerID(partnerID), user.ClientIDIsNil(), user.RoleEQ(user.RolePartnerAdmin),
		user.Disabled(false), user.IDNEQ(userID)).Count(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.New(apperr.Conflict, "last_admin", "A partner needs at least one admin: make someone else an admin first.")
	}
	return nil
}
