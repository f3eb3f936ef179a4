package messaging_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/usage"
)

// The window closes exactly 24 hours after the user's last message: a free-form message
// a second before is sent, one at that instant is accepted and fails with 131047.
func TestRuleCustomerServiceWindow(t *testing.T) {
	w := newWorld(t)
	w.wrote("4915112345678", start)
	w.clk.Set(start.Add(messaging.Window - time.Second))
	if m := w.accepted(text("4915112345678", "Still open")); m.Status != message.StatusSent || m.ErrorCode != nil {
		t.Fatalf("a second before: %+v", m)
	}
	w.clk.Set(start.Add(messaging.Window))
	m := w.accepted(text("4915112345678", "Closed"))
	if m.Status != message.StatusFailed || m.ErrorCode == nil || *m.ErrorCode != 131047 || m.ErrorTitle != "Re-engagement message" ||
		m.ErrorDetails == "" || m.NextStatusAt != nil || m.Billable || m.PricingType != "" {
		t.Fatalf("at 24 hours: %+v", m)
	}
	// A user who never wrote has no window either; a template reaches them.
	if m := w.accepted(text("4915100000001", "Hi")); m.Status != message.StatusFailed || *m.ErrorCode != 131047 {
		t.Fatalf("never wrote: %+v", m)
	}
	if m := w.accepted(orderUpdate("4915100000001")); m.Status != message.StatusSent || !m.BusinessInitiated {
		t.Fatalf("template: %+v", m)
	}
	// A failed message starts nothing: the contact has no business-initiated conversation
	// from it, and no conversation.
	if c := w.contact("4915112345678"); c.LastBusinessInitiatedAt != nil || len(c.Conversations) != 1 {
		t.Fatalf("contact: %+v", c)
	}
}

// 80 messages in one second go out; the 81st is refused with 130429 until the first ones
// are a second old.
func TestRuleThroughput(t *testing.T) {
	w := newWorld(t)
	for i := range messaging.DefaultThroughput {
		w.accepted(text(fmt.Sprintf("49151000%05d", i), "Hi")) // accepted messages count, whatever becomes of them
	}
	_, err := w.send(text("4915199999999", "One too many"))
	me := metaCode(t, err, 130429, 400)
	if me.Message() != "(#130429) Rate limit hit" {
		t.Fatalf("message %q", me.Message())
	}
	if e := apperr.As(err); e.Code != "whatsapp_rate_limit" || e.Kind != apperr.RateLimited || e.RetryAfter != time.Second {
		t.Fatalf("as the hub's error: %+v", e)
	}
	w.clk.Advance(999 * time.Millisecond)
	metaCode(t, errOf(w.send(text("4915199999999", "Still too many"))), 130429, 400)
	w.clk.Advance(time.Millisecond)
	w.accepted(text("4915199999999", "A second later"))
	// The count is the number's own: refused messages are not stored.
	if n := w.db.Message.Query().CountX(w.sys); n != messaging.DefaultThroughput+1 {
		t.Fatalf("%d messages stored", n)
	}
}

// PairBurst messages to one user within PairWindow go out; the next is refused with 131056
// until the burst has aged out of the window. Other users are not held up.
func TestRulePairRate(t *testing.T) {
	w := newWorld(t)
	w.wrote("4915112345678", start)
	for i := range messaging.PairBurst {
		w.accepted(text("4915112345678", fmt.Sprint("Message ", i)))
	}
	_, err := w.send(text("4915112345678", "One too many"))
	metaCode(t, err, 131056, 400)
	if e := apperr.As(err); e.Code != "whatsapp_pair_rate_limit" || e.RetryAfter != messaging.PairWindow {
		t.Fatalf("as the hub's error: %+v", e)
	}
	w.accepted(orderUpdate("4915100000001"))
	w.clk.Advance(messaging.PairWindow - time.Second)
	metaCode(t, errOf(w.send(text("4915112345678", "Not yet"))), 131056, 400)
	w.clk.Advance(time.Second)
	w.accepted(text("4915112345678", "Now"))
}

