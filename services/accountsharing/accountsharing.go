// Package accountsharing serves partners that host their own Embedded Signup (the Partner
// API's account sharing): they create the client themselves and then register the numbers Meta's signup
// produced, instead of sending the client through the hub's onboarding page.
package accountsharing

import (
	"context"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/validate"
)

// Service creates clients and numbers for partners.
type Service struct {
	db       *ent.Client
	clock    clock.Clock
	channels *channels.Service
}

// New returns the account-sharing service.
func New(db *ent.Client, clk clock.Clock, ch *channels.Service) *Service {
	return &Service{db: db, clock: clk, channels: ch}
}

// NewClient is the body of POST /partners/{pid}/account_sharing/clients.
type NewClient struct {
	Name     string `json:"name" validate:"required,max=256" example:"Bluebird Bakery Ltd"`
	Email    string `json:"email" validate:"required,email,max=254"`
	UserName string `json:"user_name" validate:"max=128" example:"Bea Baker"`
}

// CreatedClient is the answer: the new client's id and timestamps.
type CreatedClient struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	ModifiedAt time.Time `json:"modified_at"`
}

func mayShare(ctx context.Context) error {
	if v := tenancy.FromContext(ctx); v == nil || !(v.Role == tenancy.PlatformAdmin || v.Role.IsPartner()) {
		return apperr.ErrForbidden.New("Only partner staff use account sharing.")
	}
	return nil
}

// CreateClient creates a client of partnerID and announces client_created.
//
// Errors: forbidden, validation_failed, not_found.
func (s *Service) CreateClient(ctx context.Context, partnerID string, in NewClient) (*CreatedClient, error) {
	if err := mayShare(ctx); err != nil {
		return nil, err
	}
	if err := validate.Struct(in); err != nil {
		return nil, err
	}
	var c *ent.ClientAccount
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		if _, err := tx.Partner.Get(ctx, partnerID); err != nil {
			return err
		}
		var err error
		c, err = s.newClient(ctx, tx.Client(), tx.ClientAccount.Create().SetPartnerID(partnerID).
			SetName(strings.TrimSpace(in.Name)).SetOrganisation(strings.TrimSpace(in.Name)).
			SetContactUser(fieldtype.ContactUser{Email: in.Email, Name: in.UserName}).
			SetContactInfo(fieldtype.ContactInfo{Email: in.Email, FullName: in.UserName}))
		return err
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return &CreatedClient{ID: c.ID, CreatedAt: c.CreatedAt.UTC(), ModifiedAt: c.ModifiedAt.UTC()}, nil
}

// newClient saves create with tx, audits it and announces client_created.
func (s *Service) newClient(ctx context.Context, tx *ent.Client, create *ent.ClientAccountCreate) (*ent.ClientAccount, error) {
	if v := tenancy.FromContext(ctx); v != nil && v.UserID != "" {
		create.SetCreatedBy(v.UserID)
	}
	c, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if err := audit.Record(ctx, tx, audit.Entry{Action: "client.created", ObjectType: "client", ObjectID: c.ID,
		PartnerID: &c.PartnerID, ClientID: &c.ID, Details: map[string]any{"name": c.Name, "via": "account_sharing"}, At: now}); err != nil {
		return nil, err
	}
	return c, events.Emit(ctx, tx, events.Event{Name: events.ClientCreated, PartnerID: c.PartnerID, ClientID: &c.ID,
		ObjectType: "client", ObjectID: c.ID, At: now,
		Data: map[string]any{"client": map[string]any{"id": c.ID, "name": c.Name, "contact_info": map[string]any{"email": c.ContactInfo.Email}}}})
}

