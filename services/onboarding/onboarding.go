// Package onboarding is Integrated Onboarding: the page a partner's "connect" button opens
// at /dashboard/app/{partner_id}/permissions. A new client signs up under the partner (or
// an existing one signs in), chooses a plan and accepts the terms when the partner is on
// direct payment, adds a number (business, WABA, display name, phone number, OTP by SMS or
// voice), selects which numbers the partner may manage, and is sent back to the partner's
// redirect URL with ?client=…&channels=[…]&revoked=[…].
//
// The Meta side (WABA creation, number registration, OTP delivery) goes through the
// provider, always outside a transaction; the registration limit counts each number
// registration; the channel itself is created by services/channels and the key permission
// is changed by services/apikeys, so their rules (limits, key revocation) apply unchanged.
package onboarding

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/wabas"
)

// TermsVersion is the version of the terms a direct-payment client accepts with its plan.
// Raising it asks every direct-payment client to accept again before adding numbers.
const TermsVersion = "2026-11"

// Plans are the client plans offered on the plan step.
var Plans = []string{"basic", "regular", "premium"}

// Service runs Integrated Onboarding.
type Service struct {
	db           *ent.Client
	clock        clock.Clock
	auth         *auth.Service
	channels     *channels.Service
	keys         *apikeys.Service
	otp          *otp.Service
	registration *registration.Service
	provider     provider.Provider
}

// New returns the onboarding service.
func New(db *ent.Client, clk clock.Clock, a *auth.Service, ch *channels.Service, keys *apikeys.Service,
	o *otp.Service, reg *registration.Service, p provider.Provider) *Service {
	return &Service{db: db, clock: clk, auth: a, channels: ch, keys: keys, otp: o, registration: reg, provider: p}
}

// PartnerInfo is what the onboarding page shows about the partner before anyone signs in.
// It is public: the link carries the partner id, and nothing here is confidential.
type PartnerInfo struct {
	PartnerID    string  `json:"partner_id" example:"a1B2c3D4e5PA"`
	BrandName    string  `json:"brand_name" example:"Acme Messaging"`
	LogoURL      *string `json:"logo_url"`
	BillingModel string  `json:"billing_model" enums:"direct_payment,partner_payment"`
	// PlanRequired: clients of direct-payment partners choose a plan and accept the terms
	// before adding numbers.
	PlanRequired bool     `json:"plan_required"`
	Plans        []string `json:"plans" example:"basic,regular,premium"`
	TermsVersion string   `json:"terms_version" example:"2026-11"`
	TermsURL     string   `json:"terms_url,omitempty"`
	// AllowClientToAddPhoneNo false: a client with a number may not add more through onboarding.
	AllowClientToAddPhoneNo bool `json:"allow_client_to_add_phone_no"`
	// RedirectConfigured false: the permission step cannot send the client back, so the
	// page should explain that the partner has not finished its setup.
	RedirectConfigured bool `json:"redirect_configured"`
}

// Partner returns the public onboarding view of partnerID; unknown and inactive partners
// are a 404.
//
// Errors: partner_not_found.
func (s *Service) Partner(ctx context.Context, partnerID string) (*PartnerInfo, error) {
	p, err := s.activePartner(ctx, s.db, partnerID)
	if err != nil {
		return nil, err
	}
	return &PartnerInfo{
		PartnerID: p.ID, BrandName: p.BrandName, LogoURL: p.LogoURL, BillingModel: string(p.BillingModel),
		PlanRequired: p.BillingModel == partner.BillingModelDirectPayment, Plans: Plans, TermsVersion: TermsVersion,
		AllowClientToAddPhoneNo: p.AllowClientToAddPhoneNo, RedirectConfigured: p.PartnerRedirectURL != nil && *p.PartnerRedirectURL != "",
	}, nil
}

