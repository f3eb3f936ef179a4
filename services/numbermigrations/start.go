package numbermigrations

import (
	"context"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/numbermigration"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/phone"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/wabas"
)

// NewMigration is the request to start a migration.
type NewMigration struct {
	Kind string `json:"kind" enums:"port_in,waba_move,hosting_change" example:"port_in"`
	// PhoneNumber is the number to bring in (port_in); for waba_move and hosting_change it
	// may name the number instead of channel_id.
	PhoneNumber string `json:"phone_number,omitempty" example:"+4915112345678"`
	// TargetWABAID is the client's WABA the number goes to; a hosting change stays in the
	// number's WABA and may omit it.
	TargetWABAID string `json:"target_waba_id,omitempty" example:"DWLgd6WA"`
	// DisplayName is the number's display name as the client knows it (port_in, optional):
	// used when the source provider reports none.
	DisplayName string `json:"display_name,omitempty" example:"Nordlicht Optik"`
	// ChannelID is the number's current channel (waba_move, hosting_change).
	ChannelID string `json:"channel_id,omitempty" example:"a1B2c3D4e5CH"`
	// TwoStepDisabled confirms that two-step verification is disabled at the current
	// provider (required for port_in and waba_move).
	TwoStepDisabled bool `json:"two_step_disabled" example:"true"`
}

// subject is what a checked request is about.
type subject struct {
	kind    numbermigration.Kind
	number  string
	client  *ent.ClientAccount
	target  *ent.WABA
	channel *ent.Channel // waba_move, hosting_change
}

// Start checks a migration request, records it (status created) and returns it as the
// API shows it. A hosting change counts against the registration limit now and is
// completed by the background sweep; the others continue with RequestOTP and Verify. The
// checks come in the order a person would fix them (see check); the target WABA's room is
// wabas' rule and the registration limit registration's.
//
// Errors: forbidden, validation_failed, not_found, number_already_active,
// channel_not_running, not_on_premise, target_waba_not_found, same_waba,
// business_not_verified, two_step_verification_enabled, waba_number_limit,
// waba_unverified_limit, client_max_channels, number_in_open_request,
// registration_limit_reached.
func (s *Service) Start(ctx context.Context, sc Scope, in NewMigration) (View, error) {
	if err := mayWrite(ctx); err != nil {
		return View{}, err
	}
	if err := sc.Check(ctx, s.db); err != nil {
		return View{}, err
	}
	sub, err := s.check(ctx, s.db, sc, in)
	if err != nil {
		return View{}, err
	}
	id := idgen.New(idgen.Migration)
	if sub.kind == HostingChange {
		// Meta counts the request, whatever happens after (services/registration).
		if err := s.registration.Consume(ctx, registration.Attempt{PhoneNumber: sub.number, Kind: registration.HostingChange,
			PartnerID: sub.client.PartnerID, ObjectID: id}); err != nil {
			return View{}, err
		}
	}
	var out *ent.NumberMigration
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		// Room may have gone while we checked; the transaction decides.
		if err := roomFor(ctx, tx.Client(), sub); err != nil {
			return err
		}
		now := s.clock.Now()
		create := tx.NumberMigration.Create().SetID(id).SetPartnerID(sub.client.PartnerID).SetClientID(sub.client.ID).
			SetKind(sub.kind).SetPhoneNumber(sub.number).SetTargetWabaID(sub.target.ID).
			SetDisplayName(strings.TrimSpace(in.DisplayName)).SetTwoStepDisabledConfirmed(in.TwoStepDisabled).
			SetExpiresAt(now.Add(TTL)).SetOpenNumber(sub.number).SetCreatedAt(now).SetModifiedAt(now)
		if sub.channel != nil {
			create.SetSourceChannelID(sub.channel.ID).SetSourceWabaID(sub.channel.WabaID)
			if in.DisplayName == "" {
				create.SetDisplayName(sub.channel.SetupInfo.PhoneName)
			}
		}
		if v := tenancy.FromContext(ctx); v != nil && v.UserID != "" {
			create.SetRequestedBy(v.UserID)
		}
		m, err := create.Save(ctx)
		if ent.IsConstraintError(err) {
			return inOpenRequest()
		}
		if err != nil {
			return err
		}
		if sub.channel != nil {
			// The number's channel is held until the migration ends: partner changes and
			// other migrations refuse a locked channel.
			n, err := tx.Channel.Update().Where(channel.ID(sub.channel.ID), channel.LockedByIsNil(), channel.StatusEQ(channel.StatusRunning)).
				SetLockedBy(m.ID).Save(ctx)
			if err != nil {
				return err
			}
			if n == 0 {
				return inOpenRequest()
			}
		}
		out = m
		return record(ctx, tx.Client(), m, "migration.created", events.MigrationCreated,
			map[string]any{"kind": string(m.Kind), "phone_number": m.PhoneNumber, "target_waba_id": m.TargetWabaID}, now)
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return ViewOf(out), nil
}

