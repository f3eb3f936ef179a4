// Package apikeys issues, verifies and revokes API keys: channel keys
// (D360-API-KEY, one valid per channel, optional bounded grace on rotation, safe to retry
// with Idempotency-Key) and partner API keys (X-API-Key: named, scoped, optional expiry and
// IP allow-list). Verification is a hot path: format and checksum first, then an
// in-process cache, then one indexed query; revocations reach every instance through the
// key_events outbox (LISTEN/NOTIFY on PostgreSQL, plus polling).
package apikeys

import (
	"context"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"
	"golang.org/x/sync/singleflight"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/keyevent"
	"github.com/partnerhub/partnerhub/ent/keyusage"
	"github.com/partnerhub/partnerhub/ent/partnerapikey"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Cache bounds.
const (
	positiveTTL     = 5 * time.Minute  // safety net; invalidation normally comes first
	negativeTTL     = 30 * time.Second // unknown hashes
	maxNegative     = 100_000
	maxPositive     = 200_000
	pollInterval    = 250 * time.Millisecond
	usageFlushEvery = 30 * time.Second
)

// entry is what a cached key decides with, computed once when it is loaded.
type entry struct {
	found      bool
	keyID      string
	typ        keyformat.Type
	state      string // active, grace, revoked
	validUntil time.Time
	channelID  string
	partnerID  string
	clientID   string
	channelOK  bool
	scope      string
	allow      []netip.Prefix
	// sandboxWAID is set for sandbox keys: the only WhatsApp id the key may message.
	sandboxWAID string
	loadedAt    time.Time
}

// Verifier checks presented keys.
type Verifier struct {
	db    *ent.Client
	clock clock.Clock
	log   *slog.Logger

	mu       sync.RWMutex
	positive map[[32]byte]*entry
	negative map[[32]byte]time.Time
	loads    singleflight.Group
	lastSeq  int64

	usageMu sync.Mutex
	usage   map[string]used

	// Queries counts database lookups (tests prove garbage costs none).
	queries  sync.Mutex
	nQueries int
}

type used struct {
	at time.Time
	ip string
}

// NewVerifier returns a verifier reading keys with db.
func NewVerifier(db *ent.Client, clk clock.Clock, log *slog.Logger) *Verifier {
	return &Verifier{db: db, clock: clk, log: log, positive: map[[32]byte]*entry{}, negative: map[[32]byte]time.Time{}, usage: map[string]used{}}
}

// ChannelPrincipal is who a valid channel key speaks for.
type ChannelPrincipal struct {
	KeyID     string
	ChannelID string
	PartnerID string
	ClientID  string
	// SandboxWAID is set for sandbox keys (pht_): the WhatsApp id of the only user the key
	// may message, its owner's own number.
	SandboxWAID string
}

var errInvalidKey = ErrInvalidAPIKey.New("The API key is not valid.")

// VerifyChannelKey checks a D360-API-KEY value. Malformed keys are refused without any
// hashing or lookup; revoked keys, keys past their grace and keys of terminated channels
// are refused from the cached entry's own fields.
//
// Errors: invalid_api_key.
func (v *Verifier) VerifyChannelKey(ctx context.Context, key, ip string) (*ChannelPrincipal, error) {
	t, ok := keyformat.Check(key)
	if !ok || (t != keyformat.Channel && t != keyformat.Sandbox) {
		return nil, errInvalidKey
	}
	e, err := v.lookup(ctx, key, v.loadChannelKey)
	if err != nil {
		return nil, err
	}
	now := v.clock.Now()
	if !e.found || e.state == "revoked" || (!e.validUntil.IsZero() && !now.Before(e.validUntil)) || !e.channelOK || e.typ != t {
		return nil, errInvalidKey
	}
	v.touch(e.keyID, now, ip)
	return &ChannelPrincipal{KeyID: e.keyID, ChannelID: e.channelID, PartnerID: e.partnerID, ClientID: e.clientID, SandboxWAID: e.sandboxWAID}, nil
}

// PartnerPrincipal is who a valid partner API key speaks for.
type PartnerPrincipal struct {
	KeyID     string
	PartnerID string
	Scope     string // read or full
}

// Viewer is the identity a partner key acts as: partner staff of its partner.
func (p *PartnerPrincipal) Viewer() *tenancy.Viewer {
	return &tenancy.Viewer{UserID: p.KeyID, Role: tenancy.PartnerAdmin, PartnerID: p.PartnerID, APIKeyID: p.KeyID}
}

// VerifyPartnerKey checks an X-API-Key value presented from ip.
//
// Errors: invalid_api_key, ip_not_allowed.
func (v *Verifier) VerifyPartnerKey(ctx context.Context, key, ip string) (*PartnerPrincipal, error) {
	t, ok := keyformat.Check(key)
	if !ok || t != keyformat.Partner {
		return nil, errInvalidKey
	}
	e, err := v.lookup(ctx, key, v.loadPartnerKey)
	if err != nil {
		return nil, err
	}
	now := v.clock.Now()
	if !e.found || e.state == "revoked" || (!e.validUntil.IsZero() && !now.Before(e.validUntil)) {
		return nil, errInvalidKey
	}
	if len(e.allow) > 0 {
		addr, err := netip.ParseAddr(ip)
		allowed := false
		for _, p := range e.allow {
			allowed = allowed || (err == nil && p.Contains(addr.Unmap()))
		}
		if !allowed {
			return nil, ErrIPNotAllowed.New("This API key may not be used from this address.")
		}
	}
	v.touch(e.keyID, now, ip)
	return &PartnerPrincipal{KeyID: e.keyID, PartnerID: e.partnerID, Scope: e.scope}, nil
}

// lookup returns the entry for key from the caches or, on a miss, from one query (shared
// by concurrent requests for the same key).
func (v *Verifier) lookup(ctx context.Context, key string, load func(context.Context, []byte) (*entry, error)) (*entry, error) {
	h := keyformat.Hash(key)
	now := v.clock.Now()
	v.mu.RLock()
	e, hit := v.positive[h]
	negUntil, neg := v.negative[h]
	v.mu.RUnlock()
	if hit && now.Sub(e.loadedAt) < positiveTTL {
		return e, nil
	}
	if neg && now.Before(negUntil) {
		return &entry{}, nil
	}
	res, err, _ := v.loads.Do(string(h[:]), func() (any, error) {
		v.queries.Lock()
		v.nQueries++
		v.queries.Unlock()
		// An API key is looked up by its hash before the request has a viewer.
		return load(tenancy.AsSystem(context.WithoutCancel(ctx), tenancy.Credentials), h[:])
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	e = res.(*entry)
	e.loadedAt = now
	v.mu.Lock()
	if e.found {
		if len(v.positive) >= maxPositive {
			clear(v.positive)
		}
		v.positive[h] = e
	} else {
		if len(v.negative) >= maxNegative {
			clear(v.negative) // a flood of unknown keys only empties its own region
		}
		v.negative[h] = now.Add(negativeTTL)
	}
	v.mu.Unlock()
	return e, nil
}

func (v *Verifier) loadChannelKey(ctx context.Context, hash []byte) (*entry, error) {
	k, err := v.db.ChannelAPIKey.Query().Where(channelapikey.KeyHash(hash)).Only(ctx)
	if ent.IsNotFound(err) {
		return &entry{}, nil
	}
	if err != nil {
		return nil, err
	}
	ch, err := v.db.Channel.Get(ctx, k.ChannelID)
	if err != nil {
		return nil, err
	}
	e := &entry{found: true, keyID: k.ID, typ: keyformat.Channel, state: string(k.State), channelID: k.ChannelID,
		partnerID: ch.PartnerID, clientID: ch.ClientID, channelOK: ch.Status != channel.StatusTerminated}
	if k.SandboxWaID != nil {
		// A sandbox key (pht_) speaks for its owner only: it may message this WhatsApp id.
		e.typ, e.sandboxWAID = keyformat.Sandbox, *k.SandboxWaID
	}
	if k.ValidUntil != nil {
		e.validUntil = *k.ValidUntil
	}
	return e, nil
}

func (v *Verifier) loadPartnerKey(ctx context.Context, hash []byte) (*entry, error) {
	k, err := v.db.PartnerAPIKey.Query().Where(partnerapikey.KeyHash(hash)).Only(ctx)
	if ent.IsNotFound(err) {
		return &entry{}, nil
	}
	if err != nil {
		return nil, err
	}
	e := &entry{found: true, keyID: k.ID, typ: keyformat.Partner, state: "active", partnerID: k.PartnerID, scope: string(k.Scope)}
	if k.RevokedAt != nil {
		e.state = "revoked"
	}
	if k.ExpiresAt != nil {
		e.validUntil = *k.ExpiresAt
	}
	for _, c := range k.IPAllowlist {
		if p, err := netip.ParsePrefix(c); err == nil {
			e.allow = append(e.allow, p)
		}
	}
	return e, nil
}

// Queries reports how many database lookups the verifier has made.
func (v *Verifier) Queries() int {
	v.queries.Lock()
	defer v.queries.Unlock()
	return v.nQueries
}

// evict forgets a key everywhere in this instance's caches.
func (v *Verifier) evict(hash []byte) {
	var h [32]byte
	copy(h[:], hash)
	v.mu.Lock()
	delete(v.positive, h)
	delete(v.negative, h)
	v.mu.Unlock()
}

// Start sets the read position of the key_events outbox to its end: earlier events
// concern keys this fresh instance has not cached.
func (v *Verifier) Start(ctx context.Context) error {
	// Key events are the system-only outbox the verifier follows.
	last, err := v.db.KeyEvent.Query().Order(ent.Desc(keyevent.FieldID)).First(tenancy.AsSystem(ctx, tenancy.BackgroundJob))
	if err != nil && !ent.IsNotFound(err) {
		return err
	}
	if last != nil {
		v.mu.Lock()
		v.lastSeq = last.ID
		v.mu.Unlock()
	}
	return nil
}

// Catchup applies every key event after the last one seen and returns how many.
func (v *Verifier) Catchup(ctx context.Context) (int, error) {
	v.mu.RLock()
	last := v.lastSeq
	v.mu.RUnlock()
	// Key events are the system-only outbox the verifier follows.
	evs, err := v.db.KeyEvent.Query().Where(keyevent.IDGT(last)).Order(ent.Asc(keyevent.FieldID)).Limit(10_000).All(tenancy.AsSystem(ctx, tenancy.BackgroundJob))
	if err != nil {
		return 0, err
	}
	for _, e := range evs {
		v.evict(e.KeyHash)
	}
	if len(evs) > 0 {
		v.mu.Lock()
		v.lastSeq = evs[len(evs)-1].ID
		v.mu.Unlock()
	}
	return len(evs), nil
}

// Watch applies key events until ctx ends: at once when wake fires (a PostgreSQL
// notification), and every 250 ms in any case, so a lost notification or a dropped
// LISTEN connection delays a revocation by at most the poll interval, never indefinitely.
func (v *Verifier) Watch(ctx context.Context, wake <-chan struct{}) {
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	flush := time.NewTicker(usageFlushEvery)
	defer flush.Stop()
	for {
		select {
		case <-ctx.Done():
			v.FlushUsage(context.WithoutCancel(ctx))
			return
		case <-wake:
		case <-tick.C:
		case <-flush.C:
			if err := v.FlushUsage(ctx); err != nil {
				v.log.Error("key usage flush failed", "error", err.Error())
			}
			continue
		}
		if _, err := v.Catchup(ctx); err != nil && ctx.Err() == nil {
			v.log.Error("key events catch-up failed", "error", err.Error())
		}
	}
}

// touch records a use of key id in memory; FlushUsage writes it.
func (v *Verifier) touch(id string, at time.Time, ip string) {
	v.usageMu.Lock()
	if u, ok := v.usage[id]; !ok || at.After(u.at) {
		v.usage[id] = used{at: at, ip: ip}
	}
	v.usageMu.Unlock()
}

// FlushUsage writes the buffered last-used times in one transaction and empties the buffer.
func (v *Verifier) FlushUsage(ctx context.Context) error {
	v.usageMu.Lock()
	batch := v.usage
	v.usage = make(map[string]used, len(batch))
	v.usageMu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	// Key usage is the hub's own bookkeeping, flushed in the background.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	creates := make([]*ent.KeyUsageCreate, 0, len(batch))
	for id, u := range batch {
		creates = append(creates, v.db.KeyUsage.Create().SetID(id).SetLastUsedAt(u.at).SetLastUsedIP(u.ip))
	}
	// Forward-only: an instance with an older time never moves last_used_at back.
	return v.db.KeyUsage.CreateBulk(creates...).OnConflict(
		sql.ConflictColumns(keyusage.FieldID),
		sql.ResolveWith(func(u *sql.UpdateSet) {
			newer := "excluded." + keyusage.FieldLastUsedAt + " > " + keyusage.Table + "." + keyusage.FieldLastUsedAt
			u.Set(keyusage.FieldLastUsedAt, sql.Expr("CASE WHEN "+newer+" THEN excluded."+keyusage.FieldLastUsedAt+" ELSE "+keyusage.Table+"."+keyusage.FieldLastUsedAt+" END"))
			u.Set(keyusage.FieldLastUsedIP, sql.Expr("CASE WHEN "+newer+" THEN excluded."+keyusage.FieldLastUsedIP+" ELSE "+keyusage.Table+"."+keyusage.FieldLastUsedIP+" END"))
		}),
	).Exec(sys)
}
