// Package demo seeds a demonstration installation (serve --demo): two partners, clients
// with WABAs and channels in different statuses, and one user for every role.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// Password is the password of every demo login. It is public on purpose: demo data only.
const Password = "partnerhub-demo"

// Login is one seeded account.
type Login struct {
	Role  tenancy.Role
	Email string
	Name  string
}

// Logins lists the demo accounts in the order they are printed: platform staff, the first
// partner's staff and client users, then the second partner's admin and client admin.
var Logins = []Login{
	{tenancy.PlatformAdmin, "admin@demo.partnerhub.example", "Paula Platform"},
	{tenancy.SupportAgent, "agent@demo.partnerhub.example", "Sam Support"},
	{tenancy.PartnerAdmin, "admin@acme-messaging.example", "Ada Acme"},
	{tenancy.PartnerMember, "member@acme-messaging.example", "Max Acme"},
	{tenancy.ClientAdmin, "admin@bluebird-bakery.example", "Bea Bluebird"},
	{tenancy.ClientMember, "member@bluebird-bakery.example", "Ben Bluebird"},
	{tenancy.PartnerAdmin, "admin@globex-connect.example", "Gil Globex"},
	{tenancy.ClientAdmin, "admin@initech-travel.example", "Ina Initech"},
}

// Seed creates the demo data unless it exists already, and returns the logins.
func Seed(ctx context.Context, db *ent.Client, us *users.Service) ([]Login, error) {
	// Demo data spans every tenant; make run seeds it before anyone signs in.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	exists, err := db.User.Query().Where(user.Email(Logins[2].Email)).Exist(sys)
	if err != nil {
		return nil, err
	}
	if exists {
		return Logins, nil
	}
	if err := seed(sys, db, us); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return Logins, nil
}

type demoChannel struct {
	phone, name string
	status      channel.Status
	mode        channel.AccountMode
	quality     channel.CurrentQualityRating
}

func seed(ctx context.Context, db *ent.Client, us *users.Service) error {
	// Platform staff answer tickets in these languages (tickets are routed to an agent who speaks the ticket's language).
	staffLanguages := [][]string{{"en", "de"}, {"en", "pt-BR", "es"}}
	for i, l := range Logins[:2] {
		u, err := us.CreatePlatformUser(ctx, users.NewUser{Email: l.Email, Name: l.Name, Role: string(l.Role), Password: Password})
		if err != nil {
			return err
		}
		if err := db.User.UpdateOne(u).SetLanguages(staffLanguages[i]).Exec(ctx); err != nil {
			return err
		}
	}
	acme, err := newPartner(ctx, db, "Acme Messaging", "DE", partner.PartnerPlanGrowth, partner.PartnerTierSilver, partner.BillingModelPartnerPayment)
	if err != nil {
		return err
	}
	globex, err := newPartner(ctx, db, "Globex Connect", "BR", partner.PartnerPlanPremium, partner.PartnerTierGold, partner.BillingModelDirectPayment)
	if err != nil {
		return err
	}
	// Globex has finished its integrated-onboarding setup; Acme has not, so its onboarding
	// page shows what a partner without a redirect URL looks like.
	if err := db.Partner.UpdateOne(globex).SetPartnerRedirectURL("https://globex-connect.example/whatsapp/connected").Exec(ctx); err != nil {
		return err
	}
	bluebird, err := newClient(ctx, db, acme.ID, "Bluebird Bakery", "premium", []demoChannel{
		{"+4915112345001", "Bluebird Bakery", channel.StatusRunning, channel.AccountModeLive, channel.CurrentQualityRatingGREEN},
		{"+4915112345002", "Bluebird Orders", channel.StatusReady, channel.AccountModeSandbox, channel.CurrentQualityRatingUNKNOWN},
		{"+4915112345003", "Bluebird Events", channel.StatusPendingDeletion, channel.AccountModeLive, channel.CurrentQualityRatingYELLOW},
	})
	if err != nil {
		return err
	}
	if err := seedTemplates(ctx, db, bluebird); err != nil {
		return err
	}
	if _, err := newClient(ctx, db, acme.ID, "Contoso Clinics", "regular", []demoChannel{
		{"+447911123401", "Contoso Care", channel.StatusRunning, channel.AccountModeLive, channel.CurrentQualityRatingGREEN},
		{"+447911123402", "Contoso Booking", channel.StatusSubmitted, channel.AccountModeSandbox, channel.CurrentQualityRatingUNKNOWN},
		{"+447911123403", "Contoso Labs", channel.StatusCreated, channel.AccountModeSandbox, channel.CurrentQualityRatingUNKNOWN},
	}); err != nil {
		return err
	}
	initech, err := newClient(ctx, db, globex.ID, "Initech Travel", "basic", []demoChannel{
		{"+5511987650001", "Initech Travel", channel.StatusRunning, channel.AccountModeLive, channel.CurrentQualityRatingGREEN},
		{"+5511987650002", "Initech Support", channel.StatusReady, channel.AccountModeSandbox, channel.CurrentQualityRatingUNKNOWN},
	})
	if err != nil {
		return err
	}
	partnerUsers := []struct {
		l       Login
		partner string
	}{{Logins[2], acme.ID}, {Logins[3], acme.ID}, {Logins[6], globex.ID}}
	for _, pu := range partnerUsers {
		if err := createUser(ctx, db, us, pu.l, pu.partner, nil); err != nil {
			return err
		}
	}
	clientUsers := []struct {
		l                 Login
		partner, clientID string
	}{{Logins[4], acme.ID, bluebird.ID}, {Logins[5], acme.ID, bluebird.ID}, {Logins[7], globex.ID, initech.ID}}
	for _, cu := range clientUsers {
		cid := cu.clientID
		if err := createUser(ctx, db, us, cu.l, cu.partner, &cid); err != nil {
			return err
		}
	}
	return nil
}

