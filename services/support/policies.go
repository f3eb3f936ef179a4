package support

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/slapolicy"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/storage"
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
	row, err := db.SLAPolicy.Query().Where(slapolicy.Version(v)).Only(viewer.SystemContext(ctx))
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

func liveVersion(ctx context.Context, db *ent.Client) (int, error) {
	row, err := db.SLAPolicy.Query().Order(ent.Desc(slapolicy.FieldVersion)).Select(slapolicy.FieldVersion).First(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return row.Version, nil
}

// PolicyView is one version of the SLA policy.
type PolicyView struct {
	Version   int             `json:"version" example:"3"`
	Live      bool            `json:"live"`
	Seeded    bool            `json:"seeded"`
	Note      string          `json:"note"`
	CreatedBy *string         `json:"created_by"`
	CreatedAt *time.Time      `json:"created_at"`
	Policy    sla.DraftPolicy `json:"policy"`
}

// SavePolicyRequest is a new policy version.
type SavePolicyRequest struct {
	Note   string           `json:"note" example:"Premium weekend hours from December"`
	Policy *sla.DraftPolicy `json:"policy"`
}

// SeededDraft is the seeded policy in the editor's shape, so it can be edited and saved
// as the first stored version.
func SeededDraft() sla.DraftPolicy {
	p := sla.DefaultPolicy()
	d := sla.DraftPolicy{Calendars: map[string]sla.DraftCalendar{}, Rules: []sla.DraftRule{}}
	for _, r := range p.Rules {
		ratio := r.WarningRatio
		d.Rules = append(d.Rules, sla.DraftRule{Metric: string(r.Metric), TargetSeconds: int64(r.Target / time.Second),
			Calendar: r.Calendar, When: r.When, WarningRatio: &ratio, Soft: r.Soft})
	}
	return d
}

// SavePolicy validates a draft and stores it as the next version, which becomes live for
// tickets opened from now on; open tickets keep the version they opened under. Platform
// admins only.
func (s *Service) SavePolicy(ctx context.Context, r SavePolicyRequest) (*PolicyView, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.Role != viewer.PlatformAdmin {
		return nil, apperr.New(apperr.Forbidden, "forbidden", "Only platform admins change the SLA policy.")
	}
	if r.Policy == nil {
		return nil, apperr.Validation("policy: is required")
	}
	var problems []string
	if len(r.Note) > 500 {
		problems = append(problems, "note: must be at most 500 characters")
	}
	compiled, errs := r.Policy.Compile()
	for _, e := range errs {
		problems = append(problems, "policy."+e)
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	raw, err := json.Marshal(r.Policy)
	if err != nil {
		return nil, apperr.From(err)
	}
	now := s.clock.Now().UTC()
	var row *ent.SLAPolicy
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		cur, err := liveVersion(ctx, tx.Client())
		if err != nil {
			return err
		}
		c := tx.SLAPolicy.Create().SetVersion(cur + 1).SetDraft(raw).SetNote(r.Note).SetCreatedAt(now)
		if v.UserID != "" {
			c.SetCreatedBy(v.UserID)
		}
		if row, err = c.Save(ctx); err != nil {
			if ent.IsConstraintError(err) {
				return apperr.New(apperr.Conflict, "policy_version_taken", "Another policy version was saved at the same moment; reload and save again.")
			}
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "sla_policy.saved", ObjectType: "sla_policy", ObjectID: row.ID,
			Details: map[string]any{"version": row.Version, "note": r.Note, "rules": len(r.Policy.Rules)}, At: now})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	s.policies.mu.Lock()
	s.policies.compiled[row.Version] = compiled
	if row.Version > s.policies.live {
		s.policies.live = row.Version
	}
	s.policies.mu.Unlock()
	out := policyView(row, true)
	return &out, nil
}

func policyView(row *ent.SLAPolicy, live bool) PolicyView {
	var d sla.DraftPolicy
	_ = json.Unmarshal(row.Draft, &d)
	at := row.CreatedAt.UTC()
	return PolicyView{Version: row.Version, Live: live, Note: row.Note, CreatedBy: row.CreatedBy, CreatedAt: &at, Policy: d}
}

func seededView(live bool) PolicyView {
	return PolicyView{Version: 0, Live: live, Seeded: true, Note: "Seeded policy (SPEC §5.7)", Policy: SeededDraft()}
}

// Policies lists the policy versions, newest first, ending with the seeded version 0.
func (s *Service) Policies(ctx context.Context) ([]PolicyView, error) {
	rows, err := s.db.SLAPolicy.Query().Order(ent.Desc(slapolicy.FieldVersion)).Limit(200).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := make([]PolicyView, 0, len(rows)+1)
	for i, r := range rows {
		out = append(out, policyView(r, i == 0))
	}
	return append(out, seededView(len(rows) == 0)), nil
}

// LivePolicy returns the version new tickets open under.
func (s *Service) LivePolicy(ctx context.Context) (*PolicyView, error) {
	row, err := s.db.SLAPolicy.Query().Order(ent.Desc(slapolicy.FieldVersion)).First(ctx)
	if ent.IsNotFound(err) {
		v := seededView(true)
		return &v, nil
	}
	if err != nil {
		return nil, apperr.From(err)
	}
	v := policyView(row, true)
	return &v, nil
}
