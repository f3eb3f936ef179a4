package partners

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/validate"
)

// storageRegions are the regions a partner may choose as its default data storage.
var storageRegions = []string{"AU", "ID", "ZA", "IN", "CA", "JP", "SG", "KR", "DE", "CH", "GB", "BR"}

// Patch changes a partner. Partner admins change the public data; only platform admins
// change the commercial fields (plan, tier, billing, status). Nil fields stay.
type Patch struct {
	BrandName               *string `json:"brand_name,omitempty" validate:"omitempty,min=1,max=128"`
	LogoURL                 *string `json:"logo_url,omitempty" validate:"omitempty,max=2048,http_url"`
	Country                 *string `json:"country,omitempty" validate:"omitempty,iso3166_1_alpha2"`
	WebhookURL              *string `json:"webhook_url,omitempty"`
	PartnerRedirectURL      *string `json:"partner_redirect_url,omitempty" validate:"omitempty,max=2048"`
	AllowClientToAddPhoneNo *bool   `json:"allow_client_to_add_phone_no,omitempty"`
	DefaultStorageRegion    *string `json:"default_storage_region,omitempty"`
	// Operator-only fields.
	PartnerPlan   *string `json:"partner_plan,omitempty" validate:"omitempty,oneof=sandbox growth premium"`
	PartnerTier   *string `json:"partner_tier,omitempty" validate:"omitempty,oneof=none silver gold platinum"`
	BillingModel  *string `json:"billing_model,omitempty" validate:"omitempty,oneof=direct_payment partner_payment"`
	BillingSystem *string `json:"billing_system,omitempty" validate:"omitempty,min=1,max=64"`
	Status        *string `json:"status,omitempty" validate:"omitempty,oneof=active inactive"`
}

func (p Patch) commercial() bool {
	return p.PartnerPlan != nil || p.PartnerTier != nil || p.BillingModel != nil || p.BillingSystem != nil || p.Status != nil
}

// Update applies p to partner id and returns the partner.
//
// Errors: unauthenticated, operator_fields, forbidden, validation_failed, not_found.
func (s *Service) Update(ctx context.Context, id string, p Patch) (View, error) {
	v := tenancy.FromContext(ctx)
	switch {
	case v == nil:
		return View{}, apperr.ErrUnauthenticated.New("Sign in first.")
	case p.commercial() && v.Role != tenancy.PlatformAdmin:
		return View{}, ErrOperatorFields.New("Only platform admins change plan, tier, billing or status.")
	case v.Role != tenancy.PlatformAdmin && v.Role != tenancy.PartnerAdmin:
		return View{}, apperr.ErrForbidden.New("Only partner admins change partner settings.")
	}
	if err := validate.Struct(p); err != nil {
		return View{}, err
	}
	var problems []string
	if p.WebhookURL != nil && *p.WebhookURL != "" {
		if err := s.webhooks.Check("webhook_url", *p.WebhookURL); err != nil {
			problems = append(problems, apperr.As(err).Details...)
		}
	}
	if p.PartnerRedirectURL != nil && *p.PartnerRedirectURL != "" {
		if err := checkRedirect(*p.PartnerRedirectURL); err != "" {
			problems = append(problems, "partner_redirect_url: "+err)
		}
	}
	if p.DefaultStorageRegion != nil && *p.DefaultStorageRegion != "" && !slices.Contains(storageRegions, *p.DefaultStorageRegion) {
		problems = append(problems, "default_storage_region: must be one of: "+strings.Join(storageRegions, ", "))
	}
	if len(problems) > 0 {
		return View{}, apperr.Validation(problems...)
	}
	var out *ent.Partner
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		cur, err := tx.Partner.Get(ctx, id)
		if err != nil {
			return err
		}
		upd := tx.Partner.UpdateOne(cur)
		changes := map[string]any{}
		setStr := func(name string, v *string, set func(string), clear func()) {
			if v == nil {
				return
			}
			changes[name] = *v
			if *v == "" && clear != nil {
				clear()
				return
			}
			set(*v)
		}
		setStr("brand_name", p.BrandName, func(s string) { upd.SetBrandName(s) }, nil)
		setStr("logo_url", p.LogoURL, func(s string) { upd.SetLogoURL(s) }, func() { upd.ClearLogoURL() })
		setStr("country", p.Country, func(s string) { upd.SetCountry(s) }, nil)
		setStr("webhook_url", p.WebhookURL, func(s string) { upd.SetWebhookURL(s) }, func() { upd.ClearWebhookURL() })
		setStr("partner_redirect_url", p.PartnerRedirectURL, func(s string) { upd.SetPartnerRedirectURL(s) }, func() { upd.ClearPartnerRedirectURL() })
		setStr("default_storage_region", p.DefaultStorageRegion, func(s string) { upd.SetDefaultStorageRegion(s) }, func() { upd.ClearDefaultStorageRegion() })
		setStr("partner_plan", p.PartnerPlan, func(s string) { upd.SetPartnerPlan(partner.PartnerPlan(s)) }, nil)
		setStr("partner_tier", p.PartnerTier, func(s string) { upd.SetPartnerTier(partner.PartnerTier(s)) }, nil)
		setStr("billing_model", p.BillingModel, func(s string) { upd.SetBillingModel(partner.BillingModel(s)) }, nil)
		setStr("billing_system", p.BillingSystem, func(s string) { upd.SetBillingSystem(s) }, nil)
		setStr("status", p.Status, func(s string) { upd.SetStatus(partner.Status(s)) }, nil)
		if p.AllowClientToAddPhoneNo != nil {
			upd.SetAllowClientToAddPhoneNo(*p.AllowClientToAddPhoneNo)
			changes["allow_client_to_add_phone_no"] = *p.AllowClientToAddPhoneNo
		}
		if out, err = upd.Save(ctx); err != nil {
			return err
		}
		return s.recordChange(ctx, tx.Client(), out, changes)
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return ViewOf(out), nil
}

