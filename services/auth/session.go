package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/refreshtoken"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Session is what a successful sign-in, refresh or password change hands back.
type Session struct {
	AccessToken      string
	AccessExpiresIn  time.Duration
	RefreshToken     string
	RefreshExpiresAt time.Time
	User             *ent.User
}

// Client describes where a sign-in comes from, for throttling and the token record.
type Client struct {
	IP        string
	UserAgent string
}

// NormalizeEmail returns the canonical (trimmed, lower-case) form of an email address.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// Login checks an email and password and opens a new session. A locked account, account
// from this IP, or IP (ThrottleConfig) gets RateLimited with the time left, before the
// password is looked at, so a guess during a lock learns nothing; unknown accounts cost
// the same as wrong passwords (a real hash is verified, the same counters are written).
// A success forgets the account's failures, not the IP's.
//
// Errors: invalid_credentials, login_throttled.
func (s *Service) Login(ctx context.Context, email, password string, from Client) (*Session, error) {
	email = NormalizeEmail(email)
	keys := s.cfg.Throttle.loginKeysOf(email, from.IP)
	wait, err := s.lockedFor(ctx, keys.all())
	if err != nil {
		return nil, apperr.From(err)
	}
	if wait > 0 {
		return nil, ErrLoginThrottled.Limited("Too many failed sign-in attempts. Try again later.", wait.Round(time.Second)+time.Second)
	}
	// The account is looked up by email before anyone is signed in.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	u, err := s.db.User.Query().Where(user.Email(email)).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return nil, apperr.From(err)
	}
	hash := s.dummyHash
	if u != nil {
		hash = u.PasswordHash
	}
	ok := VerifyPassword(hash, password)
	if u == nil || !ok || u.Disabled {
		if err := s.recordFailure(ctx, keys.all()); err != nil {
			return nil, apperr.From(err)
		}
		return nil, errInvalidCredentials
	}
	if err := s.clearFailures(ctx, keys.ofAccount()); err != nil {
		return nil, apperr.From(err)
	}
	var sess *Session
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		u, err = tx.User.UpdateOne(u).SetLastLoginAt(s.clock.Now()).Save(sys)
		if err != nil {
			return err
		}
		sess, err = s.openSession(sys, tx.Client(), u, idgen.New(idgen.RefreshToken), from)
		if err != nil {
			return err
		}
		return audit.Record(sys, tx.Client(), audit.Entry{
			Actor: audit.Actor{UserID: u.ID, Role: string(u.Role)}, Action: "user.login",
			ObjectType: "user", ObjectID: u.ID, PartnerID: u.PartnerID, ClientID: u.ClientID,
			Details: map[string]any{"ip": from.IP}, At: s.clock.Now(),
		})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return sess, nil
}

// Refresh exchanges a refresh token for a new session and retires the token. Presenting a
// token that was already rotated means it was copied: the whole family is revoked.
//
// Errors: refresh_token_reused, session_expired.
func (s *Service) Refresh(ctx context.Context, token string, from Client) (*Session, error) {
	// A refresh is authenticated by its token alone: the token row and its user are read before a viewer exists.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	rt, err := s.findRefreshToken(sys, token)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if rt.RotatedAt != nil {
		if err := s.revokeFamily(sys, rt.UserID, rt.FamilyID); err != nil {
			return nil, apperr.From(err)
		}
		return nil, ErrRefreshTokenReused.New("This session was ended because its refresh token was used twice. Sign in again.")
	}
	if rt.RevokedAt != nil || !now.Before(rt.ExpiresAt) {
		return nil, ErrSessionExpired.New("The session has ended. Sign in again.")
	}
	var sess *Session
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		// Conditional update: of two concurrent refreshes with one token, one wins.
		n, err := tx.RefreshToken.Update().
			Where(refreshtoken.ID(rt.ID), refreshtoken.RotatedAtIsNil(), refreshtoken.RevokedAtIsNil()).
			SetRotatedAt(now).Save(sys)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrRefreshTokenReused.New("This session has already been refreshed. Sign in again.")
		}
		u, err := tx.User.Get(sys, rt.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return ErrSessionExpired.New("The session has ended. Sign in again.")
		}
		sess, err = s.openSession(sys, tx.Client(), u, rt.FamilyID, from)
		return err
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return sess, nil
}

// Logout ends the session that token belongs to (its whole family). Unknown tokens are
// ignored: logging out twice is not an error.
//
// Errors: session_expired.
func (s *Service) Logout(ctx context.Context, token string) error {
	// Signing out is authenticated by the refresh token alone, like a refresh.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	rt, err := s.findRefreshToken(sys, token)
	if err != nil {
		return nil
	}
	return apperr.From(s.revokeFamily(sys, rt.UserID, rt.FamilyID))
}