func createUser(ctx context.Context, db *ent.Client, us *users.Service, l Login, partnerID string, clientID *string) error {
	in := users.NewUser{Email: l.Email, Name: l.Name, Role: string(l.Role), Password: Password}
	var err error
	if clientID != nil {
		_, err = us.CreateClientUser(ctx, partnerID, *clientID, in)
	} else {
		_, err = us.CreatePartnerUser(ctx, partnerID, in)
	}
	if apperr.KindOf(err) == apperr.Conflict {
		return nil
	}
	return err
}

func newPartner(ctx context.Context, db *ent.Client, name, country string, plan partner.PartnerPlan, tier partner.PartnerTier, billing partner.BillingModel) (*ent.Partner, error) {
	return db.Partner.Create().SetBrandName(name).SetCountry(country).SetPartnerPlan(plan).
		SetPartnerTier(tier).SetBillingModel(billing).Save(ctx)
}

func newClient(ctx context.Context, db *ent.Client, partnerID, name, plan string, numbers []demoChannel) (*ent.ClientAccount, error) {
	var c *ent.ClientAccount
	err := storage.WithTx(ctx, db, func(tx *ent.Tx) error {
		var err error
		c, err = tx.ClientAccount.Create().SetPartnerID(partnerID).SetName(name).SetOrganisation(name + " Ltd").
			SetPlan(clientPlan(plan)).SetPartnerPayload("crm-" + name[:3]).
			SetContactInfo(fieldtype.ContactInfo{FullName: name + " Owner", Email: "owner@" + slug(name) + ".example"}).
			Save(ctx)
		if err != nil {
			return err
		}
		w, err := tx.WABA.Create().SetPartnerID(partnerID).SetClientID(c.ID).SetName(name + " WABA").
			SetFbAccountStatus(waba.FbAccountStatusVerified).SetCurrency("EUR").SetTimezone("Europe/Berlin").Save(ctx)
		if err != nil {
			return err
		}
		p, err := tx.Partner.Get(ctx, partnerID)
		if err != nil {
			return err
		}
		permission := channels.DefaultKeyPermission(p.BillingModel)
		for _, ch := range numbers {
			create := tx.Channel.Create().SetPartnerID(partnerID).SetClientID(c.ID).SetWabaID(w.ID).
				SetPhoneNumber(ch.phone).SetStatus(ch.status).SetAccountMode(ch.mode).
				SetCurrentQualityRating(ch.quality).SetSupportPlan(channel.SupportPlan(plan)).SetKeyPermission(permission).
				SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: ch.phone, PhoneName: ch.name, VerificationMethod: "sms"})
			if ch.status == channel.StatusPendingDeletion {
				// Cancelled now: it keeps messaging until the month ends, or until reactivated.
				create.SetCancelledAt(time.Now().UTC()).SetStatusBeforeCancellation(string(channel.StatusRunning))
			}
			err := create.Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
	return c, err
}

func clientPlan(p string) clientaccount.Plan { return clientaccount.Plan(p) }

func slug(name string) string {
	out := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case ch >= 'A' && ch <= 'Z':
			out = append(out, ch+32)
		case ch >= 'a' && ch <= 'z':
			out = append(out, ch)
		case ch == ' ':
			out = append(out, '-')
		}
	}
	return string(out)
}