// PartnerChangeSettings are a partner's settings for incoming partner change requests;
// nil fields stay.
type PartnerChangeSettings struct {
	AutoApprove *bool
	Execution   *string // immediate or end_of_month
}

// SetPartnerChangeSettings sets whether incoming partner change requests are approved
// automatically and when approved ones run, and returns the partner.
//
// Errors: forbidden, not_found.
func (s *Service) SetPartnerChangeSettings(ctx context.Context, id string, set PartnerChangeSettings) (View, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || (v.Role != tenancy.PlatformAdmin && v.Role != tenancy.PartnerAdmin) {
		return View{}, apperr.ErrForbidden.New("Only partner admins change partner settings.")
	}
	var out *ent.Partner
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		upd := tx.Partner.UpdateOneID(id)
		changes := map[string]any{}
		if set.AutoApprove != nil {
			upd.SetAutoApprove(*set.AutoApprove)
			changes["auto_approve"] = *set.AutoApprove
		}
		if set.Execution != nil {
			upd.SetPcrExecution(partner.PcrExecution(*set.Execution))
			changes["pcr_execution"] = *set.Execution
		}
		var err error
		if out, err = upd.Save(ctx); err != nil {
			return err
		}
		return s.recordChange(ctx, tx.Client(), out, changes)
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return ViewOf(out), nil
}

func (s *Service) recordChange(ctx context.Context, tx *ent.Client, p *ent.Partner, changes map[string]any) error {
	now := s.clock.Now()
	if err := audit.Record(ctx, tx, audit.Entry{Action: "partner.updated", ObjectType: "partner", ObjectID: p.ID,
		PartnerID: &p.ID, Details: changes, At: now}); err != nil {
		return err
	}
	return events.Emit(ctx, tx, events.Event{Name: events.PartnerUpdated, PartnerID: p.ID, ObjectType: "partner", ObjectID: p.ID,
		Data: map[string]any{"id": p.ID, "changes": changes}, At: now})
}

// checkRedirect accepts an absolute http(s) URL without a fragment; onboarding appends
// its query to it.
func checkRedirect(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "must be an absolute http(s) URL"
	}
	if u.Fragment != "" {
		return "must not contain a #fragment"
	}
	return ""
}
