package support

import (
	"context"
	"encoding/json"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/slapolicy"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// PolicyView is one version of the SLA policy.
type PolicyView struct {
	Version   int             `json:"version" example:"3"`
	Live      bool            `json:"live"`
	Seeded    bool            `json:"seeded"`
	Note      string          `json:"note"`
	CreatedBy *users.Ref      `json:"created_by"` // who saved the version: {user_id, user_name}; null for the seeded one
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
//
// Errors: forbidden, validation_failed, policy_version_taken.
func (s *Service) SavePolicy(ctx context.Context, r SavePolicyRequest) (*PolicyView, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.Role != tenancy.PlatformAdmin {
		return nil, apperr.ErrForbidden.New("Only platform admins change the SLA policy.")
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
				return ErrPolicyVersionTaken.New("Another policy version was saved at the same moment; reload and save again.")
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
	if err := s.named(ctx, &out); err != nil {
		return nil, apperr.From(err)
	}
	return &out, nil
}

func policyView(row *ent.SLAPolicy, live bool) PolicyView {
	var d sla.DraftPolicy
	_ = json.Unmarshal(row.Draft, &d)
	at := row.CreatedAt.UTC()
	v := PolicyView{Version: row.Version, Live: live, Note: row.Note, CreatedAt: &at, Policy: d}
	if row.CreatedBy != nil {
		v.CreatedBy = &users.Ref{UserID: *row.CreatedBy}
	}
	return v
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
	out = append(out, seededView(len(rows) == 0))
	views := make([]*PolicyView, len(out))
	for i := range out {
		views[i] = &out[i]
	}
	if err := s.named(ctx, views...); err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
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
	if err := s.named(ctx, &v); err != nil {
		return nil, apperr.From(err)
	}
	return &v, nil
}

// named fills in the names of the people who saved views' versions.
func (s *Service) named(ctx context.Context, views ...*PolicyView) error {
	var ids []string
	for _, v := range views {
		if v.CreatedBy != nil {
			ids = append(ids, v.CreatedBy.UserID)
		}
	}
	refs, err := users.Refs(ctx, s.db, ids...)
	if err != nil {
		return err
	}
	for _, v := range views {
		if v.CreatedBy != nil {
			r := refs[v.CreatedBy.UserID]
			v.CreatedBy = &r
		}
	}
	return nil
}
