package apikeys_test

import (
	"context"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// TestSandboxKeysAreBoundToTheirOwner: a sandbox key (pht_) names its owner's WhatsApp id
// in the principal; each user holds one at a time; the channel's own key rotation leaves
// the sandbox keys alone; a key checks only under its own prefix.
func TestSandboxKeysAreBoundToTheirOwner(t *testing.T) {
	store := storagetest.Open(t)
	clk := clock.NewManual(time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC))
	h, err := hub.New(context.Background(), store, clk, hub.Config{
		Auth: auth.Config{PasswordParams: auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}}, PublicURL: "https://hub.test"})
	if err != nil {
		t.Fatal(err)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := store.Client
	p := db.Partner.Create().SetBrandName("PartnerHub platform").SetIsPlatform(true).SaveX(sys)
	c := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("PartnerHub support").SaveX(sys)
	w := db.WABA.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetName("Platform").SaveX(sys)
	ch := db.Channel.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetWabaID(w.ID).SetPhoneNumber("+4930577140820").
		SetStatus("running").SetKeyPermission("shared").SaveX(sys)
	v := h.APIKeys.Verifier()
	verify := func(key string) (*apikeys.ChannelPrincipal, error) {
		return v.VerifyChannelKey(context.Background(), key, "192.0.2.7")
	}

	ana, err := h.APIKeys.IssueSandboxKey(context.Background(), ch.ID, "551187654321")
	if err != nil {
		t.Fatal(err)
	}
	if typ, ok := keyformat.Check(ana.Plain); !ok || typ != keyformat.Sandbox || ana.Address != "https://hub.test" {
		t.Fatalf("sandbox key %q (%s) at %s", ana.Plain, typ, ana.Address)
	}
	emma, err := h.APIKeys.IssueSandboxKey(context.Background(), ch.ID, "4915112345678")
	if err != nil {
		t.Fatal(err)
	}
	pa, err := verify(ana.Plain)
	if err != nil || pa.SandboxWAID != "551187654321" || pa.ChannelID != ch.ID || pa.KeyID != ana.Key.ID {
		t.Fatalf("Ana's key: %+v %v", pa, err)
	}
	if pe, err := verify(emma.Plain); err != nil || pe.SandboxWAID != "4915112345678" {
		t.Fatalf("Emma's key: %+v %v", pe, err)
	}
	// The same key under another prefix is not a key.
	if _, err := verify("phc_" + ana.Plain[4:]); apperr.CodeOf(err) != "invalid_api_key" {
		t.Fatalf("a sandbox key as a channel key: %v", err)
	}

	// The channel's own key: rotating it leaves the sandbox keys valid, and it names no owner.
	admin := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "adminUS", Role: tenancy.PlatformAdmin})
	own, err := h.APIKeys.IssueForPartner(admin, scope.Scope{}, ch.ID, apikeys.IssueRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.APIKeys.IssueForPartner(admin, scope.Scope{}, ch.ID, apikeys.IssueRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := verify(own.Plain); apperr.CodeOf(err) != "invalid_api_key" {
		t.Fatalf("the rotated channel key: %v", err)
	}
	if _, err := verify(emma.Plain); err != nil {
		t.Fatalf("Emma's key after the channel key rotated: %v", err)
	}

	// Ana asks again: her first key ends at once, everywhere (key events).
	clk.Advance(time.Minute)
	again, err := h.APIKeys.IssueSandboxKey(context.Background(), ch.ID, "551187654321")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := verify(ana.Plain); apperr.CodeOf(err) != "invalid_api_key" {
		t.Fatalf("Ana's first key: %v", err)
	}
	if p, err := verify(again.Plain); err != nil || p.SandboxWAID != "551187654321" {
		t.Fatalf("Ana's new key: %+v %v", p, err)
	}
	if _, err := verify(emma.Plain); err != nil {
		t.Fatalf("Emma's key after Ana's new one: %v", err)
	}
	old := db.ChannelAPIKey.GetX(sys, ana.Key.ID)
	if old.State != channelapikey.StateRevoked || old.RevokeReason != "replaced by a new sandbox key" {
		t.Fatalf("Ana's first key: %s %q", old.State, old.RevokeReason)
	}
	hist, err := h.APIKeys.History(admin, scope.Scope{}, ch.ID)
	if err != nil {
		t.Fatal(err)
	}
	if hist[0].APIKey != "pht_…"+again.Key.Hint {
		t.Fatalf("history shows %q", hist[0].APIKey)
	}

	// A number that does not run issues none.
	db.Channel.UpdateOne(ch).SetStatus("pending_deletion").ExecX(sys)
	if _, err := h.APIKeys.IssueSandboxKey(context.Background(), ch.ID, "905321234567"); apperr.CodeOf(err) != "channel_not_running" {
		t.Fatalf("a sandbox key of a number that does not run: %v", err)
	}
}
