package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// chPath is tenant A's channel under the partner prefix.
func (e *env) chPath() string {
	return "/api/v2/partners/" + e.f.PartnerA.ID + "/clients/" + e.f.ClientA.ID + "/channels/" + e.f.ChannelA.ID
}

// portalPath is tenant A's channel under the client-portal prefix.
func (e *env) portalPath() string {
	return "/api/v2/clients/" + e.f.ClientA.ID + "/channels/" + e.f.ChannelA.ID
}

// events returns the outbox event names of object id, oldest first.
func (e *env) events(id string) []string {
	e.t.Helper()
	// The test reads the outbox of every tenant, as the operator's setup would.
	evs, err := e.hub.Store.Client.Event.Query().Where(event.ObjectID(id)).Order(event.ByID()).All(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	if err != nil {
		e.t.Fatal(err)
	}
	var names []string
	for _, ev := range evs {
		names = append(names, ev.Event)
	}
	return names
}

func TestChannelProfile(t *testing.T) {
	e := newEnv(t)
	p := e.chPath() + "/profile"
	e.run([]scenario{
		{name: "partner sets the profile", method: "PATCH", path: p, as: partnerMemberA, status: 200,
			body:     map[string]any{"about_text": "Fresh bread daily", "business_vertical": "Food and Grocery", "websites": []string{"https://bluebird.example"}, "contact_email": "hi@bluebird.example"},
			contains: []string{`"about_text":"Fresh bread daily"`, `"business_vertical":"Food and Grocery"`, `"websites":["https://bluebird.example"]`}},
		{name: "about over 139 characters", method: "PATCH", path: p, as: partnerMemberA, status: 422, code: "validation_failed",
			body: map[string]string{"about_text": strings.Repeat("a", 140)}, contains: []string{"about_text: must be at most 139 characters"}},
		{name: "vertical cannot return to empty", method: "PATCH", path: p, as: partnerMemberA, status: 422,
			body: map[string]string{"business_vertical": ""}, contains: []string{"cannot be reset to empty"}},
		{name: "unknown vertical", method: "PATCH", path: p, as: partnerMemberA, status: 422, body: map[string]string{"business_vertical": "Bakery"}},
		{name: "three websites", method: "PATCH", path: p, as: partnerMemberA, status: 422, body: map[string]any{"websites": []string{"https://a.example", "https://b.example", "https://c.example"}}},
		{name: "the client edits its own profile in the portal", method: "PATCH", path: e.portalPath() + "/profile", as: clientMemberA, status: 200,
			body: map[string]string{"address": "Main Street 1"}, contains: []string{`"address":"Main Street 1"`, `"about_text":"Fresh bread daily"`}},
		{name: "support agents are read-only", method: "PATCH", path: p, as: supportAgent, status: 403, body: map[string]string{"address": "x"}},
		{name: "the profile reads back", method: "GET", path: p, as: clientAdminA, status: 403},
		{name: "the portal reads it", method: "GET", path: e.portalPath() + "/profile", as: clientAdminA, status: 200, contains: []string{"Main Street 1"}},
	})
	if got := e.events(e.f.ChannelA.ID); len(got) != 2 || got[0] != "channel.updated" {
		t.Errorf("events = %v, want two channel.updated", got)
	}
}

func TestChannelWebhook(t *testing.T) {
	e := newEnv(t)
	p := e.chPath() + "/webhook"
	e.run([]scenario{
		{name: "underscore in the host", method: "POST", path: p, as: partnerAdminA, status: 422,
			body: map[string]string{"url": "https://my_hooks.example.com/wa"}, contains: []string{"must not contain an underscore"}},
		{name: "explicit port", method: "POST", path: p, as: partnerAdminA, status: 422, body: map[string]string{"url": "https://hooks.example.com:8443/wa"}},
		{name: "plain http", method: "POST", path: p, as: partnerAdminA, status: 422, body: map[string]string{"url": "http://hooks.example.com/wa"}, contains: []string{"must use https"}},
		{name: "loopback", method: "POST", path: p, as: partnerAdminA, status: 422, body: map[string]string{"url": "https://127.0.0.1/wa"}},
		{name: "reserved header", method: "POST", path: p, as: partnerAdminA, status: 422,
			body: map[string]any{"url": "https://hooks.example.com/wa", "headers": map[string]string{"Host": "x"}}},
		{name: "valid with headers", method: "POST", path: p, as: partnerAdminA, status: 200,
			body:     map[string]any{"url": "https://hooks.example.com/wa", "headers": map[string]string{"X-Token": "abc"}},
			contains: []string{`"url":"https://hooks.example.com/wa"`, `"X-Token":"abc"`}},
		{name: "reads back in the portal", method: "GET", path: e.portalPath() + "/webhook", as: clientMemberA, status: 200, contains: []string{"hooks.example.com"}},
	})
}

var codeRE = regexp.MustCompile(`code is (\d{6})`)

// inboxCode reads the newest code the simulator delivered to phone.
func (e *env) inboxCode(phone string) string {
	e.t.Helper()
	m := e.do("GET", "/api/v2/operator/simulator/inbox?phone_number="+strings.ReplaceAll(phone, "+", "%2B"), nil, platformAdmin).JSON(e.t)
	msgs := m["messages"].([]any)
	if len(msgs) == 0 {
		e.t.Fatalf("no simulator message for %s", phone)
	}
	match := codeRE.FindStringSubmatch(msgs[0].(map[string]any)["body"].(string))
	if match == nil {
		e.t.Fatalf("no code in %v", msgs[0])
	}
	return match[1]
}

func TestLocalStorageNeedsAnOTPOnARunningNumber(t *testing.T) {
	e := newEnv(t)
	base := e.chPath() + "/control/enable_local_storage"
	r := e.do("POST", base, map[string]string{"data_localization_region": "XX"}, partnerAdminA)
	checkErrorEnvelope(t, r, 422, "validation_failed")

	r = e.do("POST", base, map[string]string{"data_localization_region": "de"}, partnerAdminA)
	if r.Status != 202 {
		t.Fatalf("enable on a running number: %d %s", r.Status, r.Body)
	}
	otpID := r.JSON(t)["otp"].(map[string]any)["id"].(string)
	first := e.inboxCode("+4915112345678")

	// Resend is refused during the cool-down, with the time to wait.
	rr := e.do("POST", base+"/resend", map[string]string{"otp_id": otpID}, partnerAdminA)
	if rr.Status != 429 || rr.Header.Get("Retry-After") != "60" {
		t.Fatalf("resend in cool-down: %d Retry-After %q", rr.Status, rr.Header.Get("Retry-After"))
	}
	e.clock.Advance(61 * time.Second)
	if rr := e.do("POST", base+"/resend", map[string]string{"otp_id": otpID, "method": "voice"}, partnerAdminA); rr.Status != 202 {
		t.Fatalf("resend after the cool-down: %d %s", rr.Status, rr.Body)
	}
	second := e.inboxCode("+4915112345678")
	wrong := "000000"
	if wrong == second {
		wrong = "111111"
	}
	// The first code stopped working; a wrong code says how many attempts are left.
	if first != second {
		r = e.do("POST", base+"/verify", map[string]string{"otp_id": otpID, "code": first}, partnerAdminA)
		if r.Status != 422 || !strings.Contains(string(r.Body), "4 attempts left") {
			t.Fatalf("old code after resend: %d %s", r.Status, r.Body)
		}
	} else {
		e.do("POST", base+"/verify", map[string]string{"otp_id": otpID, "code": wrong}, partnerAdminA)
	}
	r = e.do("POST", base+"/verify", map[string]string{"otp_id": otpID, "code": second}, partnerAdminA)
	if r.Status != 200 {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	ch := e.do("GET", e.chPath(), nil, partnerAdminA).JSON(t)
	if ch["local_storage_region"] != "DE" {
		t.Fatalf("region after verify: %v", ch["local_storage_region"])
	}
	// The code is single-use.
	if r := e.do("POST", base+"/verify", map[string]string{"otp_id": otpID, "code": second}, partnerAdminA); r.Status != 409 {
		t.Fatalf("reusing a verified code: %d", r.Status)
	}
	// Disabling returns to default storage, without a code.
	if r := e.do("POST", e.chPath()+"/control/disable_local_storage", nil, clientAdminA); r.Status != 403 {
		t.Fatalf("a client user on the partner path: %d", r.Status)
	}
	if r := e.do("POST", e.portalPath()+"/control/disable_local_storage", nil, clientAdminA); r.Status != 200 {
		t.Fatalf("disable: %d %s", r.Status, r.Body)
	}
	if r := e.do("POST", e.portalPath()+"/control/disable_local_storage", nil, clientAdminA); r.Status != 409 {
		t.Fatalf("disable twice: %d", r.Status)
	}
}

func TestLocalStorageOTPFailsAfterFiveWrongCodesAndExpires(t *testing.T) {
	e := newEnv(t)
	base := e.portalPath() + "/control/enable_local_storage"
	start := func() string {
		r := e.do("POST", base, map[string]string{"data_localization_region": "GB"}, clientAdminA)
		if r.Status != 202 {
			t.Fatalf("enable: %d %s", r.Status, r.Body)
		}
		return r.JSON(t)["otp"].(map[string]any)["id"].(string)
	}
	id := start()
	right := e.inboxCode("+4915112345678")
	wrong := "000000"
	if right == wrong {
		wrong = "999999"
	}
	for i := 1; i <= 4; i++ {
		r := e.do("POST", base+"/verify", map[string]string{"otp_id": id, "code": wrong}, clientAdminA)
		if r.Status != 422 || !strings.Contains(string(r.Body), strconv.Itoa(5-i)+" attempts left") {
			t.Fatalf("wrong code %d: %d %s", i, r.Status, r.Body)
		}
	}
	r := e.do("POST", base+"/verify", map[string]string{"otp_id": id, "code": wrong}, clientAdminA)
	checkErrorEnvelope(t, r, 409, "otp_failed")
	r = e.do("POST", base+"/verify", map[string]string{"otp_id": id, "code": right}, clientAdminA)
	checkErrorEnvelope(t, r, 409, "otp_not_pending")

	id = start()
	right = e.inboxCode("+4915112345678")
	e.clock.Advance(10 * time.Minute)
	r = e.do("POST", base+"/verify", map[string]string{"otp_id": id, "code": right}, clientAdminA)
	checkErrorEnvelope(t, r, 409, "otp_expired")
	if ch := e.do("GET", e.portalPath(), nil, clientAdminA).JSON(t); ch["local_storage_region"] != nil {
		t.Fatalf("region set without a verified code: %v", ch["local_storage_region"])
	}
}

func TestLocalStorageOnANumberNotYetRunningNeedsNoOTP(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	e.hub.Store.Client.Channel.UpdateOneID(e.f.ChannelA.ID).SetStatus(channel.StatusReady).ExecX(sys)
	r := e.do("POST", e.chPath()+"/control/enable_local_storage", map[string]string{"data_localization_region": "BR"}, partnerAdminA)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"success":true`) {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}

func TestCancellationAndMonthEndTermination(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	e.do("POST", e.chPath()+"/webhook", map[string]any{"url": "https://hooks.example.com/wa"}, partnerAdminA)
	e.run([]scenario{
		{name: "client members cannot cancel", method: "POST", path: e.portalPath() + "/control/cancellation_request", body: map[string]string{}, as: clientMemberA, status: 403},
		{name: "reactivate needs a pending deletion", method: "POST", path: e.portalPath() + "/control/reactivate", body: map[string]string{}, as: clientAdminA, status: 409, code: "not_pending_deletion"},
		{name: "the client admin cancels", method: "POST", path: e.portalPath() + "/control/cancellation_request", body: map[string]string{}, as: clientAdminA, status: 200,
			contains: []string{`"status":"pending_deletion"`, `"cancelled_at":"2026-11-20T12:00:00Z"`}},
		{name: "cancelling twice", method: "POST", path: e.chPath() + "/control/cancellation_request", body: map[string]string{}, as: partnerMemberA, status: 409},
		{name: "the partner reactivates", method: "POST", path: e.chPath() + "/control/reactivate", body: map[string]string{}, as: partnerMemberA, status: 200,
			contains: []string{`"status":"running"`, `"cancelled_at":null`}},
		{name: "the partner cancels through the API", method: "POST", path: e.chPath() + "/control/cancellation_request", body: map[string]string{}, as: partnerAdminA, status: 200},
	})
	// Still November: nothing happens. On 1 December 00:00 UTC it is terminated, once,
	// even with two instances sweeping at the same moment.
	if n, err := e.hub.Channels.TerminateDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("sweep in November: %d %v", n, err)
	}
	e.clock.Set(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			n, err := e.hub.Channels.TerminateDue(context.Background())
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}(i)
	}
	wg.Wait()
	if counts[0]+counts[1] != 1 {
		t.Fatalf("terminations %v, want exactly one", counts)
	}
	e.tokens = map[string]string{} // the clock jumped past the access tokens' lifetime
	ch := e.do("GET", e.chPath(), nil, partnerAdminA).JSON(t)
	if ch["status"] != "terminated" || ch["terminated_at"] != "2026-12-01T00:00:00Z" || ch["webhook_url"] != nil {
		t.Fatalf("after month end: %v %v %v", ch["status"], ch["terminated_at"], ch["webhook_url"])
	}
	want := "channel.updated cancellation_request cancellation_revoke cancellation_request cancellation_processed"
	if got := strings.Join(e.events(e.f.ChannelA.ID), " "); got != want {
		t.Fatalf("events %q, want %q", got, want)
	}
	if r := e.do("POST", e.chPath()+"/control/reactivate", map[string]string{}, partnerAdminA); r.Status != 409 {
		t.Fatalf("reactivating a terminated number: %d", r.Status)
	}
	audit := e.do("GET", "/api/v2/clients/"+e.f.ClientA.ID+"/audit_logs?filters="+`%7B%22object_id%22:%22`+e.f.ChannelA.ID+`%22%7D`, nil, clientAdminA).JSON(t)
	if audit["total"].(float64) < 5 {
		t.Fatalf("audit trail of the channel: %v", audit["total"])
	}
}

func TestSimulatorDrivesOnboardingAndHealth(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/account_sharing/numbers", map[string]string{
		"solution_id": "1", "waba_external_id": "waba-ext-9", "client_id": e.f.ClientA.ID, "phone_number": "+49 151 1111 2222", "display_name": "Bluebird"}, partnerAdminA)
	if r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Body)
	}
	id := r.JSON(t)["channel_id"].(string)
	ctrl := "/api/v2/operator/simulator/channels/" + id
	for _, want := range []string{"submitted", "ready", "running"} {
		r := e.do("POST", ctrl, map[string]bool{"advance_status": true}, platformAdmin)
		if r.Status != 200 || r.JSON(t)["status"] != want {
			t.Fatalf("advance to %s: %d %s", want, r.Status, r.Body)
		}
	}
	e.run([]scenario{
		{name: "no step after running", method: "POST", path: ctrl, body: map[string]bool{"advance_status": true}, as: platformAdmin, status: 409, code: "invalid_transition"},
		{name: "support agents cannot drive it", method: "POST", path: ctrl, body: map[string]string{"health": "BLOCKED"}, as: supportAgent, status: 403},
		{name: "bad values are listed", method: "POST", path: ctrl, body: map[string]string{"health": "SICK", "current_quality_rating": "PURPLE"}, as: platformAdmin, status: 422},
		{name: "quality, limit, health, live", method: "POST", path: ctrl, as: platformAdmin, status: 200,
			body:     map[string]string{"current_quality_rating": "YELLOW", "current_limit": "TIER_10K", "health": "LIMITED", "account_mode": "live"},
			contains: []string{`"current_quality_rating":"YELLOW"`, `"current_limit":"TIER_10K"`, `"can_send_message":"LIMITED"`, `"account_mode":"live"`}},
	})
	want := "channel_created channel_submitted channel_ready channel_running channel_live"
	if got := strings.Join(e.events(id), " "); got != want {
		t.Fatalf("events %q, want %q", got, want)
	}
	// The automatic schedule moves a new number on by itself.
	r = e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/account_sharing/numbers", map[string]string{
		"solution_id": "1", "waba_external_id": "waba-ext-9", "client_id": e.f.ClientA.ID, "phone_number": "+4915111113333"}, partnerAdminA)
	id2 := r.JSON(t)["channel_id"].(string)
	for i := 0; i < 3; i++ {
		e.clock.Advance(31 * time.Second)
		if _, err := e.hub.Channels.Progress(context.Background(), 30*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	if ch := e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/channels/"+id2, nil, partnerAdminA).JSON(t); ch["status"] != "running" {
		t.Fatalf("after three steps: %v", ch["status"])
	}
}

func TestChannelWebhookTestEvent(t *testing.T) {
	got := make(chan *http.Request, 1)
	var body []byte
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		got <- r
		w.Write([]byte(`{"ok":true}`))
	}))
	defer receiver.Close()
	e := newEnvWith(t, func(c *hub.Config) { c.AllowInsecureWebhooks = true })
	checkErrorEnvelope(t, e.do("POST", e.chPath()+"/webhook/test", nil, partnerAdminA), 409, "no_webhook")
	e.do("POST", e.chPath()+"/webhook", map[string]any{"url": receiver.URL + "/wa", "headers": map[string]string{"X-Token": "s3cret"}}, partnerAdminA)
	r := e.do("POST", e.portalPath()+"/webhook/test", nil, clientMemberA)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"delivered":true`) || !strings.Contains(string(r.Body), `"status_code":200`) {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	req := <-got
	if req.Header.Get("X-Token") != "s3cret" || !strings.Contains(string(body), `"partnerhub_test":true`) || !strings.Contains(string(body), e.f.ChannelA.ID) {
		t.Fatalf("receiver saw headers %v body %s", req.Header, body)
	}

	// Without the development flag the same loopback receiver is refused at connect time,
	// even though the stored URL was accepted back when the flag was on.
	strict := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	strict.hub.Store.Client.Channel.UpdateOneID(strict.f.ChannelA.ID).SetWebhookURL(receiver.URL).ExecX(sys)
	r = strict.do("POST", strict.chPath()+"/webhook/test", nil, partnerAdminA)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"delivered":false`) || !strings.Contains(string(r.Body), "not public") {
		t.Fatalf("strict: %d %s", r.Status, r.Body)
	}
}

func TestCancellationRequestEnabledFalseWithdraws(t *testing.T) {
	e := newEnv(t)
	p := e.chPath() + "/control/cancellation_request"
	if r := e.do("POST", p, map[string]bool{"enabled": true}, partnerAdminA); r.Status != 200 || r.JSON(t)["status"] != "pending_deletion" {
		t.Fatalf("enabled:true: %d %s", r.Status, r.Body)
	}
	if r := e.do("POST", p, map[string]bool{"enabled": false}, partnerAdminA); r.Status != 200 || r.JSON(t)["status"] != "running" {
		t.Fatalf("enabled:false: %d %s", r.Status, r.Body)
	}
}
