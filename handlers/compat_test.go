package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// These follow real 360dialog integrations, one test per client and call, each named after
// the client and the file its requests come from: what they send, byte for byte where it
// matters, and the fields (and JSON types) they read. docs/COMPATIBILITY.md lists them per
// client. Clients:
//
//   - kairon: kairon/shared/channels/whatsapp/bsp/dialog360.py and its tests' mocks;
//   - WABA360Dialog.NET: WABA360DialogPartnerClient.cs and PartnerClient/Payloads/*.cs;
//   - 100eyes: app/services/whats_app_adapter/three_sixty_dialog/*, app/jobs/whats_app_adapter/*;
//   - n8n-nodes-360dialog: nodes/Dialog360/Dialog360Trigger.node.ts;
//   - the connect button: the browser tests (frontend/e2e/onboarding.test.mjs) run its own code.

// kairon: token with token_type + " " + access_token, then the channel filtered by id,
// reading partner_channels[0].waba_account.id; its mocks echo the envelope keys.
func TestCompatKaironChannelLookup(t *testing.T) {
	e := newEnv(t)
	u := e.f.Users[partnerAdminA]
	tok := e.do("POST", "/api/v2/token", map[string]string{"username": u.Email, "password": testPassword}, anonymous).JSON(t)
	auth := tok["token_type"].(string) + " " + tok["access_token"].(string)
	filters := url.QueryEscape(`{"id":"` + e.f.ChannelA.ID + `"}`)
	r := e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/channels?filters="+filters, nil, anonymous, "Authorization", auth)
	if r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var body struct {
		Count           int               `json:"count"`
		Total           int               `json:"total"`
		Limit           int               `json:"limit"`
		Offset          int               `json:"offset"`
		Sort            []string          `json:"sort"`
		Filters         map[string]string `json:"filters"`
		PartnerChannels []struct {
			ID          string `json:"id"`
			WABAAccount struct {
				ID string `json:"id"`
			} `json:"waba_account"`
		} `json:"partner_channels"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Count != 1 || body.Total != 1 || body.Limit != 20 || body.Offset != 0 || body.Filters["id"] != e.f.ChannelA.ID || len(body.Sort) != 1 {
		t.Errorf("envelope: %s", r.Body)
	}
	if len(body.PartnerChannels) != 1 || body.PartnerChannels[0].WABAAccount.ID != e.f.WABAA.ID {
		t.Fatalf("partner_channels[0].waba_account.id: %s", r.Body)
	}
	// kairon's 404 mock: {"meta":{"success":false,"http_code":404,"developer_message":"…"}}
	r = e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/channels/nonexistentCH", nil, anonymous, "Authorization", auth)
	checkErrorEnvelope(t, r, 404, "not_found")
}

// The .NET client's field names on channels and clients, and the dotted filters it sends.
func TestCompatDotNetFieldNames(t *testing.T) {
	e := newEnv(t)
	pid := e.f.PartnerA.ID
	ch := e.do("GET", "/api/v2/partners/"+pid+"/channels/"+e.f.ChannelA.ID, nil, partnerAdminA).JSON(t)
	for _, k := range []string{"id", "client_id", "status", "account_mode", "current_quality_rating", "current_limit", "created_at",
		"modified_at", "setup_info", "profile_info", "waba_account", "client", "billing_started_at", "terminated_at", "external_id"} {
		if _, ok := ch[k]; !ok {
			t.Errorf("channel lacks %q", k)
		}
	}
	if ch["setup_info"].(map[string]any)["phone_number"] != "+4915112345678" {
		t.Errorf("setup_info.phone_number: %v", ch["setup_info"])
	}
	if ch["waba_account"].(map[string]any)["fb_account_status"] == nil || ch["client"].(map[string]any)["partner_payload"] == nil {
		t.Errorf("embedded waba_account/client: %v %v", ch["waba_account"], ch["client"])
	}
	cl := e.do("GET", "/api/v2/partners/"+pid+"/clients", nil, partnerAdminA).JSON(t)["clients"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "name", "status", "organisation", "max_channels", "partner_payload", "contact_info", "meta_info", "created_at", "modified_at"} {
		if _, ok := cl[k]; !ok {
			t.Errorf("client lacks %q", k)
		}
	}
	for _, f := range []string{`{"waba_account.id":"` + e.f.WABAA.ID + `"}`, `{"setup_info.phone_number":"+4915112345678"}`, `{"status":"running","account_mode":"sandbox"}`} {
		m := e.do("GET", "/api/v2/partners/"+pid+"/channels?filters="+url.QueryEscape(f), nil, partnerAdminA).JSON(t)
		if m["total"].(float64) != 1 {
			t.Errorf("filter %s: %v", f, m["total"])
		}
	}
}

// A Go client pages channels with limit=200 and offsets until a short page.
func TestCompatGoClientPaging(t *testing.T) {
	e := newEnv(t)
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	for i := 0; i < 404; i++ {
		e.hub.Store.Client.Channel.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(e.f.WABAA.ID).
			SetPhoneNumber("+49151" + strconv.Itoa(20000000+i)).SaveX(ctx)
	}
	seen := map[string]bool{}
	pages := 0
	for offset := 0; ; offset += 200 {
		m := e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/channels?limit=200&offset="+strconv.Itoa(offset)+"&sort=created_at", nil, partnerAdminA).JSON(t)
		page := m["partner_channels"].([]any)
		pages++
		for _, c := range page {
			seen[c.(map[string]any)["id"].(string)] = true
		}
		if len(page) < 200 {
			break
		}
	}
	if len(seen) != 405 || pages != 3 {
		t.Fatalf("paged through %d distinct channels in %d pages, want 405 in 3", len(seen), pages)
	}
}

// The .NET client sends every filter field it knows, most of them null, and an empty sort
// when none is chosen: both mean "nothing asked", not a 400.
func TestCompatDotNetNullFiltersAndEmptySort(t *testing.T) {
	e := newEnv(t)
	pid := e.f.PartnerA.ID
	all := e.do("GET", "/api/v2/partners/"+pid+"/channels", nil, partnerAdminA).JSON(t)
	f := `{"id":null,"status":null,"waba_account.id":null,"setup_info.phone_number":"+4915112345678"}`
	for _, sort := range []string{"", "-"} {
		m := e.do("GET", "/api/v2/partners/"+pid+"/channels?sort="+url.QueryEscape(sort)+"&filters="+url.QueryEscape(f), nil, partnerAdminA).JSON(t)
		if m["total"] != float64(1) || len(m["sort"].([]any)) != 1 || m["sort"].([]any)[0] != all["sort"].([]any)[0] {
			t.Errorf("sort %q with null filters: total %v, sort %v (default %v)", sort, m["total"], m["sort"], all["sort"])
		}
	}
	clients := e.do("GET", "/api/v2/partners/"+pid+"/clients", nil, partnerAdminA).JSON(t)
	m := e.do("GET", "/api/v2/partners/"+pid+"/clients?sort=-&filters="+url.QueryEscape(`{"id":null}`), nil, partnerAdminA).JSON(t)
	if m["total"] == nil || m["total"] != clients["total"] {
		t.Errorf("clients with a null filter and sort=-: total %v, want %v", m["total"], clients["total"])
	}
	r := e.do("GET", "/api/v2/partners/"+pid+"/channels?filters="+url.QueryEscape(`{"no_such_field":null}`), nil, partnerAdminA)
	checkErrorEnvelope(t, r, 400, "invalid_list_query")
}

// The reference's filter fields as clients send them: the embedded client's contact
// details and the WABA's verification status on channels, every contact_info path on
// clients.
func TestCompatReferenceFilterFields(t *testing.T) {
	e := newEnv(t)
	pid := e.f.PartnerA.ID
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	e.hub.Store.Client.ClientAccount.UpdateOneID(e.f.ClientA.ID).
		SetContactInfo(fieldtype.ContactInfo{Email: "ops@client-a.example", City: "Berlin"}).ExecX(sys)
	e.hub.Store.Client.WABA.UpdateOneID(e.f.WABAA.ID).SetFbAccountStatus(waba.FbAccountStatusVerified).ExecX(sys)
	channels := func(f string) any {
		r := e.do("GET", "/api/v2/partners/"+pid+"/channels?filters="+url.QueryEscape(f), nil, partnerAdminA)
		if r.Status != 200 {
			t.Fatalf("filters %s: %d %s", f, r.Status, r.Body)
		}
		return r.JSON(t)["total"]
	}
	for f, want := range map[string]float64{
		`{"client.contact_info.email":"ops@client-a.example"}`:                                   1,
		`{"client.contact_info.email":"someone@else.example"}`:                                   0,
		`{"client.contact_info.city":"Berlin","waba_account.fb_account_status":"verified"}`:      1,
		`{"waba_account.fb_account_status":"not_verified","client.id":"` + e.f.ClientA.ID + `"}`: 0,
		`{"client.name":"` + e.f.ClientA.Name + `"}`:                                             1,
	} {
		if got := channels(f); got != want {
			t.Errorf("channels with %s: total %v, want %v", f, got, want)
		}
	}
	m := e.do("GET", "/api/v2/partners/"+pid+"/clients?filters="+url.QueryEscape(`{"contact_info.city":"Berlin","contact_info.zip_code":null}`), nil, partnerAdminA).JSON(t)
	if m["total"] != float64(1) {
		t.Errorf("clients by contact_info.city: %v", m)
	}
	r := e.do("GET", "/api/v2/partners/"+pid+"/clients?filters="+url.QueryEscape(`{"contact_info.shoe_size":"42"}`), nil, partnerAdminA)
	checkErrorEnvelope(t, r, 400, "invalid_list_query")
}

// WABA360Dialog.NET deserialises created_by and modified_by as {user_id, user_name}
// objects: a client list with a PATCHed client must still read.
func TestCompatDotNetCreatedByModifiedBy(t *testing.T) {
	e := newEnv(t)
	pid, cid := e.f.PartnerA.ID, e.f.ClientA.ID
	if r := e.do("PATCH", "/api/v2/partners/"+pid+"/clients/"+cid, map[string]string{"partner_payload": "crm-1"}, partnerAdminA); r.Status != 200 {
		t.Fatalf("patch: %d %s", r.Status, r.Body)
	}
	r := e.do("GET", "/api/v2/partners/"+pid+"/clients", nil, partnerAdminA)
	type by struct {
		UserID   string `json:"user_id"`
		UserName string `json:"user_name"`
	}
	var body struct {
		Clients []struct {
			ID         string `json:"id"`
			CreatedBy  *by    `json:"created_by"`
			ModifiedBy *by    `json:"modified_by"`
		} `json:"clients"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("the .NET shapes do not read: %v\n%s", err, r.Body)
	}
	admin := e.f.Users[partnerAdminA]
	found := false
	for _, c := range body.Clients {
		if c.ID != cid {
			continue
		}
		found = true
		if c.ModifiedBy == nil || c.ModifiedBy.UserID != admin.ID || c.ModifiedBy.UserName != admin.Name {
			t.Errorf("modified_by: %+v, want %s (%s)", c.ModifiedBy, admin.ID, admin.Name)
		}
	}
	if !found {
		t.Fatalf("client %s not listed: %s", cid, r.Body)
	}
	one := e.do("GET", "/api/v2/partners/"+pid+"/clients/"+cid, nil, partnerAdminA).JSON(t)
	if mb, ok := one["modified_by"].(map[string]any); !ok || mb["user_id"] != admin.ID {
		t.Errorf("GET client modified_by: %v", one["modified_by"])
	}
}

