package numbermigrations

import (
	"context"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/numbermigration"
	"github.com/partnerhub/partnerhub/ent/otpchallenge"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/storage"
)

// RequestOTP sends a code to the number by SMS or voice (status otp_requested). Asking
// again sends a new code — after the OTP service's cool-down (429 with Retry-After before
// it) — and the earlier code stops working. It returns the migration as the API shows it,
// with the code it waits for.
//
// Errors: forbidden, validation_failed, not_found, otp_not_needed, invalid_state,
// migration_expired, otp_cooldown, otp_too_many_sends, otp_not_pending, otp_not_delivered,
// invalid_transition, concurrent_change.
func (s *Service) RequestOTP(ctx context.Context, sc Scope, id string, method provider.OTPMethod) (View, error) {
	if err := mayWrite(ctx); err != nil {
		return View{}, err
	}
	if method != provider.SMS && method != provider.Voice {
		return View{}, apperr.Validation("method: must be one of: sms, voice")
	}
	m, err := s.openForCode(ctx, sc, id, "request a code")
	if err != nil {
		return View{}, err
	}
	if m.OtpChallengeID != nil {
		c, err := s.db.OTPChallenge.Get(ctx, *m.OtpChallengeID)
		if err != nil {
			return View{}, apperr.From(err)
		}
		if c.Status == otpchallenge.StatusPending {
			return s.resend(ctx, sc, m, c, method)
		}
		// The code is spent (expired or verified without completing): a new one, but not
		// sooner than a resend would be.
		if now := s.clock.Now(); now.Before(c.ResendAt) {
			return View{}, otp.ErrCooldown.Limited("Wait before requesting another code.", c.ResendAt.Sub(now))
		}
	}
	var pending *otp.Pending
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		pending, err = s.otp.Start(ctx, tx.Client(), otp.Request{
			Purpose: otpPurpose, SubjectID: m.ID, PhoneNumber: m.PhoneNumber, PartnerID: m.PartnerID,
			ClientID: &m.ClientID, Method: method,
		})
		if err != nil {
			return err
		}
		m, err = s.move(ctx, tx.Client(), m, OTPRequested, "migration.otp_requested",
			map[string]any{"method": string(method), "otp_id": pending.Challenge.ID}, func(u *ent.NumberMigrationUpdate) {
				u.SetOtpChallengeID(pending.Challenge.ID).SetOtpMethod(numbermigration.OtpMethod(method))
			})
		return err
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	if err := pending.Send(ctx); err != nil {
		return View{}, otp.ErrNotDelivered.New("The code could not be delivered; request it again.").Wrap(err)
	}
	return s.detailed(ctx, m)
}

// resend sends a new code for the pending challenge c of m.
func (s *Service) resend(ctx context.Context, sc Scope, m *ent.NumberMigration, c *ent.OTPChallenge, method provider.OTPMethod) (View, error) {
	if _, err := s.otp.Resend(ctx, s.db, c.ID, method); err != nil {
		return View{}, apperr.From(err)
	}
	var out *ent.NumberMigration
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		cur, err := s.lock(ctx, tx.Client(), sc, m.ID)
		if err != nil {
			return err
		}
		out, err = s.move(ctx, tx.Client(), cur, OTPRequested, "migration.otp_resent",
			map[string]any{"method": string(method), "otp_id": c.ID}, func(u *ent.NumberMigrationUpdate) {
				u.SetOtpMethod(numbermigration.OtpMethod(method))
			})
		return err
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.detailed(ctx, out)
}

// openForCode reads migration id for a code step: it must need a code and still be open
// and in time. A migration past its expiry is expired on the spot and refused.
func (s *Service) openForCode(ctx context.Context, sc Scope, id, what string) (*ent.NumberMigration, error) {
	m, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return nil, err
	}
	if m.Kind == HostingChange {
		return nil, ErrOTPNotNeeded.New("A hosting change needs no code; it completes by itself within a few minutes.")
	}
	if err := refuseUnless(m, what, Created, OTPRequested); err != nil {
		return nil, err
	}
	if !s.clock.Now().Before(m.ExpiresAt) {
		if _, err := s.expire(ctx, m); err != nil && !apperr.ErrConcurrentChange.Is(err) {
			return nil, err
		}
		return nil, ErrMigrationExpired.New("This migration expired 24 hours after it was started; start a new one.")
	}
	return m, nil
}

