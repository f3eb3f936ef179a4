package handlers_test

import (
	"context"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/message"
)

// consoleEnv is a test hub with the simulator's directory seeded (the serve command does
// it at start).
func consoleEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	if err := e.hub.Simulator.EnsureDirectory(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) partnerChannelPath(suffix string) string {
	return "/api/v2/partners/" + e.f.PartnerA.ID + "/clients/" + e.f.ClientA.ID + "/channels/" + e.f.ChannelA.ID + suffix
}

func (e *env) clientChannelPath(suffix string) string {
	return "/api/v2/clients/" + e.f.ClientA.ID + "/channels/" + e.f.ChannelA.ID + suffix
}

// simulatedUserID finds a directory user by WhatsApp id.
func (e *env) simulatedUserID(waID string) string {
	e.t.Helper()
	m := mustStatus(e.t, e.do("GET", "/api/v2/operator/simulator/users?filters="+url.QueryEscape(`{"wa_id":"`+waID+`"}`), nil, supportAgent), 200)
	users := m["users"].([]any)
	if len(users) != 1 {
		e.t.Fatalf("directory user %s: %v", waID, m)
	}
	return users[0].(map[string]any)["id"].(string)
}

func (e *env) advance() int {
	e.t.Helper()
	n, err := e.hub.Messaging.Advance(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func fixtureTemplate(to string) map[string]any {
	return map[string]any{"messaging_product": "whatsapp", "to": to, "type": "template",
		"template": map[string]any{"name": "fixture_update", "language": map[string]any{"code": "en_US"}}}
}

func textMessage(to, body string) map[string]any {
	return map[string]any{"messaging_product": "whatsapp", "to": to, "type": "text", "text": map[string]any{"body": body}}
}

func TestSimulatedUsersConsole(t *testing.T) {
	e := consoleEnv(t)
	users := "/api/v2/operator/simulator/users"
	e.run([]scenario{
		{name: "support agents read the directory", method: "GET", path: users + "?limit=100", as: supportAgent, status: 200,
			contains: []string{`"total":8`, `"name":"Ana Souza"`, `"phone_number":"+5511987654321"`, `"wa_id":"551187654321"`, `"seed":true`}},
		{name: "partners do not", method: "GET", path: users, as: partnerAdminA, status: 403},
		{name: "support agents do not add users", method: "POST", path: users, as: supportAgent, status: 403,
			body: map[string]any{"phone_number": "+5511912345678", "name": "Carla Dias"}},
		{name: "a platform admin adds a Brazilian user without the ninth digit", method: "POST", path: users, as: platformAdmin, status: 201,
			body:     map[string]any{"phone_number": "+55 11 91234-5678", "name": "Carla Dias", "drop_ninth_digit": true, "read_receipts": false},
			contains: []string{`"phone_number":"+5511912345678"`, `"wa_id":"551112345678"`, `"read_receipts":false`, `"reachable":true`, `"seed":false`}},
		{name: "the number again", method: "POST", path: users, as: platformAdmin, status: 409, code: "simulated_user_exists",
			body: map[string]any{"phone_number": "+5511912345678", "name": "Carla again"}},
		{name: "the ninth digit of a German number", method: "POST", path: users, as: platformAdmin, status: 422, code: "validation_failed",
			body: map[string]any{"phone_number": "+4915199999999", "name": "X", "drop_ninth_digit": true}, contains: []string{"drop_ninth_digit:"}},
		{name: "search", method: "GET", path: users + "?filters=" + url.QueryEscape(`{"q":"carla"}`), as: supportAgent, status: 200,
			contains: []string{`"total":1`, `"name":"Carla Dias"`}},
	})
	carla := e.simulatedUserID("551112345678")
	e.run([]scenario{
		{name: "support agents do not change users", method: "PATCH", path: users + "/" + carla, as: supportAgent, status: 403,
			body: map[string]any{"reachable": false}},
		{name: "a platform admin makes the user unreachable", method: "PATCH", path: users + "/" + carla, as: platformAdmin, status: 200,
			body: map[string]any{"reachable": false, "language": "pt_BR"}, contains: []string{`"reachable":false`, `"language":"pt_BR"`, `"name":"Carla Dias"`}},
		{name: "an unknown user", method: "PATCH", path: users + "/nopeSU", as: platformAdmin, status: 404, body: map[string]any{"reachable": true}},
		{name: "support agents do not delete", method: "DELETE", path: users + "/" + carla, as: supportAgent, status: 403},
		{name: "a platform admin deletes", method: "DELETE", path: users + "/" + carla, as: platformAdmin, status: 200},
		{name: "gone", method: "DELETE", path: users + "/" + carla, as: platformAdmin, status: 404},
	})
}

func TestPriceRoutes(t *testing.T) {
	e := consoleEnv(t)
	prices := "/api/v2/operator/message_prices"
	e.run([]scenario{
		{name: "support agents read the rate card", method: "GET", path: prices, as: supportAgent, status: 200,
			contains: []string{`{"currency":"EUR","category":"marketing","price_micros":23000,"example":true}`}},
		{name: "partners do not", method: "GET", path: prices, as: partnerAdminA, status: 403},
		{name: "support agents do not set prices", method: "PUT", path: prices + "/USD", as: supportAgent, status: 403, body: map[string]any{"marketing": 1}},
		{name: "a platform admin sets USD", method: "PUT", path: prices + "/usd", as: platformAdmin, status: 200,
			body: map[string]any{"marketing": 30000, "utility": 5000},
			contains: []string{`{"currency":"USD","category":"marketing","price_micros":30000,"example":false}`,
				`{"currency":"USD","category":"authentication","price_micros":4000,"example":true}`}},
		{name: "an unknown currency", method: "PUT", path: prices + "/EURO", as: platformAdmin, status: 422, code: "validation_failed", body: map[string]any{}},
		{name: "a negative price", method: "PUT", path: prices + "/EUR", as: platformAdmin, status: 422, code: "validation_failed", body: map[string]any{"service": -1}},
		{name: "listed", method: "GET", path: prices, as: platformAdmin, status: 200,
			contains: []string{`{"currency":"USD","category":"utility","price_micros":5000,"example":false}`}},
	})
	// The usage report quotes the WABA currency's business-initiated price (WABA A is in USD).
	start := strconv.FormatInt(testNow.Add(-24*time.Hour).Unix(), 10)
	m := mustStatus(t, e.do("GET", e.partnerChannelPath("/info/usage?start_date="+start), nil, partnerAdminA), 200)
	if m["currency"] != "USD" || m["bi_price_for_currency_and_client_country"] != 0.03 || m["ui_price_for_currency_and_client_country"] != 0.0 {
		t.Fatalf("report prices: %v", m)
	}
}

func TestConsoleTestMessages(t *testing.T) {
	e := consoleEnv(t)
	e.run([]scenario{
		{name: "support agents do not send", method: "POST", path: e.partnerChannelPath("/test_messages"), as: supportAgent, status: 403,
			body: fixtureTemplate("+5511987654321")},
		{name: "another partner's path", method: "POST", path: e.partnerChannelPath("/test_messages"), as: partnerAdminB, status: 404,
			body: fixtureTemplate("+5511987654321")},
		{name: "a channel outside the client's path", method: "POST", path: "/api/v2/clients/" + e.f.ClientA.ID + "/channels/nopeCH/test_messages",
			as: clientAdminA, status: 404, body: fixtureTemplate("+5511987654321")},
		{name: "a template to a Brazilian user", method: "POST", path: e.partnerChannelPath("/test_messages"), as: partnerMemberA, status: 200,
			body:     fixtureTemplate("+5511987654321"),
			contains: []string{`"input":"+5511987654321"`, `"wa_id":"551187654321"`, `"message_status":"accepted"`, `"id":"wamid.`}},
		{name: "a refusal in the hub's envelope", method: "POST", path: e.clientChannelPath("/test_messages"), as: clientMemberA, status: 422,
			code: "whatsapp_parameter_missing", body: map[string]any{"messaging_product": "whatsapp", "to": "+4915112345678", "type": "text"}},
		{name: "free-form outside the window is accepted", method: "POST", path: e.clientChannelPath("/test_messages"), as: clientAdminA, status: 200,
			body: textMessage("+33612345678", "Bonjour")},
	})
	// The free-form message failed afterwards (131047); the template is on its way.
	m := mustStatus(t, e.do("GET", e.clientChannelPath("/conversations/33612345678/messages"), nil, clientMemberA), 200)
	msgs := m["messages"].([]any)
	if len(msgs) != 1 {
		t.Fatalf("messages: %v", m)
	}
	failed := msgs[0].(map[string]any)
	if failed["status"] != "failed" || failed["error"].(map[string]any)["code"] != 131047.0 ||
		failed["sent_by"].(map[string]any)["user_id"] != e.f.Users[clientAdminA].ID {
		t.Fatalf("free-form outside the window: %v", failed)
	}
	e.clock.Advance(5 * time.Second)
	e.advance()
	m = mustStatus(t, e.do("GET", e.partnerChannelPath("/conversations/551187654321/messages"), nil, supportAgent), 200)
	if sent := m["messages"].([]any)[0].(map[string]any); sent["status"] != "delivered" || sent["summary"] != "Template fixture_update (en_US)" ||
		sent["category"] != "utility" {
		t.Fatalf("template: %v", sent)
	}
}

func TestConversationWithASimulatedUser(t *testing.T) {
	e := consoleEnv(t)
	inbound := "/api/v2/operator/simulator/channels/" + e.f.ChannelA.ID + "/inbound"
	write := map[string]any{"from": "+5511987654321", "type": "text", "text": map[string]any{"body": "Oi, tudo bem?"}}
	e.run([]scenario{
		{name: "support agents do not write as users", method: "POST", path: inbound, as: supportAgent, status: 403, body: write},
		{name: "a platform admin writes as Ana", method: "POST", path: inbound, as: platformAdmin, status: 201, body: write,
			contains: []string{`"direction":"inbound"`, `"wa_id":"551187654321"`, `"status":"received"`, `"summary":"Oi, tudo bem?"`}},
	})
	e.clock.Advance(time.Minute)
	// The window is open: a free-form reply goes through.
	mustStatus(t, e.do("POST", e.clientChannelPath("/test_messages"), textMessage("551187654321", "Tudo ótimo!"), clientAdminA), 200)
	convs := mustStatus(t, e.do("GET", e.partnerChannelPath("/conversations"), nil, partnerMemberA), 200)
	if convs["total"] != 1.0 {
		t.Fatalf("conversations: %v", convs)
	}
	c := convs["conversations"].([]any)[0].(map[string]any)
	if c["wa_id"] != "551187654321" || c["profile_name"] != "Ana Souza" || c["window_expires_at"] != testNow.Add(24*time.Hour).Format(time.RFC3339) ||
		c["last_message"].(map[string]any)["summary"] != "Tudo ótimo!" {
		t.Fatalf("conversation: %v", c)
	}
	msgs := mustStatus(t, e.do("GET", e.partnerChannelPath("/conversations/551187654321/messages"), nil, partnerMemberA), 200)["messages"].([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["direction"] != "inbound" || msgs[1].(map[string]any)["pricing_type"] != "free_customer_service" {
		t.Fatalf("messages: %v", msgs)
	}
	e.run([]scenario{
		{name: "another partner's conversations", method: "GET", path: "/api/v2/partners/" + e.f.PartnerB.ID + "/clients/" + e.f.ClientA.ID +
			"/channels/" + e.f.ChannelA.ID + "/conversations", as: partnerAdminB, status: 404},
		{name: "another client's", method: "GET", path: "/api/v2/clients/" + e.f.ClientB.ID + "/channels/" + e.f.ChannelA.ID + "/conversations",
			as: clientAdminB, status: 404},
	})

	// The operator sees Ana's conversations across numbers.
	ana := e.simulatedUserID("551187654321")
	m := mustStatus(t, e.do("GET", "/api/v2/operator/simulator/users/"+ana+"/conversations", nil, supportAgent), 200)
	items := m["conversations"].([]any)
	if m["total"] != 1.0 || len(items) != 1 {
		t.Fatalf("user conversations: %v", m)
	}
	uc := items[0].(map[string]any)
	if uc["channel_id"] != e.f.ChannelA.ID || uc["channel_phone_number"] != "+4915112345678" || uc["client_name"] != "Client A" ||
		uc["client_id"] != e.f.ClientA.ID || uc["wa_id"] != "551187654321" || uc["last_message"].(map[string]any)["summary"] != "Tudo ótimo!" {
		t.Fatalf("user conversation: %v", uc)
	}
	e.run([]scenario{
		{name: "partners do not read users' conversations", method: "GET", path: "/api/v2/operator/simulator/users/" + ana + "/conversations", as: partnerAdminA, status: 403},
		{name: "an unknown user", method: "GET", path: "/api/v2/operator/simulator/users/nopeSU/conversations", as: supportAgent, status: 404},
		{name: "filtered by another channel", method: "GET", path: "/api/v2/operator/simulator/users/" + ana + "/conversations?filters=" +
			url.QueryEscape(`{"channel_id":"otherCH"}`), as: supportAgent, status: 200, contains: []string{`"total":0`}},
	})
}

func TestConsoleUserReachableAgain(t *testing.T) {
	e := consoleEnv(t)
	mustStatus(t, e.do("POST", e.partnerChannelPath("/test_messages"), fixtureTemplate("+905321234567"), partnerAdminA), 200)
	e.clock.Advance(time.Minute)
	e.advance()
	row := func() *message.Status {
		m := mustStatus(t, e.do("GET", e.partnerChannelPath("/conversations/905321234567/messages"), nil, partnerAdminA), 200)["messages"].([]any)[0].(map[string]any)
		s := message.Status(m["status"].(string))
		return &s
	}
	if s := row(); *s != message.StatusSent {
		t.Fatalf("to an unreachable user: %s", *s)
	}
	deniz := e.simulatedUserID("905321234567")
	mustStatus(t, e.do("PATCH", "/api/v2/operator/simulator/users/"+deniz, map[string]any{"reachable": true}, platformAdmin), 200)
	e.advance()
	if s := row(); *s != message.StatusDelivered {
		t.Fatalf("after the user is reachable again: %s", *s)
	}
}
