package auth

import (
	"context"
	"testing"

	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// benchPassword is long enough for the password policy; its value does not matter.
const benchPassword = "correct horse battery staple"

// BenchmarkVerifyAccessToken measures the check every authenticated request pays:
// HS256 signature, algorithm, issuer and expiry of a valid access token.
func BenchmarkVerifyAccessToken(b *testing.B) {
	ctx := context.Background()
	db := storagetest.Open(b).Client
	// A fixed secret skips the database-backed secret; the database is only where
	// the user row comes from. This is an internal test because users imports auth.
	s, err := New(ctx, db, clock.Real{}, Config{Secret: []byte("benchmark-secret-0123456789abcdef")})
	if err != nil {
		b.Fatal(err)
	}
	u, err := db.User.Create().SetEmail("bench@test.example").SetRole(user.RolePlatformAdmin).
		SetPasswordHash(HashPassword(benchPassword, DefaultPasswordParams)).Save(tenancy.AsSystem(ctx, tenancy.PlatformSetup))
	if err != nil {
		b.Fatal(err)
	}
	tok, err := s.issueAccessToken(u, "benchSession")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.VerifyAccessToken(tok); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.VerifyAccessToken(tok); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHashPassword measures one argon2id hash with the production parameters
// (what creating a user or changing a password costs).
func BenchmarkHashPassword(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		HashPassword(benchPassword, DefaultPasswordParams)
	}
}

// BenchmarkVerifyPassword measures one argon2id verification with the production
// parameters (what every sign-in costs, wrong password or not).
func BenchmarkVerifyPassword(b *testing.B) {
	hash := HashPassword(benchPassword, DefaultPasswordParams)
	b.ReportAllocs()
	for b.Loop() {
		if !VerifyPassword(hash, benchPassword) {
			b.Fatal("password did not verify")
		}
	}
}
