package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/webhooks"
)

// chanHook is a number's webhook endpoint (the integration's): it records every request
// and answers 500 to the first one, 200 afterwards.
type chanHook struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newChanHook(t *testing.T) *chanHook {
	h := &chanHook{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.reqs = append(h.reqs, recorded{r.Header.Clone(), body})
		first := len(h.reqs) == 1
		h.mu.Unlock()
		if first {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *chanHook) got() []recorded {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]recorded(nil), h.reqs...)
}

// metaChange is value of a Meta webhook envelope (entry[0].changes[0].value).
type metaChange struct {
	MessagingProduct string `json:"messaging_product"`
	Metadata         struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts []struct {
		Profile struct {
			Name string `json:"name"`
		} `json:"profile"`
		WAID string `json:"wa_id"`
	} `json:"contacts"`
	Messages []struct {
		From      string `json:"from"`
		ID        string `json:"id"`
		Timestamp string `json:"timestamp"`
		Type      string `json:"type"`
		Text      struct {
			Body string `json:"body"`
		} `json:"text"`
	} `json:"messages"`
	Statuses []struct {
		ID          string `json:"id"`
		Status      string `json:"status"`
		Timestamp   string `json:"timestamp"`
		RecipientID string `json:"recipient_id"`
		Pricing     *struct {
			Billable     bool   `json:"billable"`
			PricingModel string `json:"pricing_model"`
			Category     string `json:"category"`
		} `json:"pricing"`
	} `json:"statuses"`
}

