// Package partners manages partner organisations: operators create and list them; partner
// staff read their own (SPEC §5.1).
package partners

import (
	"context"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/validate"
	"github.com/partnerhub/partnerhub/services/webhookurl"
)

// Service manages partners.
type Service struct {
	db       *ent.Client
	clock    clock.Clock
	webhooks webhookurl.Policy
}

// New returns the partners service; webhooks decides which webhook URLs are acceptable.
func New(db *ent.Client, clk clock.Clock, webhooks webhookurl.Policy) *Service {
	return &Service{db: db, clock: clk, webhooks: webhooks}
}

// NewPartner is what an operator supplies to create a partner.
type NewPartner struct {
	BrandName    string `json:"brand_name" validate:"required,max=128"`
	Country      string `json:"country" validate:"omitempty,iso3166_1_alpha2"`
	BillingModel string `json:"billing_model" validate:"omitempty,oneof=direct_payment partner_payment"`
	Plan         string `json:"partner_plan" validate:"omitempty,oneof=sandbox growth premium"`
	Tier         string `json:"partner_tier" validate:"omitempty,oneof=none silver gold platinum"`
}

// Create makes a new partner; platform admins only.
func (s *Service) Create(ctx context.Context, in NewPartner) (*ent.Partner, error) {
	if v := viewer.FromContext(ctx); v == nil || (v.Role != viewer.PlatformAdmin && !v.IsSystem()) {
		return nil, apperr.New(apperr.Forbidden, "forbidden", "Only platform admins create partners.")
	}
	if err := validate.Struct(in); err != nil {
		return nil, err
	}
	var p *ent.Partner
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		c := tx.Partner.Create().SetBrandName(in.BrandName).SetCountry(in.Country)
		if in.BillingModel != "" {
			c.SetBillingModel(partner.BillingModel(in.BillingModel))
		}
		if in.Plan != "" {
			c.SetPartnerPlan(partner.PartnerPlan(in.Plan))
		}
		if in.Tier != "" {
			c.SetPartnerTier(partner.PartnerTier(in.Tier))
		}
		var err error
		if p, err = c.Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{
			Action: "partner.created", ObjectType: "partner", ObjectID: p.ID, PartnerID: &p.ID,
			Details: map[string]any{"brand_name": p.BrandName}, At: s.clock.Now(),
		})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return p, nil
}

// Get returns one partner visible to the viewer.
func (s *Service) Get(ctx context.Context, id string) (*ent.Partner, error) {
	p, err := s.db.Partner.Get(ctx, id)
	if err != nil {
		return nil, apperr.From(err)
	}
	return p, nil
}

// ListSpec is what the partners list sorts and filters on.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"created_at": {Column: partner.FieldCreatedAt}, "brand_name": {Column: partner.FieldBrandName},
	},
	Filterable: map[string]listquery.Field{
		"id": {Column: partner.FieldID}, "brand_name": {Column: partner.FieldBrandName},
		"country": {Column: partner.FieldCountry}, "partner_plan": {Column: partner.FieldPartnerPlan},
		"partner_tier": {Column: partner.FieldPartnerTier}, "status": {Column: partner.FieldStatus},
		"billing_model": {Column: partner.FieldBillingModel},
	},
	DefaultSort: "-created_at",
}

// List returns a page of partners and the total; platform staff only.
func (s *Service) List(ctx context.Context, q *listquery.Query) ([]*ent.Partner, int, error) {
	if v := viewer.FromContext(ctx); !v.IsPlatform() {
		return nil, 0, apperr.New(apperr.Forbidden, "forbidden", "Only platform staff list partners.")
	}
	query := s.db.Partner.Query()
	for _, w := range q.Where() {
		query.Where(predicate.Partner(w))
	}
	total, err := query.Clone().Count(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	for _, o := range q.Order() {
		query.Order(partner.OrderOption(o))
	}
	items, err := query.Limit(q.Limit).Offset(q.Offset).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	return items, total, nil
}
