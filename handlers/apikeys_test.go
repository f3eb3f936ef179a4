package handlers_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

func (e *env) keysPath() string {
	return "/api/v2/partners/" + e.f.PartnerA.ID + "/channels/" + e.f.ChannelA.ID + "/api_keys"
}

// share gives partner A the key permission of channel A.
func (e *env) share() {
	e.hub.Store.Client.Channel.UpdateOneID(e.f.ChannelA.ID).SetKeyPermission(channel.KeyPermissionShared).
		ExecX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
}

// issue generates a channel key as partner A's admin and returns the answer.
func (e *env) issue(body any, headers ...string) map[string]any {
	e.t.Helper()
	r := e.do("POST", e.keysPath(), body, partnerAdminA, headers...)
	if r.Status != 201 {
		e.t.Fatalf("issue: %d %s", r.Status, r.Body)
	}
	return r.JSON(e.t)
}

// health calls the Messaging API with a channel key and returns the status code.
func (e *env) health(key string) int {
	return e.do("GET", "/health_status", nil, anonymous, "D360-API-KEY", key).Status
}

func TestChannelKeyContract(t *testing.T) {
	e := newEnv(t)
	checkErrorEnvelope(t, e.do("POST", e.keysPath(), nil, partnerAdminA), 403, "permission_missing")
	e.share()
	m := e.issue(nil)
	key, _ := m["api_key"].(string)
	if typ, ok := keyformat.Check(key); !ok || typ != keyformat.Channel || !strings.HasSuffix(m["id"].(string), "CK") ||
		m["address"] != "https://hub.test" || m["app_id"] != e.f.ChannelA.ID {
		t.Fatalf("201 body: %v", m)
	}
	if e.health(key) != 200 {
		t.Fatal("the new key does not work")
	}
	// The key is never shown again.
	hist := e.do("GET", e.keysPath(), nil, partnerMemberA)
	if strings.Contains(string(hist.Body), key) || !strings.Contains(string(hist.Body), keyformat.Hint(key)) {
		t.Fatalf("history: %s", hist.Body)
	}
	// Only while running.
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	e.hub.Store.Client.Channel.UpdateOneID(e.f.ChannelA.ID).SetStatus(channel.StatusReady).ExecX(sys)
	checkErrorEnvelope(t, e.do("POST", e.keysPath(), nil, partnerAdminA), 409, "channel_not_running")
}

func TestRotationRevokesTheOldKeyOnTheNextRequest(t *testing.T) {
	e := newEnv(t)
	e.share()
	first := e.issue(nil)["api_key"].(string)
	if e.health(first) != 200 {
		t.Fatal("first key")
	}
	second := e.issue(map[string]int{})["api_key"].(string)
	if e.health(first) != 401 {
		t.Fatal("the old key still works after a rotation")
	}
	if e.health(second) != 200 {
		t.Fatal("the new key does not work")
	}
}

func TestGraceKeepsTheOldKeyUntilTheInstantAndNotAfter(t *testing.T) {
	e := newEnv(t)
	e.share()
	old := e.issue(nil)["api_key"].(string)
	m := e.issue(map[string]int{"grace_seconds": 600})
	next := m["api_key"].(string)
	prev := m["previous_key"].(map[string]any)
	if prev["state"] != "grace" || prev["valid_until"] == nil {
		t.Fatalf("previous key: %v", prev)
	}
	if e.health(old) != 200 || e.health(next) != 200 {
		t.Fatal("both keys must work during the grace period")
	}
	e.clock.Advance(599 * time.Second)
	if e.health(old) != 200 {
		t.Fatal("the old key stopped before its grace ended")
	}
	e.clock.Advance(time.Second)
	if e.health(old) != 401 || e.health(next) != 200 {
		t.Fatal("at the instant the grace ends the old key must stop")
	}
	// A third key revokes the one in grace at once: never more than two valid keys.
	e.tokens = map[string]string{}
	k3 := e.issue(map[string]int{"grace_seconds": 600})["api_key"].(string)
	k4 := e.issue(map[string]int{"grace_seconds": 600})["api_key"].(string)
	if e.health(next) != 401 || e.health(k3) != 200 || e.health(k4) != 200 {
		t.Fatal("more than two keys valid")
	}
	checkErrorEnvelope(t, e.do("POST", e.keysPath(), map[string]int{"grace_seconds": 86401}, partnerAdminA), 422, "validation_failed")
}

