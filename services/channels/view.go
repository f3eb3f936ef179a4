// Package channels manages phone-number channels: the status lifecycle, the
// business profile, the channel webhook, local storage (with an OTP on running numbers),
// cancellation and month-end termination, and updates reported by the provider. Every
// change is audited and written to the outbox in the same transaction.
package channels

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
)

// View is a channel as the Partner API shows it (an item of partner_channels) and as
// channel events carry it.
type View struct {
	ID                   string                `json:"id" example:"a1B2c3D4e5CH"`
	ClientID             string                `json:"client_id"`
	PartnerID            string                `json:"partner_id"`
	WABAAccountID        string                `json:"waba_account_id"`
	ExternalID           *string               `json:"external_id"`
	Status               string                `json:"status" enums:"created,submitted,ready,running,pending_deletion,terminated,ready_for_migration,migration_code_requested,migrating"`
	AccountMode          string                `json:"account_mode" enums:"sandbox,live"`
	CurrentQualityRating string                `json:"current_quality_rating" enums:"GREEN,YELLOW,RED,UNKNOWN"`
	CurrentLimit         string                `json:"current_limit" example:"TIER_1K"`
	HostingType          string                `json:"hosting_type" enums:"cloud,on_premise"`
	SupportPlan          string                `json:"support_plan" enums:"basic,regular,premium"`
	KeyPermission        string                `json:"key_permission" enums:"shared,missing"`
	LocalStorageRegion   *string               `json:"local_storage_region"`
	WebhookURL           *string               `json:"webhook_url"`
	IsMigrated           bool                  `json:"is_migrated"`
	BillingStartedAt     *time.Time            `json:"billing_started_at"`
	CancelledAt          *time.Time            `json:"cancelled_at"`
	TerminatedAt         *time.Time            `json:"terminated_at"`
	StatusChangedAt      *time.Time            `json:"status_changed_at"`
	CreatedAt            time.Time             `json:"created_at"`
	ModifiedAt           time.Time             `json:"modified_at"`
	SetupInfo            fieldtype.SetupInfo   `json:"setup_info"`
	ProfileInfo          fieldtype.ProfileInfo `json:"profile_info"`
	Health               *fieldtype.Health     `json:"health"`
	// Integration, HasInbox and IsOBA are the reference's fields for 360dialog's own
	// integration layer and inbox and Meta's Official Business Account badge; the hub has
	// neither layer nor inbox, so they answer "off" in the reference's types.
	Integration Integration `json:"integration"`
	HasInbox    bool        `json:"has_inbox"`
	IsOBA       bool        `json:"is_oba"`
	Client      *ClientRef  `json:"client,omitempty"`
	WABAAccount *WABARef    `json:"waba_account,omitempty"`

	// BlockedUntil is set while the number is blocked by Meta's registration limit (at most
	// 10 registration-type actions in 72 hours); null otherwise.
	BlockedUntil *time.Time `json:"blocked_until"`
}

// ClientRef is the embedded copy of a channel's client.
type ClientRef struct {
	ID             string                `json:"id"`
	Name           string                `json:"name"`
	PartnerPayload string                `json:"partner_payload"`
	ContactInfo    fieldtype.ContactInfo `json:"contact_info"`
}

// WABARef is the embedded copy of a channel's WABA (waba_account).
type WABARef struct {
	ID              string    `json:"id" example:"DWLgd6WA"`
	ExternalID      *string   `json:"external_id"`
	Name            string    `json:"name"`
	Namespace       string    `json:"namespace"`
	ClientID        string    `json:"client_id"`
	FBAccountStatus string    `json:"fb_account_status"`
	Currency        string    `json:"currency"`
	Timezone        string    `json:"timezone"`
	NumberLimit     int       `json:"number_limit"`
	CreatedAt       time.Time `json:"created_at"`
	// OnBehalfOfBusinessInfo is the business Meta shares the WABA on behalf of; null: the
	// hub does not learn it from the provider (clients read it as an optional object).
	OnBehalfOfBusinessInfo *BusinessInfo `json:"on_behalf_of_business_info"`
}

