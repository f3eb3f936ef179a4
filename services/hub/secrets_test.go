package hub_test

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/secrets"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
	"github.com/partnerhub/partnerhub/services/webhooks"
)

// Two master keys, as two operators might configure them.
const (
	keyA = "0Sz0CTXgfJjyLFlo8Zbfk+sP6FVrg2NJgX8Jam+IX9E="
	keyB = "5jktk5/ZD+xiUyWL5Rs+r3iKH2rJ0u1YwQX6PnOq244="
)

const password = "correct horse battery"

var sys = tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)

func start(t *testing.T, store *storage.Store, clk clock.Clock, key string) (*hub.Hub, error) {
	t.Helper()
	return hub.New(context.Background(), store, clk, hub.Config{
		Auth:      auth.Config{PasswordParams: auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}},
		SecretKey: key, AllowInsecureWebhooks: true,
	})
}

func mustStart(t *testing.T, store *storage.Store, clk clock.Clock, key string) *hub.Hub {
	t.Helper()
	h, err := start(t, store, clk, key)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func keyring(t *testing.T, text string) *secretbox.Keyring {
	t.Helper()
	k, err := secretbox.ParseKey(text)
	if err != nil {
		t.Fatal(err)
	}
	return secretbox.NewKeyring(k)
}

// signIn creates a platform admin and signs them in; it returns their context and token.
func signIn(t *testing.T, h *hub.Hub, email string) (context.Context, string) {
	t.Helper()
	u, err := h.Users.CreatePlatformUser(context.Background(), users.NewUser{Email: email, Role: "platform_admin", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	s, err := h.Auth.Login(context.Background(), email, password, auth.Client{IP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	return tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: u.ID, Role: tenancy.PlatformAdmin}), s.AccessToken
}

// signedWith reports whether token's HS256 signature verifies with secret.
func signedWith(token string, secret []byte, clk clock.Clock) bool {
	_, err := jwt.Parse(token, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(clk.Now))
	return err == nil
}

// runningChannel makes a partner's running channel whose key permission is shared.
func runningChannel(t *testing.T, db *ent.Client, partnerID string) *ent.Channel {
	t.Helper()
	c, err := db.ClientAccount.Create().SetPartnerID(partnerID).SetName("Client").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	w, err := db.WABA.Create().SetPartnerID(partnerID).SetClientID(c.ID).SetName("WABA").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := db.Channel.Create().SetPartnerID(partnerID).SetClientID(c.ID).SetWabaID(w.ID).SetPhoneNumber("+4915112345678").
		SetStatus("running").SetKeyPermission("shared").SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: "+4915112345678"}).Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// gcmOpen opens a value the idempotency sealer wrote (nonce ‖ ciphertext) with key.
func gcmOpen(key, sealed []byte, aad string) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	n := aead.NonceSize()
	return aead.Open(nil, sealed[:n], sealed[n:], []byte(aad))
}

// TestADatabaseCopyRevealsNoSecret is the probe's attack: with the database alone, forge
// a platform admin's token, open an issued channel key, or sign as a partner's webhook.
func TestADatabaseCopyRevealsNoSecret(t *testing.T) {
	store := storagetest.Open(t)
	clk := clock.NewManual(time.Now().UTC().Truncate(time.Second))
	h := mustStart(t, store, clk, keyA)
	admin, token := signIn(t, h, "admin@probe.example")
	db := store.Client
	p, err := db.Partner.Create().SetBrandName("Probe partner").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	first, err := h.Webhooks.RotateSecret(admin, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	second, err := h.Webhooks.RotateSecret(admin, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	ch := runningChannel(t, db, p.ID)
	issued, err := h.APIKeys.IssueForPartner(admin, scope.Scope{PartnerID: p.ID}, ch.ID, apikeys.IssueRequest{IdempotencyKey: "retry-1"})
	if err != nil {
		t.Fatal(err)
	}

	// What a copy of the database holds.
	rows, err := db.SystemSetting.Query().All(sys)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string][]byte{}
	for _, r := range rows {
		if !secretbox.IsSealed(string(r.Value)) {
			t.Errorf("system setting %s is stored in plaintext", r.ID)
		}
		stored[r.ID] = r.Value
	}
	ring := keyring(t, keyA)

	// The JWT signing secret: the stored value does not sign the service's tokens, and a
	// token forged with it is refused.
	jwtStored := stored["jwt_signing_secret"]
	if signedWith(token, jwtStored, clk) {
		t.Error("the stored jwt_signing_secret verifies the service's tokens")
	}
	jwtSecret, err := ring.Open(string(jwtStored), "jwt_signing_secret")
	if err != nil || !signedWith(token, jwtSecret, clk) {
		t.Fatalf("the sealed JWT secret, opened with the master key, must be the one signing tokens (%v)", err)
	}
	forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"role": "platform_admin", "sub": "u_forged", "sid": "s_forged",
		"iss": "partnerhub", "iat": clk.Now().Unix(), "exp": clk.Now().Add(time.Minute).Unix()}).SignedString(jwtStored)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Auth.VerifyAccessToken(forged); err == nil {
		t.Error("a token signed with the stored value was accepted")
	}

	// The idempotency seal key: the stored value does not open the issued key.
	k, err := db.ChannelAPIKey.Get(sys, issued.Key.ID)
	if err != nil || k.SealedKey == nil {
		t.Fatalf("issued key row: %v", err)
	}
	aad := ch.ID + "|retry-1"
	sealStored := stored["idempotency_seal_key"]
	if plain, err := gcmOpen(sealStored, *k.SealedKey, aad); err == nil {
		t.Fatalf("the stored idempotency_seal_key opened the channel key %q", plain)
	}
	if len(sealStored) >= 32 {
		if _, err := gcmOpen(sealStored[:32], *k.SealedKey, aad); err == nil {
			t.Fatal("a prefix of the stored idempotency_seal_key opened the channel key")
		}
	}
	sealKey, err := ring.Open(string(sealStored), "idempotency_seal_key")
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := gcmOpen(sealKey, *k.SealedKey, aad); err != nil || string(plain) != issued.Plain {
		t.Fatalf("the opened seal key must open the issued key: %q %v", plain, err)
	}

	// Webhook secrets: stored sealed, bound to their partner and column.
	q, err := db.Partner.Get(sys, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		field, want string
		stored      *string
	}{{"webhook_secret", second.Secret, q.WebhookSecret}, {"webhook_secret_previous", first.Secret, q.WebhookSecretPrevious}} {
		if c.stored == nil || !secretbox.IsSealed(*c.stored) || strings.Contains(*c.stored, c.want) {
			t.Fatalf("%s is stored as %v, want a sealed value", c.field, c.stored)
		}
		if got, err := ring.Open(*c.stored, secrets.PartnerPurpose(p.ID, c.field)); err != nil || string(got) != c.want {
			t.Errorf("%s opens to %q, %v; want the secret the service returned", c.field, got, err)
		}
	}

	// The SQLite file (and its write-ahead log) contains none of the plaintexts.
	if !storagetest.Postgres() {
		var file []byte
		for _, name := range []string{store.DSN, store.DSN + "-wal"} {
			b, err := os.ReadFile(name)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			file = append(file, b...)
		}
		for what, plain := range map[string][]byte{
			"JWT secret": jwtSecret, "JWT secret (hex)": []byte(hex.EncodeToString(jwtSecret)),
			"JWT secret (base64)": []byte(base64.StdEncoding.EncodeToString(jwtSecret)), "seal key": sealKey,
			"webhook secret": []byte(second.Secret), "previous webhook secret": []byte(first.Secret), "channel key": []byte(issued.Plain),
		} {
			if bytes.Contains(file, plain) {
				t.Errorf("the database file contains the %s", what)
			}
		}
	}
}

