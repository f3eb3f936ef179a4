// Package provider is the hub's boundary to the Meta side (WhatsApp Business Platform):
// delivering OTPs to phone numbers, applying number settings, and submitting message
// templates for review. Services depend only on
// the Provider interface; the shipped implementation is the deterministic Simulator
// (simulator.go), and a Graph API implementation can be added without touching services.
package provider

import "context"

// OTPMethod is how a code reaches the phone: a text message or a voice call.
type OTPMethod string

// OTP delivery methods.
const (
	SMS   OTPMethod = "sms"
	Voice OTPMethod = "voice"
)

// OTP is a one-time code to deliver to a phone number.
type OTP struct {
	PhoneNumber string // E.164
	Method      OTPMethod
	Code        string
	PartnerID   string
	Purpose     string // shown in the message, e.g. "local storage"
}

// Provider is what the hub asks of the Meta side.
type Provider interface {
	// SendOTP delivers a one-time code to a phone number.
	SendOTP(ctx context.Context, otp OTP) error
	// SetDataLocalization stores a number's messages at rest in region ("" = default storage).
	SetDataLocalization(ctx context.Context, phoneNumber, region string) error
	// SourceNumber reports how a number stands at its current provider before it is
	// migrated in: display name, quality, messaging limit and its WABA's templates (numbers.go).
	SourceNumber(ctx context.Context, phoneNumber string) (SourceInfo, error)
	// CreateWABA creates a WhatsApp Business Account for a business (onboarding.go).
	CreateWABA(ctx context.Context, w NewWABA) (WABARef, error)
	// RegisterNumber registers a verified phone number in a WABA (onboarding.go).
	RegisterNumber(ctx context.Context, n NewNumber) (NumberRef, error)
	// SubmitTemplate sends a message template to Meta for review: a new one, or an edit of
	// one it knows (ExternalID set). The review's outcome arrives later (templates.go).
	SubmitTemplate(ctx context.Context, t TemplateSubmission) (TemplateRef, error)
	// DeleteTemplate deletes a template at Meta (templates.go).
	DeleteTemplate(ctx context.Context, t TemplateRef) error
}