// Integration is the reference's integration block of a channel.
type Integration struct {
	Enabled bool   `json:"enabled"`
	AppID   string `json:"app_id"`
	State   string `json:"state"`
}

// BusinessInfo is the reference's on_behalf_of_business_info of a WABA.
type BusinessInfo struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status" enums:"submitted,approved,rejected,denied"`
	Type   string `json:"type"`
}

// ViewOf renders ch; its client and WABA edges are embedded when loaded.
func ViewOf(ch *ent.Channel) View {
	v := View{
		ID: ch.ID, ClientID: ch.ClientID, PartnerID: ch.PartnerID, WABAAccountID: ch.WabaID, ExternalID: ch.ExternalID,
		Status: string(ch.Status), AccountMode: string(ch.AccountMode), CurrentQualityRating: string(ch.CurrentQualityRating),
		CurrentLimit: ch.CurrentLimit, HostingType: string(ch.HostingType), SupportPlan: string(ch.SupportPlan),
		KeyPermission: string(ch.KeyPermission), LocalStorageRegion: ch.LocalStorageRegion, WebhookURL: ch.WebhookURL,
		IsMigrated: ch.IsMigrated, BillingStartedAt: utc(ch.BillingStartedAt), CancelledAt: utc(ch.CancelledAt),
		TerminatedAt: utc(ch.TerminatedAt), StatusChangedAt: utc(ch.StatusChangedAt),
		CreatedAt: ch.CreatedAt.UTC(), ModifiedAt: ch.ModifiedAt.UTC(), SetupInfo: ch.SetupInfo, ProfileInfo: ch.ProfileInfo,
		Integration: Integration{AppID: appID(ch)},
	}
	if ch.Health.CanSendMessage != "" {
		h := ch.Health
		v.Health = &h
	}
	if c := ch.Edges.Client; c != nil {
		v.Client = &ClientRef{ID: c.ID, Name: c.Name, PartnerPayload: c.PartnerPayload, ContactInfo: c.ContactInfo}
	}
	if w := ch.Edges.Waba; w != nil {
		v.WABAAccount = &WABARef{ID: w.ID, ExternalID: w.ExternalID, Name: w.Name, Namespace: w.Namespace, ClientID: w.ClientID,
			FBAccountStatus: string(w.FbAccountStatus), Currency: w.Currency, Timezone: w.Timezone, NumberLimit: w.NumberLimit,
			CreatedAt: w.CreatedAt.UTC()}
	}
	return v
}

// view renders ch with its number's registration block.
func (s *Service) view(ctx context.Context, ch *ent.Channel) (View, error) {
	v, err := s.views(ctx, ch)
	if err != nil {
		return View{}, err
	}
	return v[0], nil
}

// views renders chs with each number's registration block, read in one query for the
// whole page.
func (s *Service) views(ctx context.Context, chs ...*ent.Channel) ([]View, error) {
	numbers := make([]string, len(chs))
	for i, ch := range chs {
		numbers[i] = ch.PhoneNumber
	}
	blocked, err := s.registration.BlockedUntil(ctx, numbers...)
	if err != nil {
		return nil, err
	}
	out := make([]View, len(chs))
	for i, ch := range chs {
		out[i] = ViewOf(ch)
		if until, ok := blocked[ch.PhoneNumber]; ok {
			out[i].BlockedUntil = &until
		}
	}
	return out, nil
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// SetKeyPermission grants ("shared") or withdraws ("missing") the partner's permission to
// generate keys for number id (apikeys.Service.SetPermission, which revokes the partner's
// keys on withdrawal) and returns the number as the API shows it.
//
// Errors: forbidden, partner_payment, validation_failed, not_found.
func (s *Service) SetKeyPermission(ctx context.Context, sc Scope, id, state string) (View, error) {
	ch, err := s.Keys.SetPermission(ctx, sc, id, state)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, ch)
}

// appID is the number's id on the Meta side, or the channel id until it has one (as the
// key answers' app_id).
func appID(ch *ent.Channel) string {
	if ch.ExternalID != nil {
		return *ch.ExternalID
	}
	return ch.ID
}