// strictly decodes body into v, refusing nothing but failing on a JSON type that differs
// from v's (as Newtonsoft does for the .NET client's models).
func strictly(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("the client's models do not read the answer: %v\n%s", err, body)
	}
}

// WABA360Dialog.NET's PartnerChannel, SetupInfo, Integration, WhatsAppBusinessApiAccount
// and client contact models: every field present, in the model's JSON type, also for a
// channel and client that have nothing filled in.
func TestCompatDotNetFieldsPresentWhenEmpty(t *testing.T) {
	e := newEnv(t)
	pid := e.f.PartnerA.ID
	raw := e.do("GET", "/api/v2/partners/"+pid+"/channels/"+e.f.ChannelA.ID, nil, partnerAdminA).Body
	var fields map[string]json.RawMessage
	strictly(t, raw, &fields)
	var setup map[string]json.RawMessage
	strictly(t, fields["setup_info"], &setup)
	for _, k := range []string{"phone_number", "phone_name", "was_in_use", "ivr", "certificate", "new_name_status", "default_language",
		"has_integration_layer", "error", "configuration_type", "region", "shards_number"} {
		if _, ok := setup[k]; !ok {
			t.Errorf("setup_info lacks %q: %s", k, fields["setup_info"])
		}
	}
	for _, k := range []string{"integration", "has_inbox", "is_oba"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("channel lacks %q", k)
		}
	}
	var ch struct {
		SetupInfo struct {
			PhoneNumber         string `json:"phone_number"`
			PhoneName           string `json:"phone_name"`
			WasInUse            bool   `json:"was_in_use"`
			IVR                 bool   `json:"ivr"`
			Certificate         string `json:"certificate"`
			NewNameStatus       string `json:"new_name_status"`
			DefaultLanguage     string `json:"default_language"`
			HasIntegrationLayer bool   `json:"has_integration_layer"`
			Error               string `json:"error"`
			ConfigurationType   string `json:"configuration_type"`
			Region              string `json:"region"`
			ShardsNumber        int    `json:"shards_number"`
		} `json:"setup_info"`
		Integration struct {
			Enabled bool   `json:"enabled"`
			AppID   string `json:"app_id"`
			State   string `json:"state"`
		} `json:"integration"`
		HasInbox    bool `json:"has_inbox"`
		IsOBA       bool `json:"is_oba"`
		WABAAccount struct {
			OnBehalfOfBusinessInfo *struct {
				ID     string `json:"id"`
				Name   string `json:"name"`
				Status string `json:"status"`
				Type   string `json:"type"`
			} `json:"on_behalf_of_business_info"`
		} `json:"waba_account"`
	}
	strictly(t, raw, &ch)
	if ch.Integration.AppID == "" {
		t.Errorf("integration.app_id: %s", fields["integration"])
	}
	var waba map[string]json.RawMessage
	strictly(t, fields["waba_account"], &waba)
	if _, ok := waba["on_behalf_of_business_info"]; !ok {
		t.Errorf("waba_account lacks on_behalf_of_business_info: %s", fields["waba_account"])
	}
	// GetPartnerPublicDataResponse: onboarding_deeplink_add_params and payment_required are
	// booleans, payment_plan an object (null), and the reference's blocked_new_submission.
	var partner struct {
		BrandName                   string  `json:"brand_name"`
		OnboardingDeeplinkAddParams *bool   `json:"onboarding_deeplink_add_params"`
		PaymentRequired             *bool   `json:"payment_required"`
		PaymentPlan                 any     `json:"payment_plan"`
		BlockedNewSubmission        *bool   `json:"blocked_new_submission"`
		PartnerRedirectURL          *string `json:"partner_redirect_url"`
	}
	praw := e.do("GET", "/api/v2/partners/"+pid, nil, partnerAdminA).Body
	strictly(t, praw, &partner)
	var pfields map[string]json.RawMessage
	strictly(t, praw, &pfields)
	if _, ok := pfields["payment_plan"]; !ok || partner.OnboardingDeeplinkAddParams == nil || partner.PaymentRequired == nil || partner.BlockedNewSubmission == nil {
		t.Errorf("partner lacks the reference's fields: %s", praw)
	}
	clients := e.do("GET", "/api/v2/partners/"+pid+"/clients", nil, partnerAdminA).Body
	var list struct {
		Clients []map[string]json.RawMessage `json:"clients"`
	}
	strictly(t, clients, &list)
	want := map[string][]string{
		"contact_info": {"webpage_url", "phone", "language", "country", "street_name", "city", "email", "full_name", "zip_code"},
		"contact_user": {"phone", "email", "name"},
		"meta_info":    {"business_vertical", "timezone", "about", "business_description", "use_case"},
	}
	for _, c := range list.Clients {
		for block, keys := range want {
			var sub map[string]string
			strictly(t, c[block], &sub)
			for _, k := range keys {
				if _, ok := sub[k]; !ok {
					t.Errorf("client %s: %s lacks %q (%s)", c["id"], block, k, c[block])
				}
			}
		}
	}
}