// seedStarted records n contacts (wa_ids prefix + 5 digits) the number started conversations with at instant at.
func (w *world) seedStarted(prefix string, n int, at time.Time) {
	w.t.Helper()
	bulk := make([]*ent.MessagingContactCreate, n)
	for i := range n {
		bulk[i] = w.db.MessagingContact.Create().SetChannelID(w.ch.ID).SetWaID(fmt.Sprintf("%s%05d", prefix, i)).
			SetPartnerID(w.ch.PartnerID).SetClientID(w.ch.ClientID).SetLastBusinessInitiatedAt(at).SetLastMessageAt(at).SetCreatedAt(at)
	}
	for len(bulk) > 0 {
		k := min(len(bulk), 100)
		w.db.MessagingContact.CreateBulk(bulk[:k]...).ExecX(w.sys)
		bulk = bulk[k:]
	}
}

// A TIER_250 number may start conversations with 250 users in a moving 24 hours: the
// 250th new user gets the template, the 251st's fails with 131048. Users it already
// started one with, and users whose window is open, are not new.
func TestRuleMessagingLimitTier(t *testing.T) {
	w := newWorld(t)
	w.seedStarted("4417000", 248, start.Add(-time.Hour))
	// One started exactly 24 hours ago no longer counts (and is new again).
	w.db.MessagingContact.Create().SetChannelID(w.ch.ID).SetWaID("4417099999999").SetPartnerID(w.ch.PartnerID).
		SetClientID(w.ch.ClientID).SetLastBusinessInitiatedAt(start.Add(-messaging.Window)).SetLastMessageAt(start).SetCreatedAt(start).ExecX(w.sys)
	if m := w.accepted(orderUpdate("4915100000249")); m.Status != message.StatusSent {
		t.Fatalf("the 249th: %+v", m)
	}
	if m := w.accepted(orderUpdate("4915100000250")); m.Status != message.StatusSent || !m.BusinessInitiated {
		t.Fatalf("the 250th: %+v", m)
	}
	m := w.accepted(orderUpdate("4915100000251"))
	if m.Status != message.StatusFailed || *m.ErrorCode != 131048 || m.ErrorTitle != "Spam rate limit hit" || m.BusinessInitiated {
		t.Fatalf("the 251st: %+v", m)
	}
	if m := w.accepted(orderUpdate("4417099999999")); m.Status != message.StatusFailed || *m.ErrorCode != 131048 {
		t.Fatalf("started 24 hours ago: %+v", m)
	}
	// Not new: one it started a conversation with an hour ago, one whose window is open.
	if m := w.accepted(orderUpdate("441700000007")); m.Status != message.StatusSent {
		t.Fatalf("already started: %+v", m)
	}
	w.wrote("4915100000300", start.Add(-time.Minute))
	if m := w.accepted(orderUpdate("4915100000300")); m.Status != message.StatusSent || m.BusinessInitiated {
		t.Fatalf("window open: %+v", m)
	}
	// 23 hours later the seeded ones are 24 hours old and no longer count.
	w.clk.Advance(23 * time.Hour)
	if m := w.accepted(orderUpdate("4915100000251")); m.Status != message.StatusSent {
		t.Fatalf("a day later: %+v", m)
	}
	// A higher tier has room; TIER_UNLIMITED has no limit.
	w.db.Channel.UpdateOne(w.ch).SetCurrentLimit("TIER_UNLIMITED").ExecX(w.sys)
	w.seedStarted("4417100", 300, w.clk.Now())
	if m := w.accepted(orderUpdate("4915100000400")); m.Status != message.StatusSent {
		t.Fatalf("unlimited: %+v", m)
	}
}