// Verify checks the code. A wrong code answers 422 with the attempts left; the fifth wrong
// code fails the migration. A right code counts against the registration limit — a refusal
// (429) leaves the migration waiting, so it can be retried with a new code once the block
// ends — and then completes the migration (complete.go) and returns it as the API shows
// it. A completion that has become impossible fails the migration.
//
// Errors: forbidden, validation_failed, not_found, otp_not_needed, invalid_state,
// migration_expired, otp_not_requested, otp_not_pending, migration_failed, otp_used, otp_expired,
// provider_unavailable, waba_number_limit, waba_unverified_limit, client_max_channels,
// number_already_active, registration_limit_reached, migration_impossible,
// invalid_transition, concurrent_change.
func (s *Service) Verify(ctx context.Context, sc Scope, id, code string) (View, error) {
	if err := mayWrite(ctx); err != nil {
		return View{}, err
	}
	code = strings.TrimSpace(code)
	if code == "" {
		return View{}, apperr.Validation("code: is required")
	}
	m, err := s.openForCode(ctx, sc, id, "verify a code")
	if err != nil {
		return View{}, err
	}
	if m.Status != OTPRequested || m.OtpChallengeID == nil {
		return View{}, ErrOTPNotRequested.New("No code was requested yet; request one first.")
	}
	// Verified outside the completion's transaction: a wrong attempt must stay counted.
	if _, err := s.otp.Verify(ctx, s.db, *m.OtpChallengeID, code); err != nil {
		return View{}, s.afterWrongCode(ctx, m, err)
	}
	if err := s.stillPossible(ctx, m); err != nil {
		return View{}, err
	}
	// The provider is asked before the transaction, never inside it.
	var src *provider.SourceInfo
	if m.Kind == PortIn {
		info, err := s.provider.SourceNumber(ctx, m.PhoneNumber)
		if err != nil {
			return View{}, ErrProviderUnavailable.New(
				"The current provider of this number did not answer; request a new code and try again.").Wrap(err)
		}
		src = &info
	}
	if err := s.registration.Consume(ctx, registration.Attempt{PhoneNumber: m.PhoneNumber, Kind: registration.MigrationRegistration,
		PartnerID: m.PartnerID, ObjectID: m.ID}); err != nil {
		return View{}, err
	}
	var out *ent.NumberMigration
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		cur, err := s.lock(ctx, tx.Client(), sc, m.ID)
		if err != nil {
			return err
		}
		out, err = s.complete(ctx, tx.Client(), cur, src)
		return err
	})
	if e := apperr.As(err); e != nil && e.Code == ErrImpossible.Name {
		if _, ferr := s.fail(ctx, m, e.Message); ferr != nil && !apperr.ErrConcurrentChange.Is(ferr) {
			return View{}, ferr
		}
	}
	if err != nil {
		return View{}, apperr.From(err)
	}
	return ViewOf(out), nil
}

// stillPossible repeats, before a registration attempt is spent, the checks that may have
// changed since the migration started: a port_in number that became active here meanwhile
// can never complete (the migration fails); a target WABA without room may get room again
// (the migration waits).
func (s *Service) stillPossible(ctx context.Context, m *ent.NumberMigration) error {
	if m.Kind == PortIn {
		if err := s.notActive(ctx, s.db, m.PhoneNumber); err != nil {
			reason := "The number became active in the hub meanwhile; it cannot be ported in."
			if _, ferr := s.fail(ctx, m, reason); ferr != nil && !apperr.ErrConcurrentChange.Is(ferr) {
				return ferr
			}
			return ErrMigrationFailed.New(reason)
		}
	}
	c, err := s.db.ClientAccount.Get(ctx, m.ClientID)
	if err != nil {
		return apperr.From(err)
	}
	w, err := s.db.WABA.Get(ctx, m.TargetWabaID)
	if err != nil {
		return apperr.From(err)
	}
	return apperr.From(roomFor(ctx, s.db, &subject{kind: m.Kind, client: c, target: w}))
}

// afterWrongCode turns the OTP service's refusal into the migration's: a challenge that
// failed (the fifth wrong code) fails the migration.
func (s *Service) afterWrongCode(ctx context.Context, m *ent.NumberMigration, verr error) error {
	// The code belongs to the migration's tenant, so whoever reads m may read it.
	c, err := s.db.OTPChallenge.Query().Where(otpchallenge.ID(*m.OtpChallengeID)).Only(ctx)
	if err != nil {
		return apperr.From(err)
	}
	switch c.Status {
	case otpchallenge.StatusFailed:
		if _, err := s.fail(ctx, m, "Five wrong codes were entered; the migration failed. Start a new migration to try again."); err != nil &&
			!apperr.ErrConcurrentChange.Is(err) {
			return err
		}
		return ErrMigrationFailed.New("Too many wrong codes: this migration failed. Start a new migration to try again.")
	case otpchallenge.StatusVerified:
		return ErrOTPUsed.New("This code was already used; request a new code.")
	case otpchallenge.StatusExpired:
		return otp.ErrExpired.New("The code has expired (codes live 10 minutes); request a new one.")
	}
	return apperr.From(verr)
}

// fail moves m to failed with reason, in its own transaction.
func (s *Service) fail(ctx context.Context, m *ent.NumberMigration, reason string) (*ent.NumberMigration, error) {
	var out *ent.NumberMigration
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		cur, err := s.lock(ctx, tx.Client(), Scope{}, m.ID)
		if err != nil {
			return err
		}
		if !Open(cur.Status) {
			return apperr.ErrConcurrentChange.Newf("This migration became %s meanwhile.", cur.Status)
		}
		out, err = s.move(ctx, tx.Client(), cur, Failed, "migration.failed", map[string]any{"reason": reason},
			func(u *ent.NumberMigrationUpdate) { u.SetReason(reason) })
		return err
	})
	return out, apperr.From(err)
}
