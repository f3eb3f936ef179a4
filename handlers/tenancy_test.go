package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/limitraiserequest"
	"github.com/partnerhub/partnerhub/ent/media"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/ent/numbermigration"
	"github.com/partnerhub/partnerhub/ent/partnerapikey"
	"github.com/partnerhub/partnerhub/ent/partnerchangerequest"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/ticketmessage"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// routeCase says how the cross-tenant test exercises one route. Every route registered on
// the engine must have one: a new route without a case fails TestCrossTenantAccess.
type routeCase struct {
	// public routes need no credentials and show no tenant data (skipped, with a reason).
	public string
	// body is a request body that would succeed for the owning tenant, so that a refusal
	// proves tenancy rather than validation.
	body any
	// anyTenant routes serve partner staff and client users alike (no tenant in the path):
	// another tenant's object is a 404 for both intruders.
	anyTenant bool
}

// tenancyCases covers every route. Path parameters are filled with tenant A's objects.
var tenancyCases = func() map[string]routeCase {
	cases := map[string]routeCase{
		"GET /healthz":                      {public: "liveness, no data"},
		"GET /readyz":                       {public: "readiness, no data"},
		"GET /metrics":                      {public: "Prometheus metrics, no tenant data"},
		"GET /openapi.json":                 {public: "API description"},
		"GET /swagger/*any":                 {public: "API documentation UI"},
		"POST /api/v2/token":                {public: "sign-in; returns only the caller's own token"},
		"POST /api/v2/auth/login":           {public: "sign-in; returns only the caller's own session"},
		"POST /api/v2/auth/refresh":         {public: "acts only on the caller's own cookie"},
		"POST /api/v2/auth/logout":          {public: "acts only on the caller's own cookie"},
		"GET /api/v2/me":                    {},
		"POST /api/v2/support/sla/preview":  {body: map[string]any{"opened_at": "2026-02-09T07:00:00Z", "requester_kind": "client", "plan": "basic", "source": "hub_chat", "severity": "urgent"}},
		"POST /api/v2/api_keys/report_leak": {public: "unauthenticated by design; answers the same for every key (TestReportLeak)"},
		"GET /v1/configs/webhook":           {public: "channel-key auth: a key speaks only for its own channel (TestMessagingAPI)"},
		"POST /v1/configs/webhook":          {public: "channel-key auth: a key speaks only for its own channel (TestMessagingAPI)"},
		"GET /health_status":                {public: "channel-key auth: a key speaks only for its own channel (TestMessagingAPI)"},
		"POST /api/v2/partners/:partner_id/channels/:channel_id/api_keys":           {body: map[string]int{"grace_seconds": 0}},
		"GET /api/v2/partners/:partner_id/channels/:channel_id/api_keys":            {},
		"DELETE /api/v2/partners/:partner_id/channels/:channel_id/api_keys/:key_id": {},
		"DELETE /api/v2/partners/:partner_id/channels/:channel_id/api_keys":         {},
		"GET /api/v2/partners/:partner_id/api_keys":                                 {},
		"POST /api/v2/partners/:partner_id/api_keys":                                {body: map[string]string{"name": "intruder", "password": testPassword}},
		"DELETE /api/v2/partners/:partner_id/api_keys/:key_id":                      {},
		"POST /api/v2/clients/:client_id/channels/:channel_id/api_keys":             {body: map[string]int{"grace_seconds": 0}},
		"GET /api/v2/clients/:client_id/channels/:channel_id/api_keys":              {},
		"DELETE /api/v2/clients/:client_id/channels/:channel_id/api_keys/:key_id":   {},
		"POST /api/v2/clients/:client_id/channels/:channel_id/permission":           {body: map[string]string{"state": "missing"}},
		"POST /api/v2/auth/password":                                                {public: "acts only on the caller's own account (TestChangePassword, TestSessionsEnd)"},
		"DELETE /api/v2/auth/session":                                               {public: "ends only the caller's own session (TestSessionsEnd)"},
		"POST /api/v2/auth/sessions/end_all":                                        {public: "ends only the caller's own sessions (TestSessionsEnd)"},
		"PATCH /api/v2/partners/:partner_id/users/:user_id":                         {body: map[string]string{"name": "Renamed"}},
		"DELETE /api/v2/partners/:partner_id/users/:user_id":                        {},
		"GET /api/v2/partners":                                                      {},
		"GET /api/v2/webhook_events":                                                {},
		"POST /api/v2/partners":                                                     {body: map[string]string{"brand_name": "Intruder Co"}},

		"GET /api/v2/partners/:partner_id":                                                                 {},
		"PATCH /api/v2/partners/:partner_id":                                                               {body: map[string]string{"brand_name": "Hijacked"}},
		"GET /api/v2/partners/:partner_id/webhook_url":                                                     {},
		"POST /api/v2/partners/:partner_id/webhook_url":                                                    {body: map[string]string{"webhook_url": "https://evil.example.com/hook"}},
		"PATCH /api/v2/partners/:partner_id/settings/partner_change_request":                               {body: map[string]bool{"auto_approve": true}},
		"GET /api/v2/partners/:partner_id/selective_partner_change_requests":                               {},
		"GET /api/v2/partners/:partner_id/selective_partner_change_requests/:pcr_id":                       {},
		"POST /api/v2/partners/:partner_id/selective_partner_change_requests/:pcr_id/approve":              {},
		"POST /api/v2/partners/:partner_id/selective_partner_change_requests/:pcr_id/reject":               {body: map[string]string{"reason": "no"}},
		"GET /api/v2/clients/:client_id/partner_change_requests":                                           {},
		"POST /api/v2/clients/:client_id/partner_change_requests":                                          {body: map[string]any{"target_partner_id": "x", "accept_terms": true, "terms_version": "2026-11"}},
		"GET /api/v2/clients/:client_id/partner_change_requests/:request_id":                               {},
		"POST /api/v2/clients/:client_id/partner_change_requests/:request_id/cancel":                       {},
		"GET /api/v2/operator/partner_change_requests":                                                     {},
		"POST /api/v2/operator/partner_change_requests/:request_id/cancel":                                 {},
		"POST /api/v2/partners/:partner_id/clients/:client_id/migrations":                                  {body: map[string]any{"kind": "port_in", "phone_number": "+4915112349999", "target_waba_id": "x", "two_step_disabled": true}},
		"GET /api/v2/partners/:partner_id/clients/:client_id/migrations":                                   {},
		"GET /api/v2/partners/:partner_id/clients/:client_id/migrations/:migration_id":                     {},
		"POST /api/v2/partners/:partner_id/clients/:client_id/migrations/:migration_id/request_otp":        {body: map[string]string{"method": "sms"}},
		"POST /api/v2/partners/:partner_id/clients/:client_id/migrations/:migration_id/verify":             {body: map[string]string{"code": "123456"}},
		"POST /api/v2/partners/:partner_id/clients/:client_id/migrations/:migration_id/cancel":             {},
		"POST /api/v2/clients/:client_id/migrations":                                                       {body: map[string]any{"kind": "port_in", "phone_number": "+4915112349999", "target_waba_id": "x", "two_step_disabled": true}},
		"GET /api/v2/clients/:client_id/migrations":                                                        {},
		"GET /api/v2/clients/:client_id/migrations/:migration_id":                                          {},
		"POST /api/v2/clients/:client_id/migrations/:migration_id/request_otp":                             {body: map[string]string{"method": "sms"}},
		"POST /api/v2/clients/:client_id/migrations/:migration_id/verify":                                  {body: map[string]string{"code": "123456"}},
		"POST /api/v2/clients/:client_id/migrations/:migration_id/cancel":                                  {},
		"GET /api/v2/operator/migrations":                                                                  {},
		"POST /api/v2/operator/migrations/:migration_id/cancel":                                            {},
		"GET /api/v2/partners/:partner_id/waba_accounts/:waba_id/waba_templates":                           {},
		"GET /api/v2/clients/:client_id/waba_accounts/:waba_id/waba_templates":                             {},
		"POST /api/v2/partners/:partner_id/waba_accounts/:waba_id/waba_templates":                          {body: map[string]any{"name": "intruder_template", "language": "en_US", "category": "UTILITY", "components": []map[string]any{{"type": "BODY", "text": "Hello from the intruder."}}}},
		"POST /api/v2/clients/:client_id/waba_accounts/:waba_id/waba_templates":                            {body: map[string]any{"name": "intruder_template", "language": "en_US", "category": "UTILITY", "components": []map[string]any{{"type": "BODY", "text": "Hello from the intruder."}}}},
		"GET /api/v2/partners/:partner_id/waba_accounts/:waba_id/waba_templates/:template_id":              {},
		"GET /api/v2/clients/:client_id/waba_accounts/:waba_id/waba_templates/:template_id":                {},
		"PATCH /api/v2/partners/:partner_id/waba_accounts/:waba_id/waba_templates/:template_id":            {body: map[string]any{"components": []map[string]any{{"type": "BODY", "text": "Hijacked text."}}}},
		"PATCH /v1/partners/:partner_id/waba_accounts/:waba_id/waba_templates/:template_id":                {body: map[string]any{"components": []map[string]any{{"type": "BODY", "text": "Hijacked text."}}}},
		"PATCH /api/v2/clients/:client_id/waba_accounts/:waba_id/waba_templates/:template_id":              {body: map[string]any{"components": []map[string]any{{"type": "BODY", "text": "Hijacked text."}}}},
		"DELETE /api/v2/partners/:partner_id/waba_accounts/:waba_id/waba_templates/:template_id":           {},
		"DELETE /api/v2/clients/:client_id/waba_accounts/:waba_id/waba_templates/:template_id":             {},
		"POST /api/v2/operator/simulator/templates/:template_id":                                           {body: map[string]string{"action": "pause"}},
		"GET /v1/configs/templates":                                                                        {public: "channel-key auth: a key speaks only for its own channel's WABA (TestMessagingTemplates)"},
		"POST /v1/configs/templates":                                                                       {public: "channel-key auth: a key speaks only for its own channel's WABA (TestMessagingTemplates)"},
		"DELETE /v1/configs/templates/:name":                                                               {public: "channel-key auth: a key speaks only for its own channel's WABA (TestMessagingTemplates)"},
		"GET /api/v2/clients/:client_id/waba_accounts":                                                     {},
		"GET /api/v2/onboarding/partners/:partner_id":                                                      {public: "the public onboarding page: brand, logo and billing model only (TestOnboardingPublicPartnerPage)"},
		"POST /api/v2/onboarding/partners/:partner_id/signup":                                              {public: "sign-up creates a new client; it answers only the new client's own session"},
		"GET /api/v2/clients/:client_id/onboarding":                                                        {},
		"POST /api/v2/clients/:client_id/onboarding/plan":                                                  {body: map[string]any{"plan": "regular", "accept_terms": true, "terms_version": "2026-11"}},
		"POST /api/v2/clients/:client_id/onboarding/numbers":                                               {body: map[string]any{"new_waba": map[string]string{"name": "Intruder"}, "display_name": "Intruder", "phone_number": "+4915112340002", "method": "sms"}},
		"POST /api/v2/clients/:client_id/onboarding/numbers/:signup_id/resend":                             {body: map[string]string{"method": "voice"}},
		"POST /api/v2/clients/:client_id/onboarding/numbers/:signup_id/verify":                             {body: map[string]string{"code": "123456"}},
		"POST /api/v2/clients/:client_id/onboarding/permissions":                                           {body: map[string]any{"channel_ids": []string{}}},
		"GET /api/v2/partners/:partner_id/users":                                                           {},
		"POST /api/v2/partners/:partner_id/users":                                                          {body: map[string]string{"email": "intruder@test.example", "role": "partner_member", "password": "intruder-password"}},
		"GET /api/v2/partners/:partner_id/audit_logs":                                                      {},
		"GET /api/v2/partners/:partner_id/clients":                                                         {},
		"GET /api/v2/partners/:partner_id/clients/:client_id":                                              {},
		"PATCH /api/v2/partners/:partner_id/clients/:client_id":                                            {body: map[string]any{"partner_payload": "hijacked", "max_channels": 50}},
		"GET /api/v2/partners/:partner_id/clients/:client_id/info/balance":                                 {},
		"GET /api/v2/partners/:partner_id/clients/:client_id/waba_accounts":                                {},
		"POST /api/v2/partners/:partner_id/clients/:client_id/waba_accounts/:waba_id/limit_raise_requests": {body: map[string]string{"reason": "more"}},
		"GET /api/v2/partners/:partner_id/channels":                                                        {},
		"GET /api/v2/partners/:partner_id/channels/:channel_id":                                            {},
		"POST /api/v2/partners/:partner_id/account_sharing/clients":                                        {body: map[string]string{"name": "Planted", "email": "planted@test.example"}},
		"POST /api/v2/partners/:partner_id/account_sharing/numbers": {body: map[string]string{"solution_id": "1", "waba_external_id": "999",
			"client_id": "x", "phone_number": "+4915112349999"}},
		"GET /api/v2/partners/:partner_id/clients/:client_id/channels/:channel_id/info/usage": {},

		"POST /api/v2/partners/:partner_id/webhook_url/test":                          {},
		"POST /api/v2/partners/:partner_id/webhook_secret":                            {},
		"GET /api/v2/partners/:partner_id/webhook_deliveries":                         {},
		"POST /api/v2/partners/:partner_id/webhook_deliveries/:delivery_id/redeliver": {},
		"POST /api/v2/partners/:partner_id/webhook_deliveries/redeliver_failed":       {body: map[string]string{"from": "2020-01-01T00:00:00Z", "to": "2030-01-01T00:00:00Z"}},
		"GET /api/v2/partners/:partner_id/webhook_attempts":                           {},
		"GET /api/v2/operator/webhooks/health":                                        {},
		"GET /api/v2/clients/:client_id":                                              {},
		"GET /api/v2/clients/:client_id/channels":                                     {},
		"GET /api/v2/clients/:client_id/audit_logs":                                   {},

		"GET /api/v2/operator/limit_raise_requests":                      {},
		"POST /api/v2/operator/limit_raise_requests/:request_id/approve": {body: map[string]string{"note": "ok"}},
		"POST /api/v2/operator/limit_raise_requests/:request_id/reject":  {body: map[string]string{"note": "no"}},
		"GET /api/v2/operator/simulator/inbox":                           {},
		"POST /api/v2/operator/simulator/channels/:channel_id":           {body: map[string]string{"current_quality_rating": "RED"}},
		"POST /api/v2/operator/simulator/channels/:channel_id/usage":     {body: map[string]any{"day": "2026-11-01", "marketing": 1}},

		// The Messaging API: a channel key speaks only for its own channel.
		"POST /messages":                      {public: "channel-key auth: a key sends only from its own channel and marks only its own channel's messages read (TestSendCrossChannel)"},
		"POST /v1/messages":                   {public: "channel-key auth: the same operation as POST /messages (TestSendCrossChannel)"},
		"PUT /v1/messages/*message_id":        {public: "channel-key auth: marks only the key's own channel's messages read (TestCompatDotNetMessagesOnPremise)"},
		"POST /v1/media":                      {public: "channel-key auth: media is stored for the key's own channel (TestCompatDotNetMessagesOnPremise)"},
		"GET /v1/media/:media_id":             {public: "channel-key auth: only the key's own channel's media downloads (TestCompatDotNetMessagesOnPremise)"},
		"GET /message_templates":              {public: "channel-key auth: only the key's own channel's WABA templates (TestCompatN8nMessageTemplates)"},
		"POST /media":                         {public: "channel-key auth: media is stored for the key's own channel (TestMediaCrossChannel)"},
		"GET /whatsapp_business/attachments/": {public: "channel-key auth: only the key's own channel's media downloads (TestMediaCrossChannel)"},
		"GET /:media_id":                      {public: "channel-key auth: only the key's own channel's media is found (TestMediaCrossChannel)"},
		"DELETE /:media_id":                   {public: "channel-key auth: only the key's own channel's media is deleted (TestMediaCrossChannel)"},

		"POST /api/v2/operator/simulator/channels/:channel_id/inbound": {body: map[string]any{"from": "+4915112345678", "type": "text", "text": map[string]string{"body": "hello"}}},
		"GET /api/v2/operator/simulator/users":                         {},
		"POST /api/v2/operator/simulator/users":                        {body: map[string]any{"phone_number": "+4915199990000", "name": "Planted"}},
		"PATCH /api/v2/operator/simulator/users/:user_id":              {body: map[string]any{"reachable": false}},
		"DELETE /api/v2/operator/simulator/users/:user_id":             {},
		"GET /api/v2/operator/simulator/users/:user_id/conversations":  {},
		"GET /api/v2/operator/message_prices":                          {},
		"PUT /api/v2/operator/message_prices/:currency":                {body: map[string]int{"marketing": 1, "utility": 1, "authentication": 1, "service": 0}},
		"GET /api/v2/operator/platform_numbers":                        {},
		"PUT /api/v2/operator/platform_numbers/:kind":                  {body: map[string]string{"phone_number": "+4930577140819", "display_name": "Hijacked"}},
	}
	for key, rc := range supportTenancyCases {
		cases[key] = rc
	}
	// The per-channel routes exist under both the partner and the client prefix.
	perChannel := map[string]routeCase{
		"GET ":                               {},
		"GET /profile":                       {},
		"PATCH /profile":                     {body: map[string]string{"about_text": "defaced"}},
		"POST /profile/photo":                {body: tinyPNG},
		"GET /profile/photo":                 {},
		"GET /webhook":                       {},
		"POST /webhook":                      {body: map[string]string{"url": "https://evil.example.com/hook"}},
		"POST /webhook/test":                 {},
		"POST /control/enable_local_storage": {body: map[string]string{"data_localization_region": "DE"}},
		"POST /control/enable_local_storage/verify": {body: map[string]string{"otp_id": "x", "code": "123456"}},
		"POST /control/enable_local_storage/resend": {body: map[string]string{"otp_id": "x"}},
		"POST /control/disable_local_storage":       {},
		"POST /control/cancellation_request":        {body: map[string]string{}},
		"POST /control/reactivate":                  {body: map[string]string{}},
		"POST /control/change_display_name":         {body: map[string]string{"display_name": "Defaced Name"}},
		"GET /conversations":                        {},
		"GET /conversations/:wa_id/messages":        {},
		"POST /test_messages":                       {body: map[string]any{"messaging_product": "whatsapp", "to": "+4915112345678", "type": "text", "text": map[string]string{"body": "intruder"}}},
		"GET /webhook_deliveries":                   {},
	}
	for suffix, rc := range perChannel {
		method, rest, _ := strings.Cut(suffix, " ")
		for _, prefix := range []string{"/api/v2/partners/:partner_id/clients/:client_id/channels/:channel_id", "/api/v2/clients/:client_id/channels/:channel_id"} {
			cases[method+" "+prefix+rest] = rc
		}
	}
	return cases
}()

