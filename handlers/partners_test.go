package handlers_test

import (
	"net/url"
	"strconv"
	"testing"
)

func TestPartners(t *testing.T) {
	e := newEnv(t)
	e.run([]scenario{
		{name: "platform admin creates a partner", method: "POST", path: "/api/v2/partners", as: platformAdmin, status: 201,
			body:     map[string]string{"brand_name": "Newco", "country": "PT", "partner_plan": "premium", "partner_tier": "gold", "billing_model": "direct_payment"},
			contains: []string{`"brand_name":"Newco"`, `"partner_plan":"premium"`, `"partner_tier":"gold"`, `"billing_model":"direct_payment"`, `PA"`}},
		{name: "invalid partner fields are listed", method: "POST", path: "/api/v2/partners", as: platformAdmin, status: 422,
			body: map[string]string{"country": "Germany", "partner_plan": "gigantic"}, code: "validation_failed",
			contains: []string{"brand_name: is required", "country: must be an ISO 3166-1 alpha-2 country code", "partner_plan: must be one of: sandbox, growth, premium"}},
		{name: "support agents cannot create partners", method: "POST", path: "/api/v2/partners", as: supportAgent, status: 403,
			body: map[string]string{"brand_name": "Nope"}, code: "forbidden"},
		{name: "partner admins cannot create partners", method: "POST", path: "/api/v2/partners", as: partnerAdminA, status: 403,
			body: map[string]string{"brand_name": "Nope"}},
		{name: "support agents list partners", method: "GET", path: "/api/v2/partners", as: supportAgent, status: 200,
			contains: []string{`"partners":[`, `"count":`, `"total":`, `"limit":20`, `"offset":0`, `"sort":["-created_at"]`, `"filters":{}`}},
		{name: "partner members cannot list all partners", method: "GET", path: "/api/v2/partners", as: partnerMemberA, status: 403},
		{name: "a client user cannot use partner routes", method: "GET", path: "/api/v2/partners/" + e.f.PartnerA.ID, as: clientAdminA, status: 403},
		{name: "partner members cannot add users", method: "POST", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/users", as: partnerMemberA, status: 403,
			body: map[string]string{"email": "x@test.example", "role": "partner_member", "password": "long enough password"}},
		{name: "partner admins cannot create client users here", method: "POST", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/users", as: partnerAdminA, status: 422,
			body: map[string]string{"email": "x@test.example", "role": "client_admin", "password": "long enough password"}, contains: []string{"role: must be one of"}},
		{name: "duplicate email is a conflict", method: "POST", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/users", as: platformAdmin, status: 409,
			body: map[string]string{"email": e.f.Users[partnerMemberA].Email, "role": "partner_member", "password": "long enough password"}, code: "email_taken"},
	})
}

func TestPartnerListPaging(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 7; i++ {
		e.do("POST", "/api/v2/partners", map[string]string{"brand_name": "Paged " + strconv.Itoa(i), "country": "DE"}, platformAdmin)
	}
	seen := map[string]bool{}
	for offset := 0; offset < 10; offset += 3 {
		m := e.do("GET", "/api/v2/partners?limit=3&offset="+strconv.Itoa(offset)+"&sort=brand_name", nil, platformAdmin).JSON(t)
		if m["total"].(float64) != 10 {
			t.Fatalf("total = %v, want 10 (7 + the three fixtures)", m["total"])
		}
		for _, p := range m["partners"].([]any) {
			id := p.(map[string]any)["id"].(string)
			if seen[id] {
				t.Fatalf("partner %s on two pages", id)
			}
			seen[id] = true
		}
	}
	if len(seen) != 10 {
		t.Fatalf("pages held %d partners, want 10", len(seen))
	}
	f := url.QueryEscape(`{"country":"BR"}`)
	m := e.do("GET", "/api/v2/partners?filters="+f, nil, platformAdmin).JSON(t)
	if m["total"].(float64) != 1 || m["filters"].(map[string]any)["country"] != "BR" {
		t.Fatalf("filtered list: %v", m)
	}
}
