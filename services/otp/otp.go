// Package otp is the one OTP service used by local storage, migrations and onboarding:
// 6-digit codes hashed at rest, valid 10 minutes; 5 wrong attempts fail the challenge; a
// new code may be sent after a 60-second cool-down, at most 5 times; delivery goes through
// the provider.
package otp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"math/big"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/otpchallenge"
	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/provider"
)

// Limits of a challenge.
const (
	TTL         = 10 * time.Minute
	MaxAttempts = 5
	Cooldown    = 60 * time.Second
	MaxSends    = 5
)

// Service issues and checks one-time codes.
type Service struct {
	clock    clock.Clock
	provider provider.Provider
}

// New returns the OTP service.
func New(clk clock.Clock, p provider.Provider) *Service { return &Service{clock: clk, provider: p} }

// Request describes a new challenge.
type Request struct {
	Purpose     string // local_storage, migration, onboarding
	SubjectID   string // the object the code unlocks
	PhoneNumber string
	PartnerID   string
	ClientID    *string
	Method      provider.OTPMethod
	Payload     map[string]any
}

// Pending is a new challenge whose code has not been sent yet. The code lives only here,
// in memory: it is sent after the caller's transaction commits, so no code goes out for a
// challenge that was rolled back, and the provider never runs inside a transaction.
type Pending struct {
	Challenge *ent.OTPChallenge
	code      string
	svc       *Service
}

// Send delivers the code through the provider.
func (p *Pending) Send(ctx context.Context) error { return p.svc.send(ctx, p.Challenge, p.code) }

// Start supersedes any pending challenge for the same purpose and subject and creates a
// new one with db (the caller's transaction). Call Send on the result after committing.
//
// Errors: validation_failed.
func (s *Service) Start(ctx context.Context, db *ent.Client, r Request) (*Pending, error) {
	if r.Method == "" {
		r.Method = provider.SMS
	}
	if r.Method != provider.SMS && r.Method != provider.Voice {
		return nil, apperr.Validation("method: must be one of: sms, voice")
	}
	now := s.clock.Now()
	if _, err := db.OTPChallenge.Update().
		Where(otpchallenge.Purpose(r.Purpose), otpchallenge.SubjectID(r.SubjectID), otpchallenge.StatusEQ(otpchallenge.StatusPending)).
		SetStatus(otpchallenge.StatusSuperseded).Save(ctx); err != nil {
		return nil, err
	}
	id, code := idgen.New(idgen.OTPChallenge), newCode()
	c, err := db.OTPChallenge.Create().SetID(id).
		SetPurpose(r.Purpose).SetSubjectID(r.SubjectID).SetPhoneNumber(r.PhoneNumber).
		SetPartnerID(r.PartnerID).SetNillableClientID(r.ClientID).SetMethod(otpchallenge.Method(r.Method)).
		SetPayload(r.Payload).SetCreatedAt(now).SetExpiresAt(now.Add(TTL)).SetResendAt(now.Add(Cooldown)).
		SetCodeHash(hash(id, code)).Save(ctx)
	if err != nil {
		return nil, err
	}
	return &Pending{Challenge: c, code: code, svc: s}, nil
}

// Resend sends a fresh code for a pending challenge, after the cool-down and at most
// MaxSends times; the old code stops working. method may switch between sms and voice.
//
// Errors: not_found, otp_not_pending, otp_cooldown, otp_too_many_sends, validation_failed.
func (s *Service) Resend(ctx context.Context, db *ent.Client, id string, method provider.OTPMethod) (*ent.OTPChallenge, error) {
	c, err := s.pending(ctx, db, id)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if now.Before(c.ResendAt) {
		return nil, ErrCooldown.Limited("Wait before requesting another code.", c.ResendAt.Sub(now))
	}
	if c.Sends >= MaxSends {
		return nil, ErrTooManySends.New("Too many codes were sent for this request; start again.")
	}
	if method == "" {
		method = provider.OTPMethod(c.Method)
	}
	if method != provider.SMS && method != provider.Voice {
		return nil, apperr.Validation("method: must be one of: sms, voice")
	}
	code := newCode()
	c, err = c.Update().SetCodeHash(hash(c.ID, code)).SetMethod(otpchallenge.Method(method)).AddSends(1).
		SetExpiresAt(now.Add(TTL)).SetResendAt(now.Add(Cooldown)).Save(ctx)
	if err != nil {
		return nil, err
	}
	return c, s.send(ctx, c, code)
}

// Verify checks code against challenge id. A wrong code uses up an attempt; the fifth
// wrong one fails the challenge; an expired challenge is marked expired. On success the
// challenge is verified and returned, with the payload the caller should apply.
//
// Errors: not_found, otp_not_pending, otp_expired, otp_failed, validation_failed.
func (s *Service) Verify(ctx context.Context, db *ent.Client, id, code string) (*ent.OTPChallenge, error) {
	c, err := s.pending(ctx, db, id)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	if !now.Before(c.ExpiresAt) {
		if err := c.Update().SetStatus(otpchallenge.StatusExpired).Exec(ctx); err != nil {
			return nil, err
		}
		return nil, ErrExpired.New("The code has expired; request a new one.")
	}
	if subtle.ConstantTimeCompare(hash(c.ID, code), c.CodeHash) != 1 {
		upd := c.Update().AddAttempts(1)
		left := c.MaxAttempts - c.Attempts - 1
		if left <= 0 {
			upd.SetStatus(otpchallenge.StatusFailed)
		}
		if err := upd.Exec(ctx); err != nil {
			return nil, err
		}
		if left <= 0 {
			return nil, ErrFailed.New("Too many wrong codes; this request has failed. Start again.")
		}
		return nil, apperr.Validation(fmt.Sprintf("code: is not correct (%d attempts left)", left))
	}
	return c.Update().SetStatus(otpchallenge.StatusVerified).SetVerifiedAt(now).Save(ctx)
}

func (s *Service) pending(ctx context.Context, db *ent.Client, id string) (*ent.OTPChallenge, error) {
	c, err := db.OTPChallenge.Get(ctx, id)
	if err != nil {
		return nil, apperr.From(err)
	}
	if c.Status != otpchallenge.StatusPending {
		return nil, ErrNotPending.Newf("This code request is %s; start again.", c.Status)
	}
	return c, nil
}

func (s *Service) send(ctx context.Context, c *ent.OTPChallenge, code string) error {
	return s.provider.SendOTP(ctx, provider.OTP{
		PhoneNumber: c.PhoneNumber, Method: provider.OTPMethod(c.Method), Code: code,
		PartnerID: c.PartnerID, Purpose: purposeWords[c.Purpose],
	})
}

var purposeWords = map[string]string{"local_storage": "PartnerHub local storage", "migration": "PartnerHub number migration", "onboarding": "PartnerHub registration"}

func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic("otp: crypto/rand failed: " + err.Error())
	}
	return fmt.Sprintf("%06d", n.Int64())
}

func hash(id, code string) []byte {
	sum := sha256.Sum256([]byte(id + ":" + code))
	return sum[:]
}
