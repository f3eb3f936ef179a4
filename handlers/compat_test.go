package handlers_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"testing"

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
