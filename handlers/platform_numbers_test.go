package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/services/platformnumbers"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// platformNumbers reads the platform numbers as platform staff, requiring 200.
func (e *env) platformNumbers() platformnumbers.View {
	e.t.Helper()
	r := e.do("GET", "/api/v2/operator/platform_numbers", nil, supportAgent)
	if r.Status != http.StatusOK {
		e.t.Fatalf("platform numbers: %d %s", r.Status, r.Body)
	}
	var v platformnumbers.View
	if err := json.Unmarshal(r.Body, &v); err != nil {
		e.t.Fatal(err)
	}
	return v
}

// platformChannel is the channel id of the platform number kind.
func (e *env) platformChannel(kind string) string {
	e.t.Helper()
	for _, n := range e.platformNumbers().Numbers {
		if n.Kind == kind && n.ChannelID != nil {
			return *n.ChannelID
		}
	}
	e.t.Fatalf("no %s number", kind)
	return ""
}

// whatsAppWrites has a WhatsApp user write text to the platform number kind, through the
// operator's simulator (messaging's Receive and its inbound hooks).
func (e *env) whatsAppWrites(kind, from, name, text string) {
	e.t.Helper()
	r := e.do("POST", "/api/v2/operator/simulator/channels/"+e.platformChannel(kind)+"/inbound",
		map[string]any{"from": from, "name": name, "type": "text", "text": map[string]string{"body": text}}, platformAdmin)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("%s writes to the %s number: %d %s", from, kind, r.Status, r.Body)
	}
}

func TestPlatformNumbersAreForOperators(t *testing.T) {
	e := newEnv(t)
	const path = "/api/v2/operator/platform_numbers"
	e.run([]scenario{
		{name: "support agents read them", method: "GET", path: path, as: supportAgent, status: 200,
			contains: []string{`"kind":"support"`, `"kind":"sandbox"`, `"configured":false`, `"address":"https://hub.test"`}},
		{name: "partners do not", method: "GET", path: path, as: partnerAdminA, status: 403, code: "forbidden"},
		{name: "support agents do not set them", method: "PUT", path: path + "/support", as: supportAgent, status: 403,
			body: map[string]string{"phone_number": "+4930577140819", "display_name": "Support"}},
		{name: "an unknown kind", method: "PUT", path: path + "/marketing", as: platformAdmin, status: 404, code: "not_found",
			body: map[string]string{"phone_number": "+4930577140819", "display_name": "Support"}},
		{name: "a bad number", method: "PUT", path: path + "/support", as: platformAdmin, status: 422, code: "validation_failed",
			body: map[string]string{"phone_number": "0305771", "display_name": ""}, contains: []string{"phone_number: ", "display_name: is required"}},
		{name: "a number of a partner", method: "PUT", path: path + "/support", as: platformAdmin, status: 409, code: "number_already_active",
			body: map[string]string{"phone_number": e.f.ChannelA.PhoneNumber, "display_name": "Support"}},
		{name: "the support number", method: "PUT", path: path + "/support", as: platformAdmin, status: 200,
			body:     map[string]string{"phone_number": "+49 30 577140819", "display_name": "PartnerHub Support"},
			contains: []string{`"phone_number":"+4930577140819"`, `"display_name":"PartnerHub Support"`, `"status":"running"`, `"user_name":"platform_admin"`}},
		{name: "the sandbox number", method: "PUT", path: path + "/sandbox", as: platformAdmin, status: 200,
			body: map[string]string{"phone_number": "+4930577140820", "display_name": "PartnerHub Sandbox"}, contains: []string{`"sandbox_keys":0`}},
	})
	v := e.platformNumbers()
	if !v.Numbers[0].Configured || !v.Numbers[1].Configured || v.PartnerID == nil {
		t.Fatalf("after set-up: %+v", v)
	}
	// The platform's own partner holds them.
	p := e.hub.Store.Client.Partner.GetX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), *v.PartnerID)
	if !p.IsPlatform || p.BrandName != "PartnerHub platform" {
		t.Fatalf("platform partner %+v", p)
	}
}

