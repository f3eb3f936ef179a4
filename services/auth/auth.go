// Package auth signs people in: argon2id passwords, short-lived JWT access tokens, opaque
// refresh tokens that rotate on every use (reuse of a rotated one revokes its family),
// and login throttling per account and per IP that every instance shares.
package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/systemsetting"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
)

// Config tunes the auth service; zero fields take the defaults.
type Config struct {
	// Secret signs access tokens (HS256). Empty: a random secret is generated once and
	// kept in the database so that every instance shares it.
	Secret         []byte
	AccessTTL      time.Duration // default 15 min
	RefreshTTL     time.Duration // default 30 days
	PasswordParams PasswordParams
	Throttle       ThrottleConfig
}

// Service issues and checks credentials.
type Service struct {
	db        *ent.Client
	clock     clock.Clock
	cfg       Config
	secret    []byte
	dummyHash string
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
	s := &Service{db: db, clock: clk, cfg: cfg}
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

// loadOrCreateSecret returns the persisted signing secret, creating it on first start. Two
// instances starting together both insert-if-absent and then read the same winner.
func (s *Service) loadOrCreateSecret(ctx context.Context) ([]byte, error) {
	sys := viewer.SystemContext(ctx)
	if row, err := s.db.SystemSetting.Get(sys, secretSettingKey); err == nil {
		return row.Value, nil
	} else if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("auth: load signing secret: %w", err)
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	// Another instance may insert first; whichever row exists afterwards is the secret.
	createErr := s.db.SystemSetting.Create().SetID(secretSettingKey).SetValue(secret).SetCreatedAt(s.clock.Now()).
		OnConflictColumns(systemsetting.FieldID).DoNothing().Exec(sys)
	row, err := s.db.SystemSetting.Get(sys, secretSettingKey)
	if err != nil {
		return nil, fmt.Errorf("auth: store signing secret: %v; %w", createErr, err)
	}
	return row.Value, nil
}

// Claims are the access token's claims.
type Claims struct {
	Role               viewer.Role `json:"role"`
	PartnerID          string      `json:"pid,omitempty"`
	ClientID           string      `json:"cid,omitempty"`
	MustChangePassword bool        `json:"pwc,omitempty"`
	jwt.RegisteredClaims
}

// Viewer returns the identity the claims grant.
func (c *Claims) Viewer() *viewer.Viewer {
	return &viewer.Viewer{UserID: c.Subject, Role: c.Role, PartnerID: c.PartnerID, ClientID: c.ClientID}
}

// issueAccessToken signs a short-lived access token for u.
func (s *Service) issueAccessToken(u *ent.User) (string, error) {
	now := s.clock.Now()
	claims := Claims{
		Role:               viewer.Role(u.Role),
		PartnerID:          deref(u.PartnerID),
		ClientID:           deref(u.ClientID),
		MustChangePassword: u.MustChangePassword,
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
		code, msg := "invalid_token", "The access token is invalid."
		if errors.Is(err, jwt.ErrTokenExpired) {
			code, msg = "token_expired", "The access token has expired."
		}
		return nil, apperr.New(apperr.Unauthenticated, code, msg).Wrap(err)
	}
	if !viewer.Role(c.Role).Valid() || c.Subject == "" {
		return nil, apperr.New(apperr.Unauthenticated, "invalid_token", "The access token is invalid.")
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
