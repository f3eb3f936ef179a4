// Package secretbox seals small secrets — signing keys, data keys — with AES-256-GCM under
// the installation's master key, so that a copy of the database alone reveals none of
// them. A sealed value names the key that sealed it, so the master key can be rotated
// while a keyring still holds the old one, and its additional data binds it to one
// purpose (a setting, a partner's column): a sealed value copied elsewhere does not open.
//
// Sealed format: "v1:<kid>:<base64url(nonce ‖ ciphertext ‖ tag)>", where kid is eight hex
// digits derived from the key (it identifies the key without revealing it).
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Prefix starts every sealed value; a value without it is not sealed (legacy plaintext).
const Prefix = version + ":"

const (
	version = "v1"
	// KeySize is the length of a master key in bytes.
	KeySize = 32
	kidSize = 4
)

// Errors of Open. UnknownKeyError reports a value sealed with a key the keyring lacks.
var (
	// ErrMalformed is a value that is not in the sealed format.
	ErrMalformed = errors.New("secretbox: not a sealed value")
	// ErrOpen is a sealed value that does not open with the key it names: it was altered,
	// or it was sealed for another purpose.
	ErrOpen = errors.New("secretbox: the sealed value does not open (altered, or sealed for another purpose)")
)

// UnknownKeyError is a value sealed with a key that is not in the keyring.
type UnknownKeyError struct{ KeyID string }

func (e *UnknownKeyError) Error() string {
	return fmt.Sprintf("secretbox: sealed with key %s, which this keyring does not hold", e.KeyID)
}

// Key is one master key. Its text never appears in String or in formatted output.
type Key struct {
	id   string
	raw  []byte
	aead cipher.AEAD
}

// ParseKey reads a master key written as base64 (44 characters, as from
// "openssl rand -base64 32") or hex (64 characters). Surrounding white space is ignored.
func ParseKey(text string) (*Key, error) {
	text = strings.TrimSpace(text)
	raw, ok := decodeKey(text)
	if !ok {
		return nil, fmt.Errorf("a secret key is %d random bytes written as base64 (44 characters, e.g. from \"openssl rand -base64 32\") or hex (64 characters)", KeySize)
	}
	return newKey(raw)
}

func decodeKey(text string) ([]byte, bool) {
	if len(text) == 2*KeySize {
		if b, err := hex.DecodeString(text); err == nil {
			return b, true
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(text); err == nil && len(b) == KeySize {
			return b, true
		}
	}
	return nil, false
}

// GenerateKey returns a new random master key.
func GenerateKey() (*Key, error) {
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	return newKey(raw)
}

func newKey(raw []byte) (*Key, error) {
	// The cipher key and the id are derived separately, so the id says nothing usable
	// about the cipher key.
	enc, err := hkdf.Key(sha256.New, raw, nil, "partnerhub secretbox v1 aes-256-gcm", KeySize)
	if err != nil {
		return nil, err
	}
	id, err := hkdf.Key(sha256.New, raw, nil, "partnerhub secretbox v1 key id", kidSize)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(enc)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Key{id: hex.EncodeToString(id), raw: append([]byte(nil), raw...), aead: aead}, nil
}

// ID is the key's id (kid), the second part of the values it seals.
func (k *Key) ID() string { return k.id }

// Text is the key written as base64, the form ParseKey reads and the key file holds.
func (k *Key) Text() string { return base64.StdEncoding.EncodeToString(k.raw) }

// String names the key by its id only, so a key in a log line leaks nothing.
func (k *Key) String() string { return "secret key " + k.id }

// GoString is String, for %#v.
func (k *Key) GoString() string { return k.String() }

// Seal encrypts plain for purpose (the additional data, e.g. "jwt_signing_secret").
func (k *Key) Seal(plain []byte, purpose string) string {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("secretbox: crypto/rand failed: " + err.Error())
	}
	box := k.aead.Seal(nonce, nonce, plain, k.additionalData(purpose))
	return Prefix + k.id + ":" + base64.RawURLEncoding.EncodeToString(box)
}

// Open decrypts a value this key sealed for purpose.
func (k *Key) Open(sealed, purpose string) ([]byte, error) {
	kid, box, err := split(sealed)
	if err != nil {
		return nil, err
	}
	if kid != k.id {
		return nil, &UnknownKeyError{KeyID: kid}
	}
	return k.open(box, purpose)
}

func (k *Key) open(box []byte, purpose string) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(box) < n+k.aead.Overhead() {
		return nil, ErrMalformed
	}
	plain, err := k.aead.Open(nil, box[:n], box[n:], k.additionalData(purpose))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// additionalData binds a value to its format version, key id and purpose.
func (k *Key) additionalData(purpose string) []byte {
	return []byte(Prefix + k.id + ":" + purpose)
}

// IsSealed reports whether v is in the sealed format (by its prefix); anything else is
// treated as legacy plaintext by callers that still accept it.
func IsSealed(v string) bool { return strings.HasPrefix(v, Prefix) }

// KeyID returns the id of the key that sealed v.
func KeyID(sealed string) (string, error) {
	kid, _, err := split(sealed)
	return kid, err
}

func split(sealed string) (kid string, box []byte, err error) {
	rest, ok := strings.CutPrefix(sealed, Prefix)
	if !ok {
		return "", nil, ErrMalformed
	}
	kid, enc, ok := strings.Cut(rest, ":")
	if !ok || len(kid) != 2*kidSize {
		return "", nil, ErrMalformed
	}
	if box, err = base64.RawURLEncoding.DecodeString(enc); err != nil {
		return "", nil, ErrMalformed
	}
	return kid, box, nil
}

// Keyring is the current master key, which seals, plus older keys that still open the
// values they sealed (during a rotation).
type Keyring struct {
	current *Key
	byID    map[string]*Key
}

// NewKeyring returns a keyring sealing with current and opening with current and older.
func NewKeyring(current *Key, older ...*Key) *Keyring {
	r := &Keyring{current: current, byID: map[string]*Key{}}
	for _, k := range older {
		r.byID[k.id] = k
	}
	r.byID[current.id] = current
	return r
}

// Current is the key that seals.
func (r *Keyring) Current() *Key { return r.current }

// Seal encrypts plain for purpose with the current key.
func (r *Keyring) Seal(plain []byte, purpose string) string { return r.current.Seal(plain, purpose) }

// Open decrypts sealed with whichever key of the ring sealed it.
func (r *Keyring) Open(sealed, purpose string) ([]byte, error) {
	kid, box, err := split(sealed)
	if err != nil {
		return nil, err
	}
	k, ok := r.byID[kid]
	if !ok {
		return nil, &UnknownKeyError{KeyID: kid}
	}
	return k.open(box, purpose)
}
