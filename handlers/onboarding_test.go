package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/auditlog"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/registrationattempt"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// onboardingPartner creates a partner for the onboarding tests; configure adjusts it.
func (e *env) onboardingPartner(name string, configure func(*ent.PartnerCreate)) *ent.Partner {
	e.t.Helper()
	create := e.hub.Store.Client.Partner.Create().SetBrandName(name)
	if configure != nil {
		configure(create)
	}
	p, err := create.Save(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// signup signs up through the public endpoint in a cookie-keeping browser and registers
// the new admin's access token under the user name as, for e.do.
func (e *env) signup(partnerID, as, email string) (clientID string, b *browser) {
	e.t.Helper()
	b = newBrowser(e)
	body, _ := json.Marshal(map[string]string{"email": email, "password": "a sign-up password", "name": "Bea Baker",
		"organisation": "Bluebird Bakery " + as, "partner_payload": "crm-4711"})
	r := b.post("/api/v2/onboarding/partners/"+partnerID+"/signup", string(body), false)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("sign-up: %d %s", r.Status, r.Body)
	}
	m := r.JSON(e.t)
	e.tokens[as] = m["access_token"].(string)
	return m["client_id"].(string), b
}

// addNumber runs the number step through to a verified channel and returns it.
func (e *env) addNumber(clientID, as string, body map[string]any) map[string]any {
	e.t.Helper()
	r := e.do("POST", "/api/v2/clients/"+clientID+"/onboarding/numbers", body, as)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("start number: %d %s", r.Status, r.Body)
	}
	started := r.JSON(e.t)
	code := e.inboxCode(started["phone_number"].(string))
	r = e.do("POST", "/api/v2/clients/"+clientID+"/onboarding/numbers/"+started["id"].(string)+"/verify", map[string]string{"code": code}, as)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("verify number: %d %s", r.Status, r.Body)
	}
	return r.JSON(e.t)["channel"].(map[string]any)
}