// TestCrossTenantAccess enumerates every route on the Gin engine and proves that another
// partner's and another client's credentials can neither read nor change tenant A's
// objects: routes naming A's objects answer 404 (or 403 for a kind of user the route is
// not for), and no response to them carries A's data.
func TestCrossTenantAccess(t *testing.T) {
	e := newEnv(t)
	// Strings that must never appear in a response to tenant B.
	secrets := []string{e.f.PartnerA.ID, e.f.ClientA.ID, e.f.ChannelA.ID, e.f.WABAA.ID, e.f.PartnerA.BrandName,
		e.f.Users[partnerAdminA].Email, e.f.Users[clientAdminA].Email}
	secrets = append(secrets, e.f.TicketA.ID, e.f.TicketA.Subject)

	for _, rt := range e.server.Routes() {
		key := rt.Method + " " + rt.Path
		rc, ok := tenancyCases[key]
		if !ok {
			t.Errorf("route %s is not covered by the cross-tenant test: add it to tenancyCases", key)
			continue
		}
		if rc.public != "" {
			continue
		}
		path, namesA := e.pathOfA(rt.Path)
		if strings.Contains(path, ":") || strings.Contains(path, "*") {
			t.Errorf("route %s has a path parameter the test cannot fill: add it to params", key)
			continue
		}
		for _, intruder := range []string{partnerAdminB, clientAdminB} {
			t.Run(key+" as "+intruder, func(t *testing.T) {
				before := tenantASnapshot(t, e)
				r := e.do(rt.Method, path, rc.body, intruder)
				if namesA {
					// Another tenant of the same kind is told the object does not exist; a
					// kind of user the route is not for (a client user on a partner route,
					// anyone on an operator route) is refused as a whole.
					want := http.StatusNotFound
					intruderKind := map[string]string{partnerAdminB: "/partners/", clientAdminB: "/clients/"}[intruder]
					under := strings.HasPrefix(rt.Path, "/api/v2"+intruderKind) || strings.HasPrefix(rt.Path, "/v1"+intruderKind)
					if !under && !rc.anyTenant {
						want = http.StatusForbidden
					}
					if r.Status != want {
						t.Errorf("status %d, want %d\n%s", r.Status, want, r.Body)
					}
					checkErrorEnvelope(t, r, r.Status, "")
				}
				for _, s := range secrets {
					if strings.Contains(string(r.Body), s) {
						t.Errorf("response carries tenant A's %q:\n%s", s, r.Body)
					}
				}
				if after := tenantASnapshot(t, e); after != before {
					t.Errorf("tenant A's data changed:\nbefore %s\nafter  %s", before, after)
				}
			})
		}
	}
	for key := range tenancyCases {
		found := false
		for _, rt := range e.server.Routes() {
			found = found || rt.Method+" "+rt.Path == key
		}
		if !found {
			t.Errorf("tenancyCases names %s, which is not a route any more", key)
		}
	}
}

