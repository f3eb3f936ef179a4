package apikeys

import (
	"context"
	"log/slog"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/keyusage"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Limits of rotation.
const (
	MaxGrace        = 24 * time.Hour
	idempotencyKeep = 24 * time.Hour
)

// NotifyChannel is the PostgreSQL channel on which key changes are announced.
const NotifyChannel = "partnerhub_key_events"

// Service issues and revokes keys.
type Service struct {
	db       *ent.Client
	sql      storage.SQL
	clock    clock.Clock
	verifier *Verifier
	sealer   *sealer
	address  string
	checkPW  func(ctx context.Context, password string) error
}

// Config wires the service.
type Config struct {
	// Address is the messaging API base URL returned with channel keys ("address").
	Address string
	// CheckPassword verifies the signed-in user's password (partner key creation).
	CheckPassword func(ctx context.Context, password string) error
	// Keyring seals the idempotency seal key in the database.
	Keyring *secretbox.Keyring
}

// New returns the key service with its verifier.
func New(ctx context.Context, db *ent.Client, d storage.SQL, clk clock.Clock, cfg Config, log *slog.Logger) (*Service, error) {
	sl, err := newSealer(ctx, db, clk, cfg.Keyring)
	if err != nil {
		return nil, err
	}
	return &Service{db: db, sql: d, clock: clk, verifier: NewVerifier(db, clk, log), sealer: sl,
		address: cfg.Address, checkPW: cfg.CheckPassword}, nil
}

// Verifier returns the key verifier of this instance.
func (s *Service) Verifier() *Verifier { return s.verifier }

// Address is the messaging API base URL channel keys are used with.
func (s *Service) Address() string { return s.address }

// IssueRequest asks for a new channel key.
type IssueRequest struct {
	// GraceSeconds keeps the previous key valid for this long (0–86 400); 0 revokes it at once.
	GraceSeconds int
	// IdempotencyKey makes the request safe to retry: a retry returns the same key.
	IdempotencyKey string
}

// IssuedKey is a new key with the plaintext, shown once.
type IssuedKey struct {
	Key      *ent.ChannelAPIKey
	Plain    string
	Previous *ent.ChannelAPIKey // the key it replaced, if any (revoked or in grace)
	AppID    string
	Address  string
}

// IssueForPartner makes a new key for channel id of the partner in sc: the channel must be
// running and the partner must hold the number's key permission.
//
// Errors: channel_not_running, forbidden, idempotency_key_used, permission_missing, validation_failed.
func (s *Service) IssueForPartner(ctx context.Context, sc scope.Scope, id string, req IssueRequest) (*IssuedKey, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || !(v.Role == tenancy.PlatformAdmin || v.Role.IsPartner()) {
		return nil, apperr.ErrForbidden.New("Only partner staff generate keys here.")
	}
	by := channelapikey.CreatedByTypePartnerUser
	if v.APIKeyID != "" {
		by = channelapikey.CreatedByTypePartnerKey
	}
	return s.issue(ctx, sc, id, req, by, func(ch *ent.Channel, p *ent.Partner) error {
		if ch.KeyPermission != channel.KeyPermissionShared {
			return ErrPermissionMissing.New("The client has not shared the API key permission of this number with the partner.")
		}
		return nil
	})
}

// IssueForClient makes a client's own key: only for a direct-payment number whose partner
// holds no permission.
//
// Errors: channel_not_running, forbidden, idempotency_key_used, partner_payment, permission_shared, validation_failed.
func (s *Service) IssueForClient(ctx context.Context, sc scope.Scope, id string, req IssueRequest) (*IssuedKey, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.Role != tenancy.ClientAdmin {
		return nil, apperr.ErrForbidden.New("Only client admins generate their own keys.")
	}
	return s.issue(ctx, sc, id, req, channelapikey.CreatedByTypeClientUser, func(ch *ent.Channel, p *ent.Partner) error {
		if p.BillingModel != partner.BillingModelDirectPayment {
			return ErrPartnerPayment.New("On partner payment the partner generates the keys of this number.")
		}
		if ch.KeyPermission == channel.KeyPermissionShared {
			return ErrPermissionShared.New("The partner holds the key permission of this number; withdraw it to generate your own key.")
		}
		return nil
	})
}

func (s *Service) issue(ctx context.Context, sc scope.Scope, id string, req IssueRequest, by channelapikey.CreatedByType, allowed func(*ent.Channel, *ent.Partner) error) (*IssuedKey, error) {
	if req.GraceSeconds < 0 || time.Duration(req.GraceSeconds)*time.Second > MaxGrace {
		return nil, apperr.Validation("grace_seconds: must be from 0 to 86400")
	}
	if len(req.IdempotencyKey) > 200 {
		return nil, apperr.Validation("Idempotency-Key: must be at most 200 characters")
	}
	v := tenancy.FromContext(ctx)
	var out *IssuedKey
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		q := tx.Channel.Query().Where(channel.ID(id))
		if sc.PartnerID != "" {
			q.Where(channel.PartnerID(sc.PartnerID))
		}
		if sc.ClientID != "" {
			q.Where(channel.ClientID(sc.ClientID))
		}
		q = storage.LockRows(s.sql, q) // rotations of one channel run one after the other
		ch, err := q.Only(ctx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if req.IdempotencyKey != "" {
			if out, err = s.replay(ctx, tx.Client(), ch, req.IdempotencyKey, now); out != nil || err != nil {
				return err
			}
		}
		if ch.Status != channel.StatusRunning {
			return ErrChannelNotRunning.Newf("A key can be generated only while the number is running; it is %s.", ch.Status)
		}
		// The key carries the partner's key settings (expiry, IP allowlist); client users
		// read their own partner's row through the policy.
		p, err := tx.Partner.Get(ctx, ch.PartnerID)
		if err != nil {
			return err
		}
		if err := allowed(ch, p); err != nil {
			return err
		}
		prev, err := s.retire(ctx, tx.Client(), ch.ID, req.GraceSeconds, now)
		if err != nil {
			return err
		}
		plain := keyformat.New(keyformat.Channel)
		h := keyformat.Hash(plain)
		create := tx.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).
			SetKeyHash(h[:]).SetHint(keyformat.Hint(plain)).SetCreatedAt(now).SetCreatedByType(by).SetCreatedByID(v.UserID)
		if prev != nil {
			create.SetReplacesID(prev.ID)
		}
		if req.IdempotencyKey != "" {
			create.SetIdempotencyKey(req.IdempotencyKey).SetSealedKey(s.sealer.seal(plain, ch.ID+"|"+req.IdempotencyKey))
		}
		k, err := create.Save(ctx)
		if err != nil {
			return err
		}
		out = &IssuedKey{Key: k, Plain: plain, Previous: prev, AppID: appID(ch), Address: s.address}
		details := map[string]any{"key_id": k.ID, "hint": k.Hint, "grace_seconds": req.GraceSeconds}
		if prev != nil {
			details["previous_key_id"] = prev.ID
		}
		return s.announce(ctx, tx.Client(), ch, "channel_key.created", events.APIKeyCreated, details, now)
	})
	if err := s.settle(ctx, err); err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}

