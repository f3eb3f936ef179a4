package channels

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// ProviderUpdate is what the Meta side reports about a number (in the simulator: what an
// operator sets with the simulator controls). Nil fields are unchanged.
type ProviderUpdate struct {
	CurrentQualityRating *string `json:"current_quality_rating,omitempty" enums:"GREEN,YELLOW,RED,UNKNOWN"`
	CurrentLimit         *string `json:"current_limit,omitempty" example:"TIER_10K"`
	Health               *string `json:"health,omitempty" enums:"AVAILABLE,LIMITED,BLOCKED"`
	AccountMode          *string `json:"account_mode,omitempty" enums:"sandbox,live"`
	// AdvanceStatus moves a channel one onboarding step on (created → submitted → ready → running).
	AdvanceStatus bool `json:"advance_status,omitempty"`
}

var (
	qualities = []string{"GREEN", "YELLOW", "RED", "UNKNOWN"}
	limits    = []string{"TIER_50", "TIER_250", "TIER_1K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED"}
	healths   = []string{"AVAILABLE", "LIMITED", "BLOCKED"}
	nextStep  = map[channel.Status]channel.Status{
		channel.StatusCreated: channel.StatusSubmitted, channel.StatusSubmitted: channel.StatusReady, channel.StatusReady: channel.StatusRunning,
	}
)

// ApplyProviderUpdate records what the provider reports about channel id. Operators only.
// It returns the channel as the API shows it.
//
// Errors: forbidden, validation_failed, not_found, invalid_transition, concurrent_change.
func (s *Service) ApplyProviderUpdate(ctx context.Context, id string, u ProviderUpdate) (View, error) {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.PlatformAdmin && !v.IsSystem()) {
		return View{}, apperr.ErrForbidden.New("Only platform admins drive the provider simulator.")
	}
	var problems []string
	check := func(field string, v *string, allowed []string) {
		if v != nil && !slices.Contains(allowed, *v) {
			problems = append(problems, field+": must be one of: "+strings.Join(allowed, ", "))
		}
	}
	check("current_quality_rating", u.CurrentQualityRating, qualities)
	check("current_limit", u.CurrentLimit, limits)
	check("health", u.Health, healths)
	check("account_mode", u.AccountMode, []string{"sandbox", "live"})
	if len(problems) > 0 {
		return View{}, apperr.Validation(problems...)
	}
	var out *ent.Channel
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.get(ctx, tx.Client(), Scope{}, id)
		if err != nil {
			return err
		}
		if u.AdvanceStatus {
			next, ok := nextStep[ch.Status]
			if !ok {
				return apperr.ErrInvalidTransition.Newf("A channel that is %s has no next onboarding step.", ch.Status)
			}
			if ch, err = s.transition(ctx, tx.Client(), ch, next, "", nil); err != nil {
				return err
			}
		}
		upd := tx.Channel.UpdateOne(ch)
		details := map[string]any{}
		if u.CurrentQualityRating != nil {
			upd.SetCurrentQualityRating(channel.CurrentQualityRating(*u.CurrentQualityRating))
			details["current_quality_rating"] = *u.CurrentQualityRating
		}
		if u.CurrentLimit != nil {
			upd.SetCurrentLimit(*u.CurrentLimit)
			details["current_limit"] = *u.CurrentLimit
		}
		if u.Health != nil {
			upd.SetHealth(healthOf(ch, *u.Health))
			details["health"] = *u.Health
		}
		goesLive := u.AccountMode != nil && *u.AccountMode == "live" && ch.AccountMode != channel.AccountModeLive
		if u.AccountMode != nil {
			upd.SetAccountMode(channel.AccountMode(*u.AccountMode))
			details["account_mode"] = *u.AccountMode
		}
		if len(details) == 0 {
			out = ch
			return nil
		}
		if _, err := upd.Save(ctx); err != nil {
			return err
		}
		if out, err = s.get(ctx, tx.Client(), Scope{}, id); err != nil {
			return err
		}
		s.health.Delete(id)
		event := events.ChannelUpdated
		if goesLive {
			event = events.ChannelLive
		}
		return s.record(ctx, tx.Client(), out, "channel.provider_update", event, details, s.clock.Now())
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.view(ctx, out)
}

// healthOf builds the health block with every entity at the given value.
func healthOf(ch *ent.Channel, value string) fieldtype.Health {
	h := fieldtype.Health{CanSendMessage: value}
	for _, e := range []struct{ typ, id string }{{"PHONE_NUMBER", ch.PhoneNumber}, {"WABA", ch.WabaID}} {
		ent := fieldtype.HealthEntity{EntityType: e.typ, ID: e.id, CanSendMessage: value}
		switch value {
		case "LIMITED":
			ent.AdditionalInfo = []string{"Messaging is limited by the provider simulator."}
		case "BLOCKED":
			ent.Errors = []string{"Blocked by the provider simulator; set health to AVAILABLE to recover."}
		}
		h.Entities = append(h.Entities, ent)
	}
	return h
}

// Progress is the simulator's onboarding schedule: every channel that has stayed step
// long in created, submitted or ready moves on one status. Conditional updates make it
// safe on several instances. It returns how many channels moved.
//
// Errors: invalid_transition, concurrent_change.
func (s *Service) Progress(ctx context.Context, step time.Duration) (int, error) {
	// A background sweep of the simulator: it moves the waiting channels of every tenant.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	cutoff := s.clock.Now().Add(-step)
	waiting, err := s.db.Channel.Query().
		Where(channel.StatusIn(channel.StatusCreated, channel.StatusSubmitted, channel.StatusReady),
			channel.Or(channel.StatusChangedAtLTE(cutoff), channel.And(channel.StatusChangedAtIsNil(), channel.CreatedAtLTE(cutoff)))).
		Limit(500).All(sys)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ch := range waiting {
		err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
			_, err := s.transition(sys, tx.Client(), ch, nextStep[ch.Status], "", nil)
			return err
		})
		switch apperr.CodeOf(err) {
		case "":
			n++
		case apperr.ErrConcurrentChange.Name: // another instance moved it first
		default:
			return n, err
		}
	}
	return n, nil
}