// pathOfA fills a route's path parameters with tenant A's objects and says whether the path
// names any; a parameter it cannot fill stays as ":name".
func (e *env) pathOfA(route string) (string, bool) {
	params := map[string]string{
		":partner_id":   e.f.PartnerA.ID,
		":client_id":    e.f.ClientA.ID,
		":channel_id":   e.f.ChannelA.ID,
		":waba_id":      e.f.WABAA.ID,
		":request_id":   e.f.LimitRaiseA.ID,
		":pcr_id":       e.f.PartnerChangeA.ID,
		":delivery_id":  strconv.FormatInt(e.f.DeliveryA.ID, 10),
		":migration_id": e.f.MigrationA.ID,
		":template_id":  e.f.TemplateA.ID,
		":signup_id":    e.f.OnboardingA.ID,
		":ticket_id":    e.f.TicketA.ID,
		":user_id":      e.f.Users[supportAgent].ID,
		":article_id":   "noSuchArticleKB",
		":wa_id":        "4915112345678",
		":currency":     "EUR",
		":kind":         "support",
		// :key_id names a channel key under a channel, a partner key otherwise.
		":key_id": e.f.PartnerKeyA.ID,
	}
	if strings.Contains(route, "partner_change_requests") {
		params[":request_id"] = e.f.PartnerChangeA.ID
	}
	if strings.Contains(route, "/channels/") {
		params[":key_id"] = e.f.ChannelKeyA.ID
	}
	path, names := route, false
	for p, id := range params {
		if strings.Contains(path, p) {
			path, names = strings.ReplaceAll(path, p, id), true
		}
	}
	return path, names
}