func TestIdempotentRetryReturnsTheSameKey(t *testing.T) {
	e := newEnv(t)
	e.share()
	old := e.issue(nil)["api_key"].(string)
	a := e.issue(map[string]int{"grace_seconds": 300}, "Idempotency-Key", "retry-1")
	b := e.issue(map[string]int{"grace_seconds": 300}, "Idempotency-Key", "retry-1")
	if a["api_key"] != b["api_key"] || a["id"] != b["id"] {
		t.Fatalf("retry returned another key: %v vs %v", a["id"], b["id"])
	}
	hist := e.do("GET", e.keysPath(), nil, partnerAdminA).JSON(t)["api_keys"].([]any)
	valid := 0
	for _, k := range hist {
		if k.(map[string]any)["state"] != "revoked" {
			valid++
		}
	}
	if len(hist) != 3 || valid != 2 { // the fixture's key (revoked by the first issue), old, new
		t.Fatalf("after a retried rotation: %d keys, %d valid; want 3 and 2 (the retry minted nothing)", len(hist), valid)
	}
	if e.health(old) != 200 || e.health(a["api_key"].(string)) != 200 {
		t.Fatal("the retry must not move or end the grace of the old key")
	}
}

func TestMalformedKeysCostNoDatabaseQuery(t *testing.T) {
	e := newEnv(t)
	v := e.hub.APIKeys.Verifier()
	before := v.Queries()
	good := keyformat.New(keyformat.Channel)
	changed := byte('0')
	if good[20] == '0' {
		changed = '1'
	}
	corrupt := good[:20] + string(changed) + good[21:] // the checksum no longer matches
	for _, k := range []string{"", "garbage", strings.Repeat("x", 42), good[:41] + "!", "php_" + good[4:], corrupt} {
		if e.health(k) != 401 {
			t.Fatalf("%q accepted", k)
		}
	}
	if q := v.Queries() - before; q != 0 {
		t.Fatalf("malformed keys made %d database queries", q)
	}
	// A well-formed unknown key costs one query, then the negative cache answers.
	e.health(good)
	e.health(good)
	if q := v.Queries() - before; q != 1 {
		t.Fatalf("an unknown well-formed key made %d queries, want 1", q)
	}
}

func TestKeyPermissionPerPaymentModel(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	perm := e.portalPath() + "/permission"
	own := e.portalPath() + "/api_keys"
	// Partner payment (the fixture partner): the partner always holds the permission.
	checkErrorEnvelope(t, e.do("POST", perm, map[string]string{"state": "missing"}, clientAdminA), 409, "partner_payment")
	checkErrorEnvelope(t, e.do("POST", own, nil, clientAdminA), 403, "partner_payment")
	// Direct payment: the client shares or withdraws it per number.
	e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerA.ID).SetBillingModel(partner.BillingModelDirectPayment).ExecX(sys)
	if r := e.do("POST", perm, map[string]string{"state": "shared"}, clientAdminA); r.Status != 200 || !strings.Contains(string(r.Body), `"key_permission":"shared"`) {
		t.Fatalf("share: %d %s", r.Status, r.Body)
	}
	checkErrorEnvelope(t, e.do("POST", perm, map[string]string{"state": "missing"}, clientMemberA), 403, "forbidden")
	checkErrorEnvelope(t, e.do("POST", own, nil, clientAdminA), 403, "permission_shared")
	partnerKey := e.issue(nil)["api_key"].(string)
	if e.health(partnerKey) != 200 {
		t.Fatal("partner key")
	}
	// Withdrawing revokes the partner's key at once, and lets the client make its own.
	if r := e.do("POST", perm, map[string]string{"state": "missing"}, clientAdminA); r.Status != 200 {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	if e.health(partnerKey) != 401 {
		t.Fatal("the partner's key survived the withdrawal")
	}
	checkErrorEnvelope(t, e.do("POST", e.keysPath(), nil, partnerAdminA), 403, "permission_missing")
	r := e.do("POST", own, nil, clientAdminA)
	if r.Status != 201 {
		t.Fatalf("own key: %d %s", r.Status, r.Body)
	}
	if e.health(r.JSON(t)["api_key"].(string)) != 200 {
		t.Fatal("the client's own key does not work")
	}
	checkErrorEnvelope(t, e.do("POST", perm, map[string]string{"state": "maybe"}, clientAdminA), 422, "validation_failed")
}