func TestStartWithAnotherSecretKeyIsRefused(t *testing.T) {
	store := storagetest.Open(t)
	clk := clock.NewManual(time.Now().UTC().Truncate(time.Second))
	mustStart(t, store, clk, keyA)
	for _, key := range []string{keyB, ""} {
		_, err := start(t, store, clk, key)
		if err == nil {
			t.Fatalf("a start with key %q was accepted", key)
		}
		for _, want := range []string{"this database was sealed with a different secret key (kid " + keyring(t, keyA).Current().ID(), "start every instance with the same PARTNERHUB_SECRET_KEY"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("refusal %q lacks %q", err, want)
			}
		}
	}
	mustStart(t, store, clk, keyA) // the right key still starts
}

// TestLegacyPlaintextIsSealedAtStartUpAndKeepsWorking upgrades a database an older version
// wrote: its secrets get sealed, and sessions, webhook signatures and idempotent retries
// carry on with the same values.
func TestLegacyPlaintextIsSealedAtStartUpAndKeepsWorking(t *testing.T) {
	store := storagetest.Open(t)
	clk := clock.NewManual(time.Now().UTC().Truncate(time.Second))
	db := store.Client
	legacyJWT, legacySeal := make([]byte, 32), make([]byte, 32)
	rand.Read(legacyJWT)
	rand.Read(legacySeal)
	for id, v := range map[string][]byte{"jwt_signing_secret": legacyJWT, "idempotency_seal_key": legacySeal} {
		if err := db.SystemSetting.Create().SetID(id).SetValue(v).SetCreatedAt(clk.Now()).Exec(sys); err != nil {
			t.Fatal(err)
		}
	}
	var got struct {
		sig  string
		body []byte
	}
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.sig = r.Header.Get(webhooks.SignatureHeader)
		got.body, _ = io.ReadAll(r.Body)
	}))
	defer rcv.Close()
	p, err := db.Partner.Create().SetBrandName("Legacy").SetWebhookURL(rcv.URL).SetWebhookSecret("whsec_legacy").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	ch := runningChannel(t, db, p.ID)
	// A key the old version issued for an Idempotency-Key, sealed with the plaintext seal key.
	block, _ := aes.NewCipher(legacySeal)
	aead, _ := cipher.NewGCM(block)
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	const legacyPlain = "phc_legacyissuedkeylegacyissuedkey0000"
	kh := sha256Of(legacyPlain)
	if err := db.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(p.ID).SetClientID(ch.ClientID).SetKeyHash(kh).SetHint("0000").
		SetCreatedAt(clk.Now()).SetCreatedByType("partner_user").SetIdempotencyKey("retry-1").
		SetSealedKey(aead.Seal(nonce, nonce, []byte(legacyPlain), []byte(ch.ID+"|retry-1"))).Exec(sys); err != nil {
		t.Fatal(err)
	}

	h := mustStart(t, store, clk, keyA)
	ring := keyring(t, keyA)
	for id, want := range map[string][]byte{"jwt_signing_secret": legacyJWT, "idempotency_seal_key": legacySeal} {
		row, err := db.SystemSetting.Get(sys, id)
		if err != nil {
			t.Fatal(err)
		}
		if !secretbox.IsSealed(string(row.Value)) {
			t.Fatalf("%s is still plaintext after start-up", id)
		}
		if v, err := ring.Open(string(row.Value), id); err != nil || !bytes.Equal(v, want) {
			t.Errorf("%s was not sealed as it was (%v)", id, err)
		}
	}
	q, _ := db.Partner.Get(sys, p.ID)
	if q.WebhookSecret == nil || !secretbox.IsSealed(*q.WebhookSecret) {
		t.Fatalf("the webhook secret is still plaintext after start-up: %v", q.WebhookSecret)
	}

	admin, token := signIn(t, h, "admin@legacy.example")
	if !signedWith(token, legacyJWT, clk) {
		t.Error("tokens must still be signed with the legacy secret, so sessions survive the upgrade")
	}
	if _, err := h.Webhooks.SendTest(admin, p.ID); err != nil {
		t.Fatal(err)
	}
	if err := webhooks.Verify(got.sig, got.body, "whsec_legacy", time.Now(), time.Minute); err != nil {
		t.Errorf("the test event is not signed with the partner's secret: %v (%q)", err, got.sig)
	}
	again, err := h.APIKeys.IssueForPartner(admin, scope.Scope{PartnerID: p.ID}, ch.ID, apikeys.IssueRequest{IdempotencyKey: "retry-1"})
	if err != nil || again.Plain != legacyPlain {
		t.Errorf("a retry must return the key the old version issued: %v %v", again, err)
	}
}

