// Package templates keeps the message templates of WABAs (waba_templates in the Partner
// API, /v1/configs/templates in the Messaging API): it checks a template against
// WhatsApp's rules (package rules), submits it to the provider for review, applies the
// review's outcome and later status and quality changes, and lets partner and client
// users edit and delete templates within Meta's limits. Every status and quality change is
// audited and emits waba_template_status_changed / waba_template_quality_changed.
//
// Number migrations copy approved templates into a WABA through Copy.
package templates

import (
	"context"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/users"
)

// Meta's limits on templates per WABA and on editing approved templates.
const (
	MaxPerWABA         = 250  // while the business is not verified
	MaxPerVerifiedWABA = 6000 // once it is
	EditGap            = 24 * time.Hour
	EditWindow         = 30 * 24 * time.Hour
	MaxEditsInWindow   = 10
	// NameBlockedFor is how long the name of a deleted template stays blocked.
	NameBlockedFor = 30 * 24 * time.Hour
)

// Reviewer decides a submitted template's review. The provider simulator's review is one
// (provider.ReviewTemplate); a real provider reports reviews on its own and needs none.
type Reviewer func(provider.TemplateSubmission) provider.Review

// Service keeps WABA templates.
type Service struct {
	db       *ent.Client
	sql      storage.SQL
	clock    clock.Clock
	provider provider.Provider
}

// New returns the templates service.
func New(db *ent.Client, d storage.SQL, clk clock.Clock, p provider.Provider) *Service {
	return &Service{db: db, sql: d, clock: clk, provider: p}
}

// View is a template as the API shows it (an item of waba_templates).
type View struct {
	ID            string           `json:"id" example:"a1B2c3D4e5TP"`
	PartnerID     string           `json:"partner_id"`
	ClientID      string           `json:"client_id"`
	WABAAccountID string           `json:"waba_account_id"`
	ExternalID    *string          `json:"external_id" example:"1234567890123456"`
	Name          string           `json:"name" example:"order_update"`
	Language      string           `json:"language" example:"en_US"`
	Category      string           `json:"category" enums:"MARKETING,UTILITY,AUTHENTICATION"`
	Components    []map[string]any `json:"components"`
	Status        string           `json:"status" enums:"submitted,approved,rejected,paused,disabled,deleted"`
	// RejectedReason is Meta's reason when the review rejected the template.
	RejectedReason *string `json:"rejected_reason" enums:"INVALID_FORMAT,INCORRECT_CATEGORY,ABUSIVE_CONTENT,SCAM,NONE"`
	// RejectedDetail says in words what the review found.
	RejectedDetail *string `json:"rejected_detail"`
	QualityScore   string  `json:"quality_score" enums:"GREEN,YELLOW,RED,UNKNOWN"`
	Namespace      string  `json:"namespace"`
	// CopiedFrom is the migration that copied the template here, if one did.
	CopiedFrom      *string    `json:"copied_from"`
	StatusChangedAt *time.Time `json:"status_changed_at"`
	// NextEditAt is when an approved or paused template may be edited next, if not now.
	NextEditAt *time.Time `json:"next_edit_at"`
	CreatedAt  time.Time  `json:"created_at"`
	CreatedBy  *users.Ref `json:"created_by"`
	ModifiedAt time.Time  `json:"modified_at"`
	ModifiedBy *users.Ref `json:"modified_by"`
}

// viewsOf renders ts, naming the people who created and changed them.
func viewsOf(ctx context.Context, db *ent.Client, now time.Time, ts ...*ent.WABATemplate) ([]View, error) {
	var ids []string
	for _, t := range ts {
		for _, id := range []*string{t.CreatedBy, t.ModifiedBy} {
			if id != nil {
				ids = append(ids, *id)
			}
		}
	}
	refs, err := users.Refs(ctx, db, ids...)
	if err != nil {
		return nil, err
	}
	out := make([]View, len(ts))
	for i, t := range ts {
		comps := t.Components
		if comps == nil {
			comps = []map[string]any{}
		}
		v := View{ID: t.ID, PartnerID: t.PartnerID, ClientID: t.ClientID, WABAAccountID: t.WabaID, ExternalID: t.ExternalID,
			Name: t.Name, Language: t.Language, Category: string(t.Category), Components: comps, Status: string(t.Status),
			RejectedReason: t.RejectedReason, RejectedDetail: t.RejectedDetail, QualityScore: string(t.QualityScore),
			Namespace: t.Namespace, CopiedFrom: t.CopiedFrom, CreatedAt: t.CreatedAt.UTC(), CreatedBy: users.RefOf(refs, t.CreatedBy),
			ModifiedAt: t.ModifiedAt.UTC(), ModifiedBy: users.RefOf(refs, t.ModifiedBy)}
		if t.StatusChangedAt != nil {
			at := t.StatusChangedAt.UTC()
			v.StatusChangedAt = &at
		}
		if next, ok := nextEdit(t, now); ok && next.After(now) {
			next = next.UTC()
			v.NextEditAt = &next
		}
		out[i] = v
	}
	return out, nil
}

func viewOf(ctx context.Context, db *ent.Client, now time.Time, t *ent.WABATemplate) (View, error) {
	vs, err := viewsOf(ctx, db, now, t)
	if err != nil {
		return View{}, err
	}
	return vs[0], nil
}