// WABA360Dialog.NET (WABA360DialogPartnerClient.cs, api_keys calls) deletes a channel's keys
// without naming one, and lists them expecting each entry to carry address and app_id like the 201 answer (api_key masked, never the key).
func TestCompatDotNetChannelKeys(t *testing.T) {
	e := newEnv(t)
	e.share()
	old := e.issue(nil)["api_key"].(string)
	cur := e.issue(map[string]int{"grace_seconds": 600})["api_key"].(string)
	if e.health(old) != 200 || e.health(cur) != 200 {
		t.Fatal("both keys must work during the grace")
	}
	hist := e.do("GET", e.keysPath(), nil, partnerAdminA).JSON(t)["api_keys"].([]any)
	for _, k := range hist {
		k := k.(map[string]any)
		masked, _ := k["api_key"].(string)
		if k["address"] != "https://hub.test" || k["app_id"] != e.f.ChannelA.ID || !strings.HasPrefix(masked, "phc_") ||
			masked == old || masked == cur || !strings.HasSuffix(masked, k["hint"].(string)) {
			t.Errorf("history entry: %v", k)
		}
	}
	checkErrorEnvelope(t, e.do("DELETE", e.keysPath(), nil, supportAgent), 403, "forbidden")
	r := e.do("DELETE", e.keysPath(), nil, partnerAdminA)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"developer_message":"2 keys are revoked."`) {
		t.Fatalf("revoke all: %d %s", r.Status, r.Body)
	}
	if e.health(old) != 401 || e.health(cur) != 401 {
		t.Fatal("every key of the channel must stop working at once")
	}
	if r := e.do("DELETE", e.keysPath(), nil, partnerAdminA); r.Status != 200 || !strings.Contains(string(r.Body), "0 keys are revoked.") {
		t.Fatalf("asking again: %d %s", r.Status, r.Body)
	}
	n := 0
	for _, k := range e.do("GET", e.keysPath(), nil, partnerAdminA).JSON(t)["api_keys"].([]any) {
		if k := k.(map[string]any); k["state"] == "revoked" && k["revoke_reason"] == "manual" {
			n++
		} else if k["state"] != "revoked" {
			t.Errorf("a key is still %v: %v", k["state"], k)
		}
	}
	if n != 2 {
		t.Fatalf("%d keys revoked by hand in the history, want 2", n)
	}
}

// n8n-nodes-360dialog (Dialog360Trigger.node.ts): on activation it reads the channel's
// webhook (GET /v1/configs/webhook, comparing url), sets its own (POST {url}), and on
// deactivation puts the previous URL back.
func TestCompatN8nTriggerWebhook(t *testing.T) {
	e := newEnv(t)
	e.share()
	key := e.issue(nil)["api_key"].(string)
	hdr := []string{"D360-API-KEY", key}
	set := func(url string) {
		t.Helper()
		if r := e.do("POST", "/v1/configs/webhook", map[string]string{"url": url}, anonymous, hdr...); r.Status != 200 {
			t.Fatalf("set %s: %d %s", url, r.Status, r.Body)
		}
	}
	read := func() string {
		t.Helper()
		var body struct {
			URL string `json:"url"`
		}
		strictly(t, e.do("GET", "/v1/configs/webhook", nil, anonymous, hdr...).Body, &body)
		return body.URL
	}
	set("https://crm.example.com/whatsapp")
	previous := read()
	if previous != "https://crm.example.com/whatsapp" {
		t.Fatalf("GET /v1/configs/webhook url: %q", previous)
	}
	set("https://n8n.example.com/webhook/abc-123")
	if read() != "https://n8n.example.com/webhook/abc-123" {
		t.Fatal("the trigger's URL was not set")
	}
	set(previous)
	if read() != previous {
		t.Fatal("the previous URL was not restored")
	}
}

// 100eyes (token_fetcher_service.rb, create_api_key.rb, set_webhook_url.rb): a token from
// POST /token, a channel key with that Bearer token (201, api_key), then the channel's
// webhook set with the new key.
func TestCompat100eyesSetup(t *testing.T) {
	e := newEnv(t)
	e.share()
	u := e.f.Users[partnerAdminA]
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
	}
	strictly(t, e.do("POST", "/api/v2/token", map[string]string{"username": u.Email, "password": testPassword}, anonymous).Body, &tok)
	if tok.AccessToken == "" {
		t.Fatal("no access token")
	}
	r := e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/channels/"+e.f.ChannelA.ID+"/api_keys", nil, anonymous, "Authorization", "Bearer "+tok.AccessToken)
	if r.Status != 201 {
		t.Fatalf("create_api_key: %d %s", r.Status, r.Body)
	}
	var key struct {
		APIKey string `json:"api_key"`
	}
	strictly(t, r.Body, &key)
	if r := e.do("POST", "/v1/configs/webhook", map[string]string{"url": "https://newsroom.example.org/whats_app/three_sixty_dialog_webhook"},
		anonymous, "D360-API-KEY", key.APIKey); r.Status != 200 {
		t.Fatalf("set_webhook_url: %d %s", r.Status, r.Body)
	}
}

// Every resource with created_by answers it as the reference's {user_id, user_name}: partner
// API keys (created, listed, revoked) and SLA policy versions, as clients.
func TestCreatedByNamesThePerson(t *testing.T) {
	e := newEnv(t)
	admin := e.f.Users[partnerAdminA]
	p := "/api/v2/partners/" + e.f.PartnerA.ID + "/api_keys"
	created := e.do("POST", p, map[string]string{"name": "crm", "password": testPassword}, partnerAdminA)
	if created.Status != 201 {
		t.Fatalf("create: %d %s", created.Status, created.Body)
	}
	type by struct {
		UserID   string `json:"user_id"`
		UserName string `json:"user_name"`
	}
	var one struct {
		ID        string `json:"id"`
		CreatedBy by     `json:"created_by"`
	}
	strictly(t, created.Body, &one)
	var list struct {
		APIKeys []struct {
			ID        string `json:"id"`
			CreatedBy by     `json:"created_by"`
		} `json:"api_keys"`
	}
	strictly(t, e.do("GET", p, nil, partnerAdminA).Body, &list)
	var revoked struct {
		CreatedBy by `json:"created_by"`
	}
	strictly(t, e.do("DELETE", p+"/"+one.ID, nil, partnerAdminA).Body, &revoked)
	want := by{UserID: admin.ID, UserName: admin.Name}
	var listed *by
	for i, k := range list.APIKeys {
		if k.ID == one.ID {
			listed = &list.APIKeys[i].CreatedBy
		}
	}
	if one.CreatedBy != want || listed == nil || *listed != want || revoked.CreatedBy != want {
		t.Errorf("partner key created_by: created %+v, listed %+v, revoked %+v; want %+v", one.CreatedBy, listed, revoked.CreatedBy, want)
	}
	// An SLA policy version names the operator who saved it.
	op := e.f.Users[platformAdmin]
	policy := map[string]any{"note": "Ten minutes", "policy": map[string]any{"rules": []map[string]any{
		{"metric": "first_response", "target_seconds": 600, "calendar": "always"},
		{"metric": "resolution", "target_seconds": 3600, "calendar": "always"},
	}}}
	saved := e.do("POST", "/api/v2/support/policies", policy, platformAdmin)
	if saved.Status != 201 {
		t.Fatalf("save policy: %d %s", saved.Status, saved.Body)
	}
	var savedView struct {
		CreatedBy *by `json:"created_by"`
	}
	strictly(t, saved.Body, &savedView)
	if savedView.CreatedBy == nil || savedView.CreatedBy.UserID != op.ID || savedView.CreatedBy.UserName != op.Name {
		t.Errorf("saved policy created_by %+v", savedView.CreatedBy)
	}
	var policies struct {
		Policies []struct {
			Version   int `json:"version"`
			CreatedBy *by `json:"created_by"`
		} `json:"policies"`
	}
	strictly(t, e.do("GET", "/api/v2/support/policies", nil, platformAdmin).Body, &policies)
	for _, v := range policies.Policies {
		if v.Version == 0 && v.CreatedBy != nil {
			t.Errorf("the seeded version names a person: %+v", v.CreatedBy)
		}
		if v.Version > 0 && (v.CreatedBy == nil || v.CreatedBy.UserID != op.ID || v.CreatedBy.UserName != op.Name) {
			t.Errorf("version %d created_by %+v, want %s", v.Version, v.CreatedBy, op.Name)
		}
	}
}

// kairon (dialog360.py): it creates templates with POST /v1/configs/templates and expects
// 201, lists them sorted and filtered by business_templates.name, deletes them by name, and
// edits one with PATCH /v1/partners/{pid}/waba_accounts/{waba}/waba_templates/{tid} and the
// partner token.
func TestCompatKaironTemplates(t *testing.T) {
	e := newEnv(t)
	e.share()
	hdr := []string{"D360-API-KEY", e.issue(nil)["api_key"].(string)}
	u := e.f.Users[partnerAdminA]
	tok := e.do("POST", "/api/v2/token", map[string]string{"username": u.Email, "password": testPassword}, anonymous).JSON(t)
	auth := tok["token_type"].(string) + " " + tok["access_token"].(string)
	r := e.do("POST", "/v1/configs/templates", orderUpdate("kairon_order", "UTILITY"), anonymous, hdr...)
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := r.JSON(t)["id"].(string)
	r = e.do("GET", "/v1/configs/templates?sort=business_templates.name&filters="+url.QueryEscape(`{"business_templates.name":"kairon_order"}`), nil, anonymous, hdr...)
	var list struct {
		Sort          []string       `json:"sort"`
		Filters       map[string]any `json:"filters"`
		WABATemplates []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"waba_templates"`
	}
	if err := json.Unmarshal(r.Body, &list); err != nil || r.Status != 200 {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}
	if len(list.WABATemplates) != 1 || list.WABATemplates[0].ID != id || list.Sort[0] != "business_templates.name" || list.Filters["business_templates.name"] != "kairon_order" {
		t.Fatalf("list: %s", r.Body)
	}
	e.later(time.Minute)
	e.review()
	edit := map[string]any{"components": bodyOnly("Your order has left our warehouse.")}
	r = e.do("PATCH", "/v1/partners/"+e.f.PartnerA.ID+"/waba_accounts/"+e.f.WABAA.ID+"/waba_templates/"+id, edit, anonymous, "Authorization", auth)
	if r.Status != 200 || r.JSON(t)["status"] != "submitted" {
		t.Fatalf("edit through the /v1 alias: %d %s", r.Status, r.Body)
	}
	if r := e.do("DELETE", "/v1/configs/templates/kairon_order", nil, anonymous, hdr...); r.Status != 200 {
		t.Fatalf("delete by name: %d %s", r.Status, r.Body)
	}
}

