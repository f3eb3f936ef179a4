// Package templates reads the message templates of a WABA (waba_templates in the Partner
// API). It is kept minimal: templates arrive by number migrations, which copy approved,
// high-quality templates (services/numbermigrations), and are listed here.
package templates

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/scope"
)

// Service reads WABA templates.
type Service struct{ db *ent.Client }

// New returns the templates service.
func New(db *ent.Client) *Service { return &Service{db: db} }

// View is a template as the API shows it (an item of waba_templates).
type View struct {
	ID            string           `json:"id" example:"a1B2c3D4e5TP"`
	PartnerID     string           `json:"partner_id"`
	ClientID      string           `json:"client_id"`
	WABAAccountID string           `json:"waba_account_id"`
	Name          string           `json:"name" example:"order_update"`
	Language      string           `json:"language" example:"en_US"`
	Category      string           `json:"category" enums:"MARKETING,UTILITY,AUTHENTICATION"`
	Status        string           `json:"status" enums:"APPROVED,PENDING,REJECTED,PAUSED,DISABLED"`
	QualityScore  string           `json:"quality_score" enums:"GREEN,YELLOW,RED,UNKNOWN"`
	Components    []map[string]any `json:"components"`
	// CopiedFrom is the migration that copied the template here, if one did.
	CopiedFrom *string   `json:"copied_from"`
	CreatedAt  time.Time `json:"created_at"`
	ModifiedAt time.Time `json:"modified_at"`
}

// ViewOf renders t.
func ViewOf(t *ent.WABATemplate) View {
	comps := t.Components
	if comps == nil {
		comps = []map[string]any{}
	}
	return View{ID: t.ID, PartnerID: t.PartnerID, ClientID: t.ClientID, WABAAccountID: t.WabaID, Name: t.Name,
		Language: t.Language, Category: string(t.Category), Status: string(t.Status), QualityScore: string(t.QualityScore),
		Components: comps, CopiedFrom: t.CopiedFrom, CreatedAt: t.CreatedAt.UTC(), ModifiedAt: t.ModifiedAt.UTC()}
}

// ListSpec is what template lists sort and filter on.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"created_at": {Column: wabatemplate.FieldCreatedAt}, "name": {Column: wabatemplate.FieldName},
		"modified_at": {Column: wabatemplate.FieldModifiedAt},
	},
	Filterable: map[string]listquery.Field{
		"id": {Column: wabatemplate.FieldID}, "name": {Column: wabatemplate.FieldName},
		"language": {Column: wabatemplate.FieldLanguage}, "category": {Column: wabatemplate.FieldCategory},
		"status": {Column: wabatemplate.FieldStatus}, "quality_score": {Column: wabatemplate.FieldQualityScore},
		"copied_from": {Column: wabatemplate.FieldCopiedFrom},
	},
	DefaultSort: "name",
}

// List returns a page of the templates of WABA wabaID, which must be in scope (404
// otherwise), and the total.
//
// Errors: not_found.
func (s *Service) List(ctx context.Context, sc scope.Scope, wabaID string, q *listquery.Query) ([]View, int, error) {
	wq := s.db.WABA.Query().Where(waba.ID(wabaID))
	if sc.PartnerID != "" {
		wq.Where(waba.PartnerID(sc.PartnerID))
	}
	if sc.ClientID != "" {
		wq.Where(waba.ClientID(sc.ClientID))
	}
	ok, err := wq.Exist(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	if !ok {
		return nil, 0, apperr.NotFoundf("No such WABA.")
	}
	items, total, err := listquery.Page(ctx, s.db.WABATemplate.Query().Where(wabatemplate.WabaID(wabaID)), q)
	if err != nil {
		return nil, 0, err
	}
	views := make([]View, len(items))
	for i, t := range items {
		views[i] = ViewOf(t)
	}
	return views, total, nil
}
