package messaging

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/channelusage"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
)

func TestProgressSentDeliveredRead(t *testing.T) {
	w := newProgressWorld(t)
	m := w.sent("4915112345678", message.CategoryUtility, true)
	w.advance(0) // not due yet

	w.clk.Advance(time.Second)
	w.advance(1)
	got := w.message(m.ID)
	if got.Status != message.StatusDelivered || got.DeliveredAt == nil || !got.DeliveredAt.Equal(w.clk.Now()) ||
		got.NextStatusAt == nil || !got.NextStatusAt.Equal(w.clk.Now().Add(2*time.Second)) {
		t.Fatalf("after delivery: %+v", got)
	}
	// The delivery is counted in the number's usage of the day, in the WABA's currency.
	u := w.db.ChannelUsage.Query().Where(channelusage.ChannelID(w.ch.ID)).OnlyX(w.sys)
	if u.Utility != 1 || u.Free != 0 {
		t.Fatalf("usage after delivery: %+v", u)
	}

	w.advance(0)
	w.clk.Advance(2 * time.Second)
	w.advance(1)
	got = w.message(m.ID)
	if got.Status != message.StatusRead || got.ReadAt == nil || got.NextStatusAt != nil {
		t.Fatalf("after read: %+v", got)
	}
	w.clk.Advance(time.Hour)
	w.advance(0)
	if n := w.db.ChannelUsage.Query().Where(channelusage.ChannelID(w.ch.ID)).OnlyX(w.sys).Utility; n != 1 {
		t.Fatalf("usage counted %d times", n)
	}

	st := w.statuses()
	if len(st) != 2 || st[0].status != "delivered" || st[1].status != "read" || st[0].id != m.ID || st[1].id != m.ID {
		t.Fatalf("status webhooks: %+v", st)
	}
	d := st[0].object
	if d["recipient_id"] != "4915112345678" || d["timestamp"] != fmt.Sprint(progressStart.Add(time.Second).Unix()) {
		t.Fatalf("delivered status: %v", d)
	}
	pricing := d["pricing"].(map[string]any)
	if pricing["billable"] != true || pricing["pricing_model"] != "PMP" || pricing["category"] != "utility" || pricing["type"] != "regular" {
		t.Fatalf("pricing: %v", pricing)
	}
	conv := d["conversation"].(map[string]any)
	if conv["id"] != m.ConversationID || conv["origin"].(map[string]any)["type"] != "utility" || conv["expiration_timestamp"] != nil {
		t.Fatalf("conversation of a delivered status: %v", conv)
	}
	// Both go to the number's webhook, as the outbox's deliveries with the channel id.
	if n := w.deliveries(); n != 2 {
		t.Fatalf("%d channel deliveries", n)
	}
	if e := st[0].event; e.PartnerID != w.ch.PartnerID || e.ClientID == nil || *e.ClientID != w.ch.ClientID || e.ObjectID != m.ID {
		t.Fatalf("event: %+v", e)
	}
}

