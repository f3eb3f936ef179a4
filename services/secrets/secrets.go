// Package secrets keeps the installation's secrets sealed in the database under the master
// key (services/secretbox): the generated JWT signing secret, the idempotency seal key and
// partners' webhook signing secrets. A copy of the database alone opens none of them.
//
// Each sealed value's purpose (its additional data) names where it lives: a setting's id
// ("jwt_signing_secret") or a partner's column ("partner:<id>:webhook_secret"). At
// start-up every instance runs Prepare: it checks that its key is the one the database
// was sealed with and seals any value still stored in plaintext by an older version.
package secrets

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/systemsetting"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// KeyCheckSetting is the system setting holding a sealed known value: whoever opens it
// holds the key the database was sealed with.
const KeyCheckSetting = "secret_key_check"

// keyCheckValue is what the key check seals.
var keyCheckValue = []byte("partnerhub secret key check")

// legacySettings are the settings earlier versions stored in plaintext.
var legacySettings = []string{"jwt_signing_secret", "idempotency_seal_key"}

// WrongKeyError is a database sealed with another master key than the instance's.
type WrongKeyError struct {
	Sealed string // id of the key the database was sealed with
	Have   string // id of this instance's key
}

func (e *WrongKeyError) Error() string {
	return fmt.Sprintf("this database was sealed with a different secret key (kid %s; this instance's key is kid %s); start every instance with the same PARTNERHUB_SECRET_KEY", e.Sealed, e.Have)
}

// PartnerPurpose is the purpose of partner partnerID's secret in column field.
func PartnerPurpose(partnerID, field string) string { return "partner:" + partnerID + ":" + field }

// Reveal opens v, sealed for purpose, or returns it as it is when it is legacy plaintext
// (written by an older version, sealed at the next start-up).
func Reveal(ring *secretbox.Keyring, v, purpose string) ([]byte, error) {
	if !secretbox.IsSealed(v) {
		return []byte(v), nil
	}
	plain, err := ring.Open(v, purpose)
	if err != nil {
		return nil, describe(purpose, ring, err)
	}
	return plain, nil
}

func describe(purpose string, ring *secretbox.Keyring, err error) error {
	var unknown *secretbox.UnknownKeyError
	if errors.As(err, &unknown) {
		return fmt.Errorf("secrets: %s was sealed with secret key %s, not with this instance's key %s: %w",
			purpose, unknown.KeyID, ring.Current().ID(), err)
	}
	return fmt.Errorf("secrets: %s: %w", purpose, err)
}

// Prepare makes the database ready for ring: it checks ring's key against the database's
// key check (creating it on a database that has none) and seals every secret still in
// plaintext. Instances starting together may all run it: each step is an insert-if-absent
// or an update conditional on the value it read.
func Prepare(ctx context.Context, db *ent.Client, ring *secretbox.Keyring, clk clock.Clock) error {
	if err := CheckKey(ctx, db, ring, clk); err != nil {
		return err
	}
	// The key check value is a platform setting, outside any tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	rows, err := db.SystemSetting.Query().Where(systemsetting.IDIn(legacySettings...)).All(sys)
	if err != nil {
		return fmt.Errorf("secrets: read settings: %w", err)
	}
	for _, row := range rows {
		if !secretbox.IsSealed(string(row.Value)) {
			if err := sealLegacySetting(sys, db, ring, row); err != nil {
				return err
			}
		}
	}
	return sealLegacyPartnerSecrets(sys, db, ring)
}

// CheckKey verifies that ring opens the database's key check value, creating the value
// (sealed with ring's current key) when the database has none yet.
func CheckKey(ctx context.Context, db *ent.Client, ring *secretbox.Keyring, clk clock.Clock) error {
	// The key check value is a platform setting, outside any tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	row, err := db.SystemSetting.Get(sys, KeyCheckSetting)
	if ent.IsNotFound(err) {
		// Another instance may insert first; the row that exists afterwards is checked.
		createErr := db.SystemSetting.Create().SetID(KeyCheckSetting).
			SetValue([]byte(ring.Seal(keyCheckValue, KeyCheckSetting))).SetCreatedAt(clk.Now()).
			OnConflictColumns(systemsetting.FieldID).DoNothing().Exec(sys)
		if row, err = db.SystemSetting.Get(sys, KeyCheckSetting); err != nil {
			return fmt.Errorf("secrets: store the key check: %v; %w", createErr, err)
		}
	} else if err != nil {
		return fmt.Errorf("secrets: read the key check: %w", err)
	}
	return checkValue(ring, string(row.Value))
}

func checkValue(ring *secretbox.Keyring, v string) error {
	plain, err := ring.Open(v, KeyCheckSetting)
	var unknown *secretbox.UnknownKeyError
	switch {
	case errors.As(err, &unknown):
		return &WrongKeyError{Sealed: unknown.KeyID, Have: ring.Current().ID()}
	case err != nil || string(plain) != string(keyCheckValue):
		kid, _ := secretbox.KeyID(v)
		return fmt.Errorf("the database's secret key check (kid %s) does not open with this instance's secret key: it was altered, or it was sealed with another key; start every instance with the same PARTNERHUB_SECRET_KEY", kid)
	}
	return nil
}

// SealedKeyID returns the id of the key the database was sealed with, or "" when it has
// no key check yet (a new database, or one an older version wrote).
func SealedKeyID(ctx context.Context, db *ent.Client) (string, error) {
	// The key check value is a platform setting, outside any tenant.
	row, err := db.SystemSetting.Get(tenancy.AsSystem(ctx, tenancy.PlatformSetup), KeyCheckSetting)
	if ent.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return secretbox.KeyID(string(row.Value))
}

// Setting returns the random secret kept in system setting id, creating size random bytes
// on first use. It is stored sealed with purpose id; two instances creating it together
// both insert-if-absent and then read the same winner.
func Setting(ctx context.Context, db *ent.Client, ring *secretbox.Keyring, clk clock.Clock, id string, size int) ([]byte, error) {
	if ring == nil {
		return nil, fmt.Errorf("secrets: no secret key to seal %s with", id)
	}
	// Sealing reads and writes the platform's key settings, outside any tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	row, err := db.SystemSetting.Get(sys, id)
	if ent.IsNotFound(err) {
		fresh := make([]byte, size)
		if _, err := rand.Read(fresh); err != nil {
			return nil, err
		}
		createErr := db.SystemSetting.Create().SetID(id).SetValue([]byte(ring.Seal(fresh, id))).SetCreatedAt(clk.Now()).
			OnConflictColumns(systemsetting.FieldID).DoNothing().Exec(sys)
		if row, err = db.SystemSetting.Get(sys, id); err != nil {
			return nil, fmt.Errorf("secrets: store %s: %v; %w", id, createErr, err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("secrets: read %s: %w", id, err)
	}
	if !secretbox.IsSealed(string(row.Value)) {
		return row.Value, sealLegacySetting(sys, db, ring, row)
	}
	return Reveal(ring, string(row.Value), id)
}

// sealLegacySetting replaces row's plaintext value with its sealed form, if it is still
// the plaintext read (another instance may have sealed it meanwhile).
func sealLegacySetting(ctx context.Context, db *ent.Client, ring *secretbox.Keyring, row *ent.SystemSetting) error {
	err := db.SystemSetting.Update().Where(systemsetting.ID(row.ID), systemsetting.Value(row.Value)).
		SetValue([]byte(ring.Seal(row.Value, row.ID))).Exec(ctx)
	if err != nil {
		return fmt.Errorf("secrets: seal %s: %w", row.ID, err)
	}
	return nil
}