func inOpenRequest() error {
	return ErrNumberInOpenRequest.New("This number is already part of an open migration or partner change; finish or cancel that first.")
}

// check applies the up-front rules, each with its own code, in the order a person would
// fix them: the request itself, the number, the target WABA, the business, two-step
// verification, room, open requests, the registration limit.
func (s *Service) check(ctx context.Context, db *ent.Client, sc Scope, in NewMigration) (*subject, error) {
	sub := &subject{kind: numbermigration.Kind(in.Kind)}
	if err := numbermigration.KindValidator(sub.kind); err != nil {
		return nil, apperr.Validation("kind: must be one of: port_in, waba_move, hosting_change")
	}
	var problems []string
	name := strings.TrimSpace(in.DisplayName)
	if utf8.RuneCountInString(name) > 128 {
		problems = append(problems, "display_name: must be at most 128 characters")
	}
	if sub.kind != PortIn && name != "" {
		problems = append(problems, "display_name: only a port_in takes a display name; a "+in.Kind+" keeps the number's own")
	}
	if sub.kind != HostingChange && strings.TrimSpace(in.TargetWABAID) == "" {
		problems = append(problems, "target_waba_id: is required")
	}
	if sub.kind == PortIn && strings.TrimSpace(in.PhoneNumber) == "" {
		problems = append(problems, "phone_number: is required")
	}
	if sub.kind != PortIn && in.ChannelID == "" && strings.TrimSpace(in.PhoneNumber) == "" {
		problems = append(problems, "channel_id: is required (or phone_number to name the number)")
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	if in.PhoneNumber != "" {
		n, err := phone.Normalize("phone_number", in.PhoneNumber)
		if err != nil {
			return nil, err
		}
		sub.number = n
	}
	c, err := s.client(ctx, db, sc)
	if err != nil {
		return nil, err
	}
	sub.client = c

	// The number.
	if sub.kind == PortIn {
		if err := s.notActive(ctx, db, sub.number); err != nil {
			return nil, err
		}
	} else {
		ch, err := s.sourceChannel(ctx, db, c, in.ChannelID, sub.number)
		if err != nil {
			return nil, err
		}
		sub.channel, sub.number = ch, ch.PhoneNumber
		if ch.Status != channel.StatusRunning {
			return nil, apikeys.ErrChannelNotRunning.Newf(
				"Only a running number can migrate; this one is %s.", ch.Status)
		}
		if sub.kind == HostingChange && ch.HostingType != channel.HostingTypeOnPremise {
			return nil, ErrNotOnPremise.Newf(
				"This number is hosted on %s already; a hosting change moves on-premise numbers to the cloud.", ch.HostingType)
		}
	}

	// The target WABA.
	targetID := strings.TrimSpace(in.TargetWABAID)
	if sub.kind == HostingChange {
		if targetID != "" && targetID != sub.channel.WabaID {
			return nil, apperr.Validation("target_waba_id: a hosting change keeps the number in its WABA (" + sub.channel.WabaID + "); omit target_waba_id")
		}
		targetID = sub.channel.WabaID
	}
	w, err := db.WABA.Query().Where(waba.ID(targetID), waba.ClientID(c.ID)).Only(ctx)
	if ent.IsNotFound(err) {
		e := ErrTargetWABANotFound.New("The target WABA is not one of this client's WABAs.")
		e.Details = []string{"target_waba_id: is not a WABA of this client"}
		return nil, e
	}
	if err != nil {
		return nil, apperr.From(err)
	}
	sub.target = w
	if sub.kind == WABAMove && w.ID == sub.channel.WabaID {
		e := ErrSameWABA.New("The number is already in this WABA; choose another WABA of the client.")
		e.Details = []string{"target_waba_id: is the number's current WABA"}
		return nil, e
	}
	if sub.kind == PortIn && w.FbAccountStatus != waba.FbAccountStatusVerified {
		return nil, ErrBusinessNotVerified.Newf(
			"The business that owns the target WABA is not verified by Meta (status %s); a number can be ported in only to a verified business.", w.FbAccountStatus)
	}
	if sub.kind != HostingChange && !in.TwoStepDisabled {
		e := ErrTwoStepEnabled.New("Disable two-step verification at the current provider first, then confirm it with two_step_disabled: true.")
		e.Details = []string{"two_step_disabled: disable two-step verification at the current provider first"}
		return nil, e
	}
	if err := roomFor(ctx, db, sub); err != nil {
		return nil, err
	}

	// Open requests on the number, in any tenant: a number is in one open migration at a
	// time. Only whether one exists is read, nothing of it is shown.
	open, err := db.NumberMigration.Query().Where(numbermigration.OpenNumber(sub.number)).Exist(tenancy.AsSystem(ctx, tenancy.AcrossTenants))
	if err != nil {
		return nil, apperr.From(err)
	}
	if open || (sub.channel != nil && sub.channel.LockedBy != nil) {
		return nil, inOpenRequest()
	}

	// The registration limit: a blocked number is refused before anything is recorded.
	blocked, err := s.registration.BlockedUntil(ctx, sub.number)
	if err != nil {
		return nil, apperr.From(err)
	}
	if until, ok := blocked[sub.number]; ok {
		return nil, blockedError(until, s.clock.Now())
	}
	return sub, nil
}

func blockedError(until, now time.Time) error {
	e := registration.ErrLimitReached.Limited(
		"This phone number reached Meta's limit of 10 registrations in 72 hours and is blocked until "+
			until.UTC().Format(time.RFC3339)+". Try again after that.", until.Sub(now))
	e.Details = []string{"blocked_until: " + until.UTC().Format(time.RFC3339)}
	return e
}

// client reads the client the path names, through the viewer's privacy rules.
func (s *Service) client(ctx context.Context, db *ent.Client, sc Scope) (*ent.ClientAccount, error) {
	if sc.ClientID == "" {
		return nil, apperr.NotFoundf("No such client.")
	}
	q := db.ClientAccount.Query().Where(clientaccount.ID(sc.ClientID))
	if sc.PartnerID != "" {
		q.Where(clientaccount.PartnerID(sc.PartnerID))
	}
	c, err := q.Only(ctx)
	return c, apperr.From(err)
}

// notActive refuses a port_in of a number that already has a channel in the hub, in any
// tenant: a number lives in one place.
func (s *Service) notActive(ctx context.Context, db *ent.Client, number string) error {
	// Looked up in every tenant, as the system; the channel's ids are shown below only to a
	// viewer who may see it.
	ch, err := db.Channel.Query().Where(channel.PhoneNumber(number), channel.StatusNEQ(channel.StatusTerminated)).
		First(tenancy.AsSystem(ctx, tenancy.AcrossTenants))
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return apperr.From(err)
	}
	// Say more only to those who may see the channel.
	if mine, _ := db.Channel.Query().Where(channel.ID(ch.ID)).Exist(ctx); mine {
		return channels.ErrNumberAlreadyActive.Newf(
			"This number is already active here (channel %s, WABA %s). To move it to another WABA of the client, start a waba_move.", ch.ID, ch.WabaID)
	}
	return channels.ErrNumberAlreadyActive.New("This number is already active in the hub; it cannot be ported in again.")
}

