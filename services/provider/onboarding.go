package provider

import (
	"context"
	"crypto/rand"
	"math/big"
)

// NewWABA is a WhatsApp Business Account to create on the Meta side during onboarding
// (the "create a WABA" step of Embedded Signup).
type NewWABA struct {
	PartnerID    string
	BusinessName string // the Meta business that owns the WABA
	Name         string
	Currency     string // ISO 4217, e.g. "EUR"
	Timezone     string // IANA, e.g. "Europe/Berlin"
}

// WABARef is what the Meta side answers for a created WABA.
type WABARef struct {
	ExternalID string // Meta's WABA id
}

// NewNumber is a phone number, already verified by OTP, to register in a WABA.
type NewNumber struct {
	PartnerID      string
	WABAExternalID string // "" when the hub knows no Meta id for the WABA (seeded data)
	PhoneNumber    string // E.164
	DisplayName    string
}

// NumberRef is what the Meta side answers for a registered number.
type NumberRef struct {
	ExternalID string // Meta's phone-number id
}

// CreateWABA always succeeds in the simulator and answers a fresh Meta-style numeric id.
func (s *Simulator) CreateWABA(context.Context, NewWABA) (WABARef, error) {
	return WABARef{ExternalID: metaID()}, nil
}

// RegisterNumber always succeeds in the simulator and answers a fresh Meta-style numeric
// id. The number then moves through created → submitted → ready → running on the
// simulator's schedule (services/channels Progress).
func (s *Simulator) RegisterNumber(context.Context, NewNumber) (NumberRef, error) {
	return NumberRef{ExternalID: metaID()}, nil
}

// metaID returns a random 15-digit id like the Graph API's object ids. Random rather than
// derived from the inputs, so two objects created alike never share an id.
func metaID() string {
	lo := big.NewInt(100_000_000_000_000)
	n, err := rand.Int(rand.Reader, big.NewInt(900_000_000_000_000))
	if err != nil {
		panic("provider: crypto/rand failed: " + err.Error())
	}
	return n.Add(n, lo).String()
}