// replay answers a retried request: the key the first attempt made, if it is still valid
// and within the idempotency window.
func (s *Service) replay(ctx context.Context, tx *ent.Client, ch *ent.Channel, idem string, now time.Time) (*IssuedKey, error) {
	k, err := tx.ChannelAPIKey.Query().Where(channelapikey.ChannelID(ch.ID), channelapikey.IdempotencyKey(idem)).
		Order(ent.Desc(channelapikey.FieldCreatedAt)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if k.SealedKey == nil || now.Sub(k.CreatedAt) > idempotencyKeep || k.State == channelapikey.StateRevoked {
		return nil, ErrIdempotencyKeyUsed.New("This Idempotency-Key was used for a key that can no longer be returned; use a new one.")
	}
	plain, err := s.sealer.open(*k.SealedKey, ch.ID+"|"+idem)
	if err != nil {
		return nil, err
	}
	var prev *ent.ChannelAPIKey
	if k.ReplacesID != nil {
		prev, _ = tx.ChannelAPIKey.Get(ctx, *k.ReplacesID)
	}
	return &IssuedKey{Key: k, Plain: plain, Previous: prev, AppID: appID(ch), Address: s.address}, nil
}

// retire ends the channel's current keys for a rotation: the active key is revoked, or
// moved into grace until now+grace; a key already in grace is revoked, so at most two
// keys are ever valid. It returns the key that was active. Sandbox keys of the sandbox
// number's users are not the channel's own key and are left alone.
func (s *Service) retire(ctx context.Context, tx *ent.Client, channelID string, graceSeconds int, now time.Time) (*ent.ChannelAPIKey, error) {
	current, err := tx.ChannelAPIKey.Query().
		Where(channelapikey.ChannelID(channelID), channelapikey.SandboxWaIDIsNil(),
			channelapikey.StateIn(channelapikey.StateActive, channelapikey.StateGrace)).All(ctx)
	if err != nil {
		return nil, err
	}
	var prev *ent.ChannelAPIKey
	for _, k := range current {
		upd := tx.ChannelAPIKey.UpdateOne(k)
		if k.State == channelapikey.StateActive && graceSeconds > 0 {
			upd.SetState(channelapikey.StateGrace).SetValidUntil(now.Add(time.Duration(graceSeconds) * time.Second))
		} else {
			upd.SetState(channelapikey.StateRevoked).SetRevokedAt(now).SetRevokeReason("rotated").ClearSealedKey()
		}
		updated, err := upd.Save(ctx)
		if err != nil {
			return nil, err
		}
		if k.State == channelapikey.StateActive {
			prev = updated
		}
		if err := s.invalidate(ctx, tx, k.KeyHash, now); err != nil {
			return nil, err
		}
	}
	return prev, nil
}

// invalidate records that hash changed (see keyChanged).
func (s *Service) invalidate(ctx context.Context, tx *ent.Client, hash []byte, now time.Time) error {
	return keyChanged(ctx, tx, s.sql, hash, now)
}

// settle applies this instance's own key events at once after a commit, so the instance
// that made a change never answers from a stale cache; other instances follow through
// LISTEN/NOTIFY or polling.
func (s *Service) settle(ctx context.Context, err error) error {
	if err != nil {
		return err
	}
	_, cerr := s.verifier.Catchup(ctx)
	return cerr
}

// announce audits a key change of ch and writes its event.
func (s *Service) announce(ctx context.Context, tx *ent.Client, ch *ent.Channel, action, event string, details map[string]any, now time.Time) error {
	if err := audit.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "channel", ObjectID: ch.ID,
		PartnerID: &ch.PartnerID, ClientID: &ch.ClientID, Details: details, At: now}); err != nil {
		return err
	}
	data := map[string]any{"channel_id": ch.ID, "client_id": ch.ClientID}
	for k, v := range details {
		data[k] = v
	}
	return events.Emit(ctx, tx, events.Event{Name: event, PartnerID: ch.PartnerID, ClientID: &ch.ClientID,
		ObjectType: "channel", ObjectID: ch.ID, Data: data, At: now})
}

