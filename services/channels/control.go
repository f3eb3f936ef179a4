package channels

import (
	"context"
	"slices"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/otpchallenge"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Regions are the data-at-rest regions of Cloud API local storage.
var Regions = []string{"AU", "ID", "ZA", "IN", "CA", "JP", "SG", "KR", "DE", "CH", "GB", "BR"}

const localStoragePurpose = "local_storage"

// LocalStorageResult says whether enabling took effect or waits for an OTP.
type LocalStorageResult struct {
	Channel *ent.Channel
	OTP     *ent.OTPChallenge // set when a code was sent and must be verified
}

// EnableLocalStorage stores the channel's messages at rest in region. A running channel on
// default storage must first prove control of the number: a code is sent and the change
// waits for VerifyLocalStorage. Channels not yet running switch at once.
//
// Errors: forbidden, validation_failed, not_found, invalid_state, already_enabled,
// otp_not_delivered, provider_refused.
func (s *Service) EnableLocalStorage(ctx context.Context, sc Scope, id, region string, method provider.OTPMethod) (*LocalStorageResult, error) {
	if err := mayWrite(ctx); err != nil {
		return nil, err
	}
	region = strings.ToUpper(strings.TrimSpace(region))
	if !slices.Contains(Regions, region) {
		return nil, apperr.Validation("data_localization_region: must be one of: " + strings.Join(Regions, ", "))
	}
	var (
		res     LocalStorageResult
		pending *otp.Pending
	)
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.get(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		switch {
		case ch.Status == channel.StatusTerminated || ch.Status == channel.StatusPendingDeletion:
			return apperr.ErrInvalidState.Newf("Local storage cannot be changed on a channel that is %s.", ch.Status)
		case ch.LocalStorageRegion != nil && *ch.LocalStorageRegion == region:
			return ErrAlreadyEnabled.Newf("Local storage in %s is already enabled.", region)
		case ch.Status == channel.StatusRunning:
			pending, err = s.otp.Start(ctx, tx.Client(), otp.Request{
				Purpose: localStoragePurpose, SubjectID: ch.ID, PhoneNumber: ch.PhoneNumber,
				PartnerID: ch.PartnerID, ClientID: &ch.ClientID, Method: method,
				Payload: map[string]any{"region": region},
			})
			if err != nil {
				return err
			}
			res.Channel, res.OTP = ch, pending.Challenge
			return s.record(ctx, tx.Client(), ch, "channel.local_storage_otp_sent", "", map[string]any{"region": region, "otp_id": res.OTP.ID}, s.clock.Now())
		}
		res.Channel, err = s.applyRegion(ctx, tx.Client(), ch, &region)
		return err
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	if pending != nil {
		if err := pending.Send(ctx); err != nil {
			return nil, otp.ErrNotDelivered.New("The code could not be delivered; request it again.").Wrap(err)
		}
	}
	return &res, nil
}

// VerifyLocalStorage checks the code of an enable request and applies the region. A wrong
// code counts against the challenge even though nothing else changes. It returns the
// channel with its new region.
//
// Errors: forbidden, not_found, otp_not_pending, otp_expired, otp_failed, validation_failed,
// provider_refused.
func (s *Service) VerifyLocalStorage(ctx context.Context, sc Scope, id, otpID, code string) (*ent.Channel, error) {
	if err := s.checkChallenge(ctx, sc, id, otpID); err != nil {
		return nil, err
	}
	// Verified outside the change's transaction: a wrong attempt must stay counted.
	c, err := s.otp.Verify(ctx, s.db, otpID, strings.TrimSpace(code))
	if err != nil {
		return nil, err
	}
	region, _ := c.Payload["region"].(string)
	var out *ent.Channel
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.get(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		out, err = s.applyRegion(ctx, tx.Client(), ch, &region)
		return err
	})
	return out, apperr.From(err)
}

// ResendLocalStorageCode sends a new code for a pending enable request.
//
// Errors: forbidden, not_found, otp_not_pending, otp_cooldown, otp_too_many_sends,
// validation_failed.
func (s *Service) ResendLocalStorageCode(ctx context.Context, sc Scope, id, otpID string, method provider.OTPMethod) (*ent.OTPChallenge, error) {
	if err := s.checkChallenge(ctx, sc, id, otpID); err != nil {
		return nil, err
	}
	c, err := s.otp.Resend(ctx, s.db, otpID, method)
	return c, apperr.From(err)
}

// checkChallenge lets the viewer act on local-storage challenge otpID only if it may
// change channel id in scope and the challenge belongs to that channel.
//
// Errors: forbidden, not_found.
func (s *Service) checkChallenge(ctx context.Context, sc Scope, id, otpID string) error {
	if err := mayWrite(ctx); err != nil {
		return err
	}
	ch, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return err
	}
	ok, err := s.db.OTPChallenge.Query().
		Where(otpchallenge.ID(otpID), otpchallenge.SubjectID(ch.ID), otpchallenge.Purpose(localStoragePurpose)).Exist(ctx)
	if err != nil {
		return apperr.From(err)
	}
	if !ok {
		return apperr.NotFoundf("No such code request for this channel.")
	}
	return nil
}

