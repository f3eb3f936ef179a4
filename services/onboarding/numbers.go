package onboarding

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/otpchallenge"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/phone"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/validate"
	"github.com/partnerhub/partnerhub/services/wabas"
)

// otpPurpose marks the OTP challenges of the number step.
const otpPurpose = "onboarding"

// NumberRequest is the Embedded Signup step: the business, a WABA (an existing one of the
// client, or a new one), the display name, the phone number and how the code is sent.
type NumberRequest struct {
	// PartnerID is the partner whose page this is; "" means the client's own partner.
	PartnerID string `json:"partner_id,omitempty" example:"a1B2c3D4e5PA"`
	// BusinessName is the Meta business that owns a new WABA; default: the client's organisation.
	BusinessName string `json:"business_name,omitempty" validate:"max=256" example:"Bluebird Bakery Ltd"`
	// WABAID selects one of the client's WABAs; give either it or NewWABA.
	WABAID      string   `json:"waba_id,omitempty" validate:"max=32"`
	NewWABA     *NewWABA `json:"new_waba,omitempty"`
	DisplayName string   `json:"display_name" validate:"required,max=256" example:"Bluebird Bakery"`
	PhoneNumber string   `json:"phone_number" example:"+4915112345678"`
	Method      string   `json:"method" validate:"omitempty,oneof=sms voice" enums:"sms,voice"`
}

// NewWABA is a WABA to create with the number.
type NewWABA struct {
	Name     string `json:"name" validate:"required,max=256" example:"Bluebird Bakery"`
	Currency string `json:"currency,omitempty" example:"EUR"`
	Timezone string `json:"timezone,omitempty" validate:"max=64" example:"Europe/Berlin"`
}

// NumberSignup is a started number step: the code was sent and waits for Verify. Its id
// names the step in the resend and verify calls.
type NumberSignup struct {
	ID          string    `json:"id" example:"a1B2c3D4e5OT"`
	PhoneNumber string    `json:"phone_number" example:"+4915112345678"`
	Method      string    `json:"method" enums:"sms,voice"`
	ResendAt    time.Time `json:"resend_at"`
	ExpiresAt   time.Time `json:"expires_at"`
}

func signupOf(c *ent.OTPChallenge) *NumberSignup {
	return &NumberSignup{ID: c.ID, PhoneNumber: c.PhoneNumber, Method: string(c.Method), ResendAt: c.ResendAt.UTC(), ExpiresAt: c.ExpiresAt.UTC()}
}

// pendingNumber is what is kept, in the OTP challenge's payload, between the start of the
// number step and its verification.
type pendingNumber struct {
	PartnerID    string
	BusinessName string
	WABAID       string
	NewWABA      *NewWABA
	DisplayName  string
	PhoneNumber  string
}

func (n pendingNumber) payload() map[string]any {
	m := map[string]any{"partner_id": n.PartnerID, "business_name": n.BusinessName, "waba_id": n.WABAID,
		"display_name": n.DisplayName, "phone_number": n.PhoneNumber}
	if n.NewWABA != nil {
		m["new_waba_name"], m["new_waba_currency"], m["new_waba_timezone"] = n.NewWABA.Name, n.NewWABA.Currency, n.NewWABA.Timezone
	}
	return m
}

func pendingOf(c *ent.OTPChallenge) pendingNumber {
	str := func(k string) string { v, _ := c.Payload[k].(string); return v }
	n := pendingNumber{PartnerID: str("partner_id"), BusinessName: str("business_name"), WABAID: str("waba_id"),
		DisplayName: str("display_name"), PhoneNumber: c.PhoneNumber}
	if name := str("new_waba_name"); name != "" {
		n.NewWABA = &NewWABA{Name: name, Currency: str("new_waba_currency"), Timezone: str("new_waba_timezone")}
	}
	return n
}

var isoValidator = validator.New()