func decodeMeta(t *testing.T, body []byte) metaChange {
	t.Helper()
	var env struct {
		Object string `json:"object"`
		Entry  []struct {
			ID      string `json:"id"`
			Changes []struct {
				Field string     `json:"field"`
				Value metaChange `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(body, &env); err != nil || env.Object != "whatsapp_business_account" || len(env.Entry) != 1 ||
		len(env.Entry[0].Changes) != 1 || env.Entry[0].Changes[0].Field != "messages" || env.Entry[0].ID == "" {
		t.Fatalf("not Meta's envelope (%v): %s", err, body)
	}
	return env.Entry[0].Changes[0].Value
}

// TestChannelWebhookEndToEnd: over real HTTP, a WhatsApp user writes to number A (the
// simulator), the integration answers with its channel key, and the number's webhook —
// a loopback receiver — gets the inbound message with the user's profile, then the
// reply's sent, delivered and read statuses, each in Meta's envelope with the number's
// custom header and the partner's signature, the first attempt (a 500) retried.
func TestChannelWebhookEndToEnd(t *testing.T) {
	partnerHook := newReceiver(t, always(204))
	hook := newChanHook(t)
	e := newEnvWith(t, func(c *hub.Config) { c.AllowInsecureWebhooks = true })
	ctx := context.Background()
	e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerA.ID).SetWebhookURL(partnerHook.URL + "/partner").
		ExecX(tenancy.AsSystem(ctx, tenancy.PlatformSetup))
	r := e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_secret", nil, partnerAdminA)
	if r.Status != 201 {
		t.Fatalf("secret: %d %s", r.Status, r.Body)
	}
	secret := r.JSON(t)["secret"].(string)
	if r := e.do("POST", e.chPath()+"/webhook", map[string]any{"url": hook.URL + "/wa", "headers": map[string]string{"X-Client-Token": "abc"}}, partnerAdminA); r.Status != 200 {
		t.Fatalf("channel webhook: %d %s", r.Status, r.Body)
	}
	e.share()
	key := e.issue(nil)["api_key"].(string)

	const user = "+4917612345678"
	r = e.do("POST", "/api/v2/operator/simulator/channels/"+e.f.ChannelA.ID+"/inbound",
		map[string]any{"from": user, "name": "Lena Vogel", "type": "text", "text": map[string]string{"body": "Hallo, wo ist mein Paket?"}}, platformAdmin)
	if r.Status != 201 {
		t.Fatalf("inbound: %d %s", r.Status, r.Body)
	}
	inboundID := r.JSON(t)["id"].(string)
	r = e.do("POST", "/messages", map[string]any{"messaging_product": "whatsapp", "to": user, "type": "text",
		"text": map[string]string{"body": "Es kommt heute."}}, anonymous, "D360-API-KEY", key)
	if r.Status != 200 {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	var answer struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	json.Unmarshal(r.Body, &answer)
	if len(answer.Messages) != 1 {
		t.Fatalf("answer: %s", r.Body)
	}
	wamid := answer.Messages[0].ID

	// The simulator's progression and the dispatcher, on the manual clock, until the four
	// webhooks are in (the first attempt's 500 is retried after its back-off).
	delivered := func() int {
		n := 0
		for _, d := range e.channelDeliveries(t) {
			if d.Status == "delivered" {
				n++
			}
		}
		return n
	}
	for i := 0; i < 60 && delivered() < 4; i++ {
		if _, err := e.hub.Messaging.Advance(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.hub.Webhooks.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(time.Second)
	}
	got := hook.got()
	if delivered() != 4 || len(got) != 5 {
		t.Fatalf("%d deliveries delivered, %d requests", delivered(), len(got))
	}
	var statuses []string
	retried := map[string]int{}
	for _, req := range got {
		if req.header.Get("X-Client-Token") != "abc" || req.header.Get("Content-Type") != "application/json" {
			t.Fatalf("headers: %v", req.header)
		}
		if err := webhooks.Verify(req.header.Get("X-PartnerHub-Signature"), req.body, secret, time.Now(), time.Minute); err != nil {
			t.Fatalf("signature: %v", err)
		}
		retried[req.header.Get("X-PartnerHub-Event-Id")]++
		v := decodeMeta(t, req.body)
		if v.MessagingProduct != "whatsapp" || v.Metadata.PhoneNumberID != e.f.ChannelA.ID || v.Metadata.DisplayPhoneNumber != "4915112345678" {
			t.Fatalf("value: %+v", v)
		}
		switch {
		case len(v.Messages) == 1:
			m := v.Messages[0]
			if len(v.Contacts) != 1 || v.Contacts[0].Profile.Name != "Lena Vogel" || v.Contacts[0].WAID != "4917612345678" ||
				m.ID != inboundID || m.From != "4917612345678" || m.Type != "text" || m.Text.Body != "Hallo, wo ist mein Paket?" || m.Timestamp == "" {
				t.Fatalf("inbound webhook: %s", req.body)
			}
		case len(v.Statuses) == 1:
			s := v.Statuses[0]
			if s.ID != wamid || s.RecipientID != "4917612345678" || s.Pricing == nil || s.Pricing.PricingModel != "PMP" || s.Pricing.Category != "service" {
				t.Fatalf("status webhook: %s", req.body)
			}
			statuses = append(statuses, s.Status)
		default:
			t.Fatalf("webhook with neither messages nor statuses: %s", req.body)
		}
	}
	// Each status once (a retried one twice), in whatever order the retry left them.
	seen := map[string]int{}
	for _, st := range statuses {
		seen[st]++
	}
	if len(seen) != 3 || seen["sent"] == 0 || seen["delivered"] == 0 || seen["read"] == 0 || len(statuses) > 4 {
		t.Fatalf("statuses %v", statuses)
	}
	twice := 0
	for _, n := range retried {
		if n == 2 {
			twice++
		}
	}
	if twice != 1 {
		t.Fatalf("attempts per event: %v (one event should have been retried once)", retried)
	}
	// The partner's webhook and delivery log never see the number's webhooks.
	for _, req := range partnerHook.got() {
		if strings.Contains(string(req.body), "whatsapp_business_account") {
			t.Fatalf("the partner webhook got a Messaging API webhook: %s", req.body)
		}
	}
	if r := e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_deliveries?filters="+`{"event":"whatsapp.message_status"}`, nil, partnerAdminA); r.Status != 200 ||
		r.JSON(t)["total"].(float64) != 0 {
		t.Fatalf("partner deliveries: %d %s", r.Status, r.Body)
	}
}

// TestChannelWebhookDeliveryLog lists a number's webhook deliveries for the partner's
// staff and the client's users, filtered, and for nobody else.
func TestChannelWebhookDeliveryLog(t *testing.T) {
	e := newEnvWith(t, func(c *hub.Config) { c.AllowInsecureWebhooks = true })
	e.hub.Store.Client.Channel.UpdateOneID(e.f.ChannelA.ID).SetWebhookURL("https://hooks.example.com/wa").
		ExecX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	r := e.do("POST", "/api/v2/operator/simulator/channels/"+e.f.ChannelA.ID+"/inbound",
		map[string]any{"from": "+4917612345678", "type": "text", "text": map[string]string{"body": "hi"}}, platformAdmin)
	if r.Status != 201 {
		t.Fatalf("inbound: %d %s", r.Status, r.Body)
	}
	e.run([]scenario{
		{name: "partner staff", method: "GET", path: e.chPath() + "/webhook_deliveries", as: partnerMemberA, status: 200,
			contains: []string{`"total":1`, `"event":"whatsapp.message_received"`, `"status":"pending"`}},
		{name: "client users", method: "GET", path: e.portalPath() + "/webhook_deliveries", as: clientMemberA, status: 200,
			contains: []string{`"total":1`}},
		{name: "filtered", method: "GET", path: e.portalPath() + `/webhook_deliveries?filters={"event":"whatsapp.message_status"}`, as: clientAdminA,
			status: 200, contains: []string{`"total":0`}},
		{name: "unknown filter", method: "GET", path: e.chPath() + `/webhook_deliveries?filters={"url":"x"}`, as: partnerAdminA, status: 400, code: "invalid_list_query"},
		{name: "another partner", method: "GET", path: e.chPath() + "/webhook_deliveries", as: partnerAdminB, status: 404},
		{name: "another client", method: "GET", path: e.portalPath() + "/webhook_deliveries", as: clientAdminB, status: 404},
		{name: "another client's path", method: "GET", path: "/api/v2/clients/" + e.f.ClientB.ID + "/channels/" + e.f.ChannelA.ID + "/webhook_deliveries",
			as: clientAdminB, status: 404},
	})
}

// channelDeliveries reads channel A's webhook deliveries through the API.
func (e *env) channelDeliveries(t *testing.T) []webhooks.DeliveryView {
	t.Helper()
	r := e.do("GET", e.chPath()+"/webhook_deliveries?limit=100", nil, partnerAdminA)
	if r.Status != 200 {
		t.Fatalf("channel deliveries: %d %s", r.Status, r.Body)
	}
	var list struct {
		WebhookDeliveries []webhooks.DeliveryView `json:"webhook_deliveries"`
	}
	if err := json.Unmarshal(r.Body, &list); err != nil {
		t.Fatal(err)
	}
	return list.WebhookDeliveries
}