// DisableLocalStorage returns the channel to default storage.
//
// Errors: forbidden, not_found, not_enabled, provider_refused.
func (s *Service) DisableLocalStorage(ctx context.Context, sc Scope, id string) (*ent.Channel, error) {
	if err := mayWrite(ctx); err != nil {
		return nil, err
	}
	var out *ent.Channel
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.get(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		if ch.LocalStorageRegion == nil {
			return ErrNotEnabled.New("Local storage is not enabled on this channel.")
		}
		out, err = s.applyRegion(ctx, tx.Client(), ch, nil)
		return err
	})
	return out, apperr.From(err)
}

func (s *Service) applyRegion(ctx context.Context, tx *ent.Client, ch *ent.Channel, region *string) (*ent.Channel, error) {
	r := ""
	if region != nil {
		r = *region
	}
	if err := s.provider.SetDataLocalization(ctx, ch.PhoneNumber, r); err != nil {
		return nil, ErrProviderRefused.New("The provider refused the storage change.").Wrap(err)
	}
	upd := tx.Channel.UpdateOne(ch)
	if region == nil {
		upd.ClearLocalStorageRegion()
	} else {
		upd.SetLocalStorageRegion(r)
	}
	if _, err := upd.Save(ctx); err != nil {
		return nil, err
	}
	out, err := s.get(ctx, tx, Scope{}, ch.ID)
	if err != nil {
		return nil, err
	}
	action := "channel.local_storage_enabled"
	if region == nil {
		action = "channel.local_storage_disabled"
	}
	return out, s.record(ctx, tx, out, action, events.ChannelUpdated, map[string]any{"region": r}, s.clock.Now())
}

// mayCancel: client users cancel in the portal (client admins only), partners through
// the API; platform admins may act for either.
func mayCancel(ctx context.Context) error {
	v := tenancy.FromContext(ctx)
	if v == nil {
		return apperr.ErrUnauthenticated.New("Sign in first.")
	}
	switch v.Role {
	case tenancy.PlatformAdmin, tenancy.PartnerAdmin, tenancy.PartnerMember, tenancy.ClientAdmin:
		return nil
	}
	return apperr.ErrForbidden.New("Your role may not cancel or reactivate numbers.")
}

// RequestCancellation puts the channel into pending_deletion: it keeps messaging until the
// end of the month, when it is terminated, unless reactivated before. It returns the
// channel as the API shows it.
//
// Errors: unauthenticated, forbidden, not_found, already_pending_deletion,
// invalid_transition, concurrent_change.
func (s *Service) RequestCancellation(ctx context.Context, sc Scope, id string) (View, error) {
	if err := mayCancel(ctx); err != nil {
		return View{}, err
	}
	var out *ent.Channel
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.get(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		if ch.Status == channel.StatusPendingDeletion {
			return ErrAlreadyPendingDeletion.New("Cancellation was already requested for this number.")
		}
		prev := string(ch.Status)
		out, err = s.transition(ctx, tx.Client(), ch, channel.StatusPendingDeletion, events.CancellationRequest, func(u *ent.ChannelUpdate) {
			u.SetCancelledAt(s.clock.Now()).SetStatusBeforeCancellation(prev)
		})
		return err
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.view(ctx, out)
}

// Reactivate withdraws a cancellation before the month ends, restoring the earlier status.
// It returns the channel as the API shows it.
//
// Errors: unauthenticated, forbidden, not_found, not_pending_deletion, invalid_transition,
// concurrent_change.
func (s *Service) Reactivate(ctx context.Context, sc Scope, id string) (View, error) {
	if err := mayCancel(ctx); err != nil {
		return View{}, err
	}
	var out *ent.Channel
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.get(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		if ch.Status != channel.StatusPendingDeletion {
			return ErrNotPendingDeletion.Newf("Only a number pending deletion can be reactivated; this one is %s.", ch.Status)
		}
		prev := channel.StatusRunning
		if ch.StatusBeforeCancellation != nil {
			prev = channel.Status(*ch.StatusBeforeCancellation)
		}
		out, err = s.transition(ctx, tx.Client(), ch, prev, events.CancellationRevoke, func(u *ent.ChannelUpdate) {
			u.ClearCancelledAt().ClearStatusBeforeCancellation()
		})
		return err
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.view(ctx, out)
}

// TerminateDue terminates every channel whose cancellation month has ended. Each channel
// is moved by a conditional update, so running this on several instances at once
// terminates (and announces) each channel exactly once. It returns how many it ended.
//
// Errors: invalid_transition, concurrent_change.
func (s *Service) TerminateDue(ctx context.Context) (int, error) {
	// A month-end sweep that no request asked for: it reads and terminates the due channels
	// of every tenant.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	now := s.clock.Now()
	due, err := s.db.Channel.Query().
		Where(channel.StatusEQ(channel.StatusPendingDeletion), channel.CancelledAtNotNil()).
		All(sys)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ch := range due {
		if now.Before(clock.StartOfNextMonth(*ch.CancelledAt)) {
			continue
		}
		err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
			if _, err := s.transition(sys, tx.Client(), ch, channel.StatusTerminated, events.CancellationProcessed, func(u *ent.ChannelUpdate) {
				u.SetTerminatedAt(now).ClearWebhookURL().ClearWebhookHeaders()
			}); err != nil {
				return err
			}
			// A terminated number sends nothing: its keys stop on every instance.
			_, err := apikeys.RevokeAllForChannel(sys, tx.Client(), s.sql, ch.ID, "channel_terminated", now)
			return err
		})
		switch apperr.CodeOf(err) {
		case "":
			n++
		case apperr.ErrConcurrentChange.Name: // another instance got there first
		default:
			return n, err
		}
	}
	return n, nil
}
