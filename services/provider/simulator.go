package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/simulatormessage"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/tenancy"
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
	// The inbox is the simulator's own record of what it "delivered", whoever asked for the
	// code; no tenant writes it.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	return s.db.SimulatorMessage.Create().
		SetPhoneNumber(otp.PhoneNumber).SetKind(kind).SetBody(body).SetPartnerID(otp.PartnerID).
		SetCreatedAt(s.clock.Now()).Exec(sys)
}

// SetDataLocalization always succeeds in the simulator.
func (s *Simulator) SetDataLocalization(context.Context, string, string) error { return nil }

// InboxMessage is one message in the simulator inbox, as the operator API shows it.
type InboxMessage struct {
	ID          string    `json:"id"`
	PhoneNumber string    `json:"phone_number"`
	Kind        string    `json:"kind" enums:"otp_sms,otp_voice"`
	Body        string    `json:"body"`
	CreatedAt   time.Time `json:"created_at"`
}

// Inbox returns the newest simulator messages, optionally for one phone number.
func (s *Simulator) Inbox(ctx context.Context, phoneNumber string, limit int) ([]InboxMessage, error) {
	q := s.db.SimulatorMessage.Query().Order(ent.Desc(simulatormessage.FieldCreatedAt), ent.Desc(simulatormessage.FieldID)).Limit(limit)
	if phoneNumber != "" {
		q.Where(simulatormessage.PhoneNumber(phoneNumber))
	}
	msgs, err := q.All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := make([]InboxMessage, len(msgs))
	for i, m := range msgs {
		out[i] = InboxMessage{ID: m.ID, PhoneNumber: m.PhoneNumber, Kind: string(m.Kind), Body: m.Body, CreatedAt: m.CreatedAt.UTC()}
	}
	return out, nil
}

// StepDelay is how long the simulator keeps a new channel in each onboarding status
// (created → submitted → ready → running) by default.
const StepDelay = 30 * time.Second