// Revoke revokes key keyID of channel id at once.
//
// Errors: already_revoked, forbidden.
func (s *Service) Revoke(ctx context.Context, sc scope.Scope, id, keyID, reason string) (*ent.ChannelAPIKey, error) {
	if v := tenancy.FromContext(ctx); v == nil || v.Role == tenancy.SupportAgent || v.Role == tenancy.ClientMember {
		return nil, apperr.ErrForbidden.New("Your role may not revoke keys.")
	}
	var out *ent.ChannelAPIKey
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.channel(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		k, err := tx.ChannelAPIKey.Query().Where(channelapikey.ID(keyID), channelapikey.ChannelID(ch.ID)).Only(ctx)
		if err != nil {
			return err
		}
		if k.State == channelapikey.StateRevoked {
			return ErrAlreadyRevoked.New("This key is already revoked.")
		}
		now := s.clock.Now()
		if out, err = tx.ChannelAPIKey.UpdateOne(k).SetState(channelapikey.StateRevoked).SetRevokedAt(now).
			SetRevokeReason(reason).ClearSealedKey().Save(ctx); err != nil {
			return err
		}
		if err := s.invalidate(ctx, tx.Client(), k.KeyHash, now); err != nil {
			return err
		}
		return s.announce(ctx, tx.Client(), ch, "channel_key.revoked", events.APIKeyRevoked, map[string]any{"key_id": k.ID, "reason": reason}, now)
	})
	return out, apperr.From(s.settle(ctx, err))
}

