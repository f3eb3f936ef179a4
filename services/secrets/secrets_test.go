package secrets_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/secrets"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

var (
	sys = tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	clk = clock.NewManual(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
)

func ring(t *testing.T, older ...*secretbox.Key) *secretbox.Keyring {
	t.Helper()
	k, err := secretbox.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return secretbox.NewKeyring(k, older...)
}

func setting(t *testing.T, db *ent.Client, id string) string {
	t.Helper()
	row, err := db.SystemSetting.Get(sys, id)
	if err != nil {
		t.Fatal(err)
	}
	return string(row.Value)
}

func TestAnotherKeyIsRefusedByTheKeyCheck(t *testing.T) {
	db := storagetest.Open(t).Client
	a, b := ring(t), ring(t)
	if err := secrets.Prepare(sys, db, a, clk); err != nil {
		t.Fatal(err)
	}
	if kid, err := secrets.SealedKeyID(sys, db); err != nil || kid != a.Current().ID() {
		t.Fatalf("SealedKeyID = %q, %v; want %s", kid, err, a.Current().ID())
	}
	if err := secrets.Prepare(sys, db, a, clk); err != nil {
		t.Fatalf("the same key again: %v", err)
	}
	err := secrets.Prepare(sys, db, b, clk)
	var wrong *secrets.WrongKeyError
	if !errors.As(err, &wrong) || wrong.Sealed != a.Current().ID() || wrong.Have != b.Current().ID() {
		t.Fatalf("another key: %v, want WrongKeyError", err)
	}
	for _, want := range []string{"this database was sealed with a different secret key (kid " + a.Current().ID(), "start every instance with the same PARTNERHUB_SECRET_KEY"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestAlteredKeyCheckIsRefused(t *testing.T) {
	db := storagetest.Open(t).Client
	a := ring(t)
	if err := secrets.CheckKey(sys, db, a, clk); err != nil {
		t.Fatal(err)
	}
	// The check value of another purpose, sealed with the right key, is not the check.
	other := a.Seal([]byte("partnerhub secret key check"), "jwt_signing_secret")
	if err := db.SystemSetting.UpdateOneID(secrets.KeyCheckSetting).SetValue([]byte(other)).Exec(sys); err != nil {
		t.Fatal(err)
	}
	if err := secrets.CheckKey(sys, db, a, clk); err == nil || !strings.Contains(err.Error(), "does not open") {
		t.Fatalf("altered check: %v", err)
	}
}

func TestInstancesStartingTogetherShareOneKeyCheckAndSetting(t *testing.T) {
	db := storagetest.Open(t).Client
	a, b := ring(t), ring(t)
	errs := make([]error, 6)
	values := make([][]byte, 6)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := a
			if i == 5 {
				r = b // one instance was given another key
			}
			if errs[i] = secrets.Prepare(sys, db, r, clk); errs[i] == nil {
				values[i], errs[i] = secrets.Setting(sys, db, r, clk, "jwt_signing_secret", 32)
			}
		}()
	}
	wg.Wait()
	failed := 0
	for i, err := range errs {
		var wrong *secrets.WrongKeyError
		switch {
		case err == nil:
			if len(values[i]) != 32 || !bytes.Equal(values[i], values[firstOK(errs)]) {
				t.Errorf("instance %d got another secret", i)
			}
		case errors.As(err, &wrong):
			failed++
		default:
			t.Errorf("instance %d: %v", i, err)
		}
	}
	if failed != 1 && failed != 5 {
		t.Errorf("%d instances refused; exactly the key that lost the race (1 or 5 of them) must be", failed)
	}
}

func firstOK(errs []error) int {
	for i, err := range errs {
		if err == nil {
			return i
		}
	}
	return 0
}

func TestSettingIsStoredSealedForItsPurpose(t *testing.T) {
	db := storagetest.Open(t).Client
	a := ring(t)
	secret, err := secrets.Setting(sys, db, a, clk, "idempotency_seal_key", 32)
	if err != nil {
		t.Fatal(err)
	}
	raw := setting(t, db, "idempotency_seal_key")
	if !secretbox.IsSealed(raw) || strings.Contains(raw, string(secret)) {
		t.Fatalf("stored %q, want a sealed value", raw)
	}
	if got, err := a.Open(raw, "idempotency_seal_key"); err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("stored value opens to %x, %v; want %x", got, err, secret)
	}
	again, err := secrets.Setting(sys, db, a, clk, "idempotency_seal_key", 32)
	if err != nil || !bytes.Equal(again, secret) {
		t.Error("a second read must return the same secret")
	}
	if _, err := secrets.Setting(sys, db, ring(t), clk, "idempotency_seal_key", 32); err == nil {
		t.Error("another key must not open the setting")
	}
}

