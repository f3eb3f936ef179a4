// Package partners manages partner organisations: operators create and list them; partner
// staff read their own and change its settings (partner admins the public data, platform
// admins also the commercial fields).
package partners

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
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

// View is a partner as the Partner API shows it (handlers.PartnerOut).
type View struct {
	ID                      string         `json:"id" example:"f167CmAbcdPA"`
	BrandName               string         `json:"brand_name" example:"Acme Messaging"`
	LogoURL                 *string        `json:"logo_url"`
	Country                 string         `json:"country" example:"DE"`
	WebhookURL              *string        `json:"webhook_url"`
	PartnerRedirectURL      *string        `json:"partner_redirect_url"`
	AllowClientToAddPhoneNo bool           `json:"allow_client_to_add_phone_no"`
	AutoApprove             bool           `json:"auto_approve"`
	PcrExecution            string         `json:"pcr_execution" enums:"immediate,end_of_month"`
	DefaultStorageRegion    *string        `json:"default_storage_region"`
	BillingModel            string         `json:"billing_model" enums:"direct_payment,partner_payment"`
	BillingSystem           string         `json:"billing_system"`
	PartnerPlan             string         `json:"partner_plan" enums:"sandbox,growth,premium"`
	PartnerTier             string         `json:"partner_tier" enums:"none,silver,gold,platinum"`
	Status                  string         `json:"status" enums:"active,inactive"`
	SolutionID              *string        `json:"solution_id"`
	Settings                map[string]any `json:"settings"`
	CreatedAt               time.Time      `json:"created_at"`
	ModifiedAt              time.Time      `json:"modified_at"`
	// The reference's deprecated and internal fields, in the types clients declare
	// (WABA360Dialog.NET's GetPartnerPublicDataResponse): the hub has no Stripe plan, no
	// deep-link parameters and no submission block, so they answer false and null.
	OnboardingDeeplinkAddParams bool `json:"onboarding_deeplink_add_params"`
	PaymentRequired             bool `json:"payment_required"`
	PaymentPlan                 any  `json:"payment_plan" swaggertype:"object"`
	BlockedNewSubmission        bool `json:"blocked_new_submission"`
}

// ViewOf renders p.
func ViewOf(p *ent.Partner) View {
	return View{
		ID: p.ID, BrandName: p.BrandName, LogoURL: p.LogoURL, Country: p.Country, WebhookURL: p.WebhookURL,
		PartnerRedirectURL: p.PartnerRedirectURL, AllowClientToAddPhoneNo: p.AllowClientToAddPhoneNo,
		AutoApprove: p.AutoApprove, PcrExecution: string(p.PcrExecution), DefaultStorageRegion: p.DefaultStorageRegion,
		BillingModel: string(p.BillingModel), BillingSystem: p.BillingSystem, PartnerPlan: string(p.PartnerPlan),
		PartnerTier: string(p.PartnerTier), Status: string(p.Status), SolutionID: p.SolutionID, Settings: p.Settings,
		CreatedAt: p.CreatedAt.UTC(), ModifiedAt: p.ModifiedAt.UTC(),
	}
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
//
// Errors: forbidden, validation_failed.
func (s *Service) Create(ctx context.Context, in NewPartner) (View, error) {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.PlatformAdmin && !v.IsSystem()) {
		return View{}, apperr.ErrForbidden.New("Only platform admins create partners.")
	}
	if err := validate.Struct(in); err != nil {
		return View{}, err
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
		return View{}, apperr.From(err)
	}
	return ViewOf(p), nil
}

// Get returns one partner visible to the viewer.
//
// Errors: not_found.
func (s *Service) Get(ctx context.Context, id string) (View, error) {
	p, err := s.db.Partner.Get(ctx, id)
	if err != nil {
		return View{}, apperr.From(err)
	}
	return ViewOf(p), nil
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
//
// Errors: forbidden.
func (s *Service) List(ctx context.Context, q *listquery.Query) ([]View, int, error) {
	if v := tenancy.FromContext(ctx); !v.IsPlatform() {
		return nil, 0, apperr.ErrForbidden.New("Only platform staff list partners.")
	}
	items, total, err := listquery.Page(ctx, s.db.Partner.Query(), q)
	if err != nil {
		return nil, 0, err
	}
	views := make([]View, len(items))
	for i, p := range items {
		views[i] = ViewOf(p)
	}
	return views, total, nil
}
