package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// fixture is what the rotation and sign-out loops work on.
type fixture struct {
	partnerID, channelID string
	email, password      string
	// sessionEmail signs in once per session sample. Its password hash uses cheap argon2
	// parameters (sign-in verifies with the hash's own), so that the samples' sign-ins
	// do not spend the run hashing; what is measured starts after the sign-in.
	sessionEmail, sessionPassword string
}

// seed migrates the database at dsn and creates, as the system, one partner on partner
// payment with a client, a WABA, one running channel that shares the key permission, and
// two partner_admins with random passwords (one for the rotations, one signing in for
// each session sample). The store is closed before it returns, so only
// the two instances hold the database.
func seed(ctx context.Context, dsn string) (fixture, error) {
	st, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		return fixture{}, err
	}
	defer st.Close()
	// The benchmark's seed data, written outside any tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	db := st.Client
	p, err := db.Partner.Create().SetBrandName("Key Bench").SetBillingModel(partner.BillingModelPartnerPayment).Save(sys)
	if err != nil {
		return fixture{}, fmt.Errorf("seed partner: %w", err)
	}
	c, err := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Key Bench Client").Save(sys)
	if err != nil {
		return fixture{}, fmt.Errorf("seed client: %w", err)
	}
	w, err := db.WABA.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetName("Key Bench WABA").Save(sys)
	if err != nil {
		return fixture{}, fmt.Errorf("seed WABA: %w", err)
	}
	ch, err := db.Channel.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetWabaID(w.ID).SetPhoneNumber("+4915112340000").
		SetStatus(channel.StatusRunning).SetKeyPermission(channel.KeyPermissionShared).Save(sys)
	if err != nil {
		return fixture{}, fmt.Errorf("seed channel: %w", err)
	}
	f := fixture{partnerID: p.ID, channelID: ch.ID, email: "admin@keybench.example", password: randomHex(16),
		sessionEmail: "sessions@keybench.example", sessionPassword: randomHex(16)}
	us := users.New(db, clock.Real{}, auth.DefaultPasswordParams)
	if _, err := us.CreatePartnerUser(sys, p.ID, users.NewUser{Email: f.email, Name: "Key Bench", Role: "partner_admin", Password: f.password}); err != nil {
		return fixture{}, fmt.Errorf("seed partner_admin: %w", err)
	}
	cheap := users.New(db, clock.Real{}, auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1})
	if _, err := cheap.CreatePartnerUser(sys, p.ID, users.NewUser{Email: f.sessionEmail, Name: "Session Bench", Role: "partner_admin", Password: f.sessionPassword}); err != nil {
		return fixture{}, fmt.Errorf("seed the sessions partner_admin: %w", err)
	}
	return f, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