// check validates in and returns the number in E.164 and the normalised new WABA.
func (in *NumberRequest) check() (string, error) {
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.BusinessName = strings.TrimSpace(in.BusinessName)
	in.WABAID = strings.TrimSpace(in.WABAID)
	if in.Method == "" {
		in.Method = string(provider.SMS)
	}
	var problems []string
	if err := validate.Struct(in); err != nil {
		problems = append(problems, apperr.As(err).Details...)
	}
	switch {
	case in.WABAID != "" && in.NewWABA != nil:
		problems = append(problems, "waba_id: choose an existing WABA or create a new one (new_waba), not both")
	case in.WABAID == "" && in.NewWABA == nil:
		problems = append(problems, "waba_id: choose one of your WABAs, or create a new one with new_waba")
	}
	if w := in.NewWABA; w != nil {
		w.Name = strings.TrimSpace(w.Name)
		w.Currency = strings.ToUpper(strings.TrimSpace(w.Currency))
		w.Timezone = strings.TrimSpace(w.Timezone)
		if w.Currency == "" {
			w.Currency = "USD"
		}
		if w.Timezone == "" {
			w.Timezone = "UTC"
		}
		if isoValidator.Var(w.Currency, "iso4217") != nil {
			problems = append(problems, "new_waba.currency: must be an ISO 4217 currency code such as EUR or USD")
		}
		if _, err := time.LoadLocation(w.Timezone); err != nil || w.Timezone == "Local" || len(w.Timezone) > 64 {
			problems = append(problems, "new_waba.timezone: must be an IANA time zone such as Europe/Berlin")
		}
	}
	number, err := phone.Normalize("phone_number", in.PhoneNumber)
	if err != nil {
		problems = append(problems, apperr.As(err).Details...)
	}
	if len(problems) > 0 {
		return "", apperr.Validation(problems...)
	}
	return number, nil
}

// StartNumber checks that the client may add the number and sends a code to it (purpose
// "onboarding") after the challenge is committed. Nothing is registered yet; Verify does it.
// The WABA's room is wabas' rule, the code's cool-down otp's.
//
// Errors: unauthenticated, forbidden, not_found, validation_failed, partner_not_found,
// managed_by_another_partner, client_not_active, plan_required, adding_numbers_disabled,
// client_max_channels, number_already_active, registration_limit_reached,
// waba_number_limit, waba_unverified_limit, otp_not_delivered.
func (s *Service) StartNumber(ctx context.Context, clientID string, in NumberRequest) (*NumberSignup, error) {
	if err := mayChange(ctx); err != nil {
		return nil, err
	}
	c, err := client(ctx, s.db, clientID)
	if err != nil {
		return nil, err
	}
	number, err := in.check()
	if err != nil {
		return nil, err
	}
	n := pendingNumber{PartnerID: in.PartnerID, BusinessName: in.BusinessName, WABAID: in.WABAID, NewWABA: in.NewWABA,
		DisplayName: in.DisplayName, PhoneNumber: number}
	if n.PartnerID == "" {
		n.PartnerID = c.PartnerID
	}
	var pending *otp.Pending
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		c, err := client(ctx, tx.Client(), clientID)
		if err != nil {
			return err
		}
		if _, err := s.admit(ctx, tx.Client(), c, n); err != nil {
			return err
		}
		pending, err = s.otp.Start(ctx, tx.Client(), otp.Request{
			Purpose: otpPurpose, SubjectID: c.ID + ":" + number, PhoneNumber: number, PartnerID: c.PartnerID, ClientID: &c.ID,
			Method: provider.OTPMethod(in.Method), Payload: n.payload(),
		})
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "onboarding.number_code_sent", ObjectType: "client", ObjectID: c.ID,
			PartnerID: &c.PartnerID, ClientID: &c.ID, At: s.clock.Now(),
			Details: map[string]any{"phone_number": number, "method": in.Method, "signup_id": pending.Challenge.ID}})
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	if err := pending.Send(ctx); err != nil {
		return nil, otp.ErrNotDelivered.New("The code could not be delivered; request it again.").Wrap(err)
	}
	return signupOf(pending.Challenge), nil
}