func TestProgressUnreachableUsersAndReadReceipts(t *testing.T) {
	w := newProgressWorld(t)
	w.wa.set(provider.WhatsAppUser{WAID: "905321234567", OnWhatsApp: true, Reachable: false, ReadReceipts: true})
	w.wa.set(provider.WhatsAppUser{WAID: "819012345678", OnWhatsApp: true, Reachable: true, ReadReceipts: false})
	away := w.sent("905321234567", message.CategoryService, false)
	quiet := w.sent("819012345678", message.CategoryMarketing, true)

	w.clk.Advance(time.Second)
	w.advance(1) // only the reachable one
	if got := w.message(away.ID); got.Status != message.StatusSent || got.NextStatusAt != nil {
		t.Fatalf("a message to an unreachable user stays sent, waiting: %+v", got)
	}
	if got := w.message(quiet.ID); got.Status != message.StatusDelivered || got.NextStatusAt != nil {
		t.Fatalf("without read receipts a message ends at delivered: %+v", got)
	}
	w.clk.Advance(time.Hour)
	w.advance(0)

	// The user comes back (the simulator calls ResumeFor): the next pass delivers.
	w.wa.set(provider.WhatsAppUser{WAID: "905321234567", OnWhatsApp: true, Reachable: true, ReadReceipts: true})
	if err := w.s.ResumeFor(context.Background(), "905321234567"); err != nil {
		t.Fatal(err)
	}
	w.advance(1)
	if got := w.message(away.ID); got.Status != message.StatusDelivered {
		t.Fatalf("after the user came back: %+v", got)
	}
	w.clk.Advance(2 * time.Second)
	w.advance(1)
	if got := w.message(away.ID); got.Status != message.StatusRead {
		t.Fatalf("read: %+v", got)
	}
	// A free service message counts as free; the marketing one is billed.
	u := w.db.ChannelUsage.Query().Where(channelusage.ChannelID(w.ch.ID)).OnlyX(w.sys)
	if u.Service != 1 || u.Marketing != 1 || u.Free != 1 {
		t.Fatalf("usage: %+v", u)
	}
	seen := map[string]bool{}
	for _, st := range w.statuses() {
		seen[st.id+" "+st.status] = true
	}
	if len(seen) != 3 || !seen[away.ID+" delivered"] || !seen[away.ID+" read"] || !seen[quiet.ID+" delivered"] {
		t.Fatalf("status webhooks: %v", seen)
	}
}

func TestProgressWithoutWebhookURLWritesNoDeliveries(t *testing.T) {
	w := newProgressWorld(t)
	w.ch = w.db.Channel.UpdateOne(w.ch).ClearWebhookURL().SaveX(w.sys)
	w.sent("4915112345678", message.CategoryService, false)
	w.clk.Advance(time.Second)
	w.advance(1)
	if len(w.statuses()) != 1 || w.deliveries() != 0 {
		t.Fatalf("events %d, deliveries %d", len(w.statuses()), w.deliveries())
	}
}

// TestProgressClaimsInBatches moves more messages than one batch holds in one Advance.
func TestProgressClaimsInBatches(t *testing.T) {
	w := newProgressWorld(t)
	const n = progressBatch + 37
	for i := range n {
		w.sent(fmt.Sprintf("49151%08d", i), message.CategoryService, false)
	}
	w.clk.Advance(time.Second)
	w.advance(n)
	if got := w.db.Message.Query().Where(message.StatusEQ(message.StatusDelivered)).CountX(w.sys); got != n {
		t.Fatalf("%d delivered", got)
	}
	if got := w.deliveries(); got != n {
		t.Fatalf("%d deliveries", got)
	}
}

