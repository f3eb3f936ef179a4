package handlers_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/webhooks"
)

// receiver is a local webhook endpoint that records what arrives and answers with the
// status its respond func chooses.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recorded
	respond  func(n int) int
}

type recorded struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, respond func(n int) int) *receiver {
	r := &receiver{respond: respond}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.requests = append(r.requests, recorded{req.Header.Clone(), body})
		n := len(r.requests)
		r.mu.Unlock()
		w.WriteHeader(r.respond(n))
		w.Write([]byte(`{"received":true}`))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.requests...)
}

func always(code int) func(int) int { return func(int) int { return code } }

// webhookEnv is an env whose partner A sends its events to rcv, signed with a fresh secret.
func webhookEnv(t *testing.T, rcv *receiver, configure func(*hub.Config)) (*env, string) {
	e := newEnvWith(t, func(c *hub.Config) {
		c.AllowInsecureWebhooks = true
		if configure != nil {
			configure(c)
		}
	})
	// Pointed at the receiver directly, so that no partner.updated event joins the
	// fixture's one queued delivery (DeliveryA); setting it through the API is tested in
	// TestPartnerSettings.
	e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerA.ID).SetWebhookURL(rcv.URL + "/hook").ExecX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	r := e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_secret", nil, partnerAdminA)
	if r.Status != 201 {
		t.Fatalf("secret: %d %s", r.Status, r.Body)
	}
	return e, r.JSON(t)["secret"].(string)
}

// emit makes tenant A change something that is announced to partners.
func (e *env) emit(about string) {
	e.t.Helper()
	if r := e.do("PATCH", e.chPath()+"/profile", map[string]string{"about_text": about}, partnerAdminA); r.Status != 200 {
		e.t.Fatalf("profile: %d %s", r.Status, r.Body)
	}
}

