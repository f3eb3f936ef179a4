// Package auth signs people in: argon2id passwords, short-lived JWT access tokens, opaque
// refresh tokens that rotate on every use (reuse of a rotated one revokes its family),
// and login throttling per account and per IP that every instance shares.
package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/secrets"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Config tunes the auth service; zero fields take the defaults.
type Config struct {
	// Secret signs access tokens (HS256). Empty: a random secret is generated once and
	// kept sealed in the database so that every instance shares it.
	Secret         []byte
	AccessTTL      time.Duration // default 15 min
	RefreshTTL     time.Duration // default 30 days
	PasswordParams PasswordParams
	Throttle       ThrottleConfig
	// SQL is the store's: revocations notify the other instances on PostgreSQL.
	SQL storage.SQL
	// Keyring seals the generated secret in the database (needed when Secret is empty).
	Keyring *secretbox.Keyring
}

// Service issues and checks credentials.
type Service struct {
	db        *ent.Client
	clock     clock.Clock
	cfg       Config
	secret    []byte
	dummyHash string
	sql       storage.SQL
	sessions  sessions
}

const (
	issuer            = "partnerhub"
	secretSettingKey  = "jwt_signing_secret"
	minSecretLength   = 32
	defaultAccessTTL  = 15 * time.Minute
	defaultRefreshTTL = 30 * 24 * time.Hour
)

// New returns the auth service, loading or creating the shared signing secret.
func New(ctx context.Context, db *ent.Client, clk clock.Clock, cfg Config) (*Service, error) {
	if cfg.AccessTTL == 0 {
		cfg.AccessTTL = defaultAccessTTL
	}
	if cfg.RefreshTTL == 0 {
		cfg.RefreshTTL = defaultRefreshTTL
	}
	if cfg.PasswordParams == (PasswordParams{}) {
		cfg.PasswordParams = DefaultPasswordParams
	}
	cfg.Throttle = cfg.Throttle.withDefaults()
	s := &Service{db: db, clock: clk, cfg: cfg, sql: cfg.SQL, sessions: sessions{revoked: map[string]time.Time{}}}
	if err := s.loadRevoked(ctx); err != nil {
		return nil, fmt.Errorf("auth: read ended sessions: %w", err)
	}
	switch {
	case len(cfg.Secret) == 0:
		secret, err := s.loadOrCreateSecret(ctx)
		if err != nil {
			return nil, err
		}
		s.secret = secret
	case len(cfg.Secret) < minSecretLength:
		return nil, fmt.Errorf("auth: the JWT secret must be at least %d bytes", minSecretLength)
	default:
		s.secret = cfg.Secret
	}
	// A real hash with the live parameters, verified when the account does not exist,
	// so unknown users cost the same time as wrong passwords.
	s.dummyHash = HashPassword(RandomPassword(), cfg.PasswordParams)
	return s, nil
}

// loadOrCreateSecret returns the persisted signing secret, creating it on first start. It
// is stored sealed with the master key (services/secrets), so a copy of the database alone
// cannot sign tokens; two instances starting together read the same winner.
func (s *Service) loadOrCreateSecret(ctx context.Context) ([]byte, error) {
	secret, err := secrets.Setting(ctx, s.db, s.cfg.Keyring, s.clock, secretSettingKey, 32)
	if err != nil {
		return nil, fmt.Errorf("auth: signing secret: %w", err)
	}
	return secret, nil
}

// Claims are the access token's claims.
type Claims struct {
	Role               tenancy.Role `json:"role"`
	PartnerID          string       `json:"pid,omitempty"`
	ClientID           string       `json:"cid,omitempty"`
	MustChangePassword bool         `json:"pwc,omitempty"`
	// SessionID names the session (the refresh-token family) the token belongs to; ending
	// the session makes every instance refuse the token at once.
	SessionID string `json:"sid"`
	jwt.RegisteredClaims
}

// Viewer returns the identity the claims grant.
func (c *Claims) Viewer() *tenancy.Viewer {
	return &tenancy.Viewer{UserID: c.Subject, Role: c.Role, PartnerID: c.PartnerID, ClientID: c.ClientID}
}

// issueAccessToken signs a short-lived access token for u in session sid.
func (s *Service) issueAccessToken(u *ent.User, sid string) (string, error) {
	now := s.clock.Now()
	claims := Claims{
		Role:               tenancy.Role(u.Role),
		PartnerID:          deref(u.PartnerID),
		ClientID:           deref(u.ClientID),
		MustChangePassword: u.MustChangePassword,
		SessionID:          sid,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    issuer,
			Subject:   u.ID,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(s.cfg.AccessTTL)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.secret)
}

// VerifyAccessToken checks an access token's signature, algorithm, issuer and expiry and
// returns its claims.
//
// Errors: invalid_token, session_ended, token_expired.
func (s *Service) VerifyAccessToken(token string) (*Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return s.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(s.clock.Now),
		jwt.WithLeeway(5*time.Second),
	)
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return nil, ErrTokenExpired.New("The access token has expired.").Wrap(err)
		}
		return nil, ErrInvalidToken.New("The access token is invalid.").Wrap(err)
	}
	if !tenancy.Role(c.Role).Valid() || c.Subject == "" || c.SessionID == "" {
		return nil, ErrInvalidToken.New("The access token is invalid.")
	}
	if s.sessions.isRevoked(c.SessionID) {
		return nil, errSessionEnded
	}
	return &c, nil
}

// AccessTTL is the lifetime of access tokens.
func (s *Service) AccessTTL() time.Duration { return s.cfg.AccessTTL }

// RefreshTTL is the lifetime of refresh tokens.
func (s *Service) RefreshTTL() time.Duration { return s.cfg.RefreshTTL }

// PasswordParams are the argon2id parameters new hashes use.
func (s *Service) PasswordParams() PasswordParams { return s.cfg.PasswordParams }

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