// TestOwnerCanUseTenantRoutes is the control for TestCrossTenantAccess: the same requests
// by tenant A's own admin succeed, so the refusals above are about tenancy.
func TestOwnerCanUseTenantRoutes(t *testing.T) {
	e := newEnv(t)
	pid := e.f.PartnerA.ID
	e.run([]scenario{
		{name: "get own partner", method: "GET", path: "/api/v2/partners/" + pid, as: partnerAdminA, status: 200, contains: []string{pid}},
		{name: "list own users", method: "GET", path: "/api/v2/partners/" + pid + "/users", as: partnerMemberA, status: 200,
			contains: []string{e.f.Users[partnerAdminA].Email}, notContains: []string{e.f.Users[clientAdminA].Email}},
		{name: "add own user", method: "POST", path: "/api/v2/partners/" + pid + "/users", as: partnerAdminA, status: 201,
			body: tenancyCases["POST /api/v2/partners/:partner_id/users"].body},
	})
}

// tenantASnapshot renders every row tenant A owns, so any change shows up as a difference.
func tenantASnapshot(t *testing.T, e *env) string { return tenantSnapshot(t, e, e.f.PartnerA.ID) }

// tenantSnapshot renders every row partner pid's tenant owns.
func tenantSnapshot(t *testing.T, e *env, pid string) string {
	t.Helper()
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	var parts []any
	add := func(v any, err error) {
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, v)
	}
	add(db.Partner.Get(ctx, pid))
	add(db.User.Query().Where(user.PartnerID(pid)).Order(ent.Asc(user.FieldID)).All(ctx))
	add(db.ClientAccount.Query().Where(clientaccount.PartnerID(pid)).Order(ent.Asc(clientaccount.FieldID)).All(ctx))
	add(db.WABA.Query().Where(waba.PartnerID(pid)).Order(ent.Asc(waba.FieldID)).All(ctx))
	add(db.Channel.Query().Where(channel.PartnerID(pid)).Order(ent.Asc(channel.FieldID)).All(ctx))
	add(db.LimitRaiseRequest.Query().Where(limitraiserequest.PartnerID(pid)).All(ctx))
	add(db.WebhookDelivery.Query().Where(webhookdelivery.PartnerID(pid)).All(ctx))
	add(db.ChannelAPIKey.Query().Where(channelapikey.PartnerID(pid)).All(ctx))
	add(db.PartnerAPIKey.Query().Where(partnerapikey.PartnerID(pid)).All(ctx))
	add(db.Message.Query().Where(message.PartnerID(pid)).Order(ent.Asc(message.FieldID)).All(ctx))
	add(db.MessagingContact.Query().Where(messagingcontact.PartnerID(pid)).Order(ent.Asc(messagingcontact.FieldID)).All(ctx))
	add(db.Media.Query().Where(media.PartnerID(pid)).Order(ent.Asc(media.FieldID)).IDs(ctx))
	add(db.PartnerChangeRequest.Query().Where(partnerchangerequest.PartnerID(pid)).All(ctx))
	add(db.NumberMigration.Query().Where(numbermigration.PartnerID(pid)).All(ctx))
	add(db.Ticket.Query().Where(ticket.PartnerID(pid)).Order(ent.Asc(ticket.FieldID)).All(ctx))
	add(db.TicketMessage.Query().Where(ticketmessage.PartnerID(pid)).Order(ent.Asc(ticketmessage.FieldID)).All(ctx))
	raw, err := json.Marshal(parts)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