// NewNumber is the body of POST /partners/{pid}/account_sharing/numbers. Either client_id
// or waba_business_id names the client; phone_number is what the simulator cannot learn
// from Meta by itself.
type NewNumber struct {
	SolutionID        string `json:"solution_id" validate:"required,max=32"`
	WABAExternalID    string `json:"waba_external_id" validate:"required,max=64"`
	WABABusinessID    string `json:"waba_business_id,omitempty" validate:"max=64"`
	ClientID          string `json:"client_id,omitempty" validate:"max=32"`
	Tier              string `json:"tier,omitempty" validate:"omitempty,oneof=basic regular premium"`
	PhoneNumber       string `json:"phone_number" validate:"required" example:"+4915112345678"`
	DisplayName       string `json:"display_name,omitempty" validate:"max=256"`
	ChannelExternalID string `json:"channel_external_id,omitempty" validate:"max=64"`
}

// RegisteredNumber echoes the request with the new channel and a message.
type RegisteredNumber struct {
	NewNumber
	ClientID  string `json:"client_id"`
	ChannelID string `json:"channel_id"`
	WABAID    string `json:"waba_id"`
	Message   string `json:"message"`
}

// RegisterNumber finds or creates the client's WABA by its Meta id and registers the
// number in it (status created; the provider moves it on).
//
// Errors: forbidden, validation_failed, not_found, waba_of_another_client,
// number_already_active, waba_unverified_limit, waba_number_limit, client_max_channels.
func (s *Service) RegisterNumber(ctx context.Context, partnerID string, in NewNumber) (*RegisteredNumber, error) {
	if err := mayShare(ctx); err != nil {
		return nil, err
	}
	if err := validate.Struct(in); err != nil {
		return nil, err
	}
	if in.ClientID == "" && in.WABABusinessID == "" {
		return nil, apperr.Validation("client_id: either client_id or waba_business_id is required")
	}
	out := &RegisteredNumber{NewNumber: in}
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		p, err := tx.Partner.Get(ctx, partnerID)
		if err != nil {
			return err
		}
		if p.SolutionID != nil && *p.SolutionID != in.SolutionID {
			return apperr.Validation("solution_id: is not this partner's solution")
		}
		c, err := s.clientFor(ctx, tx.Client(), partnerID, in)
		if err != nil {
			return err
		}
		w, err := tx.WABA.Query().Where(waba.ExternalID(in.WABAExternalID)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			w, err = tx.WABA.Create().SetPartnerID(partnerID).SetClientID(c.ID).SetExternalID(in.WABAExternalID).
				SetName(c.Name + " WABA").SetFbAccountStatus(waba.FbAccountStatusVerified).Save(ctx)
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case w.ClientID != c.ID:
			return ErrWABAOfAnotherClient.New("This WABA belongs to another client.")
		}
		ch, err := s.channels.Create(ctx, tx.Client(), c, w, channels.NewChannel{
			PhoneNumber: in.PhoneNumber, DisplayName: in.DisplayName, ExternalID: in.ChannelExternalID, SupportPlan: in.Tier})
		if err != nil {
			return err
		}
		out.ClientID, out.ChannelID, out.WABAID = c.ID, ch.ID, w.ID
		out.Message = "Thank you! Your number is onboarding. You will be notified by webhook when it is running."
		return nil
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}

// clientFor returns the named client of partnerID, or — given only a Meta business id —
// the client that already owns a WABA of that business, or a new client for it.
func (s *Service) clientFor(ctx context.Context, tx *ent.Client, partnerID string, in NewNumber) (*ent.ClientAccount, error) {
	if in.ClientID != "" {
		return tx.ClientAccount.Query().Where(clientaccount.ID(in.ClientID), clientaccount.PartnerID(partnerID)).Only(ctx)
	}
	c, err := tx.ClientAccount.Query().Where(clientaccount.PartnerID(partnerID), clientaccount.PartnerPayload("meta-business:"+in.WABABusinessID)).Only(ctx)
	if !ent.IsNotFound(err) {
		return c, err
	}
	return s.newClient(ctx, tx, tx.ClientAccount.Create().SetPartnerID(partnerID).SetName("Business "+in.WABABusinessID).
		SetPartnerPayload("meta-business:"+in.WABABusinessID))
}