func (e *env) deliveries(status string) int {
	e.t.Helper()
	n, err := e.hub.Store.Client.WebhookDelivery.Query().
		Where(webhookdelivery.PartnerID(e.f.PartnerA.ID), webhookdelivery.StatusEQ(webhookdelivery.Status(status))).
		Count(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestWebhookDeliveryIsSignedAndLogged(t *testing.T) {
	rcv := newReceiver(t, always(204))
	e, secret := webhookEnv(t, rcv, nil)
	checkErrorEnvelope(t, e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_attempts?sort=-latency", nil, partnerAdminA), 400, "invalid_list_query")
	e.emit("hello receivers")
	if n, err := e.hub.Webhooks.RunOnce(context.Background()); err != nil || n != 2 {
		t.Fatalf("round: %d %v", n, err)
	}
	got := rcv.got()
	if len(got) != 2 {
		t.Fatalf("receiver got %d requests", len(got))
	}
	var seen string
	for _, req := range got {
		if err := webhooks.Verify(req.header.Get("X-PartnerHub-Signature"), req.body, secret, time.Now(), time.Minute); err != nil {
			t.Fatalf("signature: %v (%s)", err, req.header.Get("X-PartnerHub-Signature"))
		}
		id := req.header.Get("X-PartnerHub-Event-Id")
		if id == "" || !strings.Contains(string(req.body), `"id":"`+id+`"`) || !strings.Contains(string(req.body), `"created_at":"`) {
			t.Fatalf("event id header %q vs body %s", id, req.body)
		}
		seen += string(req.body)
	}
	if !strings.Contains(seen, `"event":"channel.updated"`) || !strings.Contains(seen, "hello receivers") {
		t.Fatalf("bodies: %s", seen)
	}
	if e.deliveries("delivered") != 2 {
		t.Fatalf("delivered: %d", e.deliveries("delivered"))
	}
	log := e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_attempts", nil, partnerMemberA).JSON(t)
	first := log["webhook_attempts"].([]any)[0].(map[string]any)
	if log["total"].(float64) != 2 || first["status_code"].(float64) != 204 || first["event"] != "channel.updated" {
		t.Fatalf("log: %v", log)
	}
	// Nothing is sent twice once delivered.
	if n, _ := e.hub.Webhooks.RunOnce(context.Background()); n != 0 || len(rcv.got()) != 2 {
		t.Fatalf("second round sent %d", n)
	}
}

func TestWebhookRetriesFollowTheBackoffSchedule(t *testing.T) {
	rcv := newReceiver(t, func(n int) int {
		if n <= 3 {
			return 503
		}
		return 200
	})
	e, _ := webhookEnv(t, rcv, nil)
	// Only the fixture's event is queued: each round attempts it once.
	ctx := context.Background()
	delays := []time.Duration{}
	for attempt := 1; attempt <= 3; attempt++ {
		if n, err := e.hub.Webhooks.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("attempt %d: %d %v", attempt, n, err)
		}
		d, err := e.hub.Store.Client.WebhookDelivery.Get(tenancy.AsSystem(ctx, tenancy.PlatformSetup), e.f.DeliveryA.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != "pending" || d.Attempts != attempt || d.LastStatusCode == nil || *d.LastStatusCode != 503 {
			t.Fatalf("after attempt %d: %+v", attempt, d)
		}
		delay := d.NextAttemptAt.Sub(e.clock.Now())
		base := 10 * time.Second << (attempt - 1)
		if delay < base/2 || delay > base*3/2 {
			t.Fatalf("retry %d after %v, want within ±50%% of %v", attempt, delay, base)
		}
		delays = append(delays, delay)
		// Not due yet: nothing is sent.
		e.clock.Advance(delay - time.Second)
		if n, _ := e.hub.Webhooks.RunOnce(ctx); n != 0 {
			t.Fatalf("attempt %d ran early", attempt+1)
		}
		e.clock.Advance(time.Second)
	}
	if n, _ := e.hub.Webhooks.RunOnce(ctx); n != 1 || e.deliveries("delivered") != 1 {
		t.Fatalf("fourth attempt: %d, delivered %d", n, e.deliveries("delivered"))
	}
	t.Logf("retry delays: %v", delays)
}

func TestUnreachableReceiverFailsAfterTheWindowAndCanBeRedelivered(t *testing.T) {
	rcv := newReceiver(t, always(200))
	e, _ := webhookEnv(t, rcv, func(c *hub.Config) { c.Webhooks.RetryWindow = time.Hour })
	// Nothing listens on this port: every attempt is refused.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerA.ID).SetWebhookURL(gone.URL + "/hook").ExecX(sys)
	ctx := context.Background()
	attempts := 0
	for i := 0; i < 50 && e.deliveries("pending") > 0; i++ {
		n, _ := e.hub.Webhooks.RunOnce(ctx)
		attempts += n
		e.clock.Advance(20 * time.Minute)
	}
	if e.deliveries("failed") != 1 {
		t.Fatalf("failed deliveries: %d (pending %d)", e.deliveries("failed"), e.deliveries("pending"))
	}
	e.tokens = map[string]string{} // the clock moved past the access tokens' lifetime
	if attempts < 4 || attempts > 12 {
		t.Fatalf("%d attempts within a one-hour window with 10 s base back-off", attempts)
	}
	list := e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_deliveries?filters=%7B%22status%22:%22failed%22%7D", nil, partnerAdminA).JSON(t)
	if list["total"].(float64) != 1 || list["webhook_deliveries"].([]any)[0].(map[string]any)["last_error"] != "connection failed" {
		t.Fatalf("failed list: %v", list)
	}
	// The receiver is back; the failed range is redelivered.
	e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerA.ID).SetWebhookURL(rcv.URL + "/hook").ExecX(sys)
	r := e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_deliveries/redeliver_failed",
		map[string]string{"from": "2000-01-01T00:00:00Z", "to": "2100-01-01T00:00:00Z"}, partnerMemberA)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"redelivered":1`) {
		t.Fatalf("redeliver failed: %d %s", r.Status, r.Body)
	}
	e.hub.Webhooks.RunOnce(ctx)
	if e.deliveries("delivered") != 1 {
		t.Fatal("not delivered after redelivery")
	}
	// One delivered event can be sent again on request.
	path := "/api/v2/partners/" + e.f.PartnerA.ID + "/webhook_deliveries/" + itoa64(e.f.DeliveryA.ID) + "/redeliver"
	if r := e.do("POST", path, nil, partnerAdminA); r.Status != 200 || !strings.Contains(string(r.Body), `"status":"pending"`) {
		t.Fatalf("redeliver: %d %s", r.Status, r.Body)
	}
	checkErrorEnvelope(t, e.do("POST", path, nil, partnerAdminA), 409, "already_pending")
	checkErrorEnvelope(t, e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_deliveries/abc/redeliver", nil, partnerAdminA), 404, "not_found")
}

func TestWebhookDeliveryRefusesPrivateAddresses(t *testing.T) {
	rcv := newReceiver(t, always(200))
	_, port, _ := net.SplitHostPort(rcv.Listener.Addr().String())
	e := newEnv(t) // strict: no development flag
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	for _, u := range []string{rcv.URL, "http://localhost:" + port, "http://[::1]:" + port, "http://10.0.0.1", "http://169.254.169.254/latest/meta-data"} {
		e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerA.ID).SetWebhookURL(u).ExecX(sys)
		e.hub.Store.Client.WebhookDelivery.UpdateOneID(e.f.DeliveryA.ID).SetStatus("pending").SetNextAttemptAt(e.clock.Now()).ExecX(sys)
		if _, err := e.hub.Webhooks.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		d := e.hub.Store.Client.WebhookDelivery.GetX(sys, e.f.DeliveryA.ID)
		if !strings.Contains(d.LastError, "not public") {
			t.Errorf("%s: last error %q, want the address refused", u, d.LastError)
		}
		e.clock.Advance(time.Hour)
	}
	if n := len(rcv.got()); n != 0 {
		t.Fatalf("the loopback receiver was reached %d times", n)
	}
	// The same guard protects the test button.
	r := e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/webhook_url/test", nil, partnerAdminA)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"delivered":false`) || !strings.Contains(string(r.Body), "not public") {
		t.Fatalf("test event: %d %s", r.Status, r.Body)
	}
}