func TestWhatsAppTicketsFromTheSupportNumber(t *testing.T) {
	e := newEnv(t)
	if err := e.hub.Platform.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	e.whatsAppWrites(platformnumbers.Support, "+4915112345678", "Emma Schmidt", "Webhook stopped\nNo events since 9:00.")
	tk := db.Ticket.Query().Where(ticket.WhatsappWaID("4915112345678")).OnlyX(sys)
	base := "/api/v2/support/tickets/" + tk.ID

	var d support.TicketDetail
	r := e.do("GET", base, nil, supportAgent)
	if r.Status != 200 || json.Unmarshal(r.Body, &d) != nil {
		t.Fatalf("ticket: %d %s", r.Status, r.Body)
	}
	if d.Source != "whatsapp" || d.Subject != "Webhook stopped" || d.WhatsApp == nil || d.WhatsApp.Name != "Emma Schmidt" ||
		d.WhatsApp.WindowExpiresAt == nil || !d.WhatsApp.WindowExpiresAt.Equal(testNow.Add(24*time.Hour)) {
		t.Fatalf("ticket: %s", r.Body)
	}
	e.run([]scenario{
		{name: "templates to reply with", method: "GET", path: base + "/whatsapp_templates", as: supportAgent, status: 200,
			contains: []string{`"name":"support_follow_up"`, `"language":"en"`, `"parameters":2`, `"category":"UTILITY"`}},
		{name: "templates are for support staff", method: "GET", path: base + "/whatsapp_templates", as: partnerAdminA, status: 403},
		{name: "a hub ticket has none", method: "GET", path: "/api/v2/support/tickets/" + e.f.TicketA.ID + "/whatsapp_templates", as: supportAgent,
			status: 409, code: "not_whatsapp_ticket"},
		{name: "a reply inside the window", method: "POST", path: base + "/replies", as: supportAgent, status: 200,
			body: map[string]string{"body": "We are looking into it, Emma."}, contains: []string{`"delivery":{"message_id":"wamid.`, `"status":"sent"`}},
	})

	// A day later the window has closed: free-form is refused, a template goes out.
	e.setClock(testNow.Add(25 * time.Hour))
	tmpl := map[string]any{"name": "support_follow_up", "language": "en", "parameters": []string{"Emma", tk.ID}}
	e.run([]scenario{
		{name: "free-form after the window", method: "POST", path: base + "/replies", as: supportAgent, status: 422, code: "whatsapp_window_closed",
			body: map[string]string{"body": "Fixed!"}},
		{name: "a template with a parameter missing", method: "POST", path: base + "/replies", as: supportAgent, status: 422, code: "validation_failed",
			body: map[string]any{"whatsapp_template": map[string]any{"name": "support_follow_up", "language": "en", "parameters": []string{"Emma"}}}},
		{name: "a template", method: "POST", path: base + "/replies", as: supportAgent, status: 200,
			body:     map[string]any{"whatsapp_template": tmpl},
			contains: []string{"Hello Emma, we have an update on your support request " + tk.ID + ". Reply to this message to continue.", `"template_name":"support_follow_up"`}},
	})
	r = e.do("GET", base, nil, supportAgent)
	if err := json.Unmarshal(r.Body, &d); err != nil {
		t.Fatal(err)
	}
	if d.WhatsApp.WindowExpiresAt != nil {
		t.Fatalf("the window is still open: %s", r.Body)
	}
	var replies []support.MessageView
	for _, m := range d.Messages {
		if m.AuthorSide == "agent" && m.Kind == "public_reply" {
			replies = append(replies, m)
		}
	}
	if len(replies) != 2 || replies[0].Delivery == nil || replies[1].Delivery == nil || replies[1].Delivery.TemplateName == nil {
		t.Fatalf("replies: %+v", replies)
	}

	// Emma answers: her message is the requester's reply on the same ticket, and the window opens again.
	e.whatsAppWrites(platformnumbers.Support, "+4915112345678", "Emma Schmidt", "Thanks, works again")
	if n := db.Ticket.Query().Where(ticket.WhatsappWaID("4915112345678")).CountX(sys); n != 1 {
		t.Fatalf("%d tickets", n)
	}
	e.run([]scenario{{name: "free-form again", method: "POST", path: base + "/replies", as: supportAgent, status: 200,
		body: map[string]string{"body": "Glad to hear it."}, contains: []string{"Thanks, works again"}}})
}

func TestSandboxKeysFromTheSandboxNumber(t *testing.T) {
	e := newEnv(t)
	if err := e.hub.Platform.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	e.whatsAppWrites(platformnumbers.Sandbox, "+4915112345678", "Emma Schmidt", "START")
	k := db.ChannelAPIKey.Query().Where(channelapikey.SandboxWaID("4915112345678")).OnlyX(sys)
	if k.State != channelapikey.StateActive || k.ChannelID != e.platformChannel(platformnumbers.Sandbox) {
		t.Fatalf("sandbox key %+v", k)
	}
	// The key arrived in the sandbox conversation; it messages its owner's number.
	r := e.do("GET", "/api/v2/operator/platform_numbers", nil, platformAdmin)
	if !strings.Contains(string(r.Body), `"sandbox_keys":1`) {
		t.Fatalf("platform numbers: %s", r.Body)
	}
	out, err := db.Message.Query().Where(message.DirectionEQ(message.DirectionOutbound), message.WaID("4915112345678")).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	var plain string
	for _, m := range out {
		if body, _ := m.Content["body"].(string); strings.Contains(body, "pht_") {
			i := strings.Index(body, "pht_")
			plain = body[i : i+42]
		}
	}
	if plain == "" {
		t.Fatal("no message carried the key")
	}
	e.run([]scenario{
		{name: "the key sends to its owner", method: "POST", path: "/messages", headers: []string{"D360-API-KEY", plain}, status: 200,
			body: map[string]any{"messaging_product": "whatsapp", "to": "4915112345678", "type": "text", "text": map[string]string{"body": "Hello me"}}},
		// Needs handlers/messages.go to fill messaging.Sender.SandboxWAID from the principal.
		{name: "and to nobody else", method: "POST", path: "/messages", headers: []string{"D360-API-KEY", plain}, status: 400,
			body: map[string]any{"messaging_product": "whatsapp", "to": "+5511987654321", "type": "text", "text": map[string]string{"body": "Hi"}}},
	})
}