// RevokeAll revokes at once every valid key (active or in grace) of channel id, as the
// .NET client's "delete the channel's API keys" does, and returns how many it revoked
// (0 when none was valid: asking twice is not an error). Each revocation is audited and
// announced like a single Revoke.
//
// Errors: forbidden, not_found.
func (s *Service) RevokeAll(ctx context.Context, sc scope.Scope, id, reason string) (int, error) {
	if v := tenancy.FromContext(ctx); v == nil || v.Role == tenancy.SupportAgent || v.Role == tenancy.ClientMember {
		return 0, apperr.ErrForbidden.New("Your role may not revoke keys.")
	}
	revoked := 0
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.channel(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		keys, err := tx.ChannelAPIKey.Query().Where(channelapikey.ChannelID(ch.ID), channelapikey.StateNEQ(channelapikey.StateRevoked)).
			Order(ent.Asc(channelapikey.FieldCreatedAt), ent.Asc(channelapikey.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		for _, k := range keys {
			if err := tx.ChannelAPIKey.UpdateOne(k).SetState(channelapikey.StateRevoked).SetRevokedAt(now).
				SetRevokeReason(reason).ClearSealedKey().Exec(ctx); err != nil {
				return err
			}
			if err := s.invalidate(ctx, tx.Client(), k.KeyHash, now); err != nil {
				return err
			}
			if err := s.announce(ctx, tx.Client(), ch, "channel_key.revoked", events.APIKeyRevoked, map[string]any{"key_id": k.ID, "reason": reason}, now); err != nil {
				return err
			}
		}
		revoked = len(keys)
		return nil
	})
	if err := s.settle(ctx, err); err != nil {
		return 0, apperr.From(err)
	}
	return revoked, nil
}

func (s *Service) channel(ctx context.Context, db *ent.Client, sc scope.Scope, id string) (*ent.Channel, error) {
	q := db.Channel.Query().Where(channel.ID(id))
	if sc.PartnerID != "" {
		q.Where(channel.PartnerID(sc.PartnerID))
	}
	if sc.ClientID != "" {
		q.Where(channel.ClientID(sc.ClientID))
	}
	return q.Only(ctx)
}

// KeyView is a channel key as its history shows it (never the key itself).
type KeyView struct {
	ID            string     `json:"id"`
	Hint          string     `json:"hint" example:"Lp0Z"`
	State         string     `json:"state" enums:"active,grace,revoked"`
	ValidUntil    *time.Time `json:"valid_until"`
	CreatedAt     time.Time  `json:"created_at"`
	CreatedByType string     `json:"created_by_type"`
	CreatedByID   string     `json:"created_by_id"`
	RevokedAt     *time.Time `json:"revoked_at"`
	RevokeReason  string     `json:"revoke_reason"`
	LastUsedAt    *time.Time `json:"last_used_at"`
	// APIKey is the key masked to its hint (as 360dialog lists keys); never the key.
	APIKey string `json:"api_key" example:"phc_…Lp0Z"`
	// Address is the messaging API base URL the key is used with, as in the 201 answer.
	Address string `json:"address" example:"https://hub.example.com"`
	// AppID is the number's id on the Meta side (the channel id until it has one).
	AppID string `json:"app_id"`
}

// History lists the keys of channel id, newest first, with when each was last used.
func (s *Service) History(ctx context.Context, sc scope.Scope, id string) ([]KeyView, error) {
	ch, err := s.channel(ctx, s.db, sc, id)
	if err != nil {
		return nil, apperr.From(err)
	}
	keys, err := s.db.ChannelAPIKey.Query().Where(channelapikey.ChannelID(ch.ID)).Order(ent.Desc(channelapikey.FieldCreatedAt), ent.Desc(channelapikey.FieldID)).Limit(100).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	// Key usage is the hub's own bookkeeping (system-only rows) about the viewer's keys.
	usage, err := s.db.KeyUsage.Query().Where(keyusage.IDIn(ids...)).All(tenancy.AsSystem(ctx, tenancy.Bookkeeping))
	if err != nil {
		return nil, apperr.From(err)
	}
	last := map[string]time.Time{}
	for _, u := range usage {
		last[u.ID] = u.LastUsedAt.UTC()
	}
	out := make([]KeyView, len(keys))
	for i, k := range keys {
		out[i] = KeyView{ID: k.ID, Hint: k.Hint, State: string(k.State), ValidUntil: utc(k.ValidUntil), CreatedAt: k.CreatedAt.UTC(),
			CreatedByType: string(k.CreatedByType), CreatedByID: k.CreatedByID, RevokedAt: utc(k.RevokedAt), RevokeReason: k.RevokeReason,
			APIKey: string(keyTypeOf(k)) + "_…" + k.Hint, Address: s.address, AppID: appID(ch)}
		if t, ok := last[k.ID]; ok {
			out[i].LastUsedAt = &t
		}
	}
	return out, nil
}

// keyTypeOf is the kind of key k is: a sandbox key when it is bound to a WhatsApp id.
func keyTypeOf(k *ent.ChannelAPIKey) keyformat.Type {
	if k.SandboxWaID != nil {
		return keyformat.Sandbox
	}
	return keyformat.Channel
}

func appID(ch *ent.Channel) string {
	if ch.ExternalID != nil {
		return *ch.ExternalID
	}
	return ch.ID
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
