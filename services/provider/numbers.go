package provider

import (
	"context"
	"hash/fnv"
)

// SourceInfo is how a phone number stands at the provider it is migrating from (another
// BSP, or Meta's own Cloud API): what a completed migration carries over — the display
// name, quality rating, messaging limit and the approved templates.
type SourceInfo struct {
	DisplayName string           // the approved display name
	Quality     string           // GREEN, YELLOW, RED or UNKNOWN
	Limit       string           // messaging limit tier, e.g. TIER_1K
	Templates   []SourceTemplate // the templates of the number's WABA at the source
}

// SourceTemplate is one message template of the source WABA.
type SourceTemplate struct {
	Name       string
	Language   string
	Category   string // MARKETING, UTILITY or AUTHENTICATION
	Status     string // the hub's statuses: submitted, approved, rejected, paused or disabled
	Quality    string // GREEN, YELLOW, RED or UNKNOWN
	Components []map[string]any
}

// Messaging limit tiers, lowest first.
var limitTiers = []string{"TIER_250", "TIER_1K", "TIER_10K", "TIER_100K"}

var sourceNames = []string{"Nordlicht Optik", "Casa Verde Imóveis", "Blue Harbor Travel", "Bäckerei Sonnenschein", "Kite & Co", "Lumen Dental"}

var sourceQualities = []string{"GREEN", "YELLOW", "RED"}

// SourceNumber answers deterministically from the number, so a migration's outcome can be
// predicted in tests and demos: the display name, quality and limit follow a hash of the
// number; the templates are always the same six, one of each kind the copy rule must tell
// apart (approved GREEN ×2, approved YELLOW, approved RED, PENDING, REJECTED).
func (s *Simulator) SourceNumber(_ context.Context, phoneNumber string) (SourceInfo, error) {
	h := fnv.New32a()
	_, _ = h.Write([]byte(phoneNumber))
	n := h.Sum32()
	body := func(text string) []map[string]any {
		return []map[string]any{{"type": "BODY", "text": text}}
	}
	return SourceInfo{
		DisplayName: sourceNames[n%uint32(len(sourceNames))],
		Quality:     sourceQualities[(n/7)%uint32(len(sourceQualities))],
		Limit:       limitTiers[(n/31)%uint32(len(limitTiers))],
		Templates: []SourceTemplate{
			{Name: "order_update", Language: "en_US", Category: "UTILITY", Status: "approved", Quality: "GREEN", Components: body("Your order {{1}} is on its way.")},
			{Name: "welcome_message", Language: "de", Category: "MARKETING", Status: "approved", Quality: "GREEN", Components: body("Willkommen, {{1}}!")},
			{Name: "spring_sale", Language: "en_US", Category: "MARKETING", Status: "approved", Quality: "YELLOW", Components: body("20% off everything this week.")},
			{Name: "payment_overdue", Language: "en_US", Category: "UTILITY", Status: "approved", Quality: "RED", Components: body("Your payment of {{1}} is overdue.")},
			{Name: "appointment_reminder", Language: "en_US", Category: "UTILITY", Status: "submitted", Quality: "UNKNOWN", Components: body("See you on {{1}}.")},
			{Name: "win_back", Language: "en_US", Category: "MARKETING", Status: "rejected", Quality: "UNKNOWN", Components: body("We miss you!")},
		},
	}, nil
}
