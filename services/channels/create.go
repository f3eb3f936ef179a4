package channels

import (
	"context"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/phone"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/wabas"
)

// NewChannel describes a number to register under a client's WABA.
type NewChannel struct {
	PhoneNumber string
	DisplayName string
	ExternalID  string
	SupportPlan string // basic, regular, premium; "" keeps the client's plan
}

// Create registers a new number in w of client c inside tx: the number is normalised,
// must not already be active in the hub, and must fit the WABA's and client's limits.
// The key permission follows the partner's billing model (DefaultKeyPermission).
//
// Errors: validation_failed, number_already_active, waba_unverified_limit, waba_number_limit,
// client_max_channels.
func (s *Service) Create(ctx context.Context, tx *ent.Client, c *ent.ClientAccount, w *ent.WABA, in NewChannel) (*ent.Channel, error) {
	number, err := phone.Normalize("phone_number", in.PhoneNumber)
	if err != nil {
		return nil, err
	}
	// A number is active at most once in the whole hub, whoever's it is, so the check reads
	// every tenant's channels (and says only whether the number is taken), after locking
	// the number: of concurrent registrations of one number the second sees the first's
	// channel instead of creating a duplicate.
	sys := tenancy.AsSystem(ctx, tenancy.AcrossTenants)
	if err := registration.LockNumber(ctx, tx, number, s.clock.Now()); err != nil {
		return nil, err
	}
	taken, err := tx.Channel.Query().Where(channel.PhoneNumber(number), channel.StatusNEQ(channel.StatusTerminated)).Exist(sys)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, ErrNumberAlreadyActive.New("This phone number is already active in the hub.")
	}
	if err := wabas.CheckRoom(ctx, tx, w, c); err != nil {
		return nil, err
	}
	p, err := tx.Partner.Get(ctx, c.PartnerID)
	if err != nil {
		return nil, err
	}
	permission := DefaultKeyPermission(p.BillingModel)
	plan := channel.SupportPlan(c.Plan)
	if in.SupportPlan != "" {
		plan = channel.SupportPlan(in.SupportPlan)
		if err := channel.SupportPlanValidator(plan); err != nil {
			return nil, apperr.Validation("tier: must be one of: basic, regular, premium")
		}
	}
	now := s.clock.Now()
	create := tx.Channel.Create().SetPartnerID(c.PartnerID).SetClientID(c.ID).SetWabaID(w.ID).
		SetPhoneNumber(number).SetStatus(channel.StatusCreated).SetStatusChangedAt(now).
		SetKeyPermission(permission).SetSupportPlan(plan).
		SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: number, PhoneName: in.DisplayName, VerificationMethod: "sms"})
	if in.ExternalID != "" {
		create.SetExternalID(in.ExternalID)
	}
	if p.DefaultStorageRegion != nil {
		create.SetLocalStorageRegion(*p.DefaultStorageRegion)
	}
	ch, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	if ch, err = s.get(ctx, tx, Scope{}, ch.ID); err != nil {
		return nil, err
	}
	return ch, s.record(ctx, tx, ch, "channel.created", events.ChannelCreated, map[string]any{"phone_number": number}, now)
}

// DefaultKeyPermission is a new number's API-key permission: partners on partner payment
// hold it by default (shared); on direct payment it is missing until the client grants it.
func DefaultKeyPermission(billing partner.BillingModel) channel.KeyPermission {
	if billing == partner.BillingModelPartnerPayment {
		return channel.KeyPermissionShared
	}
	return channel.KeyPermissionMissing
}