// nextEdit is the earliest time an approved or paused template may be edited by Meta's
// limits (one edit in 24 hours, 10 in 30 days); false for templates the limits do not bind.
func nextEdit(t *ent.WABATemplate, now time.Time) (time.Time, bool) {
	if t.Status != wabatemplate.StatusApproved && t.Status != wabatemplate.StatusPaused {
		return time.Time{}, false
	}
	recent := recentEdits(t.EditTimes, now)
	if len(recent) == 0 {
		return now, true
	}
	next := recent[len(recent)-1].Add(EditGap)
	if len(recent) >= MaxEditsInWindow {
		next = later(next, recent[len(recent)-MaxEditsInWindow].Add(EditWindow))
	}
	return next, true
}

// recentEdits are the edit times within the 30-day window before now, oldest first.
func recentEdits(times []time.Time, now time.Time) []time.Time {
	out := slices.DeleteFunc(slices.Clone(times), func(t time.Time) bool { return !t.After(now.Add(-EditWindow)) })
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// ListSpec is what template lists sort and filter on. business_templates.name is the
// name as kairon sorts and filters it; q finds templates whose name contains it.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"created_at": {Column: wabatemplate.FieldCreatedAt}, "name": {Column: wabatemplate.FieldName},
		"modified_at": {Column: wabatemplate.FieldModifiedAt}, "language": {Column: wabatemplate.FieldLanguage},
		"category": {Column: wabatemplate.FieldCategory}, "status": {Column: wabatemplate.FieldStatus},
		"business_templates.name": {Column: wabatemplate.FieldName},
	},
	Filterable: map[string]listquery.Field{
		"id": {Column: wabatemplate.FieldID}, "name": {Column: wabatemplate.FieldName},
		"business_templates.name": {Column: wabatemplate.FieldName},
		"language":                {Column: wabatemplate.FieldLanguage}, "category": {Column: wabatemplate.FieldCategory},
		"status": {Column: wabatemplate.FieldStatus}, "quality_score": {Column: wabatemplate.FieldQualityScore},
		"copied_from": {Column: wabatemplate.FieldCopiedFrom}, "external_id": {Column: wabatemplate.FieldExternalID},
		"q": {Predicate: func(v any) func(*sql.Selector) {
			s, _ := v.(string)
			return wabatemplate.NameContainsFold(s)
		}},
	},
	DefaultSort: "name",
}

// wabaIn reads WABA wabaID through the viewer's privacy rules, under sc (404 otherwise).
func wabaIn(ctx context.Context, db *ent.Client, sc scope.Scope, wabaID string) (*ent.WABA, error) {
	wq := db.WABA.Query().Where(waba.ID(wabaID))
	if sc.PartnerID != "" {
		wq.Where(waba.PartnerID(sc.PartnerID))
	}
	if sc.ClientID != "" {
		wq.Where(waba.ClientID(sc.ClientID))
	}
	w, err := wq.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("No such WABA.")
	}
	return w, apperr.From(err)
}

// List returns a page of the templates of WABA wabaID, which must be in scope (404
// otherwise), and the total. Deleted templates are left out unless the filters ask for a
// status.
//
// Errors: not_found.
func (s *Service) List(ctx context.Context, sc scope.Scope, wabaID string, q *listquery.Query) ([]View, int, error) {
	if _, err := wabaIn(ctx, s.db, sc, wabaID); err != nil {
		return nil, 0, err
	}
	return s.list(ctx, s.db, wabaID, q)
}

func (s *Service) list(ctx context.Context, db *ent.Client, wabaID string, q *listquery.Query) ([]View, int, error) {
	query := db.WABATemplate.Query().Where(wabatemplate.WabaID(wabaID))
	if _, ok := q.Filters["status"]; !ok {
		query.Where(wabatemplate.StatusNEQ(wabatemplate.StatusDeleted))
	}
	// Deferred join: the page's ids come from an index alone (partner, WABA, sort key,
	// id, status), then only those rows — components and all — are read.
	ids, total, err := listquery.PageIDs(ctx, query, q)
	if err != nil {
		return nil, 0, err
	}
	rows, err := db.WABATemplate.Query().Where(wabatemplate.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	byID := make(map[string]*ent.WABATemplate, len(rows))
	for _, t := range rows {
		byID[t.ID] = t
	}
	items := make([]*ent.WABATemplate, 0, len(ids))
	for _, id := range ids {
		if t := byID[id]; t != nil {
			items = append(items, t)
		}
	}
	views, err := viewsOf(ctx, db, s.clock.Now(), items...)
	return views, total, err
}

// Get returns template id of WABA wabaID in scope.
//
// Errors: not_found.
func (s *Service) Get(ctx context.Context, sc scope.Scope, wabaID, id string) (View, error) {
	t, err := s.get(ctx, s.db, sc, wabaID, id)
	if err != nil {
		return View{}, err
	}
	return viewOf(ctx, s.db, s.clock.Now(), t)
}

func (s *Service) get(ctx context.Context, db *ent.Client, sc scope.Scope, wabaID, id string) (*ent.WABATemplate, error) {
	if _, err := wabaIn(ctx, db, sc, wabaID); err != nil {
		return nil, err
	}
	t, err := db.WABATemplate.Query().Where(wabatemplate.ID(id), wabatemplate.WabaID(wabaID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("No such template in this WABA.")
	}
	return t, apperr.From(err)
}
