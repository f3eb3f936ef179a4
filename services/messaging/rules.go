package messaging

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
)

// The rules WhatsApp applies to what a number sends, checked in the send's transaction
// while it holds the channel row, so that two instances sending for one number count
// each other's messages (every count is read from the messages table):
//
//   - throughput: at most Config.Throughput messages (80 by default) in any second —
//     the messages created in the last second, sliding — else 130429 at once;
//   - pair rate: at most PairBurst messages to one user within PairWindow, else 131056;
//   - sandbox keys: only to the WhatsApp user they belong to (131030) and at most
//     SandboxMessageLimit messages each (131048), both at once;
//   - the customer-service window: free-form messages only within Window of the user's
//     last message; outside it the message is accepted and then fails with 131047;
//   - the messaging limit: a template outside the window starts a business-initiated
//     conversation; a user the number has not started one with in the last 24 hours is a
//     new one, and the number's tier caps how many users it may have started one with
//     in a moving 24 hours (accepted, then failed with 131048).

// tiers are the messaging-limit tiers and the users each allows in a moving 24 hours;
// TIER_UNLIMITED, and any tier not listed, has no cap (an empty tier is the default,
// TIER_250).
var tiers = map[string]int{
	"TIER_50":   50,
	"TIER_250":  250,
	"TIER_1K":   1000,
	"TIER_2K":   2000,
	"TIER_10K":  10000,
	"TIER_100K": 100000,
}

// tierLimit returns how many users a number of tier may start conversations with in a
// moving 24 hours; 0 means no limit.
func tierLimit(tier string) int {
	if tier == "" {
		return tiers["TIER_250"]
	}
	return tiers[tier]
}

// windowOpen reports whether the customer-service window of a user who last wrote at
// last is open at now: it closes exactly Window after the user's message.
func windowOpen(last *time.Time, now time.Time) bool {
	return last != nil && now.Before(last.Add(Window))
}

// startedWithin reports whether the business started a conversation with a user (last)
// within the moving 24 hours before now.
func startedWithin(last *time.Time, now time.Time) bool {
	return last != nil && last.After(now.Add(-Window))
}

// checkThroughput refuses a message beyond the number's messages per second.
func (s *Service) checkThroughput(ctx context.Context, db *ent.Client, channelID string, now time.Time) error {
	n, err := db.Message.Query().Where(message.ChannelID(channelID), message.DirectionEQ(message.DirectionOutbound),
		message.CreatedAtGT(now.Add(-time.Second))).Count(ctx)
	if err != nil {
		return err
	}
	if n >= s.cfg.Throughput {
		return Throughput(fmt.Sprintf("Cloud API message throughput has been reached: this number sends at most %d messages per second.", s.cfg.Throughput))
	}
	return nil
}

// checkPair refuses a message to a user who got PairBurst messages within PairWindow.
func checkPair(ctx context.Context, db *ent.Client, channelID, waID string, now time.Time) error {
	// The pair's messages of the window, newest first, by the (channel, wa_id, created_at)
	// index; the direction is checked here, as a direction predicate would lead SQLite to
	// the channel's (channel, direction, created_at) index and every outbound message of
	// the window. Inbound messages of the pair are few: at most pairScan rows are read.
	rows, err := db.Message.Query().Where(message.ChannelID(channelID), message.WaID(waID), message.CreatedAtGT(now.Add(-PairWindow))).
		Order(ent.Desc(message.FieldCreatedAt)).Limit(pairScan).Select(message.FieldDirection, message.FieldCreatedAt).All(ctx)
	if err != nil {
		return err
	}
	n := 0
	for _, m := range rows {
		if m.Direction != message.DirectionOutbound {
			continue
		}
		if n++; n == PairBurst {
			// The wait: until enough of the window's messages have aged out of it.
			wait := max(m.CreatedAt.Add(PairWindow).Sub(now), time.Second)
			return PairRateLimit("Too many messages sent from this phone number to the same recipient phone number in a short period of time.", wait)
		}
	}
	return nil
}

// pairScan bounds the rows checkPair reads: PairBurst outbound messages and what the user
// wrote in between.
const pairScan = 8 * PairBurst

// checkSandbox refuses what a sandbox key may not do: message anyone but its owner, or
// more than SandboxMessageLimit messages.
func checkSandbox(ctx context.Context, db *ent.Client, from Sender, waID string) error {
	if from.SandboxWAID == "" {
		return nil
	}
	if waID != from.SandboxWAID {
		return RecipientNotAllowed("A sandbox key may send messages only to the WhatsApp number it was issued to (" + from.SandboxWAID + ").")
	}
	if from.KeyID == "" {
		return nil
	}
	// A key sends for one number, whose row the send holds: its sends are counted one
	// after the other.
	n, err := db.Message.Query().Where(message.KeyID(from.KeyID), message.DirectionEQ(message.DirectionOutbound)).Count(ctx)
	if err != nil {
		return err
	}
	if n >= SandboxMessageLimit {
		return SandboxLimit(fmt.Sprintf("This sandbox key has sent its %d messages; a sandbox is for trying the API, not for traffic.", SandboxMessageLimit))
	}
	return nil
}

// tierRoom reports whether channel ch may start a conversation with one more user at now,
// and the tier's limit.
func tierRoom(ctx context.Context, db *ent.Client, ch *ent.Channel, now time.Time) (bool, int, error) {
	limit := tierLimit(ch.CurrentLimit)
	if limit == 0 {
		return true, 0, nil
	}
	n, err := db.MessagingContact.Query().Where(messagingcontact.ChannelID(ch.ID),
		messagingcontact.LastBusinessInitiatedAtGT(now.Add(-Window))).Count(ctx)
	if err != nil {
		return false, limit, err
	}
	return n < limit, limit, nil
}

// pricing is how a delivered message is charged: free-form messages (service) are free
// within the customer-service window, and so are utility templates sent inside it;
// everything else is billed at the regular rate.
func pricing(category message.Category, open bool) (billable bool, pricingType string) {
	if category == message.CategoryService || (category == message.CategoryUtility && open) {
		return false, "free_customer_service"
	}
	return true, "regular"
}

// conversationFor returns the open pricing conversation of category with a contact, or
// a new one that expires 24 hours from now, and the contact's conversations with it.
func conversationFor(c *ent.MessagingContact, category message.Category, now time.Time) (fieldtype.Conversation, map[string]fieldtype.Conversation) {
	all := map[string]fieldtype.Conversation{}
	if c != nil {
		for k, v := range c.Conversations {
			if v.ExpiresAt > now.Unix() {
				all[k] = v
			}
		}
	}
	conv, ok := all[string(category)]
	if !ok {
		conv = fieldtype.Conversation{ID: randomHex(16), ExpiresAt: now.Add(Window).Unix()}
		all[string(category)] = conv
	}
	return conv, all
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// newWAMID returns a new message id: "wamid." and an opaque base64 string, as Meta's are.
func newWAMID() string {
	b := make([]byte, 24)
	rand.Read(b)
	return "wamid." + base64.StdEncoding.EncodeToString(b)
}
