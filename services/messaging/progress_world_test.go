package messaging

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/usage"
)

// The status progression's and the inbound path's tests share this world: a real database
// (SQLite, or PostgreSQL with PARTNERHUB_TEST_POSTGRES), a running number with a webhook
// URL, a manual clock and a Meta side the test controls.

var progressStart = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

// progressWA is the Meta side: every number is a reachable WhatsApp user with read
// receipts whose wa_id is its digits, unless users says otherwise.
type progressWA struct {
	mu    sync.Mutex
	users map[string]provider.WhatsAppUser
}

func (f *progressWA) LookupUser(_ context.Context, number string) (provider.WhatsAppUser, error) {
	d := digits(number)
	f.mu.Lock()
	defer f.mu.Unlock()
	if u, ok := f.users[d]; ok {
		u.Input = number
		return u, nil
	}
	return provider.WhatsAppUser{Input: number, WAID: d, Name: "WhatsApp user", OnWhatsApp: true, Reachable: true, ReadReceipts: true}, nil
}

// set makes u the user of its wa_id, and of number (digits) when given.
func (f *progressWA) set(u provider.WhatsAppUser, number ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users[u.WAID] = u
	for _, n := range number {
		f.users[digits(n)] = u
	}
}

type progressWorld struct {
	t   *testing.T
	dsn string
	st  *storage.Store
	db  *ent.Client
	sys context.Context
	clk *clock.Manual
	wa  *progressWA
	s   *Service
	ch  *ent.Channel
}

func newProgressWorld(t *testing.T) *progressWorld {
	t.Helper()
	dsn := storagetest.DSN(t)
	st, err := storage.Open(context.Background(), dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &progressWorld{t: t, dsn: dsn, st: st, db: st.Client, clk: clock.NewManual(progressStart),
		sys: tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), // test fixtures
		wa:  &progressWA{users: map[string]provider.WhatsAppUser{}}}
	w.s = w.service(st)
	p := w.db.Partner.Create().SetBrandName("Partner").SaveX(w.sys)
	cl := w.db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Client").SaveX(w.sys)
	wb := w.db.WABA.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetName("WABA").SetExternalID("104148").SetCurrency("EUR").SaveX(w.sys)
	w.ch = w.db.Channel.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetWabaID(wb.ID).SetPhoneNumber("+4930123456").
		SetStatus("running").SetWebhookURL("https://hooks.example.com/wa").SetWebhookHeaders(map[string]string{"X-Token": "t"}).SaveX(w.sys)
	return w
}

// service is another messaging service on store st sharing the world's clock and Meta side,
// as a second instance would.
func (w *progressWorld) service(st *storage.Store) *Service {
	return New(st.Client, st.SQL(), w.clk, w.wa, usage.New(st.Client, w.clk), Config{DeliverAfter: time.Second, ReadAfter: 2 * time.Second})
}

// sent stores an accepted outbound message to waID as Send does, due for delivery after
// DeliverAfter.
func (w *progressWorld) sent(waID string, category message.Category, billable bool) *ent.Message {
	w.t.Helper()
	now := w.clk.Now()
	pricingType := "regular"
	if !billable {
		pricingType = "free_customer_service"
	}
	return w.db.Message.Create().SetID(newWAMID()).SetPartnerID(w.ch.PartnerID).SetClientID(w.ch.ClientID).SetChannelID(w.ch.ID).
		SetDirection(message.DirectionOutbound).SetWaID(waID).SetRecipientInput("+" + waID).SetType("text").
		SetContent(map[string]any{"body": "hello"}).SetCategory(category).SetBillable(billable).SetPricingType(pricingType).
		SetConversationID(randomHex(16)).SetConversationExpiresAt(now.Add(Window)).
		SetStatus(message.StatusSent).SetCreatedAt(now).SetStatusAt(now).SetNextStatusAt(now.Add(w.s.cfg.DeliverAfter)).SaveX(w.sys)
}

func (w *progressWorld) message(id string) *ent.Message {
	w.t.Helper()
	return w.db.Message.GetX(w.sys, id)
}

// advance runs Advance and checks it changed want statuses.
func (w *progressWorld) advance(want int) {
	w.t.Helper()
	n, err := w.s.Advance(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	if n != want {
		w.t.Fatalf("Advance changed %d statuses, want %d", n, want)
	}
}

// statuses are the status webhooks written so far, oldest first: each one's message id
// and status, read from its envelope.
func (w *progressWorld) statuses() []statusSeen {
	w.t.Helper()
	evs := w.db.Event.Query().Where(event.Event(events.MessageStatus)).Order(ent.Asc(event.FieldID)).AllX(w.sys)
	out := make([]statusSeen, 0, len(evs))
	for _, e := range evs {
		st := firstOf(w.t, e.Data, "statuses")
		out = append(out, statusSeen{id: st["id"].(string), status: st["status"].(string), object: st, event: e})
	}
	return out
}

type statusSeen struct {
	id, status string
	object     map[string]any
	event      *ent.Event
}

// firstOf is entry[0].changes[0].value[key][0] of a webhook envelope.
func firstOf(t *testing.T, envelope map[string]any, key string) map[string]any {
	t.Helper()
	v := valueOf(t, envelope)
	list, ok := v[key].([]any)
	if !ok || len(list) == 0 {
		t.Fatalf("envelope has no %s: %v", key, envelope)
	}
	return list[0].(map[string]any)
}

// valueOf is entry[0].changes[0].value of a webhook envelope, after checking its frame.
func valueOf(t *testing.T, envelope map[string]any) map[string]any {
	t.Helper()
	if envelope["object"] != "whatsapp_business_account" {
		t.Fatalf("object: %v", envelope["object"])
	}
	entry := envelope["entry"].([]any)[0].(map[string]any)
	change := entry["changes"].([]any)[0].(map[string]any)
	if change["field"] != "messages" {
		t.Fatalf("field: %v", change["field"])
	}
	return change["value"].(map[string]any)
}

// deliveries counts the channel webhook deliveries of the world's number.
func (w *progressWorld) deliveries() int {
	w.t.Helper()
	return w.db.WebhookDelivery.Query().Where(webhookdelivery.ChannelID(w.ch.ID)).CountX(w.sys)
}

func listqueryParse(spec listquery.Spec, sort, filters string) (*listquery.Query, error) {
	return listquery.Parse(listquery.Raw{Sort: sort, Filters: filters}, spec)
}
