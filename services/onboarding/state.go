package onboarding

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/validate"
	"github.com/partnerhub/partnerhub/services/wabas"
)

// State is everything the onboarding wizard needs about a signed-in client on one
// partner's page, in one answer.
type State struct {
	ClientID  string `json:"client_id" example:"a1B2c3D4e5CL"`
	PartnerID string `json:"partner_id" example:"a1B2c3D4e5PA"`
	// BelongsToPartner false: the client is managed by another partner; the page explains
	// that a partner change is needed, and the steps below answer 409 managed_by_another_partner.
	BelongsToPartner bool   `json:"belongs_to_partner"`
	Plan             string `json:"plan" enums:"basic,regular,premium"`
	// TermsVersion is the version of the terms the client accepted (null: none yet);
	// CurrentTermsVersion is the one it must have accepted when PlanRequired.
	TermsVersion        *string    `json:"terms_version"`
	TermsAcceptedAt     *time.Time `json:"terms_accepted_at"`
	CurrentTermsVersion string     `json:"current_terms_version" example:"2026-11"`
	// PlanRequired: a direct-payment partner's client has yet to choose a plan and accept
	// the current terms.
	PlanRequired  bool `json:"plan_required"`
	CanAddNumbers bool `json:"can_add_numbers"`
	// ReasonCannotAdd says in words why CanAddNumbers is false; ReasonCode is the error
	// code the number step would answer with (e.g. adding_numbers_disabled).
	ReasonCannotAdd string           `json:"reason_cannot_add,omitempty"`
	ReasonCode      string           `json:"reason_code,omitempty"`
	WABAs           []WABASummary    `json:"wabas"`
	Channels        []ChannelSummary `json:"channels"`
}

// WABASummary is a WABA offered in the "select a WABA" step.
type WABASummary struct {
	ID              string `json:"id" example:"a1B2c3D4e5WA"`
	Name            string `json:"name"`
	NumberCount     int    `json:"number_count"`
	EffectiveLimit  int    `json:"effective_limit"`
	FBAccountStatus string `json:"fb_account_status" example:"verified"`
}

// ChannelSummary is a number on the permission screen.
type ChannelSummary struct {
	ID            string `json:"id" example:"a1B2c3D4e5CH"`
	PhoneNumber   string `json:"phone_number" example:"+4915112345678"`
	DisplayName   string `json:"display_name"`
	Status        string `json:"status"`
	KeyPermission string `json:"key_permission" enums:"shared,missing"`
	// PermissionFixed: on partner payment the partner always holds the permission, so the
	// screen shows it without a choice.
	PermissionFixed bool `json:"permission_fixed"`
}

// State returns the wizard's view of clientID on partnerID's page ("" = the client's own
// partner). Client users of the client and platform staff may read it.
//
// Errors: not_found, partner_not_found.
//
// Reports: managed_by_another_partner, client_not_active, plan_required,
// adding_numbers_disabled, client_max_channels (as reason_code, when numbers cannot be added).
func (s *Service) State(ctx context.Context, clientID, partnerID string) (*State, error) {
	c, err := client(ctx, s.db, clientID)
	if err != nil {
		return nil, err
	}
	p, err := s.pagePartner(ctx, s.db, c, partnerID)
	if err != nil {
		return nil, err
	}
	return s.state(ctx, s.db, c, p)
}

