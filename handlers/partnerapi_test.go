package handlers_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

func (e *env) registerNumber(wabaExt, phone string) *response {
	return e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/account_sharing/numbers", map[string]string{
		"solution_id": "1", "waba_external_id": wabaExt, "client_id": e.f.ClientA.ID, "phone_number": phone}, partnerAdminA)
}

func TestWABANumberLimits(t *testing.T) {
	e := newEnv(t)
	pid, cid := e.f.PartnerA.ID, e.f.ClientA.ID
	e.do("PATCH", "/api/v2/partners/"+pid+"/clients/"+cid, map[string]int{"max_channels": 200}, partnerAdminA)
	// A WABA whose business is not verified holds at most 2 numbers.
	if r := e.registerNumber("unverified-1", "+4915130000001"); r.Status != 201 {
		t.Fatalf("first: %d %s", r.Status, r.Body)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	e.hub.Store.Client.WABA.Update().Where(waba.ExternalID("unverified-1")).SetFbAccountStatus(waba.FbAccountStatusPending).ExecX(sys)
	if r := e.registerNumber("unverified-1", "+4915130000002"); r.Status != 201 {
		t.Fatalf("second: %d %s", r.Status, r.Body)
	}
	checkErrorEnvelope(t, e.registerNumber("unverified-1", "+4915130000003"), 409, "waba_unverified_limit")

	// A verified WABA holds 25; the 26th is refused until an operator approves 120.
	for i := 0; i < 25; i++ {
		if r := e.registerNumber("verified-1", "+49151400000"+fmt2(i)); r.Status != 201 {
			t.Fatalf("number %d: %d %s", i, r.Status, r.Body)
		}
	}
	checkErrorEnvelope(t, e.registerNumber("verified-1", "+4915140000099"), 409, "waba_number_limit")
	wabas := e.do("GET", "/api/v2/partners/"+pid+"/clients/"+cid+"/waba_accounts", nil, partnerMemberA).JSON(t)["waba_accounts"].([]any)
	var wid string
	for _, w := range wabas {
		if m := w.(map[string]any); m["external_id"] == "verified-1" {
			wid = m["id"].(string)
			if m["number_count"].(float64) != 25 || m["effective_limit"].(float64) != 25 {
				t.Errorf("waba view: %v", m)
			}
		}
	}
	lr := "/api/v2/partners/" + pid + "/clients/" + cid + "/waba_accounts/" + wid + "/limit_raise_requests"
	r := e.do("POST", lr, map[string]string{"reason": "40 branches"}, partnerAdminA)
	if r.Status != 201 {
		t.Fatalf("raise request: %d %s", r.Status, r.Body)
	}
	reqID := r.JSON(t)["id"].(string)
	checkErrorEnvelope(t, e.do("POST", lr, map[string]string{"reason": "again"}, partnerAdminA), 409, "limit_raise_pending")
	if r := e.do("POST", "/api/v2/operator/limit_raise_requests/"+reqID+"/approve", map[string]string{"note": "ok"}, supportAgent); r.Status != 403 {
		t.Fatalf("support agent approving: %d", r.Status)
	}
	list := e.do("GET", "/api/v2/operator/limit_raise_requests?filters="+url.QueryEscape(`{"status":"pending"}`), nil, supportAgent).JSON(t)
	if list["total"].(float64) != 2 { // the fixture's and this one
		t.Errorf("pending requests: %v", list["total"])
	}
	if r := e.do("POST", "/api/v2/operator/limit_raise_requests/"+reqID+"/approve", map[string]string{"note": "ok"}, platformAdmin); r.Status != 200 || !strings.Contains(string(r.Body), `"status":"approved"`) {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	checkErrorEnvelope(t, e.do("POST", "/api/v2/operator/limit_raise_requests/"+reqID+"/reject", nil, platformAdmin), 409, "already_decided")
	if r := e.registerNumber("verified-1", "+4915140000099"); r.Status != 201 {
		t.Fatalf("26th after the raise: %d %s", r.Status, r.Body)
	}
	// The client's max_channels applies across its WABAs.
	checkErrorEnvelope(t, e.do("PATCH", "/api/v2/partners/"+pid+"/clients/"+cid, map[string]int{"max_channels": 5}, partnerAdminA), 409, "max_channels_below_usage")
	e.do("PATCH", "/api/v2/partners/"+pid+"/clients/"+cid, map[string]int{"max_channels": 29}, partnerAdminA)
	checkErrorEnvelope(t, e.registerNumber("verified-2", "+4915150000001"), 409, "client_max_channels")
}

func fmt2(i int) string {
	s := strconv.Itoa(i)
	if len(s) < 2 {
		s = "0" + s
	}
	return s
}

func TestRegisterNumberInput(t *testing.T) {
	e := newEnv(t)
	e.run([]scenario{
		{name: "phone number the library rejects names the field", method: "POST", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/account_sharing/numbers", as: partnerAdminA,
			body: map[string]string{"solution_id": "1", "waba_external_id": "w", "client_id": e.f.ClientA.ID, "phone_number": "+49 1"}, status: 422, contains: []string{"phone_number: is not"}},
		{name: "a number already active", method: "POST", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/account_sharing/numbers", as: partnerAdminA,
			body: map[string]string{"solution_id": "1", "waba_external_id": "w", "client_id": e.f.ClientA.ID, "phone_number": "+49 151 12345678"}, status: 409, code: "number_already_active"},
		{name: "client or business id required", method: "POST", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/account_sharing/numbers", as: partnerAdminA,
			body: map[string]string{"solution_id": "1", "waba_external_id": "w", "phone_number": "+4915112340000"}, status: 422},
		{name: "another partner's client is not found", method: "POST", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/account_sharing/numbers", as: partnerAdminA,
			body: map[string]string{"solution_id": "1", "waba_external_id": "w", "client_id": e.f.ClientB.ID, "phone_number": "+4915112340000"}, status: 404},
		{name: "account sharing creates a client", method: "POST", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/account_sharing/clients", as: partnerMemberA,
			body: map[string]string{"name": "Shared Co", "email": "owner@shared.example", "user_name": "Owner"}, status: 201, contains: []string{`CL"`, `"created_at"`}},
	})
}

func TestClientBalanceRateLimitAndAggregation(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC))
	e.tokens = map[string]string{}
	usage := "/api/v2/operator/simulator/channels/" + e.f.ChannelA.ID + "/usage"
	for _, d := range []map[string]any{
		{"day": "2026-10-31", "marketing": 5, "service": 1, "free": 1, "cost_micros": 500000},
		{"day": "2026-11-01", "marketing": 10, "utility": 2, "authentication": 3, "service": 4, "free": 4, "cost_micros": 1250000},
		{"day": "2026-11-02", "service": 7, "free": 7},
	} {
		if r := e.do("POST", usage, d, platformAdmin); r.Status != 200 {
			t.Fatalf("record: %d %s", r.Status, r.Body)
		}
	}
	checkErrorEnvelope(t, e.do("POST", usage, map[string]any{"day": "yesterday"}, platformAdmin), 422, "validation_failed")
	base := "/api/v2/partners/" + e.f.PartnerA.ID + "/clients/" + e.f.ClientA.ID + "/info/balance"
	oct := strconv.FormatInt(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC).Unix(), 10)
	m := e.do("GET", base+"?start_date="+oct, nil, partnerAdminA).JSON(t)
	lines := m["usage"].([]any)
	if m["granularity"] != "MONTH" || len(lines) != 2 {
		t.Fatalf("monthly: %v", m)
	}
	nov := lines[1].(map[string]any)
	if nov["quantity"].(float64) != 26 || nov["free_quantity"].(float64) != 11 || nov["paid_quantity"].(float64) != 15 ||
		nov["marketing_quantity"].(float64) != 10 || nov["total_price"].(float64) != 1.25 || nov["period_date"] != "2026-11-01T00:00:00Z" {
		t.Fatalf("november: %v", nov)
	}
	// The .NET client's Usage model: the free tier, and each category's paid part (the free
	// conversations are service conversations first).
	for k, want := range map[string]float64{"free_tier": 11, "free_entry_point": 0, "service_paid_quantity": 0, "user_initiated_paid_quantity": 0,
		"marketing_paid_quantity": 10, "utility_paid_quantity": 2, "authentication_paid_quantity": 3, "business_initiated_paid_quantity": 15,
		"marketing_price": 0, "service_price": 0} {
		if got, ok := nov[k].(float64); !ok || got != want {
			t.Errorf("november %s: %v, want %v", k, nov[k], want)
		}
	}
	for _, k := range []string{"bi_price_for_currency_and_client_country", "ui_price_for_currency_and_client_country", "last_renewal", "estimated_template_cost"} {
		if _, ok := m[k]; !ok {
			t.Errorf("balance lacks %s: %v", k, m)
		}
	}
	// Any case: clients send "day" as often as "DAY"; the answer names it as the reference does.
	m = e.do("GET", base+"?granularity=day&start_date="+oct, nil, partnerAdminA).JSON(t)
	if len(m["usage"].([]any)) != 3 || m["granularity"] != "DAY" {
		t.Fatalf("daily: %v %v", m["granularity"], m["usage"])
	}
	checkErrorEnvelope(t, e.do("GET", base+"?granularity=WEEK", nil, partnerAdminA), 422, "validation_failed")
	// Five per 30 s per client: two were used above (the one refused for validation did not count).
	for i := 0; i < 3; i++ {
		if r := e.do("GET", base, nil, partnerAdminA); r.Status != 200 {
			t.Fatalf("call %d: %d", i+3, r.Status)
		}
	}
	r := e.do("GET", base, nil, partnerAdminA)
	if r.Status != 429 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth call: %d Retry-After %q", r.Status, r.Header.Get("Retry-After"))
	}
	e.clock.Advance(31 * time.Second)
	if r := e.do("GET", base, nil, partnerAdminA); r.Status != 200 {
		t.Fatalf("after the window: %d", r.Status)
	}
	chUsage := "/api/v2/partners/" + e.f.PartnerA.ID + "/clients/" + e.f.ClientA.ID + "/channels/" + e.f.ChannelA.ID + "/info/usage"
	checkErrorEnvelope(t, e.do("GET", chUsage, nil, partnerAdminA), 422, "validation_failed") // start_date is required
	if m := e.do("GET", chUsage+"?granularity=DAY&start_date="+oct, nil, partnerAdminA).JSON(t); len(m["usage"].([]any)) != 3 {
		t.Fatalf("channel usage: %v", m)
	}
}