func TestSecretRotationSignsWithBothSecretsForADay(t *testing.T) {
	rcv := newReceiver(t, always(200))
	e, oldSecret := webhookEnv(t, rcv, nil)
	p := "/api/v2/partners/" + e.f.PartnerA.ID
	checkErrorEnvelope(t, e.do("POST", p+"/webhook_secret", nil, partnerMemberA), 403, "forbidden")
	r := e.do("POST", p+"/webhook_secret", nil, partnerAdminA)
	newSecret := r.JSON(t)["secret"].(string)
	if newSecret == oldSecret || !strings.Contains(string(r.Body), `"previous_valid_until":"`) {
		t.Fatalf("rotation: %s", r.Body)
	}
	test := e.do("POST", p+"/webhook_url/test", nil, partnerAdminA)
	if !strings.Contains(string(test.Body), `"delivered":true`) {
		t.Fatalf("test: %s", test.Body)
	}
	last := rcv.got()[len(rcv.got())-1]
	sig := last.header.Get("X-PartnerHub-Signature")
	if strings.Count(sig, "v1=") != 2 {
		t.Fatalf("during the window both secrets sign: %q", sig)
	}
	for _, s := range []string{oldSecret, newSecret} {
		if err := webhooks.Verify(sig, last.body, s, time.Now(), time.Minute); err != nil {
			t.Fatalf("verify: %v", err)
		}
	}
	e.clock.Advance(24*time.Hour + time.Second)
	e.tokens = map[string]string{}
	e.do("POST", p+"/webhook_url/test", nil, partnerAdminA)
	last = rcv.got()[len(rcv.got())-1]
	if sig := last.header.Get("X-PartnerHub-Signature"); strings.Count(sig, "v1=") != 1 || webhooks.Verify(sig, last.body, oldSecret, time.Now(), time.Minute) == nil {
		t.Fatalf("after the window only the new secret signs: %q", sig)
	}
}

func TestSlowReceiverDoesNotStarveOtherPartners(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer slow.Close()
	defer close(release)
	fast := newReceiver(t, always(200))
	e := newEnvWith(t, func(c *hub.Config) { c.AllowInsecureWebhooks = true; c.Webhooks.PerPartner = 2 })
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerA.ID).SetWebhookURL(slow.URL).ExecX(sys)
	e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerB.ID).SetWebhookURL(fast.URL).ExecX(sys)
	for i := 0; i < 20; i++ {
		e.emit("slow " + itoa64(int64(i)))
	}
	for i := 0; i < 5; i++ {
		if r := e.do("PATCH", "/api/v2/partners/"+e.f.PartnerB.ID, map[string]string{"brand_name": "B " + itoa64(int64(i))}, partnerAdminB); r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.hub.Webhooks.Run(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(fast.got()) < 5 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(fast.got()); n != 5 {
		t.Fatalf("partner B got %d of 5 events while partner A's receiver hung", n)
	}
	cancel()
	release <- struct{}{}
	release <- struct{}{}
	<-done
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
