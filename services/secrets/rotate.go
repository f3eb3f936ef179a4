package secrets

import (
	"context"
	"fmt"
	"slices"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/systemsetting"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Rotation is what Rotate re-sealed.
type Rotation struct {
	Settings       int      // system settings, the key check among them
	PartnerSecrets int      // partners' webhook secrets (current and previous)
	From           []string // ids of the keys the values were sealed with
	To             string   // id of the key they are sealed with now
}

// Rotate re-seals every sealed value of the database with ring's current key, opening each
// with whichever key of ring sealed it, in one transaction: afterwards the database opens
// with the new key only (its key check included), or, on any error, nothing changed. The
// values themselves — signing secrets, the seal key — stay the same. Run Prepare with the
// old key first, so no plaintext is left behind; stop every instance first, or one still
// running with the old key may seal a new value with it.
func Rotate(ctx context.Context, db *ent.Client, ring *secretbox.Keyring) (Rotation, error) {
	out := Rotation{To: ring.Current().ID()}
	from := func(v string) {
		if kid, err := secretbox.KeyID(v); err == nil && !slices.Contains(out.From, kid) {
			out.From = append(out.From, kid)
		}
	}
	// Secret-key rotation re-seals every tenant's secrets; the operator runs it from the command line.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	err := storage.WithTx(sys, db, func(tx *ent.Tx) error {
		rows, err := tx.SystemSetting.Query().Order(ent.Asc(systemsetting.FieldID)).All(sys)
		if err != nil {
			return err
		}
		for _, row := range rows {
			v := string(row.Value)
			if !secretbox.IsSealed(v) {
				continue
			}
			plain, err := Reveal(ring, v, row.ID)
			if err != nil {
				return err
			}
			n, err := tx.SystemSetting.Update().Where(systemsetting.ID(row.ID), systemsetting.Value(row.Value)).
				SetValue([]byte(ring.Seal(plain, row.ID))).Save(sys)
			if err != nil {
				return err
			}
			if n != 1 {
				return changedDuringRotation(row.ID)
			}
			from(v)
			out.Settings++
		}
		ps, err := tx.Partner.Query().Where(withSecrets(true)).Order(ent.Asc(partner.FieldID)).All(sys)
		if err != nil {
			return err
		}
		for _, p := range ps {
			for _, col := range partnerSecrets {
				v := col.get(p)
				if v == nil || !secretbox.IsSealed(*v) {
					continue
				}
				purpose := PartnerPurpose(p.ID, col.field)
				plain, err := Reveal(ring, *v, purpose)
				if err != nil {
					return err
				}
				upd := tx.Partner.Update().Where(partner.ID(p.ID), col.is(*v)).SetModifiedAt(p.ModifiedAt)
				n, err := col.set(upd, ring.Seal(plain, purpose)).Save(sys)
				if err != nil {
					return err
				}
				if n != 1 {
					return changedDuringRotation(purpose)
				}
				from(*v)
				out.PartnerSecrets++
			}
		}
		// The database must now open with the new key alone.
		check, err := tx.SystemSetting.Get(sys, KeyCheckSetting)
		if err != nil {
			return fmt.Errorf("secrets: the database has no key check; start the hub once with the current key first: %w", err)
		}
		return checkValue(secretbox.NewKeyring(ring.Current()), string(check.Value))
	})
	if err != nil {
		return Rotation{}, err
	}
	return out, nil
}

func changedDuringRotation(purpose string) error {
	return fmt.Errorf("secrets: %s changed during the rotation; stop every instance and run it again", purpose)
}