// sourceChannel finds the number's channel in client c by id or by number.
func (s *Service) sourceChannel(ctx context.Context, db *ent.Client, c *ent.ClientAccount, id, number string) (*ent.Channel, error) {
	q := db.Channel.Query().Where(channel.ClientID(c.ID), channel.StatusNEQ(channel.StatusTerminated))
	if id != "" {
		q.Where(channel.ID(id))
	}
	if number != "" {
		q.Where(channel.PhoneNumber(number))
	}
	ch, err := q.First(ctx)
	if ent.IsNotFound(err) {
		if id != "" && number != "" {
			return nil, apperr.NotFoundf("This client has no channel %s with the number %s.", id, number)
		}
		return nil, apperr.NotFoundf("This client has no such number.")
	}
	return ch, apperr.From(err)
}

// roomFor checks the target WABA's limits (its number limit, and the client's
// max_channels) for a number coming in. A waba_move
// keeps the number in the client, so only the WABA's own limit applies; a hosting change
// stays where it is.
func roomFor(ctx context.Context, db *ent.Client, sub *subject) error {
	switch sub.kind {
	case HostingChange:
		return nil
	case WABAMove:
		unlimited := *sub.client
		unlimited.MaxChannels = math.MaxInt
		return wabas.CheckRoom(ctx, db, sub.target, &unlimited)
	}
	return wabas.CheckRoom(ctx, db, sub.target, sub.client)
}
