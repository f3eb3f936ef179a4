package apikeys

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/systemsetting"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/clock"
)

const sealKeySetting = "idempotency_seal_key"

// sealer encrypts a freshly issued key for the 24 h an Idempotency-Key retry may ask for it
// again, with an installation-wide AES-256 key kept in system_settings (created once,
// shared by every instance).
type sealer struct{ aead cipher.AEAD }

func newSealer(ctx context.Context, db *ent.Client, clk clock.Clock) (*sealer, error) {
	sys := viewer.SystemContext(ctx)
	row, err := db.SystemSetting.Get(sys, sealKeySetting)
	if ent.IsNotFound(err) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		// Another instance may win the insert; whichever row exists is the key.
		_ = db.SystemSetting.Create().SetID(sealKeySetting).SetValue(key).SetCreatedAt(clk.Now()).
			OnConflictColumns(systemsetting.FieldID).DoNothing().Exec(sys)
		row, err = db.SystemSetting.Get(sys, sealKeySetting)
	}
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(row.Value)
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