// activePartner reads partner id, whoever is signed in (or nobody).
func (s *Service) activePartner(ctx context.Context, db *ent.Client, id string) (*ent.Partner, error) {
	if id == "" || len(id) > 32 {
		return nil, noPartner()
	}
	// As the system: the onboarding page of any active partner is public, and only the
	// partner's public face (brand, logo, billing model, settings of the page) is used.
	p, err := db.Partner.Get(tenancy.AsSystem(ctx, tenancy.PublicFlow), id)
	switch {
	case ent.IsNotFound(err):
		return nil, noPartner()
	case err != nil:
		return nil, err
	case p.Status != partner.StatusActive:
		return nil, noPartner()
	}
	return p, nil
}

func noPartner() *apperr.Error {
	return ErrPartnerNotFound.New(
		"There is no active partner with this id. Check the link you followed, or ask the partner for a new one.")
}

// mayChange lets client admins (and platform admins acting for them) go through the
// steps that change anything; client members and support agents may only look.
func mayChange(ctx context.Context) error {
	v := tenancy.FromContext(ctx)
	if v == nil {
		return apperr.ErrUnauthenticated.New("Sign in first.")
	}
	if v.Role != tenancy.ClientAdmin && v.Role != tenancy.PlatformAdmin {
		return apperr.ErrForbidden.New("Only the client's admins can add numbers, choose the plan or share permissions.")
	}
	return nil
}

// client returns clientID as the viewer sees it: another tenant's client is a 404.
func client(ctx context.Context, db *ent.Client, clientID string) (*ent.ClientAccount, error) {
	c, err := db.ClientAccount.Query().Where(clientaccount.ID(clientID)).Only(ctx)
	return c, apperr.From(err)
}

// pagePartner resolves the partner whose onboarding page the client is on: partnerID, or
// the client's own partner when the page did not say.
func (s *Service) pagePartner(ctx context.Context, db *ent.Client, c *ent.ClientAccount, partnerID string) (*ent.Partner, error) {
	if partnerID == "" {
		partnerID = c.PartnerID
	}
	return s.activePartner(ctx, db, partnerID)
}

// planRequired: a direct-payment partner's client must have accepted the current terms.
func planRequired(p *ent.Partner, c *ent.ClientAccount) bool {
	return p.BillingModel == partner.BillingModelDirectPayment && (c.TermsVersion == nil || *c.TermsVersion != TermsVersion)
}

func managedElsewhere(p *ent.Partner) *apperr.Error {
	return ErrManagedByAnotherPartner.Newf(
		"Your account is managed by another partner. To connect your numbers to %s, first request a partner change to it in your client portal.", p.BrandName)
}

// admission decides whether client c may add a number on partner p's page now, given how
// many numbers it has; nil means yes. The state shown to the wizard and the refusals of
// the number steps come from this one place.
func admission(p *ent.Partner, c *ent.ClientAccount, numbers int) *apperr.Error {
	switch {
	case c.PartnerID != p.ID:
		return managedElsewhere(p)
	case c.Status != clientaccount.StatusActive:
		return ErrClientNotActive.Newf("Your account is %s; numbers cannot be added. Contact your partner.", c.Status)
	case planRequired(p, c):
		return ErrPlanRequired.Newf(
			"Choose a plan and accept the terms (version %s) before adding a number.", TermsVersion)
	case !p.AllowClientToAddPhoneNo && numbers > 0:
		return ErrAddingNumbersDisabled.Newf(
			"%s does not let clients add further numbers themselves. Ask your partner to add the number for you.", p.BrandName)
	case numbers >= c.MaxChannels:
		return wabas.ErrClientMaxChannels.Newf(
			"Your account already has %d numbers, the most it may have. Ask your partner to raise the limit.", numbers)
	}
	return nil
}

// numberCount is how many numbers (channels not terminated) client c has.
func numberCount(ctx context.Context, db *ent.Client, c *ent.ClientAccount) (int, error) {
	return db.Channel.Query().Where(channel.ClientID(c.ID), channel.StatusNEQ(channel.StatusTerminated)).Count(ctx)
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