func TestClientsListSearchFiltersAndPatch(t *testing.T) {
	e := newEnv(t)
	pid := e.f.PartnerA.ID
	for _, n := range []struct{ name, email string }{{"Alpha Bakery", "a@alpha.example"}, {"Beta Florist", "b@beta.example"}} {
		if r := e.do("POST", "/api/v2/partners/"+pid+"/account_sharing/clients", map[string]string{"name": n.name, "email": n.email}, partnerAdminA); r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	}
	list := func(query string) map[string]any {
		return e.do("GET", "/api/v2/partners/"+pid+"/clients?"+query, nil, partnerMemberA).JSON(t)
	}
	if m := list("q=bakery"); m["total"].(float64) != 1 || !strings.Contains(m["clients"].([]any)[0].(map[string]any)["name"].(string), "Alpha") {
		t.Errorf("search: %v", m)
	}
	if m := list("filters=" + url.QueryEscape(`{"contact_info.email":"b@beta.example"}`)); m["total"].(float64) != 1 {
		t.Errorf("JSON-path filter: %v", m)
	}
	if m := list("sort=name&limit=2"); m["clients"].([]any)[0].(map[string]any)["name"] != "Alpha Bakery" || m["total"].(float64) != 3 {
		t.Errorf("sorted: %v", m)
	}
	if m := list("sort=-name&limit=1&offset=1"); m["clients"].([]any)[0].(map[string]any)["name"] != "Beta Florist" {
		t.Errorf("sorted desc, offset: %v", m)
	}
	e.run([]scenario{
		{name: "patch partner_payload", method: "PATCH", path: "/api/v2/partners/" + pid + "/clients/" + e.f.ClientA.ID, as: partnerMemberA, status: 200,
			body: map[string]any{"partner_payload": "crm-42", "name": "ignored: only two fields change"}, contains: []string{`"partner_payload":"crm-42"`, `"name":"Client A"`}},
		{name: "negative max_channels", method: "PATCH", path: "/api/v2/partners/" + pid + "/clients/" + e.f.ClientA.ID, as: partnerMemberA, status: 422,
			body: map[string]int{"max_channels": -1}},
		{name: "a client user reads its organisation", method: "GET", path: "/api/v2/clients/" + e.f.ClientA.ID, as: clientMemberA, status: 200,
			contains: []string{`"partner_payload":"crm-42"`, `"channel_count":1`}},
		{name: "search text too long", method: "GET", path: "/api/v2/partners/" + pid + "/clients?q=" + strings.Repeat("x", 101), as: partnerMemberA, status: 422},
	})
}