// TestProgressExactlyOnceAcrossInstances runs two services on one database (two
// connection pools, as two processes) advancing the same messages at once: each status
// change happens, and is announced, exactly once.
func TestProgressExactlyOnceAcrossInstances(t *testing.T) {
	w := newProgressWorld(t)
	other, err := storage.Open(context.Background(), w.dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	instances := []*Service{w.s, w.service(other)}
	const n = 1200
	ids := make([]string, n)
	for i := range n {
		ids[i] = w.sent(fmt.Sprintf("5511%08d", i), message.CategoryUtility, true).ID
	}
	race := func() int {
		var mu sync.Mutex
		total := 0
		var wg sync.WaitGroup
		for _, s := range instances {
			for range 2 {
				wg.Go(func() {
					for {
						k, err := s.Advance(context.Background())
						if err != nil && !apperr.ErrConcurrentChange.Is(err) {
							t.Error(err)
							return
						}
						mu.Lock()
						total += k
						mu.Unlock()
						if k == 0 && err == nil {
							return
						}
					}
				})
			}
		}
		wg.Wait()
		return total
	}
	w.clk.Advance(time.Second)
	if got := race(); got != n {
		t.Fatalf("delivered %d times, want %d", got, n)
	}
	w.clk.Advance(2 * time.Second)
	if got := race(); got != n {
		t.Fatalf("read %d times, want %d", got, n)
	}
	count := map[string]int{}
	for _, st := range w.statuses() {
		count[st.id+" "+st.status]++
	}
	for _, id := range ids {
		if count[id+" delivered"] != 1 || count[id+" read"] != 1 {
			t.Fatalf("message %s: delivered %d, read %d webhooks", id, count[id+" delivered"], count[id+" read"])
		}
	}
	if u := w.db.ChannelUsage.Query().Where(channelusage.ChannelID(w.ch.ID)).OnlyX(w.sys); u.Utility != n {
		t.Fatalf("usage counted %d deliveries, want %d", u.Utility, n)
	}
	if got := w.deliveries(); got != 2*n {
		t.Fatalf("%d deliveries, want %d", got, 2*n)
	}
}

func TestProgressApplyStatus(t *testing.T) {
	w := newProgressWorld(t)
	ctx := context.Background()
	m := w.sent("4915112345678", message.CategoryMarketing, true)
	w.clk.Advance(300 * time.Millisecond)

	// Read without delivered first: read implies delivered, and the delivery is counted.
	if err := w.s.ApplyStatus(ctx, m.ID, "read", 0); err != nil {
		t.Fatal(err)
	}
	got := w.message(m.ID)
	if got.Status != message.StatusRead || got.DeliveredAt == nil || got.ReadAt == nil || got.NextStatusAt != nil {
		t.Fatalf("after read: %+v", got)
	}
	if u := w.db.ChannelUsage.Query().Where(channelusage.ChannelID(w.ch.ID)).OnlyX(w.sys); u.Marketing != 1 {
		t.Fatalf("usage: %+v", u)
	}
	// Old news changes nothing: Meta does not promise order.
	for _, st := range []string{"delivered", "sent", "read", "failed"} {
		if err := w.s.ApplyStatus(ctx, m.ID, st, 131026); err != nil {
			t.Fatalf("%s after read: %v", st, err)
		}
	}
	if st := w.statuses(); len(st) != 1 || st[0].status != "read" {
		t.Fatalf("status webhooks: %+v", st)
	}
	w.clk.Advance(time.Hour)
	w.advance(0) // nothing left for the progression

	f := w.sent("4915112345679", message.CategoryMarketing, true)
	if err := w.s.ApplyStatus(ctx, f.ID, "failed", 131026); err != nil {
		t.Fatal(err)
	}
	got = w.message(f.ID)
	if got.Status != message.StatusFailed || got.ErrorCode == nil || *got.ErrorCode != 131026 || got.ErrorTitle == "" {
		t.Fatalf("failed: %+v", got)
	}
	st := w.statuses()
	last := st[len(st)-1].object
	errs := last["errors"].([]any)[0].(map[string]any)
	if last["status"] != "failed" || errs["code"] != float64(131026) || errs["title"] == "" || last["pricing"] != nil {
		t.Fatalf("failed status: %v", last)
	}

	if err := w.s.ApplyStatus(ctx, "wamid.nope", "delivered", 0); !apperr.ErrNotFound.Is(err) {
		t.Fatalf("unknown message: %v", err)
	}
	if err := w.s.ApplyStatus(ctx, f.ID, "deleted", 0); !apperr.ErrValidationFailed.Is(err) {
		t.Fatalf("unknown status: %v", err)
	}
}

// TestProgressRunsInTheBackground: RunProgress moves a message on by itself, on the
// manual clock, well within a second of it being due.
func TestProgressRunsInTheBackground(t *testing.T) {
	w := newProgressWorld(t)
	m := w.sent("4915112345678", message.CategoryService, false)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.s.RunProgress(ctx) }()
	defer func() { cancel(); <-done }()
	w.clk.Advance(time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for w.message(m.ID).Status != message.StatusDelivered {
		if time.Now().After(deadline) {
			t.Fatal("not delivered by the background progression")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