func TestOnboardingPublicPartnerPage(t *testing.T) {
	e := newEnv(t)
	direct := e.onboardingPartner("Direct Co", func(p *ent.PartnerCreate) {
		p.SetBillingModel("direct_payment").SetLogoURL("https://cdn.direct.example/logo.png").
			SetPartnerRedirectURL("https://app.direct.example/cb").SetWebhookURL("https://hooks.direct.example/secret-path")
	})
	inactive := e.onboardingPartner("Gone Co", func(p *ent.PartnerCreate) { p.SetStatus("inactive") })
	e.run([]scenario{
		{name: "direct payment asks for a plan", method: "GET", path: "/api/v2/onboarding/partners/" + direct.ID, status: 200,
			contains: []string{`"partner_id":"` + direct.ID + `"`, `"brand_name":"Direct Co"`, `"logo_url":"https://cdn.direct.example/logo.png"`,
				`"billing_model":"direct_payment"`, `"plan_required":true`, `"plans":["basic","regular","premium"]`,
				`"terms_version":"2026-11"`, `"allow_client_to_add_phone_no":true`, `"redirect_configured":true`},
			notContains: []string{"hooks.direct.example", "app.direct.example"}},
		{name: "partner payment needs no plan and partner A has no redirect URL", method: "GET", path: "/api/v2/onboarding/partners/" + e.f.PartnerA.ID,
			status: 200, contains: []string{`"billing_model":"partner_payment"`, `"plan_required":false`, `"redirect_configured":false`, `"logo_url":null`}},
		{name: "unknown partner", method: "GET", path: "/api/v2/onboarding/partners/nopeXXXXXXPA", status: 404, code: "partner_not_found"},
		{name: "inactive partner", method: "GET", path: "/api/v2/onboarding/partners/" + inactive.ID, status: 404, code: "partner_not_found"},
		{name: "sign-up under an inactive partner", method: "POST", path: "/api/v2/onboarding/partners/" + inactive.ID + "/signup", status: 404,
			body: map[string]string{"email": "x@new.example", "password": "a long enough password", "name": "X", "organisation": "X Ltd"}, code: "partner_not_found"},
	})
	// The page itself is the web app (client-side route), whatever the link's parameters.
	r := e.do("GET", "/dashboard/app/"+direct.ID+"/permissions?number=+4915112345678&email=a@b.example&redirect_url=https://app.direct.example/cb?x=1&next=login", nil, anonymous)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("onboarding page: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	// The connect button's popup talks back through window.opener: no opener policy may cut it.
	if coop := r.Header.Get("Cross-Origin-Opener-Policy"); coop != "" && coop != "unsafe-none" {
		t.Errorf("Cross-Origin-Opener-Policy %q would break the connect button", coop)
	}
}

func TestOnboardingSignup(t *testing.T) {
	e := newEnv(t)
	direct := e.onboardingPartner("Direct Co", func(p *ent.PartnerCreate) { p.SetBillingModel("direct_payment") })
	path := "/api/v2/onboarding/partners/" + direct.ID + "/signup"
	good := func(email string) map[string]string {
		return map[string]string{"email": email, "password": "a sign-up password", "name": "Bea Baker", "organisation": "Bluebird Bakery"}
	}
	b := newBrowser(e)
	raw, _ := json.Marshal(map[string]string{"email": " Bea@Bluebird.example ", "password": "a sign-up password", "name": "Bea Baker",
		"organisation": "Bluebird Bakery", "partner_payload": "crm-4711", "unknown_field": "ignored"})
	r := b.post(path, string(raw), false)
	if r.Status != http.StatusCreated {
		t.Fatalf("sign-up: %d %s", r.Status, r.Body)
	}
	setCookies := strings.Join(r.Header.Values("Set-Cookie"), "\n")
	for _, want := range []string{"ph_refresh=", "HttpOnly", "SameSite=Strict", "Path=/api/v2/auth", "ph_csrf="} {
		if !strings.Contains(setCookies, want) {
			t.Errorf("Set-Cookie lacks %q:\n%s", want, setCookies)
		}
	}
	m := r.JSON(t)
	clientID, _ := m["client_id"].(string)
	user, _ := m["user"].(map[string]any)
	if !strings.HasSuffix(clientID, "CL") || m["access_token"] == "" || m["token_type"] != "bearer" || m["must_change_password"] != false ||
		user["role"] != "client_admin" || user["email"] != "bea@bluebird.example" || user["client_id"] != clientID || user["partner_id"] != direct.ID {
		t.Fatalf("sign-up answer: %s", r.Body)
	}
	if strings.Contains(string(r.Body), "refresh_token") {
		t.Error("the refresh token belongs in the cookie only")
	}
	// The cookie is a real session: it refreshes like a signed-in browser's.
	if r := b.post("/api/v2/auth/refresh", "", true); r.Status != 200 {
		t.Fatalf("refresh after sign-up: %d %s", r.Status, r.Body)
	}
	// The new admin works at once (no password change) and sees its own client.
	e.tokens["bea"] = m["access_token"].(string)
	e.run([]scenario{
		{name: "the new admin reads its client", method: "GET", path: "/api/v2/clients/" + clientID, as: "bea", status: 200,
			contains: []string{`"name":"Bluebird Bakery"`, `"organisation":"Bluebird Bakery"`, `"partner_payload":"crm-4711"`, `"partner_id":"` + direct.ID + `"`}},
		{name: "and nobody else's", method: "GET", path: "/api/v2/clients/" + e.f.ClientA.ID, as: "bea", status: 404},
		{name: "the partner sees the new client", method: "GET", path: "/api/v2/partners/" + direct.ID + "/clients", as: platformAdmin, status: 200,
			contains: []string{clientID}},
		{name: "existing email", method: "POST", path: path, body: good("BEA@bluebird.example"), status: 409, code: "email_taken",
			contains: []string{"sign in instead"}},
		{name: "fixture user's email", method: "POST", path: path, body: good(e.f.Users[clientAdminA].Email), status: 409, code: "email_taken"},
		{name: "short password", method: "POST", path: path, status: 422, code: "validation_failed",
			body:     map[string]string{"email": "x@new.example", "password": "too short", "name": "X", "organisation": "X"},
			contains: []string{"password: must be at least 12 characters"}},
		{name: "missing organisation and bad email", method: "POST", path: path, status: 422,
			body:     map[string]string{"email": "not-an-email", "password": "a long enough password", "name": "X"},
			contains: []string{"email: must be a valid email address", "organisation: is required"}},
		{name: "wrong type", method: "POST", path: path, body: `{"email":1}`, status: 400, code: "wrong_type"},
	})
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	if n := db.Event.Query().Where(event.Event("client_created"), event.ObjectID(clientID)).CountX(ctx); n != 1 {
		t.Errorf("client_created events: %d, want 1", n)
	}
	if n := db.AuditLog.Query().Where(auditlog.Action("client.created"), auditlog.ObjectID(clientID)).CountX(ctx); n != 1 {
		t.Errorf("client.created audit rows: %d, want 1", n)
	}
	// Existing clients sign in with the ordinary login.
	if r := newBrowser(e).post("/api/v2/auth/login", `{"email":"bea@bluebird.example","password":"a sign-up password"}`, false); r.Status != 200 {
		t.Errorf("login with the sign-up password: %d %s", r.Status, r.Body)
	}
}

func TestOnboardingSignupThrottle(t *testing.T) {
	e := newEnv(t)
	path := "/api/v2/onboarding/partners/" + e.f.PartnerA.ID + "/signup"
	taken := map[string]string{"email": e.f.Users[clientAdminA].Email, "password": "a long enough password", "name": "X", "organisation": "X"}
	for i := 0; i < 10; i++ {
		if r := e.do("POST", path, taken, anonymous); r.Status != 409 {
			t.Fatalf("attempt %d: %d %s", i+1, r.Status, r.Body)
		}
	}
	r := e.do("POST", path, map[string]string{"email": "fresh@new.example", "password": "a long enough password", "name": "X", "organisation": "X"}, anonymous)
	checkErrorEnvelope(t, r, 429, "rate_limited")
	if retry, _ := strconv.Atoi(r.Header.Get("Retry-After")); retry < 3500 || retry > 3601 {
		t.Errorf("Retry-After = %q, want about an hour", r.Header.Get("Retry-After"))
	}
	e.clock.Advance(time.Hour + time.Second)
	e.tokens = map[string]string{}
	if r := e.do("POST", path, map[string]string{"email": "fresh@new.example", "password": "a long enough password", "name": "X", "organisation": "X"}, anonymous); r.Status != 201 {
		t.Fatalf("after the window: %d %s", r.Status, r.Body)
	}
}

// The whole direct-payment journey: sign up, plan and terms, a number in a new WABA with
// its OTP, a second number in that WABA, then the permission screen with one number
// selected and the previously shared one withdrawn, ending in the exact redirect.
func TestOnboardingDirectPaymentJourney(t *testing.T) {
	e := newEnv(t)
	direct := e.onboardingPartner("Direct Co", func(p *ent.PartnerCreate) {
		p.SetBillingModel("direct_payment").SetPartnerRedirectURL("https://app.direct.example/360/callback?tenant=7").
			SetWebhookURL("https://hooks.direct.example/events")
	})
	clientID, _ := e.signup(direct.ID, "bea", "bea@bluebird.example")
	base := "/api/v2/clients/" + clientID + "/onboarding"
	numberBody := map[string]any{"partner_id": direct.ID, "business_name": "Bluebird Bakery Ltd",
		"new_waba":     map[string]string{"name": "Bluebird WABA", "currency": "eur", "timezone": "Europe/Berlin"},
		"display_name": "Bluebird Bakery", "phone_number": "+49 151 2345 6701", "method": "sms"}

	e.run([]scenario{
		{name: "state before the plan", method: "GET", path: base + "?partner_id=" + direct.ID, as: "bea", status: 200,
			contains: []string{`"client_id":"` + clientID + `"`, `"partner_id":"` + direct.ID + `"`, `"belongs_to_partner":true`, `"plan":"basic"`,
				`"terms_version":null`, `"terms_accepted_at":null`, `"plan_required":true`, `"can_add_numbers":false`,
				`"reason_code":"plan_required"`, `"wabas":[]`, `"channels":[]`}},
		{name: "no number before the plan", method: "POST", path: base + "/numbers", as: "bea", body: numberBody, status: 409, code: "plan_required"},
		{name: "terms not accepted", method: "POST", path: base + "/plan", as: "bea", status: 422,
			body: map[string]any{"plan": "regular", "accept_terms": false, "terms_version": "2026-11"}, contains: []string{"accept_terms: you must accept the terms"}},
		{name: "old terms version", method: "POST", path: base + "/plan", as: "bea", status: 422,
			body: map[string]any{"plan": "regular", "accept_terms": true, "terms_version": "2025-01"}, contains: []string{"terms_version: must be the current terms version 2026-11"}},
		{name: "unknown plan", method: "POST", path: base + "/plan", as: "bea", status: 422,
			body: map[string]any{"plan": "gold", "accept_terms": true, "terms_version": "2026-11"}, contains: []string{"plan: must be one of: basic, regular, premium"}},
		{name: "plan and terms", method: "POST", path: base + "/plan", as: "bea", status: 200,
			body:        map[string]any{"plan": "premium", "accept_terms": true, "terms_version": "2026-11"},
			contains:    []string{`"plan":"premium"`, `"terms_version":"2026-11"`, `"plan_required":false`, `"can_add_numbers":true`},
			notContains: []string{`"terms_accepted_at":null`, "reason_code"}},
		{name: "both a WABA and a new one", method: "POST", path: base + "/numbers", as: "bea", status: 422,
			body:     map[string]any{"waba_id": "x", "new_waba": map[string]string{"name": "W"}, "display_name": "D", "phone_number": "+4915123456701"},
			contains: []string{"waba_id: choose an existing WABA or create a new one"}},
		{name: "bad number, currency and time zone", method: "POST", path: base + "/numbers", as: "bea", status: 422,
			body: map[string]any{"new_waba": map[string]string{"name": "W", "currency": "EURO", "timezone": "Mars/Olympus"}, "display_name": "D",
				"phone_number": "+49 123", "method": "fax"},
			contains: []string{"phone_number: ", "new_waba.currency: must be an ISO 4217", "new_waba.timezone: must be an IANA time zone", "method: must be one of: sms, voice"}},
		{name: "a number already active in the hub", method: "POST", path: base + "/numbers", as: "bea", status: 409, code: "number_already_active",
			body: map[string]any{"new_waba": map[string]string{"name": "W"}, "display_name": "D", "phone_number": "+4915112345678"}},
		{name: "another client's WABA", method: "POST", path: base + "/numbers", as: "bea", status: 404,
			body: map[string]any{"waba_id": e.f.WABAA.ID, "display_name": "D", "phone_number": "+4915123456701"}},
	})

	// Number one: a new WABA, the code by SMS.
	r := e.do("POST", base+"/numbers", numberBody, "bea")
	if r.Status != http.StatusCreated {
		t.Fatalf("start number: %d %s", r.Status, r.Body)
	}
	started := r.JSON(t)
	signupID, _ := started["id"].(string)
	if started["phone_number"] != "+4915123456701" || started["method"] != "sms" || started["resend_at"] == nil || started["expires_at"] == nil || signupID == "" {
		t.Fatalf("started: %s", r.Body)
	}
	verify := base + "/numbers/" + signupID + "/verify"
	resend := base + "/numbers/" + signupID + "/resend"
	e.run([]scenario{
		{name: "resend inside the cool-down", method: "POST", path: resend, as: "bea", body: map[string]string{"method": "voice"}, status: 429, code: "otp_cooldown"},
		{name: "wrong code", method: "POST", path: verify, as: "bea", body: map[string]string{"code": "000000"}, status: 422,
			contains: []string{"code: is not correct (4 attempts left)"}},
		{name: "a step of another client", method: "POST", path: "/api/v2/clients/" + clientID + "/onboarding/numbers/" + e.f.OnboardingA.ID + "/verify",
			as: "bea", body: map[string]string{"code": "123456"}, status: 404},
	})
	e.clock.Advance(61 * time.Second)
	r = e.do("POST", resend, map[string]string{"method": "voice"}, "bea")
	if r.Status != 200 || !strings.Contains(string(r.Body), `"method":"voice"`) {
		t.Fatalf("resend by voice: %d %s", r.Status, r.Body)
	}
	code := e.inboxCode("+4915123456701")
	r = e.do("POST", verify, map[string]string{"code": code}, "bea")
	if r.Status != http.StatusCreated {
		t.Fatalf("verify: %d %s", r.Status, r.Body)
	}
	first := r.JSON(t)["channel"].(map[string]any)
	firstID := first["id"].(string)
	waba := first["waba_account"].(map[string]any)
	setup := first["setup_info"].(map[string]any)
	if first["status"] != "created" || first["key_permission"] != "missing" || first["client_id"] != clientID || first["partner_id"] != direct.ID ||
		first["support_plan"] != "premium" || waba["name"] != "Bluebird WABA" || waba["currency"] != "EUR" || waba["timezone"] != "Europe/Berlin" ||
		waba["external_id"] == nil || first["external_id"] == nil || setup["phone_name"] != "Bluebird Bakery" || setup["verification_method"] != "voice" {
		t.Fatalf("registered channel: %s", r.Body)
	}
	if r := e.do("POST", verify, map[string]string{"code": code}, "bea"); r.Status != 409 {
		t.Errorf("a used step verified again: %d %s", r.Status, r.Body)
	}
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	if n := db.RegistrationAttempt.Query().Where(registrationattempt.PhoneNumber("+4915123456701"),
		registrationattempt.KindEQ(registrationattempt.KindNumberRegistration)).CountX(ctx); n != 1 {
		t.Errorf("number registrations counted: %d, want 1", n)
	}
	if n := db.Event.Query().Where(event.Event("channel_created"), event.ObjectID(firstID)).CountX(ctx); n != 1 {
		t.Errorf("channel_created events: %d, want 1", n)
	}

	// Number two goes into the new WABA; the client shares it through the portal, and the
	// partner generates a key for it.
	second := e.addNumber(clientID, "bea", map[string]any{"partner_id": direct.ID, "waba_id": waba["id"], "display_name": "Bluebird Two",
		"phone_number": "+4915123456702"})
	secondID := second["id"].(string)
	if r := e.do("POST", "/api/v2/clients/"+clientID+"/channels/"+secondID+"/permission", map[string]string{"state": "shared"}, "bea"); r.Status != 200 {
		t.Fatalf("share number two: %d %s", r.Status, r.Body)
	}
	kh := keyformat.Hash(keyformat.New(keyformat.Channel))
	partnerKey := db.ChannelAPIKey.Create().SetChannelID(secondID).SetPartnerID(direct.ID).SetClientID(clientID).SetKeyHash(kh[:]).
		SetHint("pppp").SetCreatedAt(e.clock.Now()).SetCreatedByType("partner_user").SaveX(ctx)
	e.run([]scenario{
		{name: "the unverified WABA is full at two numbers", method: "POST", path: base + "/numbers", as: "bea", status: 409, code: "waba_unverified_limit",
			body: map[string]any{"waba_id": waba["id"], "display_name": "Three", "phone_number": "+4915123456703"}},
		{name: "state lists both numbers and the WABA", method: "GET", path: base, as: "bea", status: 200,
			contains: []string{`"number_count":2`, `"effective_limit":2`, `"fb_account_status":"not_verified"`, `"id":"` + firstID + `"`,
				`"phone_number":"+4915123456702"`, `"display_name":"Bluebird Two"`, `"key_permission":"shared"`, `"permission_fixed":false`}},
		{name: "redirect override on another origin", method: "POST", path: base + "/permissions", as: "bea", status: 422,
			body:     map[string]any{"partner_id": direct.ID, "channel_ids": []string{firstID}, "redirect_url": "https://evil.example/360/callback"},
			contains: []string{"redirect_url: must be on https://app.direct.example"}},
		{name: "a channel of another client", method: "POST", path: base + "/permissions", as: "bea", status: 422,
			body: map[string]any{"partner_id": direct.ID, "channel_ids": []string{firstID, e.f.ChannelA.ID}}, contains: []string{"is not an active number of this client"}},
		{name: "a client member may look but not share", method: "POST", path: "/api/v2/clients/" + e.f.ClientA.ID + "/onboarding/permissions", as: clientMemberA,
			body: map[string]any{"channel_ids": []string{}}, status: 403},
	})
	if got := db.Channel.GetX(ctx, secondID).KeyPermission; got != channel.KeyPermissionShared {
		t.Fatalf("refusals changed the permission: %s", got)
	}

	r = e.do("POST", base+"/permissions", map[string]any{"partner_id": direct.ID, "channel_ids": []string{firstID}, "state": "csrf 42&x=y"}, "bea")
	if r.Status != 200 {
		t.Fatalf("permissions: %d %s", r.Status, r.Body)
	}
	res := r.JSON(t)
	want := "https://app.direct.example/360/callback?tenant=7&client=" + clientID + "&channels=[" + firstID + "]&revoked=[" + secondID + "]&state=csrf+42%26x%3Dy"
	if res["redirect_to"] != want {
		t.Fatalf("redirect_to\n got %v\nwant %s", res["redirect_to"], want)
	}
	if res["client"] != clientID || len(res["channels"].([]any)) != 1 || len(res["revoked"].([]any)) != 1 {
		t.Fatalf("permissions answer: %s", r.Body)
	}
	if got := db.Channel.GetX(ctx, firstID).KeyPermission; got != channel.KeyPermissionShared {
		t.Errorf("selected number: %s, want shared", got)
	}
	if got := db.Channel.GetX(ctx, secondID).KeyPermission; got != channel.KeyPermissionMissing {
		t.Errorf("withdrawn number: %s, want missing", got)
	}
	if k := db.ChannelAPIKey.Query().Where(channelapikey.ID(partnerKey.ID)).OnlyX(ctx); k.RevokedAt == nil {
		t.Error("withdrawing the permission must revoke the partner's key")
	}
	if n := db.Event.Query().Where(event.Event("api_key.permission_changed"), event.PartnerID(direct.ID)).CountX(ctx); n != 3 {
		t.Errorf("api_key.permission_changed events: %d, want 3 (portal share, onboarding share, onboarding withdrawal)", n)
	}

	// A second visit with the same choice changes nothing and revokes nothing; a same-origin
	// override is honoured.
	r = e.do("POST", base+"/permissions", map[string]any{"partner_id": direct.ID, "channel_ids": []string{firstID},
		"redirect_url": "https://app.direct.example/other"}, "bea")
	if r.Status != 200 || r.JSON(t)["redirect_to"] != "https://app.direct.example/other?client="+clientID+"&channels=["+firstID+"]" {
		t.Fatalf("second visit: %d %s", r.Status, r.Body)
	}
	if n := db.AuditLog.Query().Where(auditlog.Action("onboarding.permissions_confirmed"), auditlog.ClientID(clientID)).CountX(ctx); n != 2 {
		t.Errorf("permission visits audited: %d, want 2", n)
	}
}

func TestOnboardingRefusals(t *testing.T) {
	e := newEnv(t)
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	closed := e.onboardingPartner("Closed Co", func(p *ent.PartnerCreate) {
		p.SetAllowClientToAddPhoneNo(false).SetPartnerRedirectURL("https://app.closed.example/cb")
	})
	noRedirect := e.onboardingPartner("Half Set Up Co", nil)
	direct := e.onboardingPartner("Direct Co", func(p *ent.PartnerCreate) {
		p.SetBillingModel("direct_payment").SetPartnerRedirectURL("https://app.direct.example/cb")
	})

	// A partner that does not let clients add numbers: the first number is fine, a second is refused.
	closedClient, _ := e.signup(closed.ID, "carl", "carl@closed.example")
	ch := e.addNumber(closedClient, "carl", map[string]any{"new_waba": map[string]string{"name": "Carl WABA"}, "display_name": "Carl",
		"phone_number": "+4915123456711"})
	if ch["key_permission"] != "shared" {
		t.Errorf("partner payment shares the permission from the start: %v", ch["key_permission"])
	}
	// No plan on partner payment, and the permission screen reports every number as fixed.
	pay := "/api/v2/clients/" + closedClient + "/onboarding/permissions"
	e.run([]scenario{
		{name: "state says why no number can be added", method: "GET", path: "/api/v2/clients/" + closedClient + "/onboarding", as: "carl", status: 200,
			contains: []string{`"plan_required":false`, `"can_add_numbers":false`, `"reason_code":"adding_numbers_disabled"`, "Ask your partner", `"permission_fixed":true`}},
		{name: "second number refused", method: "POST", path: "/api/v2/clients/" + closedClient + "/onboarding/numbers", as: "carl", status: 403,
			code: "adding_numbers_disabled", contains: []string{"Ask your partner"},
			body: map[string]any{"new_waba": map[string]string{"name": "W"}, "display_name": "D", "phone_number": "+4915123456712"}},
		{name: "partner payment: every number, nothing revoked", method: "POST", path: pay, as: "carl", status: 200,
			body:     map[string]any{"channel_ids": []string{}, "state": "s"},
			contains: []string{`"redirect_to":"https://app.closed.example/cb?client=` + closedClient + `\u0026channels=[` + ch["id"].(string) + `]\u0026state=s"`, `"revoked":[]`}},
	})

	// A partner without a redirect URL: the permission step refuses and changes nothing.
	halfClient, _ := e.signup(noRedirect.ID, "hana", "hana@half.example")
	e.run([]scenario{
		{name: "no redirect URL", method: "POST", path: "/api/v2/clients/" + halfClient + "/onboarding/permissions", as: "hana", status: 409,
			body: map[string]any{"channel_ids": []string{}}, code: "no_redirect_url", contains: []string{"Half Set Up Co has not set up where to send you back"}},
		{name: "nor with an override", method: "POST", path: "/api/v2/clients/" + halfClient + "/onboarding/permissions", as: "hana", status: 409,
			body: map[string]any{"channel_ids": []string{}, "redirect_url": "https://anything.example/cb"}, code: "no_redirect_url"},
	})

	// A client of partner A on partner Direct's page: told it belongs elsewhere; every step refuses.
	a := "/api/v2/clients/" + e.f.ClientA.ID + "/onboarding"
	e.run([]scenario{
		{name: "another partner's page", method: "GET", path: a + "?partner_id=" + direct.ID, as: clientAdminA, status: 200,
			contains: []string{`"belongs_to_partner":false`, `"partner_id":"` + direct.ID + `"`, `"reason_code":"managed_by_another_partner"`, `"can_add_numbers":false`}},
		{name: "own partner's page by default", method: "GET", path: a, as: clientAdminA, status: 200,
			contains: []string{`"belongs_to_partner":true`, `"partner_id":"` + e.f.PartnerA.ID + `"`}},
		{name: "plan on another partner's page", method: "POST", path: a + "/plan", as: clientAdminA, status: 409, code: "managed_by_another_partner",
			body: map[string]any{"partner_id": direct.ID, "plan": "regular", "accept_terms": true, "terms_version": "2026-11"}},
		{name: "number on another partner's page", method: "POST", path: a + "/numbers", as: clientAdminA, status: 409, code: "managed_by_another_partner",
			body: map[string]any{"partner_id": direct.ID, "new_waba": map[string]string{"name": "W"}, "display_name": "D", "phone_number": "+4915123456721"}},
		{name: "permissions on another partner's page", method: "POST", path: a + "/permissions", as: clientAdminA, status: 409, code: "managed_by_another_partner",
			body: map[string]any{"partner_id": direct.ID, "channel_ids": []string{e.f.ChannelA.ID}}},
		{name: "unknown page partner", method: "GET", path: a + "?partner_id=nopeXXXXXXPA", as: clientAdminA, status: 404, code: "partner_not_found"},
		{name: "client members may read the state", method: "GET", path: a, as: clientMemberA, status: 200},
		{name: "client members may not add numbers", method: "POST", path: a + "/numbers", as: clientMemberA, status: 403,
			body: map[string]any{"new_waba": map[string]string{"name": "W"}, "display_name": "D", "phone_number": "+4915123456722"}},
		{name: "support agents may not add numbers", method: "POST", path: a + "/numbers", as: supportAgent, status: 403,
			body: map[string]any{"new_waba": map[string]string{"name": "W"}, "display_name": "D", "phone_number": "+4915123456722"}},
	})

	// A number blocked by the registration limit is refused before any code is sent.
	blockedUntil := e.clock.Now().Add(48 * time.Hour)
	db.NumberBlock.Create().SetID("+4915123456731").SetModifiedAt(e.clock.Now()).SetBlockedUntil(blockedUntil).ExecX(ctx)
	r := e.do("POST", a+"/numbers", map[string]any{"waba_id": e.f.WABAA.ID, "display_name": "D", "phone_number": "+4915123456731"}, clientAdminA)
	checkErrorEnvelope(t, r, 429, "registration_limit_reached")
	if retry, _ := strconv.Atoi(r.Header.Get("Retry-After")); retry < 48*3600-5 || retry > 48*3600+1 {
		t.Errorf("Retry-After = %q, want 48 h", r.Header.Get("Retry-After"))
	}
	if msgs := e.do("GET", "/api/v2/operator/simulator/inbox?phone_number=%2B4915123456731", nil, platformAdmin); strings.Contains(string(msgs.Body), "code is") {
		t.Error("a code was sent to a blocked number")
	}

	// The registration limit is counted at verification: an 11th registration is refused (429).
	r = e.do("POST", a+"/numbers", map[string]any{"waba_id": e.f.WABAA.ID, "display_name": "D", "phone_number": "+4915123456741"}, clientAdminA)
	if r.Status != 201 {
		t.Fatalf("start: %d %s", r.Status, r.Body)
	}
	signupID := r.JSON(t)["id"].(string)
	for i := 0; i < 10; i++ {
		db.RegistrationAttempt.Create().SetPhoneNumber("+4915123456741").SetKind(registrationattempt.KindDisplayNameChange).
			SetAt(e.clock.Now().Add(-time.Hour)).SetObjectID("x").ExecX(ctx)
	}
	r = e.do("POST", a+"/numbers/"+signupID+"/verify", map[string]string{"code": e.inboxCode("+4915123456741")}, clientAdminA)
	checkErrorEnvelope(t, r, 429, "registration_limit_reached")
	if n := db.Channel.Query().Where(channel.PhoneNumber("+4915123456741")).CountX(ctx); n != 0 {
		t.Errorf("a refused registration created %d channels", n)
	}
}