func TestLegacyPlaintextIsSealedAtStartUp(t *testing.T) {
	db := storagetest.Open(t).Client
	jwtSecret, sealKey := bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{9}, 32)
	for id, v := range map[string][]byte{"jwt_signing_secret": jwtSecret, "idempotency_seal_key": sealKey} {
		if err := db.SystemSetting.Create().SetID(id).SetValue(v).SetCreatedAt(clk.Now()).Exec(sys); err != nil {
			t.Fatal(err)
		}
	}
	modified := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	p, err := db.Partner.Create().SetBrandName("Legacy").SetWebhookSecret("whsec_current").SetWebhookSecretPrevious("whsec_previous").
		SetModifiedAt(modified).Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	plainOnly, err := db.Partner.Create().SetBrandName("No secret").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	a := ring(t)
	// Two instances upgrading together.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := secrets.Prepare(sys, db, a, clk); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for id, want := range map[string][]byte{"jwt_signing_secret": jwtSecret, "idempotency_seal_key": sealKey} {
		raw := setting(t, db, id)
		if !secretbox.IsSealed(raw) {
			t.Fatalf("%s is still plaintext", id)
		}
		if got, err := a.Open(raw, id); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s opens to %x, %v; want the legacy value", id, got, err)
		}
		if got, err := secrets.Setting(sys, db, a, clk, id, 32); err != nil || !bytes.Equal(got, want) {
			t.Errorf("Setting(%s) = %x, %v; want the legacy value", id, got, err)
		}
	}
	got, err := db.Partner.Get(sys, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		field, want string
		v           *string
	}{{"webhook_secret", "whsec_current", got.WebhookSecret}, {"webhook_secret_previous", "whsec_previous", got.WebhookSecretPrevious}} {
		if c.v == nil || !secretbox.IsSealed(*c.v) {
			t.Fatalf("%s not sealed: %v", c.field, c.v)
		}
		if plain, err := a.Open(*c.v, secrets.PartnerPurpose(p.ID, c.field)); err != nil || string(plain) != c.want {
			t.Errorf("%s opens to %q, %v; want %q", c.field, plain, err, c.want)
		}
	}
	if !got.ModifiedAt.Equal(modified) {
		t.Errorf("sealing changed modified_at to %v", got.ModifiedAt)
	}
	if n, _ := db.Partner.Get(sys, plainOnly.ID); n.WebhookSecret != nil {
		t.Error("a partner without a secret must stay without one")
	}
	// Idempotent: a later start changes nothing.
	before := setting(t, db, "jwt_signing_secret")
	if err := secrets.Prepare(sys, db, a, clk); err != nil || setting(t, db, "jwt_signing_secret") != before {
		t.Errorf("a second start re-sealed a sealed value (%v)", err)
	}
}

func TestRotationReSealsEverythingUnderTheNewKey(t *testing.T) {
	db := storagetest.Open(t).Client
	old := ring(t)
	if err := secrets.Prepare(sys, db, old, clk); err != nil {
		t.Fatal(err)
	}
	jwtSecret, err := secrets.Setting(sys, db, old, clk, "jwt_signing_secret", 32)
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.Partner.Create().SetBrandName("P").
		SetWebhookSecret(old.Seal([]byte("whsec_a"), secrets.PartnerPurpose("placeholder", "webhook_secret"))).Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	// The real value, bound to the partner's id.
	if err := db.Partner.UpdateOneID(p.ID).SetWebhookSecret(old.Seal([]byte("whsec_a"), secrets.PartnerPurpose(p.ID, "webhook_secret"))).Exec(sys); err != nil {
		t.Fatal(err)
	}
	next := ring(t, old.Current())
	rot, err := secrets.Rotate(sys, db, next)
	if err != nil {
		t.Fatal(err)
	}
	if rot.Settings != 2 || rot.PartnerSecrets != 1 || rot.To != next.Current().ID() || len(rot.From) != 1 || rot.From[0] != old.Current().ID() {
		t.Errorf("rotation = %+v", rot)
	}
	newOnly := secretbox.NewKeyring(next.Current())
	var wrong *secrets.WrongKeyError
	if err := secrets.CheckKey(sys, db, old, clk); !errors.As(err, &wrong) {
		t.Errorf("the old key after rotation: %v, want WrongKeyError", err)
	}
	if err := secrets.CheckKey(sys, db, newOnly, clk); err != nil {
		t.Errorf("the new key after rotation: %v", err)
	}
	if got, err := secrets.Setting(sys, db, newOnly, clk, "jwt_signing_secret", 32); err != nil || !bytes.Equal(got, jwtSecret) {
		t.Errorf("the JWT secret under the new key: %x, %v; want it unchanged", got, err)
	}
	q, _ := db.Partner.Get(sys, p.ID)
	if got, err := newOnly.Open(*q.WebhookSecret, secrets.PartnerPurpose(p.ID, "webhook_secret")); err != nil || string(got) != "whsec_a" {
		t.Errorf("webhook secret under the new key: %q, %v", got, err)
	}
	if _, err := secrets.Setting(sys, db, old, clk, "jwt_signing_secret", 32); err == nil {
		t.Error("the old key still opens the JWT secret")
	}
}

func TestRotationChangesNothingWhenAValueDoesNotOpen(t *testing.T) {
	db := storagetest.Open(t).Client
	old := ring(t)
	if err := secrets.Prepare(sys, db, old, clk); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.Setting(sys, db, old, clk, "jwt_signing_secret", 32); err != nil {
		t.Fatal(err)
	}
	// Sealed for another partner: it does not open as this one's.
	if _, err := db.Partner.Create().SetBrandName("P").
		SetWebhookSecret(old.Seal([]byte("whsec_a"), secrets.PartnerPurpose("another", "webhook_secret"))).Save(sys); err != nil {
		t.Fatal(err)
	}
	before := setting(t, db, "jwt_signing_secret")
	if _, err := secrets.Rotate(sys, db, ring(t, old.Current())); err == nil {
		t.Fatal("rotation succeeded over a value that does not open")
	}
	if setting(t, db, "jwt_signing_secret") != before {
		t.Error("a failed rotation changed a setting")
	}
	if err := secrets.CheckKey(sys, db, old, clk); err != nil {
		t.Errorf("after a failed rotation the old key must still be the database's: %v", err)
	}
}
