package provider

import "context"

// WhatsAppUser is how a number stands on WhatsApp, as the Meta side tells it: its
// WhatsApp id (the contacts[].wa_id of a send's answer; for some Brazilian mobiles the
// number without its ninth digit) and what messages to it will do.
type WhatsAppUser struct {
	Input          string // the number as given
	WAID           string // digits only
	Name           string // the profile name the user shows
	OnWhatsApp     bool   // false: messages fail with 131026
	Reachable      bool   // false: messages stay sent until the user comes back
	BlocksBusiness bool   // true: messages fail with 131026 (Meta does not say why)
	ReadReceipts   bool   // false: messages end at delivered
	Language       string
}

// WhatsApp is the Meta side of messaging: who a number is on WhatsApp. The simulator
// answers from its directory of simulated users (whatsapp.go in the simulator); a relay
// to the Cloud API would learn it from Meta's answers.
type WhatsApp interface {
	// LookupUser tells who a phone number (E.164 or digits) or WhatsApp id is.
	LookupUser(ctx context.Context, number string) (WhatsAppUser, error)
}