// admit runs every check of the number step against the current data: the client may add
// a number on this partner's page, the number is not active in the hub and not blocked by
// the registration limit, and the chosen WABA is the client's and has room. It returns the
// chosen WABA (nil for a new one).
func (s *Service) admit(ctx context.Context, db *ent.Client, c *ent.ClientAccount, n pendingNumber) (*ent.WABA, error) {
	p, err := s.pagePartner(ctx, db, c, n.PartnerID)
	if err != nil {
		return nil, err
	}
	count, err := numberCount(ctx, db, c)
	if err != nil {
		return nil, err
	}
	if refusal := admission(p, c, count); refusal != nil {
		return nil, refusal
	}
	// In any tenant: a number is hosted once. Only whether it is is read.
	active, err := db.Channel.Query().Where(channel.PhoneNumber(n.PhoneNumber), channel.StatusNEQ(channel.StatusTerminated)).
		Exist(tenancy.AsSystem(ctx, tenancy.AcrossTenants))
	if err != nil {
		return nil, err
	}
	if active {
		return nil, channels.ErrNumberAlreadyActive.New(
			"This phone number is already active in the hub. If it is yours under another account or partner, request a partner change or a migration instead.")
	}
	st, err := s.registration.StatusOf(ctx, n.PhoneNumber)
	if err != nil {
		return nil, err
	}
	if st.BlockedUntil != nil {
		e := registration.ErrLimitReached.Limited(
			"This phone number reached Meta's limit of registrations in 72 hours and is blocked until "+
				st.BlockedUntil.Format(time.RFC3339)+". Try again after that.", st.BlockedUntil.Sub(s.clock.Now()))
		e.Details = []string{"blocked_until: " + st.BlockedUntil.Format(time.RFC3339)}
		return nil, e
	}
	w := &ent.WABA{FbAccountStatus: waba.FbAccountStatusNotVerified, NumberLimit: wabas.DefaultLimit} // a new, empty WABA
	if n.WABAID != "" {
		if w, err = db.WABA.Query().Where(waba.ID(n.WABAID), waba.ClientID(c.ID)).Only(ctx); err != nil {
			if ent.IsNotFound(err) {
				return nil, apperr.NotFoundf("You have no WABA with id %s.", n.WABAID)
			}
			return nil, err
		}
	}
	if err := wabas.CheckRoom(ctx, db, w, c); err != nil {
		return nil, err
	}
	if n.WABAID == "" {
		return nil, nil
	}
	return w, nil
}

