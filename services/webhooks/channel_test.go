package webhooks

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/webhookattempt"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/outbound"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// channelWorld is a dispatcher over a real database with a partner (signing secret,
// webhook URL) and a number whose webhook URL points at a local receiver.
type channelWorld struct {
	t    *testing.T
	db   *ent.Client
	sys  context.Context
	clk  *clock.Manual
	s    *Service
	p    *ent.Partner
	ch   *ent.Channel
	rcv  *httptest.Server
	mu   sync.Mutex
	got  []*http.Request
	body [][]byte
	// answer is the status the receiver answers the n-th request (1-based) with.
	answer func(n int) int
}

const channelSecret = "whsec_channel-test-secret"

func newChannelWorld(t *testing.T) *channelWorld {
	t.Helper()
	st := storagetest.Open(t)
	key, err := secretbox.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	w := &channelWorld{t: t, db: st.Client, clk: clock.NewManual(time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)),
		sys:    tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), // test fixtures
		answer: func(int) int { return 200 }}
	w.s = New(st.Client, w.clk, Config{Outbound: outbound.Policy{AllowInsecure: true}, Keyring: secretbox.NewKeyring(key)},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	w.rcv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.mu.Lock()
		w.got = append(w.got, r)
		w.body = append(w.body, b)
		n := len(w.got)
		w.mu.Unlock()
		rw.WriteHeader(w.answer(n))
	}))
	t.Cleanup(w.rcv.Close)
	w.p = w.db.Partner.Create().SetBrandName("Partner").SetWebhookURL(w.rcv.URL + "/partner").SaveX(w.sys)
	w.p = w.db.Partner.UpdateOne(w.p).SetWebhookSecret(w.s.sealSecret(w.p.ID, partner.FieldWebhookSecret, channelSecret)).SaveX(w.sys)
	cl := w.db.ClientAccount.Create().SetPartnerID(w.p.ID).SetName("Client").SaveX(w.sys)
	wb := w.db.WABA.Create().SetPartnerID(w.p.ID).SetClientID(cl.ID).SetName("WABA").SaveX(w.sys)
	w.ch = w.db.Channel.Create().SetPartnerID(w.p.ID).SetClientID(cl.ID).SetWabaID(wb.ID).SetPhoneNumber("+4930123456").SetStatus("running").
		SetWebhookURL(w.rcv.URL + "/wa").SetWebhookHeaders(map[string]string{"X-Token": "secret-token", "Content-Type": "text/plain"}).SaveX(w.sys)
	return w
}

// emit writes a Messaging API event for the number, as the messaging service does.
func (w *channelWorld) emit(data map[string]any) {
	w.t.Helper()
	cid := w.ch.ClientID
	err := events.EmitToChannel(w.sys, w.db, events.Event{Name: events.MessageStatus, PartnerID: w.p.ID, ClientID: &cid,
		ObjectType: "message", ObjectID: "wamid.1", Data: data, At: w.clk.Now()}, w.ch.ID, w.ch.WebhookURL)
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *channelWorld) round(want int) {
	w.t.Helper()
	n, err := w.s.RunOnce(context.Background())
	if err != nil || n != want {
		w.t.Fatalf("round: attempted %d (%v), want %d", n, err, want)
	}
}

var metaEnvelope = map[string]any{"object": "whatsapp_business_account", "entry": []any{map[string]any{"id": "104148",
	"changes": []any{map[string]any{"field": "messages", "value": map[string]any{"statuses": []any{map[string]any{"id": "wamid.1", "status": "sent"}}}}}}}}