func TestPartnerAPIKeys(t *testing.T) {
	e := newEnv(t)
	p := "/api/v2/partners/" + e.f.PartnerA.ID
	checkErrorEnvelope(t, e.do("POST", p+"/api_keys", map[string]string{"name": "crm", "password": "not my password"}, partnerAdminA), 422, "validation_failed")
	checkErrorEnvelope(t, e.do("POST", p+"/api_keys", map[string]string{"name": "crm", "password": testPassword}, partnerMemberA), 403, "forbidden")
	checkErrorEnvelope(t, e.do("GET", p+"/api_keys", nil, partnerMemberA), 403, "forbidden")
	create := func(body map[string]any) string {
		body["password"] = testPassword
		r := e.do("POST", p+"/api_keys", body, partnerAdminA)
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		return r.JSON(t)["api_key"].(string)
	}
	full := create(map[string]any{"name": "crm"})
	read := create(map[string]any{"name": "dashboard", "scope": "read"})
	walled := create(map[string]any{"name": "office only", "ip_allowlist": []string{"203.0.113.0/24"}})
	expiring := create(map[string]any{"name": "temp", "expires_at": e.clock.Now().Add(time.Hour)})

	get := func(key, path string) int { return e.do("GET", path, nil, anonymous, "X-API-Key", key).Status }
	if get(full, p+"/channels") != 200 || get(read, p+"/clients") != 200 || get(expiring, p) != 200 {
		t.Fatal("valid partner keys refused")
	}
	if r := e.do("PATCH", p, map[string]string{"brand_name": "x"}, anonymous, "X-API-Key", read); r.Status != 403 {
		t.Fatalf("a read key wrote: %d", r.Status)
	}
	if r := e.do("PATCH", p+"/clients/"+e.f.ClientA.ID, map[string]string{"partner_payload": "via key"}, anonymous, "X-API-Key", full); r.Status != 200 {
		t.Fatalf("a full key writing: %d %s", r.Status, r.Body)
	}
	if s := get(walled, p); s != 403 {
		t.Fatalf("key used outside its allow-list: %d", s)
	}
	if s := get(full, "/api/v2/partners/"+e.f.PartnerB.ID); s != 404 {
		t.Fatalf("partner A's key on partner B: %d", s)
	}
	if s := get(keyformat.New(keyformat.Channel), p); s != 401 {
		t.Fatalf("a channel key as X-API-Key: %d", s)
	}
	// Creating keys needs a signed-in admin, not a key.
	if r := e.do("POST", p+"/api_keys", map[string]string{"name": "x", "password": testPassword}, anonymous, "X-API-Key", full); r.Status != 403 {
		t.Fatalf("a key minting keys: %d", r.Status)
	}
	e.clock.Advance(time.Hour)
	if s := get(expiring, p); s != 401 {
		t.Fatalf("expired key: %d", s)
	}
	e.tokens = map[string]string{}
	list := e.do("GET", p+"/api_keys", nil, partnerAdminA)
	if strings.Contains(string(list.Body), full) || !strings.Contains(string(list.Body), `"name":"crm"`) {
		t.Fatalf("list: %s", list.Body)
	}
	var id string
	for _, k := range list.JSON(t)["api_keys"].([]any) {
		if m := k.(map[string]any); m["name"] == "crm" {
			id = m["id"].(string)
		}
	}
	if r := e.do("DELETE", p+"/api_keys/"+id, nil, partnerAdminA); r.Status != 200 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	if s := get(full, p); s != 401 {
		t.Fatalf("revoked key: %d", s)
	}
}