func TestRuleMessagingLimitTierSmall(t *testing.T) {
	w := newWorld(t)
	w.db.Channel.UpdateOne(w.ch).SetCurrentLimit("TIER_50").ExecX(w.sys)
	w.seedStarted("4417000", 49, start)
	if m := w.accepted(orderUpdate("4915100000050")); m.Status != message.StatusSent {
		t.Fatalf("the 50th: %+v", m)
	}
	if m := w.accepted(orderUpdate("4915100000051")); m.Status != message.StatusFailed || *m.ErrorCode != 131048 {
		t.Fatalf("the 51st: %+v", m)
	}
}

// A sandbox key messages only its owner, and at most SandboxMessageLimit times.
func TestRuleSandboxKey(t *testing.T) {
	w := newWorld(t)
	owner := "4915112345678"
	from := messaging.Sender{ChannelID: w.ch.ID, KeyID: w.key.ID, SandboxWAID: owner}
	send := func(to string) error {
		r := text(to, "Hi")
		r.MessagingProduct = "whatsapp"
		_, err := w.s.Send(w.sys, from, r)
		return err
	}
	w.wrote(owner, start)
	me := metaCode(t, send("4915100000001"), 131030, 400)
	if me.Message() != "(#131030) Recipient phone number not in allowed list" {
		t.Fatalf("message %q", me.Message())
	}
	if err := send("+49 151 12345678"); err != nil {
		t.Fatalf("to the owner: %v", err)
	}
	// 198 more sent long ago make 199; the 200th goes, the 201st does not.
	for i := range messaging.SandboxMessageLimit - 2 {
		at := start.Add(-time.Duration(i+1) * time.Hour)
		w.db.Message.Create().SetID(fmt.Sprintf("wamid.old%03d", i)).SetPartnerID(w.ch.PartnerID).SetClientID(w.ch.ClientID).
			SetChannelID(w.ch.ID).SetDirection(message.DirectionOutbound).SetWaID(owner).SetType("text").
			SetContent(map[string]any{"body": "old"}).SetStatus(message.StatusRead).SetKeyID(w.key.ID).
			SetCreatedAt(at).SetStatusAt(at).ExecX(w.sys)
	}
	w.clk.Advance(10 * time.Second)
	if err := send(owner); err != nil {
		t.Fatalf("the 200th: %v", err)
	}
	w.clk.Advance(10 * time.Second)
	me = metaCode(t, send(owner), 131048, 400)
	if me.Title != "Spam rate limit hit" {
		t.Fatalf("refusal: %+v", me)
	}
	if e := apperr.As(me); e.Code != "whatsapp_sandbox_limit" || e.Kind != apperr.Forbidden {
		t.Fatalf("as the hub's error: %+v", e)
	}
	// An ordinary key of the same number is not limited.
	if _, err := w.send(text(owner, "Hi")); err != nil {
		t.Fatal(err)
	}
}

// Two instances sending for one number at once share its throughput: of 100 concurrent
// sends exactly DefaultThroughput go out in that second (the counts come from the
// messages table, read while the number's row is held).
func TestRuleThroughputAcrossInstances(t *testing.T) {
	w := newWorld(t)
	other := messaging.New(w.db, w.sql, w.clk, w.wa, usage.New(w.db, w.clk), messaging.Config{})
	services := []*messaging.Service{w.s, other}
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted, limited := 0, 0
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := text(fmt.Sprintf("49151000%05d", i), "Hi")
			r.MessagingProduct = "whatsapp"
			_, err := services[i%2].Send(context.Background(), w.sender(), r)
			mu.Lock()
			defer mu.Unlock()
			var me *messaging.MetaError
			switch {
			case err == nil:
				accepted++
			case errors.As(err, &me) && me.Code == 130429:
				limited++
			default:
				t.Errorf("send %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if accepted != messaging.DefaultThroughput || limited != 100-messaging.DefaultThroughput {
		t.Fatalf("%d accepted, %d refused; want %d and %d", accepted, limited, messaging.DefaultThroughput, 100-messaging.DefaultThroughput)
	}
}
