package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/simulatormessage"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/clock"
)

// Simulator is the shipped Provider: deterministic, offline, and observable. OTPs land in
// an operator-visible inbox (the simulator_messages table) instead of a phone; settings
// always succeed. Channel status progression and operator controls (quality, limit,
// health) live in services/channels, which applies them as if the Meta side reported them.
type Simulator struct {
	db    *ent.Client
	clock clock.Clock
}

var _ Provider = (*Simulator)(nil)

// NewSimulator returns a simulator that writes its inbox with db.
func NewSimulator(db *ent.Client, clk clock.Clock) *Simulator { return &Simulator{db: db, clock: clk} }

// SendOTP "delivers" the code to the simulator inbox.
func (s *Simulator) SendOTP(ctx context.Context, otp OTP) error {
	kind, body := simulatormessage.KindOtpSms, fmt.Sprintf("Your %s code is %s. It expires in 10 minutes.", otp.Purpose, otp.Code)
	if otp.Method == Voice {
		kind, body = simulatormessage.KindOtpVoice, fmt.Sprintf("(voice call) Your %s code is %s.", otp.Purpose, otp.Code)
	}
	return s.db.SimulatorMessage.Create().
		SetPhoneNumber(otp.PhoneNumber).SetKind(kind).SetBody(body).SetPartnerID(otp.PartnerID).
		SetCreatedAt(s.clock.Now()).Exec(viewer.SystemContext(ctx))
}

// SetDataLocalization always succeeds in the simulator.
func (s *Simulator) SetDataLocalization(context.Context, string, string) error { return nil }

// Inbox returns the newest simulator messages, optionally for one phone number.
func (s *Simulator) Inbox(ctx context.Context, phoneNumber string, limit int) ([]*ent.SimulatorMessage, error) {
	q := s.db.SimulatorMessage.Query().Order(ent.Desc(simulatormessage.FieldCreatedAt), ent.Desc(simulatormessage.FieldID)).Limit(limit)
	if phoneNumber != "" {
		q.Where(simulatormessage.PhoneNumber(phoneNumber))
	}
	return q.All(ctx)
}

// StepDelay is how long the simulator keeps a new channel in each onboarding status
// (created → submitted → ready → running) by default.
const StepDelay = 30 * time.Second