func TestReportLeak(t *testing.T) {
	e := newEnv(t)
	e.share()
	key := e.issue(nil)["api_key"].(string)
	report := func(k string) *response {
		return e.do("POST", "/api/v2/api_keys/report_leak", map[string]string{"api_key": k}, anonymous)
	}
	valid, unknown, garbage := report(key), report(keyformat.New(keyformat.Channel)), report("not a key")
	if valid.Status != 202 || string(valid.Body) != string(unknown.Body) || string(valid.Body) != string(garbage.Body) {
		t.Fatalf("answers differ: %s | %s | %s", valid.Body, unknown.Body, garbage.Body)
	}
	if e.health(key) != 401 {
		t.Fatal("a reported key still works")
	}
	if got := e.events(e.f.ChannelA.ID); got[len(got)-1] != "api_key.leaked" {
		t.Fatalf("events: %v", got)
	}
	for i := 0; i < 7; i++ {
		report("x")
	}
	if r := report("x"); r.Status != 429 {
		t.Fatalf("eleventh report in a minute: %d", r.Status)
	}
}

func TestMessagingAPI(t *testing.T) {
	e := newEnv(t)
	e.share()
	key := e.issue(nil)["api_key"].(string)
	hdr := []string{"D360-API-KEY", key}
	e.run([]scenario{
		{name: "no key", method: "GET", path: "/v1/configs/webhook", status: 401, code: "invalid_api_key"},
		{name: "a partner key is not a channel key", method: "GET", path: "/health_status", headers: []string{"D360-API-KEY", keyformat.New(keyformat.Partner)}, status: 401},
		{name: "set the webhook", method: "POST", path: "/v1/configs/webhook", headers: hdr, body: map[string]any{"url": "https://hooks.example.com/wa", "headers": map[string]string{"X-Token": "t"}},
			status: 200, contains: []string{`"url":"https://hooks.example.com/wa"`}},
		{name: "the same URL rules apply", method: "POST", path: "/v1/configs/webhook", headers: hdr, body: map[string]string{"url": "https://bad_host.example.com"}, status: 422},
		{name: "read it back", method: "GET", path: "/v1/configs/webhook", headers: hdr, status: 200, contains: []string{"hooks.example.com", "X-Token"}},
		{name: "health", method: "GET", path: "/health_status", headers: hdr, status: 200,
			contains: []string{`"health_status":{"can_send_message":"AVAILABLE"`, `"entity_type":"PHONE_NUMBER"`, `"id":"` + e.f.ChannelA.ID + `"`}},
	})
	e.do("POST", "/api/v2/operator/simulator/channels/"+e.f.ChannelA.ID, map[string]string{"health": "BLOCKED"}, platformAdmin)
	if r := e.do("GET", "/health_status", nil, anonymous, hdr...); !strings.Contains(string(r.Body), `"can_send_message":"BLOCKED"`) {
		t.Fatalf("health after the simulator blocked it: %s", r.Body)
	}
	// The partner's view shows the webhook the key set.
	if ch := e.do("GET", e.chPath(), nil, partnerAdminA).JSON(t); ch["webhook_url"] != "https://hooks.example.com/wa" {
		t.Fatalf("channel webhook: %v", ch["webhook_url"])
	}
}

