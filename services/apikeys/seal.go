package apikeys

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/secrets"
)

const sealKeySetting = "idempotency_seal_key"

// sealer encrypts a freshly issued key for the 24 h an Idempotency-Key retry may ask for it
// again, with an installation-wide AES-256 key kept in system_settings (created once,
// shared by every instance) — itself sealed with the master key, so the database alone
// cannot open the issued keys.
type sealer struct{ aead cipher.AEAD }

func newSealer(ctx context.Context, db *ent.Client, clk clock.Clock, ring *secretbox.Keyring) (*sealer, error) {
	key, err := secrets.Setting(ctx, db, ring, clk, sealKeySetting, 32)
	if err != nil {
		return nil, fmt.Errorf("apikeys: seal key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

func (s *sealer) seal(plain string, aad string) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic("apikeys: crypto/rand failed: " + err.Error())
	}
	return s.aead.Seal(nonce, nonce, []byte(plain), []byte(aad))
}

func (s *sealer) open(sealed []byte, aad string) (string, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return "", errors.New("apikeys: sealed value too short")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(aad))
	return string(plain), err
}