// EndAllSessions signs the viewer out everywhere: every session of the user ends, on
// every instance, including the one this request came with.
//
// Errors: unauthenticated.
func (s *Service) EndAllSessions(ctx context.Context) error {
	v := tenancy.FromContext(ctx)
	if v == nil || v.UserID == "" || v.APIKeyID != "" {
		return apperr.ErrUnauthenticated.New("Sign in first.")
	}
	// Refresh tokens are internal rows; the signed-in user's own are revoked, by their user id.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	return apperr.From(storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		if err := s.EndUserSessions(sys, tx.Client(), v.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{
			Action: "user.signed_out_everywhere", ObjectType: "user", ObjectID: v.UserID,
			PartnerID: nonEmpty(v.PartnerID), ClientID: nonEmpty(v.ClientID), At: s.clock.Now(),
		})
	}))
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ChangePassword replaces the password of the viewer after checking the current one,
// ends every other session of the user and opens a new one.
//
// Errors: unauthenticated, validation_failed.
func (s *Service) ChangePassword(ctx context.Context, current, next string, from Client) (*Session, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.UserID == "" {
		return nil, apperr.ErrUnauthenticated.New("Sign in first.")
	}
	// The user's own row and refresh tokens (internal) are read and written by their user id.
	sys := tenancy.AsSystem(ctx, tenancy.Credentials)
	u, err := s.db.User.Get(sys, v.UserID)
	if err != nil {
		return nil, apperr.From(err)
	}
	if !VerifyPassword(u.PasswordHash, current) {
		return nil, apperr.Validation("current_password: is not your current password")
	}
	if err := CheckPasswordPolicy("new_password", next); err != nil {
		return nil, err
	}
	if next == current {
		return nil, apperr.Validation("new_password: must differ from the current password")
	}
	hash := HashPassword(next, s.cfg.PasswordParams)
	var sess *Session
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		u, err = tx.User.UpdateOne(u).SetPasswordHash(hash).SetMustChangePassword(false).
			SetPasswordChangedAt(s.clock.Now()).Save(sys)
		if err != nil {
			return err
		}
		// Every session ends, this one too: the answer carries a new one.
		if err := s.EndUserSessions(sys, tx.Client(), u.ID); err != nil {
			return err
		}
		sess, err = s.openSession(sys, tx.Client(), u, idgen.New(idgen.RefreshToken), from)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{
			Action: "user.password_changed", ObjectType: "user", ObjectID: u.ID,
			PartnerID: u.PartnerID, ClientID: u.ClientID, At: s.clock.Now(),
		})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return sess, nil
}

// openSession stores a new refresh token of family for u and signs an access token.
func (s *Service) openSession(ctx context.Context, db *ent.Client, u *ent.User, family string, from Client) (*Session, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.clock.Now()
	expires := now.Add(s.cfg.RefreshTTL)
	err := db.RefreshToken.Create().
		SetUserID(u.ID).SetFamilyID(family).SetTokenHash(hashToken(token)).
		SetCreatedAt(now).SetExpiresAt(expires).
		SetUserAgent(truncate(from.UserAgent, 256)).SetIP(truncate(from.IP, 64)).
		Exec(ctx)
	if err != nil {
		return nil, err
	}
	access, err := s.issueAccessToken(u, family)
	if err != nil {
		return nil, err
	}
	return &Session{AccessToken: access, AccessExpiresIn: s.cfg.AccessTTL, RefreshToken: token, RefreshExpiresAt: expires, User: u}, nil
}

func (s *Service) findRefreshToken(ctx context.Context, token string) (*ent.RefreshToken, error) {
	if token == "" || len(token) > 128 {
		return nil, ErrSessionExpired.New("The session has ended. Sign in again.")
	}
	rt, err := s.db.RefreshToken.Query().Where(refreshtoken.TokenHash(hashToken(token))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrSessionExpired.New("The session has ended. Sign in again.")
	}
	if err != nil {
		return nil, apperr.From(err)
	}
	return rt, nil
}

// revokeFamily ends one session of userID: its refresh tokens and, on every instance, its
// access tokens.
func (s *Service) revokeFamily(ctx context.Context, userID, family string) error {
	return storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		return s.endSessions(ctx, tx.Client(), userID, []string{family})
	})
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// CheckPassword verifies the signed-in user's password, for actions that ask for it again
// (creating a partner API key).
//
// Errors: unauthenticated, validation_failed.
func (s *Service) CheckPassword(ctx context.Context, password string) error {
	v := tenancy.FromContext(ctx)
	if v == nil || v.UserID == "" || v.APIKeyID != "" {
		return apperr.ErrUnauthenticated.New("Sign in first.")
	}
	// The signed-in user's own row, by their id (client users may not read user rows through the policy).
	u, err := s.db.User.Get(tenancy.AsSystem(ctx, tenancy.Credentials), v.UserID)
	if err != nil {
		return apperr.From(err)
	}
	if !VerifyPassword(u.PasswordHash, password) {
		return apperr.Validation("password: is not your current password")
	}
	return nil
}

// EndSession ends the session an access token names (sid, from its verified claims): the
// sign-out of API clients that hold tokens rather than cookies.
//
// Errors: unauthenticated.
func (s *Service) EndSession(ctx context.Context, sid string) error {
	v := tenancy.FromContext(ctx)
	if v == nil || v.UserID == "" || v.APIKeyID != "" || sid == "" {
		return apperr.ErrUnauthenticated.New("Sign in first.")
	}
	// Refresh tokens are internal rows; the signed-in user ends their own session.
	return apperr.From(s.revokeFamily(tenancy.AsSystem(ctx, tenancy.Credentials), v.UserID, sid))
}
