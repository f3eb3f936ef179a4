package handlers_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"testing"

	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// These follow real Partner API clients (reference §5): what they send and what they read.

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
