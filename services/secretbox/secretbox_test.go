package secretbox_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/secretbox"
)

func newKey(t *testing.T) *secretbox.Key {
	t.Helper()
	k, err := secretbox.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var sealedFormat = regexp.MustCompile(`^v1:([0-9a-f]{8}):[A-Za-z0-9_-]+$`)

func TestSealedValueOpensWithItsKeyAndPurpose(t *testing.T) {
	k := newKey(t)
	plain := []byte("jwt signing secret \x00\xff bytes")
	a, b := k.Seal(plain, "jwt_signing_secret"), k.Seal(plain, "jwt_signing_secret")
	m := sealedFormat.FindStringSubmatch(a)
	if m == nil || m[1] != k.ID() {
		t.Fatalf("sealed value %q is not v1:<kid %s>:<base64url>", a, k.ID())
	}
	if a == b {
		t.Error("two seals of one value must differ (fresh nonce each time)")
	}
	if strings.Contains(a, string(plain)) || strings.Contains(a, base64.RawURLEncoding.EncodeToString(plain)) {
		t.Error("the sealed value contains the plaintext")
	}
	for _, v := range []string{a, b} {
		got, err := k.Open(v, "jwt_signing_secret")
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Open = %q, %v; want the plaintext", got, err)
		}
		got, err = secretbox.NewKeyring(k).Open(v, "jwt_signing_secret")
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("Keyring.Open = %q, %v; want the plaintext", got, err)
		}
	}
	if empty, err := k.Open(k.Seal(nil, "p"), "p"); err != nil || len(empty) != 0 {
		t.Errorf("an empty value must round-trip: %q %v", empty, err)
	}
}

func TestAnotherKeyCannotOpen(t *testing.T) {
	k, other := newKey(t), newKey(t)
	sealed := k.Seal([]byte("secret"), "purpose")
	var unknown *secretbox.UnknownKeyError
	if _, err := other.Open(sealed, "purpose"); !errors.As(err, &unknown) || unknown.KeyID != k.ID() {
		t.Errorf("another key: %v, want UnknownKeyError naming %s", err, k.ID())
	}
	if _, err := secretbox.NewKeyring(other).Open(sealed, "purpose"); !errors.As(err, &unknown) {
		t.Errorf("a keyring without the key: %v, want UnknownKeyError", err)
	}
	// Relabelled with the other key's id, it still does not open.
	forged := strings.Replace(sealed, k.ID(), other.ID(), 1)
	if _, err := other.Open(forged, "purpose"); !errors.Is(err, secretbox.ErrOpen) {
		t.Errorf("relabelled value: %v, want ErrOpen", err)
	}
}

func TestTamperedValueIsRefused(t *testing.T) {
	k := newKey(t)
	sealed := k.Seal([]byte("a webhook secret"), "partner:p1:webhook_secret")
	prefix := secretbox.Prefix + k.ID() + ":"
	box, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, prefix))
	if err != nil {
		t.Fatal(err)
	}
	for i := range box {
		for _, bit := range []byte{0x01, 0x80} {
			b := bytes.Clone(box)
			b[i] ^= bit
			v := prefix + base64.RawURLEncoding.EncodeToString(b)
			if _, err := k.Open(v, "partner:p1:webhook_secret"); !errors.Is(err, secretbox.ErrOpen) {
				t.Fatalf("byte %d bit %#x flipped: %v, want ErrOpen", i, bit, err)
			}
		}
	}
	for _, v := range []string{
		prefix + base64.RawURLEncoding.EncodeToString(box[:len(box)-1]), // truncated tag
		prefix + base64.RawURLEncoding.EncodeToString(append(bytes.Clone(box), 0)),
	} {
		if _, err := k.Open(v, "partner:p1:webhook_secret"); err == nil {
			t.Errorf("%q opened", v)
		}
	}
	for _, v := range []string{"", "whsec_plain", "v1:", "v1:" + k.ID(), "v1:" + k.ID() + ":!!!", "v1:zz:AAAA", prefix + "AAAA", "v2:" + strings.TrimPrefix(sealed, "v1:")} {
		if _, err := k.Open(v, "partner:p1:webhook_secret"); !errors.Is(err, secretbox.ErrMalformed) && !errors.Is(err, secretbox.ErrOpen) {
			t.Errorf("%q: %v, want ErrMalformed", v, err)
		}
	}
}

func TestAdditionalDataBindsTheValueToItsPurpose(t *testing.T) {
	k := newKey(t)
	sealed := k.Seal([]byte("s"), "partner:p1:webhook_secret")
	for _, purpose := range []string{"partner:p2:webhook_secret", "partner:p1:webhook_secret_previous", "jwt_signing_secret", ""} {
		if _, err := k.Open(sealed, purpose); !errors.Is(err, secretbox.ErrOpen) {
			t.Errorf("opened for %q: %v, want ErrOpen", purpose, err)
		}
	}
}

func TestKeyringOpensWithOldKeysAndSealsWithTheCurrent(t *testing.T) {
	old, cur := newKey(t), newKey(t)
	byOld := old.Seal([]byte("x"), "p")
	ring := secretbox.NewKeyring(cur, old)
	if got, err := ring.Open(byOld, "p"); err != nil || string(got) != "x" {
		t.Fatalf("old value through the ring: %q %v", got, err)
	}
	resealed := ring.Seal([]byte("x"), "p")
	if kid, _ := secretbox.KeyID(resealed); kid != cur.ID() || ring.Current() != cur {
		t.Errorf("sealed with %s, want the current key %s", kid, cur.ID())
	}
	if _, err := old.Open(resealed, "p"); err == nil {
		t.Error("the old key must not open what the current key sealed")
	}
}

func TestParseKeyReadsBase64AndHexOfExactly32Bytes(t *testing.T) {
	raw := bytes.Repeat([]byte{0xa7}, 32)
	want, err := secretbox.ParseKey(base64.StdEncoding.EncodeToString(raw))
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		base64.StdEncoding.EncodeToString(raw) + "\n",
		base64.RawStdEncoding.EncodeToString(raw),
		base64.URLEncoding.EncodeToString(raw),
		"  " + hex.EncodeToString(raw) + " ",
		strings.ToUpper(hex.EncodeToString(raw)),
	} {
		k, err := secretbox.ParseKey(text)
		if err != nil || k.ID() != want.ID() {
			t.Errorf("ParseKey(%q) = %v, %v; want kid %s", text, k, err, want.ID())
		}
	}
	for _, text := range []string{"", "short", base64.StdEncoding.EncodeToString(raw[:31]), base64.StdEncoding.EncodeToString(append(raw, 1)),
		hex.EncodeToString(raw[:31]), strings.Repeat("g", 64), "a secret key that is long enough but not encoded at all"} {
		if _, err := secretbox.ParseKey(text); err == nil {
			t.Errorf("ParseKey(%q) accepted", text)
		} else if text != "" && strings.Contains(err.Error(), text) {
			t.Errorf("the error repeats the rejected text: %v", err)
		}
	}
	k := newKey(t)
	back, err := secretbox.ParseKey(k.Text())
	if err != nil || back.ID() != k.ID() {
		t.Fatalf("Text does not parse back: %v", err)
	}
	if s := fmt.Sprintf("%v %s %#v", k, k, k); strings.Contains(s, k.Text()) || !strings.Contains(s, k.ID()) {
		t.Errorf("formatting a key must name it by id only: %s", s)
	}
}
