package support

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/slapolicy"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// policyBook keeps compiled policy versions (immutable, so cached forever) and a recent
// copy of the live one for the preview. Version 0 is the seeded policy, in code.
type policyBook struct {
	db       *ent.Client
	mu       sync.Mutex
	compiled map[int]*sla.Policy
	live     int
	checked  time.Time
}

// liveRefresh bounds how stale another instance's policy save can look to the preview;
// tickets always read the live version in their own transaction.
const liveRefresh = time.Second

func newPolicyBook(db *ent.Client) *policyBook {
	return &policyBook{db: db, compiled: map[int]*sla.Policy{0: sla.DefaultPolicy()}}
}

// version returns the compiled policy of version v.
func (b *policyBook) version(ctx context.Context, db *ent.Client, v int) (*sla.Policy, error) {
	b.mu.Lock()
	p := b.compiled[v]
	b.mu.Unlock()
	if p != nil {
		return p, nil
	}
	// The SLA policy is the operator's setup, outside any tenant: only platform staff may
	// read the table, but every ticket, whoever acts on it, is timed by its version.
	row, err := db.SLAPolicy.Query().Where(slapolicy.Version(v)).Only(tenancy.AsSystem(ctx, tenancy.PlatformSetup))
	if err != nil {
		return nil, fmt.Errorf("support: policy version %d: %w", v, err)
	}
	var d sla.DraftPolicy
	if err := json.Unmarshal(row.Draft, &d); err != nil {
		return nil, fmt.Errorf("support: policy version %d: %w", v, err)
	}
	p, problems := d.Compile()
	if len(problems) > 0 {
		return nil, fmt.Errorf("support: stored policy version %d does not compile: %v", v, problems)
	}
	b.mu.Lock()
	b.compiled[v] = p
	b.mu.Unlock()
	return p, nil
}

// current reads the live version with db (the caller's transaction) and returns it with
// its compiled policy.
func (b *policyBook) current(ctx context.Context, db *ent.Client) (int, *sla.Policy, error) {
	v, err := liveVersion(ctx, db)
	if err != nil {
		return 0, nil, err
	}
	p, err := b.version(ctx, db, v)
	if err != nil {
		return 0, nil, err
	}
	b.mu.Lock()
	if v > b.live {
		b.live = v
	}
	b.checked = time.Now()
	b.mu.Unlock()
	return v, p, nil
}

// cachedLive returns the live policy as of at most liveRefresh ago (the preview's "live"
// function); if the database cannot be read it keeps the last known one.
func (b *policyBook) cachedLive() *sla.Policy {
	b.mu.Lock()
	stale := time.Since(b.checked) > liveRefresh
	v := b.live
	b.mu.Unlock()
	if stale {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if _, p, err := b.current(ctx, b.db); err == nil {
			return p
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.compiled[v]
}

// liveVersion reads the newest stored version with db, or 0 (the seeded policy) when none
// is stored.
func liveVersion(ctx context.Context, db *ent.Client) (int, error) {
	// The SLA policy is the operator's setup, outside any tenant: only platform staff may
	// read the table, but every ticket opens under the live version, whoever opens it (and
	// the preview's refresh has no viewer at all).
	row, err := db.SLAPolicy.Query().Order(ent.Desc(slapolicy.FieldVersion)).Select(slapolicy.FieldVersion).
		First(tenancy.AsSystem(ctx, tenancy.PlatformSetup))
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return row.Version, nil
}