func TestChannelWebhookDeliveryIsMetasEnvelopeWithTheChannelsHeaders(t *testing.T) {
	w := newChannelWorld(t)
	w.answer = func(n int) int {
		if n == 1 {
			return 500
		}
		return 200
	}
	w.emit(metaEnvelope)
	// The partner's webhook gets nothing: only the channel delivery exists.
	if n := w.db.WebhookDelivery.Query().CountX(w.sys); n != 1 {
		t.Fatalf("%d deliveries", n)
	}
	w.round(1)
	d := w.db.WebhookDelivery.Query().OnlyX(w.sys)
	if d.Status != webhookdelivery.StatusPending || d.Attempts != 1 || d.LastStatusCode == nil || *d.LastStatusCode != 500 {
		t.Fatalf("after a 500: %+v", d)
	}
	w.clk.Set(d.NextAttemptAt)
	w.round(1)
	if d := w.db.WebhookDelivery.Query().OnlyX(w.sys); d.Status != webhookdelivery.StatusDelivered || d.Attempts != 2 {
		t.Fatalf("after the retry: %+v", d)
	}
	if len(w.got) != 2 {
		t.Fatalf("receiver got %d requests", len(w.got))
	}
	for i, r := range w.got {
		if r.URL.Path != "/wa" || r.Header.Get("X-Token") != "secret-token" || r.Header.Get("Content-Type") != "application/json" ||
			r.Header.Get(EventHeader) != events.MessageStatus || r.Header.Get(EventIDHeader) != d.EventUID {
			t.Fatalf("request %d: %s %v", i, r.URL.Path, r.Header)
		}
		if err := Verify(r.Header.Get(SignatureHeader), w.body[i], channelSecret, time.Now(), time.Minute); err != nil {
			t.Fatalf("signature: %v", err)
		}
		var got map[string]any
		if err := json.Unmarshal(w.body[i], &got); err != nil || got["object"] != "whatsapp_business_account" || got["id"] != nil || got["data"] != nil {
			t.Fatalf("body is not Meta's envelope as it is: %s", w.body[i])
		}
	}
	as := w.db.WebhookAttempt.Query().AllX(w.sys)
	if len(as) != 2 || as[0].ChannelID == nil || *as[0].ChannelID != w.ch.ID || as[0].URL != w.rcv.URL+"/wa" {
		t.Fatalf("attempts: %+v", as)
	}

	// The partner's logs leave the channel's deliveries out; the channel's log has them.
	v := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "u", Role: tenancy.PartnerAdmin, PartnerID: w.p.ID})
	q, _ := listquery.Parse(listquery.Raw{}, DeliverySpec)
	if _, total, err := w.s.Deliveries(v, w.p.ID, q); err != nil || total != 0 {
		t.Fatalf("partner deliveries: %d %v", total, err)
	}
	aq, _ := listquery.Parse(listquery.Raw{}, AttemptSpec)
	if _, total, err := w.s.Attempts(v, w.p.ID, aq); err != nil || total != 0 {
		t.Fatalf("partner attempts: %d %v", total, err)
	}
	items, total, err := w.s.ListChannelDeliveries(v, scope.Scope{PartnerID: w.p.ID, ClientID: w.ch.ClientID}, w.ch.ID, q)
	if err != nil || total != 1 || items[0].Event != events.MessageStatus || items[0].Status != "delivered" || items[0].Attempts != 2 {
		t.Fatalf("channel deliveries: %+v %d %v", items, total, err)
	}
	client := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "c", Role: tenancy.ClientAdmin, PartnerID: w.p.ID, ClientID: w.ch.ClientID})
	if _, total, err := w.s.ListChannelDeliveries(client, scope.Scope{ClientID: w.ch.ClientID}, w.ch.ID, q); err != nil || total != 1 {
		t.Fatalf("the client's view of its number's deliveries: %d %v", total, err)
	}
	other := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "o", Role: tenancy.PartnerAdmin, PartnerID: "otherPA"})
	if _, _, err := w.s.ListChannelDeliveries(other, scope.Scope{PartnerID: "otherPA"}, w.ch.ID, q); err == nil {
		t.Fatal("another partner sees the number's deliveries")
	}
}

func TestChannelWebhookWithoutURLFails(t *testing.T) {
	w := newChannelWorld(t)
	w.emit(metaEnvelope)
	w.db.Channel.UpdateOne(w.ch).ClearWebhookURL().ExecX(w.sys)
	w.round(1)
	d := w.db.WebhookDelivery.Query().OnlyX(w.sys)
	if d.LastError != "the channel has no webhook URL" || len(w.got) != 0 {
		t.Fatalf("delivery: %+v, %d requests", d, len(w.got))
	}
	if a := w.db.WebhookAttempt.Query().Where(webhookattempt.DeliveryID(d.ID)).OnlyX(w.sys); a.Error != "the channel has no webhook URL" {
		t.Fatalf("attempt: %+v", a)
	}
}

// TestChannelWebhookSlotsAreTheChannels: a channel's webhook is a receiver of its own, so
// a partner whose webhook has no free slot still gets its numbers' deliveries claimed,
// and the other way round.
func TestChannelWebhookSlotsAreTheChannels(t *testing.T) {
	w := newChannelWorld(t)
	w.emit(metaEnvelope)
	if err := events.Emit(w.sys, w.db, events.Event{Name: events.ChannelUpdated, PartnerID: w.p.ID, ObjectType: "channel",
		ObjectID: w.ch.ID, At: w.clk.Now()}); err != nil {
		t.Fatal(err)
	}
	claim := func(busy map[string]int) (channel, partnerOnes int) {
		t.Helper()
		cs, err := w.s.claim(context.Background(), busy)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.delivery.ChannelID != nil {
				channel++
			} else {
				partnerOnes++
			}
		}
		// Let the leases go, for the next claim.
		w.db.WebhookDelivery.Update().ClearLockedUntil().ClearLeaseOwner().ExecX(w.sys)
		return
	}
	full := w.s.cfg.PerPartner
	if c, p := claim(map[string]int{"p:" + w.p.ID: full}); c != 1 || p != 0 {
		t.Fatalf("partner webhook busy: claimed %d channel and %d partner deliveries", c, p)
	}
	if c, p := claim(map[string]int{"c:" + w.ch.ID: full}); c != 0 || p != 1 {
		t.Fatalf("channel webhook busy: claimed %d channel and %d partner deliveries", c, p)
	}
	if c, p := claim(nil); c != 1 || p != 1 {
		t.Fatalf("nothing busy: claimed %d channel and %d partner deliveries", c, p)
	}
}
