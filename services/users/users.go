// Package users manages the people who sign in: operators create partners' first admins,
// partner admins add partner staff, the command line adds platform admins, and the first
// start of an empty installation creates one platform admin with a one-time password.
package users

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
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

// View is a user as the API shows it (handlers.UserOut).
type View struct {
	ID                 string  `json:"id" example:"a1B2c3D4e5US"`
	Email              string  `json:"email"`
	Name               string  `json:"name"`
	Role               string  `json:"role" enums:"platform_admin,support_agent,partner_admin,partner_member,client_admin,client_member"`
	PartnerID          *string `json:"partner_id"`
	ClientID           *string `json:"client_id"`
	MustChangePassword bool    `json:"must_change_password"`
	// Disabled users were removed: they cannot sign in.
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

// ViewOf renders u.
func ViewOf(u *ent.User) View {
	return View{
		ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), PartnerID: u.PartnerID, ClientID: u.ClientID,
		MustChangePassword: u.MustChangePassword, Disabled: u.Disabled, CreatedAt: u.CreatedAt.UTC(),
	}
}

// MeView is the signed-in user as /me shows it (handlers.MeResponse).
type MeView struct {
	ID                 string  `json:"id"`
	Email              string  `json:"email"`
	Name               string  `json:"name"`
	Role               string  `json:"role" enums:"platform_admin,support_agent,partner_admin,partner_member,client_admin,client_member"`
	PartnerID          *string `json:"partner_id"`
	ClientID           *string `json:"client_id"`
	MustChangePassword bool    `json:"must_change_password"`
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
//
// Errors: unauthenticated, not_found.
func (s *Service) Me(ctx context.Context) (MeView, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.UserID == "" {
		return MeView{}, apperr.ErrUnauthenticated.New("Sign in first.")
	}
	now := s.clock.Now()
	s.meMu.RLock()
	hit, ok := s.me[v.UserID]
	s.meMu.RUnlock()
	if ok && now.Sub(hit.at) < meTTL {
		return meViewOf(hit.user), nil
	}
	u, err := s.db.User.Get(ctx, v.UserID)
	if err != nil {
		return MeView{}, apperr.From(err)
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
	return meViewOf(u), nil
}

func meViewOf(u *ent.User) MeView {
	return MeView{
		ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role),
		PartnerID: u.PartnerID, ClientID: u.ClientID, MustChangePassword: u.MustChangePassword,
	}
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
//
// Errors: forbidden, not_found, validation_failed, email_taken.
func (s *Service) CreatePartnerUser(ctx context.Context, partnerID string, in NewUser) (*ent.User, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || (v.Role != tenancy.PlatformAdmin && v.Role != tenancy.PartnerAdmin && !v.IsSystem()) {
		return nil, apperr.ErrForbidden.New("Only platform admins and partner admins add partner users.")
	}
	// Reading the partner through the viewer's privacy scope makes another tenant's partner a 404.
	if _, err := s.db.Partner.Get(ctx, partnerID); err != nil {
		return nil, apperr.From(err)
	}
	role := tenancy.Role(in.Role)
	if role != tenancy.PartnerAdmin && role != tenancy.PartnerMember {
		return nil, apperr.Validation("role: must be one of: partner_admin, partner_member")
	}
	return s.add(ctx, in, &partnerID, nil)
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
//
// Errors: not_found.
func (s *Service) ListPartnerUsers(ctx context.Context, partnerID string, q *listquery.Query) ([]View, int, error) {
	if _, err := s.db.Partner.Get(ctx, partnerID); err != nil {
		return nil, 0, apperr.From(err)
	}
	items, total, err := listquery.Page(ctx, s.db.User.Query().Where(user.PartnerID(partnerID), user.ClientIDIsNil()), q)
	if err != nil {
		return nil, 0, err
	}
	views := make([]View, len(items))
	for i, u := range items {
		views[i] = ViewOf(u)
	}
	return views, total, nil
}

// CreatePlatformUser adds platform staff (platform_admin or support_agent). It is for the
// command line and bootstrap, which act as the system.
//
// Errors: validation_failed, email_taken.
func (s *Service) CreatePlatformUser(ctx context.Context, in NewUser) (*ent.User, error) {
	role := tenancy.Role(in.Role)
	if !role.IsPlatform() {
		return nil, apperr.Validation("role: must be one of: platform_admin, support_agent")
	}
	// Platform staff belong to no tenant: the operator's command line (or bootstrap) adds
	// them outside any.
	return s.add(tenancy.AsSystem(ctx, tenancy.PlatformSetup), in, nil, nil)
}

// CreateClientUser adds a client_admin or client_member to clientID of partnerID.
// Used by seeding now; the client-user API arrives with client management.
//
// Errors: validation_failed, email_taken.
func (s *Service) CreateClientUser(ctx context.Context, partnerID, clientID string, in NewUser) (*ent.User, error) {
	role := tenancy.Role(in.Role)
	if !role.IsClient() {
		return nil, apperr.Validation("role: must be one of: client_admin, client_member")
	}
	return s.add(ctx, in, &partnerID, &clientID)
}

// EnsureBootstrapAdmin creates the first platform admin of an installation that has no
// users at all, with a one-time password that must be changed at first sign-in. It
// returns the email and password only when it created the account.
//
// Errors: validation_failed.
func (s *Service) EnsureBootstrapAdmin(ctx context.Context, email string) (created bool, password string, err error) {
	// The bootstrap admin is the operator's setup: it counts the users of every tenant and
	// creates platform staff, outside any tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	n, err := s.db.User.Query().Count(sys)
	if err != nil || n > 0 {
		return false, "", apperr.From(err)
	}
	password = auth.RandomPassword()
	_, err = s.create(sys, NewUser{Email: email, Name: "Platform admin", Role: string(tenancy.PlatformAdmin),
		Password: password, MustChangePassword: true}, nil, nil)
	if errors.Is(err, errEmailExists) {
		return false, "", nil // another instance created it first
	}
	if err != nil {
		return false, "", err
	}
	return true, password, nil
}

// errEmailExists says that create found an account with the email, or lost the race to
// create one.
var errEmailExists = errors.New("users: an account with this email exists")

// add is create for the callers that answer a taken email with email_taken.
//
// Errors: validation_failed, email_taken.
func (s *Service) add(ctx context.Context, in NewUser, partnerID, clientID *string) (*ent.User, error) {
	u, err := s.create(ctx, in, partnerID, clientID)
	if errors.Is(err, errEmailExists) {
		return nil, ErrEmailTaken.New("A user with this email already exists.").Wrap(err)
	}
	return u, err
}

// create adds the user; an email that is taken is errEmailExists.
//
// Errors: validation_failed.
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
		// An email is one account across the hub: the check reads every tenant's users,
		// and says only whether the email is taken.
		exists, err := tx.User.Query().Where(user.Email(in.Email)).Exist(tenancy.AsSystem(ctx, tenancy.AcrossTenants))
		if err != nil {
			return err
		}
		if exists {
			return errEmailExists
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
	switch {
	case errors.Is(err, errEmailExists):
		return nil, err
	case ent.IsConstraintError(err):
		return nil, fmt.Errorf("%w: %w", errEmailExists, err)
	case err != nil:
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
//
// Errors: validation_failed, forbidden, not_found, last_admin.
func (s *Service) UpdatePartnerUser(ctx context.Context, partnerID, userID string, in UserChange) (*ent.User, error) {
	if err := validate.Struct(in); err != nil {
		return nil, err
	}
	if in.Role != nil && *in.Role != string(tenancy.PartnerAdmin) && *in.Role != string(tenancy.PartnerMember) {
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
			// The user's refresh tokens and session events are credential rows, which no
			// tenant policy opens, not even to the admin who ends them.
			if err := s.EndSessions(tenancy.AsSystem(ctx, tenancy.Credentials), tx.Client(), u.ID); err != nil {
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
//
// Errors: forbidden, not_found, last_admin.
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
			// As in UpdatePartnerUser: the user's sessions are credential rows.
			if err := s.EndSessions(tenancy.AsSystem(ctx, tenancy.Credentials), tx.Client(), u.ID); err != nil {
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
	v := tenancy.FromContext(ctx)
	if v == nil || (v.Role != tenancy.PlatformAdmin && v.Role != tenancy.PartnerAdmin) || v.APIKeyID != "" {
		return nil, apperr.ErrForbidden.New("Only platform admins and partner admins change partner users.")
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
		return ErrLastAdmin.New("A partner needs at least one admin: make someone else an admin first.")
	}
	return nil
}