// WABA360Dialog.NET (PartnerWhatsAppBusinessApiTemplate.cs): every field of the template DTO
// is present, in its JSON type, on list, create and delete; created_by and modified_by are
// {user_id, user_name}.
func TestCompatDotNetTemplateFields(t *testing.T) {
	e := newEnv(t)
	path := e.templatesPath("")
	created := mustStatus(t, e.do("POST", path, orderUpdate("dotnet_order", "UTILITY"), partnerAdminA), 201)
	list := mustStatus(t, e.do("GET", path+"?limit=1000&sort=-created_at", nil, partnerAdminA), 200)
	deleted := mustStatus(t, e.do("DELETE", path+"/"+created["id"].(string), nil, partnerAdminA), 200)
	stringFields := []string{"id", "partner_id", "waba_account_id", "name", "status", "language", "category", "namespace", "created_at", "modified_at"}
	for name, v := range map[string]map[string]any{"created": created, "listed": list["waba_templates"].([]any)[0].(map[string]any), "deleted": deleted} {
		for _, f := range stringFields {
			if _, ok := v[f].(string); !ok {
				t.Errorf("%s: %s is %T, want a string", name, f, v[f])
			}
		}
		if _, ok := v["components"].([]any); !ok {
			t.Errorf("%s: components is %T", name, v["components"])
		}
		if r, ok := v["rejected_reason"]; !ok || (r != nil && fmt.Sprint(r) == "") {
			t.Errorf("%s: rejected_reason missing", name)
		}
		for _, f := range []string{"created_by", "modified_by"} {
			ref, ok := v[f].(map[string]any)
			if !ok || ref["user_id"] != e.f.Users[partnerAdminA].ID || ref["user_name"] != e.f.Users[partnerAdminA].Name {
				t.Errorf("%s: %s = %v", name, f, v[f])
			}
		}
	}
}

// 100eyes (template_fetcher_service.rb) reads the key's templates with GET
// /v1/configs/templates: name, language, status and components of each waba_templates item.
func TestCompat100eyesTemplates(t *testing.T) {
	e := newEnv(t)
	e.share()
	hdr := []string{"D360-API-KEY", e.issue(nil)["api_key"].(string)}
	r := e.do("GET", "/v1/configs/templates", nil, anonymous, hdr...)
	var body struct {
		WABATemplates []struct {
			Name       string           `json:"name"`
			Language   string           `json:"language"`
			Status     string           `json:"status"`
			Components []map[string]any `json:"components"`
		} `json:"waba_templates"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if len(body.WABATemplates) != 1 || body.WABATemplates[0].Name != "fixture_update" || body.WABATemplates[0].Status != "approved" ||
		body.WABATemplates[0].Language != "en_US" || body.WABATemplates[0].Components[0]["type"] != "BODY" {
		t.Fatalf("%s", r.Body)
	}
}
