package apikeys

import (
	"context"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partnerapikey"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// NewPartnerKey is a request for a partner API key.
type NewPartnerKey struct {
	Name        string     `json:"name" example:"CRM production"`
	Scope       string     `json:"scope" enums:"read,full"`
	ExpiresAt   *time.Time `json:"expires_at,omitempty"`
	IPAllowlist []string   `json:"ip_allowlist,omitempty" example:"203.0.113.0/24"`
	// Password is the signed-in admin's password, re-entered to create a key.
	Password string `json:"password"`
}

// PartnerKeyView is a partner key as lists show it (never the key itself).
type PartnerKeyView struct {
	ID          string     `json:"id"`
	Name        string     `json:"name"`
	Hint        string     `json:"hint"`
	Scope       string     `json:"scope" enums:"read,full"`
	IPAllowlist []string   `json:"ip_allowlist"`
	ExpiresAt   *time.Time `json:"expires_at"`
	CreatedAt   time.Time  `json:"created_at"`
	CreatedBy   users.Ref  `json:"created_by"` // who created it: {user_id, user_name}
	RevokedAt   *time.Time `json:"revoked_at"`
	LastUsedAt  *time.Time `json:"last_used_at"`
}

// CreatedPartnerKey is a new partner key with its plaintext, shown once.
type CreatedPartnerKey struct {
	PartnerKeyView
	APIKey string `json:"api_key"`
}

// CreatePartnerKey makes a partner API key after re-checking the admin's password. With an
// Idempotency-Key a retry returns the same key.
//
// Errors: forbidden, idempotency_key_used, validation_failed.
func (s *Service) CreatePartnerKey(ctx context.Context, partnerID, idem string, in NewPartnerKey) (*CreatedPartnerKey, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.APIKeyID != "" || (v.Role != tenancy.PartnerAdmin && v.Role != tenancy.PlatformAdmin) {
		return nil, apperr.ErrForbidden.New("Only a signed-in partner admin creates partner API keys.")
	}
	var problems []string
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 100 {
		problems = append(problems, "name: is required, at most 100 characters")
	}
	if in.Scope == "" {
		in.Scope = "full"
	}
	if in.Scope != "read" && in.Scope != "full" {
		problems = append(problems, "scope: must be read or full")
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.clock.Now()) {
		problems = append(problems, "expires_at: must be in the future")
	}
	if len(in.IPAllowlist) > 20 {
		problems = append(problems, "ip_allowlist: at most 20 entries")
	}
	for i, c := range in.IPAllowlist {
		p, err := netip.ParsePrefix(strings.TrimSpace(c))
		if err != nil {
			a, aerr := netip.ParseAddr(strings.TrimSpace(c))
			if aerr != nil {
				problems = append(problems, "ip_allowlist["+strconv.Itoa(i)+"]: must be an IP address or CIDR such as 203.0.113.0/24")
				continue
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		in.IPAllowlist[i] = p.Masked().String()
	}
	if len(idem) > 200 {
		problems = append(problems, "Idempotency-Key: must be at most 200 characters")
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	if s.checkPW == nil || s.checkPW(ctx, in.Password) != nil {
		return nil, apperr.Validation("password: is not your current password")
	}
	var out *CreatedPartnerKey
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		if err := (scope.Scope{PartnerID: partnerID}).Check(ctx, tx.Client()); err != nil {
			return err
		}
		now := s.clock.Now()
		if idem != "" {
			prior, err := tx.PartnerAPIKey.Query().Where(partnerapikey.PartnerID(partnerID), partnerapikey.IdempotencyKey(idem)).First(ctx)
			if err == nil {
				if prior.SealedKey == nil || now.Sub(prior.CreatedAt) > idempotencyKeep || prior.RevokedAt != nil {
					return ErrIdempotencyKeyUsed.New("This Idempotency-Key was used for a key that can no longer be returned; use a new one.")
				}
				plain, err := s.sealer.open(*prior.SealedKey, partnerID+"|"+idem)
				if err != nil {
					return err
				}
				out = &CreatedPartnerKey{PartnerKeyView: partnerKeyView(prior, nil), APIKey: plain}
				return nil
			} else if !ent.IsNotFound(err) {
				return err
			}
		}
		plain := keyformat.New(keyformat.Partner)
		h := keyformat.Hash(plain)
		create := tx.PartnerAPIKey.Create().SetPartnerID(partnerID).SetName(in.Name).SetKeyHash(h[:]).SetHint(keyformat.Hint(plain)).
			SetScope(partnerapikey.Scope(in.Scope)).SetIPAllowlist(in.IPAllowlist).SetNillableExpiresAt(in.ExpiresAt).
			SetCreatedAt(now).SetCreatedBy(v.UserID)
		if idem != "" {
			create.SetIdempotencyKey(idem).SetSealedKey(s.sealer.seal(plain, partnerID+"|"+idem))
		}
		k, err := create.Save(ctx)
		if err != nil {
			return err
		}
		out = &CreatedPartnerKey{PartnerKeyView: partnerKeyView(k, nil), APIKey: plain}
		return s.announcePartner(ctx, tx.Client(), partnerID, "partner_key.created", events.APIKeyCreated,
			map[string]any{"key_id": k.ID, "name": k.Name, "scope": in.Scope}, now)
	})
	if err == nil {
		err = s.named(ctx, &out.PartnerKeyView)
	}
	if err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}

// PartnerKeys lists partnerID's keys, newest first.
//
// Errors: forbidden.
func (s *Service) PartnerKeys(ctx context.Context, partnerID string) ([]PartnerKeyView, error) {
	if v := tenancy.FromContext(ctx); v == nil || !(v.Role == tenancy.PartnerAdmin || v.Role.IsPlatform()) {
		return nil, apperr.ErrForbidden.New("Only partner admins see the partner API keys.")
	}
	if err := (scope.Scope{PartnerID: partnerID}).Check(ctx, s.db); err != nil {
		return nil, err
	}
	keys, err := s.db.PartnerAPIKey.Query().Where(partnerapikey.PartnerID(partnerID)).Order(ent.Desc(partnerapikey.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := make([]PartnerKeyView, len(keys))
	for i, k := range keys {
		var last *time.Time
		// Key usage is the hub's own bookkeeping (system-only rows) about the viewer's keys.
		if u, err := s.db.KeyUsage.Get(tenancy.AsSystem(ctx, tenancy.Bookkeeping), k.ID); err == nil {
			t := u.LastUsedAt.UTC()
			last = &t
		}
		out[i] = partnerKeyView(k, last)
	}
	views := make([]*PartnerKeyView, len(out))
	for i := range out {
		views[i] = &out[i]
	}
	if err := s.named(ctx, views...); err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}

// RevokePartnerKey revokes partnerID's key id at once.
//
// Errors: already_revoked, forbidden.
func (s *Service) RevokePartnerKey(ctx context.Context, partnerID, id string) (*PartnerKeyView, error) {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.PartnerAdmin && v.Role != tenancy.PlatformAdmin) {
		return nil, apperr.ErrForbidden.New("Only partner admins revoke partner API keys.")
	}
	var out PartnerKeyView
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		k, err := tx.PartnerAPIKey.Query().Where(partnerapikey.ID(id), partnerapikey.PartnerID(partnerID)).Only(ctx)
		if err != nil {
			return err
		}
		if k.RevokedAt != nil {
			return ErrAlreadyRevoked.New("This key is already revoked.")
		}
		now := s.clock.Now()
		if k, err = tx.PartnerAPIKey.UpdateOne(k).SetRevokedAt(now).SetRevokeReason("manual").ClearSealedKey().Save(ctx); err != nil {
			return err
		}
		if err := s.invalidate(ctx, tx.Client(), k.KeyHash, now); err != nil {
			return err
		}
		out = partnerKeyView(k, nil)
		return s.announcePartner(ctx, tx.Client(), partnerID, "partner_key.revoked", events.APIKeyRevoked,
			map[string]any{"key_id": k.ID, "reason": "manual"}, now)
	})
	if err := s.settle(ctx, err); err != nil {
		return nil, apperr.From(err)
	}
	if err := s.named(ctx, &out); err != nil {
		return nil, apperr.From(err)
	}
	return &out, nil
}

func (s *Service) announcePartner(ctx context.Context, tx *ent.Client, partnerID, action, event string, details map[string]any, now time.Time) error {
	if err := audit.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "partner", ObjectID: partnerID, PartnerID: &partnerID,
		Details: details, At: now}); err != nil {
		return err
	}
	return events.Emit(ctx, tx, events.Event{Name: event, PartnerID: partnerID, ObjectType: "partner", ObjectID: partnerID, Data: details, At: now})
}

func partnerKeyView(k *ent.PartnerAPIKey, lastUsed *time.Time) PartnerKeyView {
	allow := k.IPAllowlist
	if allow == nil {
		allow = []string{}
	}
	return PartnerKeyView{ID: k.ID, Name: k.Name, Hint: k.Hint, Scope: string(k.Scope), IPAllowlist: allow,
		ExpiresAt: utc(k.ExpiresAt), CreatedAt: k.CreatedAt.UTC(), CreatedBy: users.Ref{UserID: k.CreatedBy}, RevokedAt: utc(k.RevokedAt), LastUsedAt: lastUsed}
}

// named fills in the names of the people who created views' keys.
func (s *Service) named(ctx context.Context, views ...*PartnerKeyView) error {
	ids := make([]string, 0, len(views))
	for _, v := range views {
		ids = append(ids, v.CreatedBy.UserID)
	}
	refs, err := users.Refs(ctx, s.db, ids...)
	if err != nil {
		return err
	}
	for _, v := range views {
		v.CreatedBy = refs[v.CreatedBy.UserID]
	}
	return nil
}