func TestLastUsedIsBufferedThenFlushedForwardOnly(t *testing.T) {
	e := newEnv(t)
	e.share()
	issued := e.issue(nil)
	key, id := issued["api_key"].(string), issued["id"].(string)
	e.health(key)
	lastUsed := func() any {
		for _, k := range e.do("GET", e.keysPath(), nil, partnerAdminA).JSON(t)["api_keys"].([]any) {
			if m := k.(map[string]any); m["id"] == id {
				return m["last_used_at"]
			}
		}
		t.Fatal("the key is not in its channel's history")
		return nil
	}
	if lastUsed() != nil {
		t.Fatal("last use was written inside the request; it must wait for the batched flush")
	}
	v := e.hub.APIKeys.Verifier()
	if err := v.FlushUsage(context.Background()); err != nil {
		t.Fatal(err)
	}
	first := e.clock.Now().UTC().Format(time.RFC3339)
	if got := lastUsed(); got != first {
		t.Fatalf("after the flush: %v, want %s", got, first)
	}
	// Another instance flushing an older time does not move it back.
	e.clock.Advance(-time.Hour)
	e.health(key)
	v.FlushUsage(context.Background())
	e.clock.Advance(2 * time.Hour)
	e.tokens = map[string]string{}
	if got := lastUsed(); got != first {
		t.Fatalf("an older flush moved last use to %v", got)
	}
	e.health(key)
	v.FlushUsage(context.Background())
	if got := lastUsed(); got != e.clock.Now().UTC().Format(time.RFC3339) {
		t.Fatalf("a newer use was not recorded: %v", got)
	}
}

func TestTerminationRevokesTheChannelsKeys(t *testing.T) {
	e := newEnv(t)
	e.share()
	e.clock.Set(time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC))
	e.tokens = map[string]string{}
	key := e.issue(nil)["api_key"].(string)
	if e.health(key) != 200 {
		t.Fatal("key")
	}
	e.do("POST", e.chPath()+"/control/cancellation_request", map[string]string{}, partnerAdminA)
	if e.health(key) != 200 {
		t.Fatal("a number pending deletion still messages")
	}
	e.clock.Set(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if n, err := e.hub.Channels.TerminateDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("terminate: %d %v", n, err)
	}
	if _, err := e.hub.APIKeys.Verifier().Catchup(context.Background()); err != nil {
		t.Fatal(err)
	}
	if e.health(key) != 401 {
		t.Fatal("the key of a terminated number still works")
	}
}

// A channel's webhook is set in three places — by partner staff, by the client in the
// portal, and with the channel key on /v1/configs/webhook — and without
// --allow-insecure-webhooks all three refuse the same URLs with the same words.
func TestChannelWebhookRulesAreTheSameEverywhere(t *testing.T) {
	e := newEnv(t)
	e.share()
	key := e.issue(nil)["api_key"].(string)
	places := []struct {
		name, path, as string
		headers        []string
	}{
		{"partner", "/api/v2/partners/" + e.f.PartnerA.ID + "/clients/" + e.f.ClientA.ID + "/channels/" + e.f.ChannelA.ID + "/webhook", partnerAdminA, nil},
		{"portal", "/api/v2/clients/" + e.f.ClientA.ID + "/channels/" + e.f.ChannelA.ID + "/webhook", clientAdminA, nil},
		{"channel key", "/v1/configs/webhook", anonymous, []string{"D360-API-KEY", key}},
	}
	for _, bad := range []string{
		"https://localhost:3000/hook", "https://hooks.example.com:8443/hook", "http://hooks.example.com/hook",
		"https://localhost/hook", "https://127.0.0.1/hook", "https://10.0.0.7/hook", "https://[::1]/hook",
		"https://bad_host.example.com/hook", "https://printer.local/hook", "https://2130706433/hook",
	} {
		var words []string
		for _, p := range places {
			r := e.do("POST", p.path, map[string]string{"url": bad}, p.as, p.headers...)
			if r.Status != 422 {
				t.Errorf("%s accepted %s: %d %s", p.name, bad, r.Status, r.Body)
				continue
			}
			var env struct {
				Meta struct {
					Details []string `json:"details"`
				} `json:"meta"`
			}
			if err := json.Unmarshal(r.Body, &env); err != nil {
				t.Fatal(err)
			}
			words = append(words, strings.Join(env.Meta.Details, "; "))
		}
		for i := 1; i < len(words); i++ {
			if words[i] != words[0] {
				t.Errorf("%s: the places say different things: %q", bad, words)
				break
			}
		}
	}
	for _, p := range places {
		if r := e.do("POST", p.path, map[string]string{"url": "https://hooks.example.com/wa"}, p.as, p.headers...); r.Status != 200 {
			t.Errorf("%s refused a good URL: %d %s", p.name, r.Status, r.Body)
		}
	}
}