// TestRotatedDatabaseOpensWithTheNewKeyOnly: after a rotation the old key is refused, the
// new one starts, and the secrets themselves — so tokens already issued — are unchanged.
func TestRotatedDatabaseOpensWithTheNewKeyOnly(t *testing.T) {
	store := storagetest.Open(t)
	clk := clock.NewManual(time.Now().UTC().Truncate(time.Second))
	h := mustStart(t, store, clk, keyA)
	admin, token := signIn(t, h, "admin@rotate.example")
	p, err := store.Client.Partner.Create().SetBrandName("P").Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := h.Webhooks.RotateSecret(admin, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	a, b := keyring(t, keyA).Current(), keyring(t, keyB).Current()
	if _, err := secrets.Rotate(sys, store.Client, secretbox.NewKeyring(b, a)); err != nil {
		t.Fatal(err)
	}
	if _, err := start(t, store, clk, keyA); err == nil || !strings.Contains(err.Error(), "sealed with a different secret key (kid "+b.ID()) {
		t.Fatalf("the old key after rotation: %v", err)
	}
	h2 := mustStart(t, store, clk, keyB)
	if _, err := h2.Auth.VerifyAccessToken(token); err != nil {
		t.Errorf("a token issued before the rotation: %v", err)
	}
	q, _ := store.Client.Partner.Get(sys, p.ID)
	if v, err := secretbox.NewKeyring(b).Open(*q.WebhookSecret, secrets.PartnerPurpose(p.ID, "webhook_secret")); err != nil || string(v) != secret.Secret {
		t.Errorf("the webhook secret under the new key: %q %v", v, err)
	}
}

func sha256Of(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}