func TestPartnerSettings(t *testing.T) {
	e := newEnv(t)
	p := "/api/v2/partners/" + e.f.PartnerA.ID
	e.run([]scenario{
		{name: "partner admin updates public data", method: "PATCH", path: p, as: partnerAdminA, status: 200,
			body:     map[string]any{"brand_name": "Partner A GmbH", "partner_redirect_url": "https://crm.example.com/done", "default_storage_region": "DE", "allow_client_to_add_phone_no": false},
			contains: []string{`"brand_name":"Partner A GmbH"`, `"default_storage_region":"DE"`, `"allow_client_to_add_phone_no":false`}},
		{name: "partner admin cannot change the plan", method: "PATCH", path: p, as: partnerAdminA, status: 403, code: "operator_fields",
			body: map[string]string{"partner_plan": "premium"}},
		{name: "partner members cannot change settings", method: "PATCH", path: p, as: partnerMemberA, status: 403, body: map[string]string{"brand_name": "x"}},
		{name: "operator changes plan and tier", method: "PATCH", path: p, as: platformAdmin, status: 200,
			body: map[string]string{"partner_plan": "premium", "partner_tier": "gold"}, contains: []string{`"partner_plan":"premium"`, `"partner_tier":"gold"`}},
		{name: "support agents cannot", method: "PATCH", path: p, as: supportAgent, status: 403, body: map[string]string{"partner_tier": "none"}},
		{name: "webhook URL rules", method: "POST", path: p + "/webhook_url", as: partnerAdminA, status: 422,
			body: map[string]string{"webhook_url": "https://bad_host.example.com/x"}, contains: []string{"webhook_url: must not contain an underscore"}},
		{name: "webhook URL set", method: "POST", path: p + "/webhook_url", as: partnerAdminA, status: 200,
			body: map[string]string{"webhook_url": "https://crm.example.com/events"}, contains: []string{`"webhook_url":"https://crm.example.com/events"`}},
		{name: "webhook URL read", method: "GET", path: p + "/webhook_url", as: partnerMemberA, status: 200, contains: []string{`{"webhook_url":"https://crm.example.com/events"}`}},
		{name: "auto_approve as the documented string", method: "PATCH", path: p + "/settings/partner_change_request", as: partnerAdminA, status: 200,
			body: `{"auto_approve":"true"}`, contains: []string{`{"auto_approve":true,"execution":"immediate"}`}},
		{name: "auto_approve garbage", method: "PATCH", path: p + "/settings/partner_change_request", as: partnerAdminA, status: 422, body: `{"auto_approve":"maybe"}`},
		{name: "bad region", method: "PATCH", path: p, as: partnerAdminA, status: 422, body: map[string]string{"default_storage_region": "US"}},
		{name: "bad redirect", method: "PATCH", path: p, as: partnerAdminA, status: 422, body: map[string]string{"partner_redirect_url": "javascript:alert(1)"}},
	})
	audit := e.do("GET", p+"/audit_logs?filters="+url.QueryEscape(`{"action":"partner.updated"}`), nil, partnerMemberA).JSON(t)
	if audit["total"].(float64) != 4 {
		t.Errorf("partner.updated audit rows: %v", audit["total"])
	}
	// A client user's audit trail holds only its own client's rows.
	e.do("PATCH", p+"/clients/"+e.f.ClientA.ID, map[string]string{"partner_payload": "x"}, partnerAdminA)
	rows := e.do("GET", "/api/v2/clients/"+e.f.ClientA.ID+"/audit_logs?limit=1000", nil, clientAdminA).JSON(t)["audit_logs"].([]any)
	for _, row := range rows {
		if row.(map[string]any)["client_id"] != e.f.ClientA.ID {
			t.Fatalf("foreign audit row in the client's trail: %v", row)
		}
	}
	if len(rows) == 0 {
		t.Fatal("the client's trail is empty")
	}
}

func TestSimulatorReportsDailyUsageOnce(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC))
	e.tokens = map[string]string{}
	n, err := e.hub.Usage.SimulateYesterday(context.Background())
	if err != nil || n != 1 { // tenant A's one running channel
		t.Fatalf("first sweep: %d %v", n, err)
	}
	if n, _ := e.hub.Usage.SimulateYesterday(context.Background()); n != 0 {
		t.Fatalf("second sweep wrote %d rows again", n)
	}
	start := strconv.FormatInt(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC).Unix(), 10)
	m := e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/clients/"+e.f.ClientA.ID+"/info/balance?granularity=DAY&start_date="+start, nil, partnerAdminA).JSON(t)
	lines := m["usage"].([]any)
	if len(lines) != 1 || lines[0].(map[string]any)["period_date"] != "2026-11-20T00:00:00Z" {
		t.Fatalf("usage: %v", m)
	}
}