func (s *Service) state(ctx context.Context, db *ent.Client, c *ent.ClientAccount, p *ent.Partner) (*State, error) {
	out := &State{
		ClientID: c.ID, PartnerID: p.ID, BelongsToPartner: c.PartnerID == p.ID, Plan: string(c.Plan),
		TermsVersion: c.TermsVersion, TermsAcceptedAt: utc(c.TermsAcceptedAt), CurrentTermsVersion: TermsVersion,
		PlanRequired: planRequired(p, c), WABAs: []WABASummary{}, Channels: []ChannelSummary{},
	}
	ws, err := db.WABA.Query().Where(waba.ClientID(c.ID)).Order(ent.Asc(waba.FieldCreatedAt), ent.Asc(waba.FieldID)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	chs, err := db.Channel.Query().Where(channel.ClientID(c.ID), channel.StatusNEQ(channel.StatusTerminated)).
		Order(ent.Asc(channel.FieldCreatedAt), ent.Asc(channel.FieldID)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	perWABA := map[string]int{}
	for _, ch := range chs {
		perWABA[ch.WabaID]++
	}
	for _, w := range ws {
		out.WABAs = append(out.WABAs, WABASummary{ID: w.ID, Name: w.Name, NumberCount: perWABA[w.ID],
			EffectiveLimit: wabas.EffectiveLimit(w), FBAccountStatus: string(w.FbAccountStatus)})
	}
	// The permission is fixed by the billing model of the partner that manages the client.
	own := p
	if c.PartnerID != p.ID {
		if own, err = s.activePartner(ctx, db, c.PartnerID); err != nil {
			own = nil
		}
	}
	fixed := own != nil && own.BillingModel == partner.BillingModelPartnerPayment
	for _, ch := range chs {
		out.Channels = append(out.Channels, ChannelSummary{ID: ch.ID, PhoneNumber: ch.PhoneNumber, DisplayName: ch.SetupInfo.PhoneName,
			Status: string(ch.Status), KeyPermission: string(ch.KeyPermission), PermissionFixed: fixed})
	}
	if refusal := admission(p, c, len(chs)); refusal != nil {
		out.ReasonCannotAdd, out.ReasonCode = refusal.Message, refusal.Code
	} else {
		out.CanAddNumbers = true
	}
	return out, nil
}

// PlanChoice is the plan-and-terms step.
type PlanChoice struct {
	// PartnerID is the partner whose page this is; "" means the client's own partner.
	PartnerID    string `json:"partner_id,omitempty" example:"a1B2c3D4e5PA"`
	Plan         string `json:"plan" validate:"required,oneof=basic regular premium" enums:"basic,regular,premium"`
	AcceptTerms  bool   `json:"accept_terms"`
	TermsVersion string `json:"terms_version" example:"2026-11"`
}

// ChoosePlan records the client's plan and its acceptance of the current terms, and
// returns the new state. Only the client's admins choose; the client must belong to the
// page's partner.
//
// Errors: unauthenticated, forbidden, not_found, validation_failed, partner_not_found,
// managed_by_another_partner.
//
// Reports: client_not_active, plan_required, adding_numbers_disabled, client_max_channels
// (in the new state's reason_code).
func (s *Service) ChoosePlan(ctx context.Context, clientID string, in PlanChoice) (*State, error) {
	if err := mayChange(ctx); err != nil {
		return nil, err
	}
	c, err := client(ctx, s.db, clientID)
	if err != nil {
		return nil, err
	}
	var problems []string
	if err := validate.Struct(in); err != nil {
		problems = append(problems, apperr.As(err).Details...)
	}
	if !in.AcceptTerms {
		problems = append(problems, "accept_terms: you must accept the terms to continue")
	}
	if in.TermsVersion != TermsVersion {
		problems = append(problems, "terms_version: must be the current terms version "+TermsVersion+"; reload the page to read them")
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	var out *State
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		p, err := s.pagePartner(ctx, tx.Client(), c, in.PartnerID)
		if err != nil {
			return err
		}
		if c.PartnerID != p.ID {
			return managedElsewhere(p)
		}
		now := s.clock.Now()
		c, err = tx.ClientAccount.UpdateOneID(c.ID).SetPlan(clientaccount.Plan(in.Plan)).
			SetTermsVersion(TermsVersion).SetTermsAcceptedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		changes := map[string]any{"plan": in.Plan, "terms_version": TermsVersion, "terms_accepted_at": now.UTC()}
		if err := audit.Record(ctx, tx.Client(), audit.Entry{Action: "client.plan_selected", ObjectType: "client", ObjectID: c.ID,
			PartnerID: &c.PartnerID, ClientID: &c.ID, Details: changes, At: now}); err != nil {
			return err
		}
		if err := events.Emit(ctx, tx.Client(), events.Event{Name: events.ClientUpdated, PartnerID: c.PartnerID, ClientID: &c.ID,
			ObjectType: "client", ObjectID: c.ID, Data: map[string]any{"id": c.ID, "changes": changes}, At: now}); err != nil {
			return err
		}
		out, err = s.state(ctx, tx.Client(), c, p)
		return err
	})
	return out, apperr.From(err)
}