// challenge returns the pending-or-finished number step id of client c.
func (s *Service) challenge(ctx context.Context, db *ent.Client, c *ent.ClientAccount, id string) (*ent.OTPChallenge, error) {
	ch, err := db.OTPChallenge.Query().Where(otpchallenge.ID(id), otpchallenge.Purpose(otpPurpose), otpchallenge.ClientID(c.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("No such number verification for this client; start the number step again.")
	}
	return ch, apperr.From(err)
}

// ResendCode sends a new code for number step id, after the cool-down (429 before it,
// otp's code); method may switch between sms and voice ("" keeps it).
//
// Errors: unauthenticated, forbidden, validation_failed, not_found, otp_not_pending,
// otp_cooldown, otp_too_many_sends.
func (s *Service) ResendCode(ctx context.Context, clientID, id, method string) (*NumberSignup, error) {
	if err := mayChange(ctx); err != nil {
		return nil, err
	}
	if method != "" && method != string(provider.SMS) && method != string(provider.Voice) {
		return nil, apperr.Validation("method: must be one of: sms, voice")
	}
	c, err := client(ctx, s.db, clientID)
	if err != nil {
		return nil, err
	}
	if _, err := s.challenge(ctx, s.db, c, id); err != nil {
		return nil, err
	}
	ch, err := s.otp.Resend(ctx, s.db, id, provider.OTPMethod(method))
	if err != nil {
		return nil, apperr.From(err)
	}
	return signupOf(ch), nil
}

// VerifyNumber checks the code of number step id and registers the number: the
// registration limit counts it (429 when refused), a new WABA is created on the Meta side
// and in the hub, the number is registered on the Meta side, and the channel is created
// (status created; the provider moves it on) with its event and audit rows, and returned
// as the API shows it. A wrong code is a 422 naming the attempts left (otp's code) and
// stays counted. The number is checked again as StartNumber did.
//
// Errors: unauthenticated, forbidden, validation_failed, not_found, partner_not_found,
// managed_by_another_partner, client_not_active, plan_required, adding_numbers_disabled,
// client_max_channels, number_already_active, registration_limit_reached,
// waba_number_limit, waba_unverified_limit, otp_not_pending, otp_expired, otp_failed,
// provider_refused.
func (s *Service) VerifyNumber(ctx context.Context, clientID, id, code string) (channels.View, error) {
	if err := mayChange(ctx); err != nil {
		return channels.View{}, err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return channels.View{}, apperr.Validation("code: is required")
	}
	c, err := client(ctx, s.db, clientID)
	if err != nil {
		return channels.View{}, err
	}
	chal, err := s.challenge(ctx, s.db, c, id)
	if err != nil {
		return channels.View{}, err
	}
	n := pendingOf(chal)
	// Checked before the code is used, so a number that cannot be added does not burn it.
	if chal.Status == otpchallenge.StatusPending {
		if _, err := s.admit(ctx, s.db, c, n); err != nil {
			return channels.View{}, apperr.From(err)
		}
	}
	// Verified on its own, committed: a wrong attempt must stay counted.
	if _, err := s.otp.Verify(ctx, s.db, id, code); err != nil {
		return channels.View{}, apperr.From(err)
	}
	// Meta counts the registration request whether or not what follows succeeds.
	if err := s.registration.Consume(ctx, registration.Attempt{PhoneNumber: n.PhoneNumber, Kind: registration.NumberRegistration,
		PartnerID: c.PartnerID, ObjectID: id}); err != nil {
		return channels.View{}, apperr.From(err)
	}
	// The Meta side first, outside any transaction.
	var newWABA provider.WABARef
	if n.NewWABA != nil {
		business := n.BusinessName
		if business == "" {
			business = c.Organisation
		}
		if newWABA, err = s.provider.CreateWABA(ctx, provider.NewWABA{PartnerID: c.PartnerID, BusinessName: business,
			Name: n.NewWABA.Name, Currency: n.NewWABA.Currency, Timezone: n.NewWABA.Timezone}); err != nil {
			return channels.View{}, providerRefused(err)
		}
	}
	wabaExternal := newWABA.ExternalID
	if n.WABAID != "" {
		if w, err := s.db.WABA.Get(ctx, n.WABAID); err == nil && w.ExternalID != nil {
			wabaExternal = *w.ExternalID
		}
	}
	registered, err := s.provider.RegisterNumber(ctx, provider.NewNumber{PartnerID: c.PartnerID, WABAExternalID: wabaExternal,
		PhoneNumber: n.PhoneNumber, DisplayName: n.DisplayName})
	if err != nil {
		return channels.View{}, providerRefused(err)
	}
	var channelID string
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		c, err := client(ctx, tx.Client(), clientID)
		if err != nil {
			return err
		}
		w, err := s.admit(ctx, tx.Client(), c, n)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if w == nil {
			if w, err = tx.WABA.Create().SetPartnerID(c.PartnerID).SetClientID(c.ID).SetName(n.NewWABA.Name).
				SetCurrency(n.NewWABA.Currency).SetTimezone(n.NewWABA.Timezone).SetExternalID(newWABA.ExternalID).Save(ctx); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx.Client(), audit.Entry{Action: "waba.created", ObjectType: "waba", ObjectID: w.ID,
				PartnerID: &c.PartnerID, ClientID: &c.ID, At: now, Details: map[string]any{"name": w.Name, "currency": w.Currency,
					"timezone": w.Timezone, "external_id": newWABA.ExternalID, "business_name": n.BusinessName, "via": "onboarding"}}); err != nil {
				return err
			}
		}
		ch, err := s.channels.Create(ctx, tx.Client(), c, w, channels.NewChannel{PhoneNumber: n.PhoneNumber, DisplayName: n.DisplayName,
			ExternalID: registered.ExternalID})
		if err != nil {
			return err
		}
		if chal.Method == otpchallenge.MethodVoice {
			setup := ch.SetupInfo
			setup.VerificationMethod = string(provider.Voice)
			if err := tx.Channel.UpdateOneID(ch.ID).SetSetupInfo(setup).Exec(ctx); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx.Client(), audit.Entry{Action: "onboarding.number_added", ObjectType: "channel", ObjectID: ch.ID,
			PartnerID: &c.PartnerID, ClientID: &c.ID, At: now, Details: map[string]any{"phone_number": n.PhoneNumber,
				"waba_id": w.ID, "new_waba": n.NewWABA != nil, "signup_id": id, "method": string(chal.Method)}}); err != nil {
			return err
		}
		channelID = ch.ID
		return nil
	})
	if err != nil {
		return channels.View{}, apperr.From(err)
	}
	return s.channels.Get(ctx, channels.Scope{ClientID: clientID}, channelID)
}

func providerRefused(err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return ae
	}
	return channels.ErrProviderRefused.New("Meta refused the registration; try again in a few minutes.").Wrap(err)
}
