package platformnumbers_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/ticketmessage"
	"github.com/partnerhub/partnerhub/ent/tickettimer"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/platformnumbers"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// at is the instant every test here starts at.
var at = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

// fixture is a hub on a fresh database with platform staff, one partner with a client
// user, and the clock.
type fixture struct {
	h                    *hub.Hub
	clock                *clock.Manual
	sys                  context.Context
	admin, agent, member context.Context
	agentID              string
	partner              *ent.Partner
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	store := storagetest.Open(t)
	clk := clock.NewManual(at)
	h, err := hub.New(context.Background(), store, clk, hub.Config{
		Auth:      auth.Config{PasswordParams: auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}},
		PublicURL: "https://hub.test",
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Simulator.EnsureDirectory(context.Background()); err != nil {
		t.Fatal(err)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := store.Client
	admin := db.User.Create().SetEmail("admin@platform.test").SetName("Ada Admin").SetRole(user.RolePlatformAdmin).SetPasswordHash("x").SaveX(sys)
	agent := db.User.Create().SetEmail("agent@platform.test").SetName("Sam Support").SetRole(user.RoleSupportAgent).
		SetPasswordHash("x").SetLanguages([]string{"en", "de"}).SaveX(sys)
	p := db.Partner.Create().SetBrandName("Acme").SaveX(sys)
	c := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Bluebird").SaveX(sys)
	member := db.User.Create().SetEmail("member@bluebird.test").SetName("Bea").SetRole(user.RoleClientAdmin).SetPasswordHash("x").
		SetPartnerID(p.ID).SetClientID(c.ID).SaveX(sys)
	bg := context.Background()
	return &fixture{h: h, clock: clk, sys: sys, partner: p, agentID: agent.ID,
		admin:  tenancy.NewContext(bg, &tenancy.Viewer{UserID: admin.ID, Role: tenancy.PlatformAdmin}),
		agent:  tenancy.NewContext(bg, &tenancy.Viewer{UserID: agent.ID, Role: tenancy.SupportAgent}),
		member: tenancy.NewContext(bg, &tenancy.Viewer{UserID: member.ID, Role: tenancy.ClientAdmin, PartnerID: p.ID, ClientID: c.ID})}
}

func (f *fixture) number(t *testing.T, kind string) platformnumbers.NumberView {
	t.Helper()
	v, err := f.h.Platform.Get(f.agent)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range v.Numbers {
		if n.Kind == kind {
			return n
		}
	}
	t.Fatalf("no %s number in %+v", kind, v)
	return platformnumbers.NumberView{}
}

// write is a WhatsApp user (by phone number or WhatsApp id) writing text to the platform
// number kind, through messaging's Receive, which runs the inbound hooks (their errors
// are only logged there, as in production).
func (f *fixture) write(t *testing.T, kind, from, name, text string) {
	t.Helper()
	n := f.number(t, kind)
	if _, err := f.h.Messaging.Receive(context.Background(), *n.ChannelID, messaging.InboundRequest{From: from, Name: name, Type: "text",
		Text: &messaging.InboundText{Body: text}}); err != nil {
		t.Fatal(err)
	}
}

func codeOf(err error) string { return apperr.CodeOf(err) }

func TestPlatformNumbersAreSetUpRenamedAndReplaced(t *testing.T) {
	f := newFixture(t)
	v, err := f.h.Platform.Get(f.agent)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Numbers) != 2 || v.Numbers[0].Configured || v.Numbers[1].Configured || v.PartnerID != nil || v.Address != "https://hub.test" {
		t.Fatalf("before any set-up: %+v", v)
	}
	if _, err := f.h.Platform.Get(f.member); codeOf(err) != "forbidden" {
		t.Fatalf("a client user reads the platform numbers: %v", err)
	}
	if _, err := f.h.Platform.Set(f.agent, platformnumbers.Support, platformnumbers.SetRequest{PhoneNumber: "+4930577140819", DisplayName: "Support"}); codeOf(err) != "forbidden" {
		t.Fatalf("a support agent sets a platform number: %v", err)
	}
	if _, err := f.h.Platform.Set(f.admin, "marketing", platformnumbers.SetRequest{PhoneNumber: "+4930577140819", DisplayName: "Support"}); codeOf(err) != "not_found" {
		t.Fatalf("unknown kind: %v", err)
	}
	_, err = f.h.Platform.Set(f.admin, platformnumbers.Support, platformnumbers.SetRequest{PhoneNumber: "030 577", DisplayName: " "})
	if ae := apperr.As(err); ae.Code != "validation_failed" || len(ae.Details) != 2 {
		t.Fatalf("bad number and name: %v %v", err, ae.Details)
	}

	v, err = f.h.Platform.Set(f.admin, platformnumbers.Support, platformnumbers.SetRequest{PhoneNumber: "+49 30 577140819", DisplayName: "PartnerHub Support"})
	if err != nil {
		t.Fatal(err)
	}
	sup := v.Numbers[0]
	if !sup.Configured || sup.PhoneNumber != "+4930577140819" || sup.DisplayName != "PartnerHub Support" || sup.Status != "running" ||
		sup.SetBy == nil || sup.SetBy.UserName != "Ada Admin" || v.PartnerID == nil || v.Numbers[1].Configured {
		t.Fatalf("support number: %+v", v)
	}
	db := f.h.Store.Client
	p := db.Partner.GetX(f.sys, *v.PartnerID)
	if !p.IsPlatform || p.BrandName != "PartnerHub platform" || p.BillingModel != partner.BillingModelPartnerPayment {
		t.Fatalf("platform partner: %+v", p)
	}
	ch := db.Channel.GetX(f.sys, *sup.ChannelID)
	if ch.ClientID != *v.ClientID || ch.WabaID != *v.WABAID || ch.BillingStartedAt != nil || ch.KeyPermission != "shared" {
		t.Fatalf("support channel: %+v", ch)
	}

	// The same number renames; the sandbox takes the account made for the support number.
	v, err = f.h.Platform.Set(f.admin, platformnumbers.Support, platformnumbers.SetRequest{PhoneNumber: "+4930577140819", DisplayName: "Help desk"})
	if err != nil {
		t.Fatal(err)
	}
	if *v.Numbers[0].ChannelID != ch.ID || v.Numbers[0].DisplayName != "Help desk" {
		t.Fatalf("renamed: %+v", v.Numbers[0])
	}
	if _, err := f.h.Platform.Set(f.admin, platformnumbers.Sandbox, platformnumbers.SetRequest{PhoneNumber: "+4930577140819", DisplayName: "Sandbox"}); codeOf(err) != "number_already_active" {
		t.Fatalf("the support number as the sandbox number: %v", err)
	}
	v, err = f.h.Platform.Set(f.admin, platformnumbers.Sandbox, platformnumbers.SetRequest{PhoneNumber: "+4930577140820", DisplayName: "Sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	if *v.PartnerID != p.ID || v.Numbers[1].Status != "running" {
		t.Fatalf("sandbox: %+v", v)
	}
	if n, _ := db.Partner.Query().Where(partner.IsPlatform(true)).Count(f.sys); n != 1 {
		t.Fatalf("%d platform partners", n)
	}

	// Another number replaces the support number: the previous channel ends.
	v, err = f.h.Platform.Set(f.admin, platformnumbers.Support, platformnumbers.SetRequest{PhoneNumber: "+4930577140821", DisplayName: "Help desk"})
	if err != nil {
		t.Fatal(err)
	}
	if *v.Numbers[0].ChannelID == ch.ID || v.Numbers[0].PhoneNumber != "+4930577140821" {
		t.Fatalf("replaced: %+v", v.Numbers[0])
	}
	if old := db.Channel.GetX(f.sys, ch.ID); old.Status != "terminated" || old.TerminatedAt == nil {
		t.Fatalf("previous support channel: %s", old.Status)
	}
}

func TestPlatformNumbersSeedDemoSetsUpTheNumbersAndTheFollowUpTemplateOnce(t *testing.T) {
	f := newFixture(t)
	for range 2 {
		if err := f.h.Platform.SeedDemo(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	sup, sb := f.number(t, platformnumbers.Support), f.number(t, platformnumbers.Sandbox)
	if sup.PhoneNumber != platformnumbers.DemoSupportNumber || sup.DisplayName != "PartnerHub Support" || sb.PhoneNumber != platformnumbers.DemoSandboxNumber {
		t.Fatalf("demo numbers: %+v %+v", sup, sb)
	}
	templates, err := f.h.Support.WhatsAppTemplates(f.agent, openWhatsAppTicket(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if len(templates) != 1 || templates[0].Name != "support_follow_up" || templates[0].Language != "en" || templates[0].Parameters != 2 ||
		templates[0].Category != "UTILITY" || !strings.HasPrefix(templates[0].Body, "Hello {{1}}, we have an update") {
		t.Fatalf("templates: %+v", templates)
	}
}

// openWhatsAppTicket has Emma write to the support number and returns her ticket.
func openWhatsAppTicket(t *testing.T, f *fixture) string {
	t.Helper()
	f.write(t, platformnumbers.Support, "+4915112345678", "Emma Schmidt", "My messages are not delivered\nSince this morning nothing arrives.")
	tk, err := f.h.Store.Client.Ticket.Query().Where(ticket.WhatsappWaID("4915112345678")).Order(ent.Desc(ticket.FieldCreatedAt)).First(f.sys)
	if err != nil {
		t.Fatal(err)
	}
	return tk.ID
}

func TestWhatsAppMessagesOpenATicketAndFollowUpsReplyToIt(t *testing.T) {
	f := newFixture(t)
	if err := f.h.Platform.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := openWhatsAppTicket(t, f)
	d, err := f.h.Support.Get(f.agent, id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Source != "whatsapp" || d.Subject != "My messages are not delivered" || !strings.Contains(d.Description, "nothing arrives") ||
		d.Language != "de" || d.Topic != "other" || d.Status != "new" || d.AssigneeID == nil || *d.AssigneeID != f.agentID || !d.OpenedAt.Equal(at) {
		t.Fatalf("ticket: %+v", d.TicketView)
	}
	if d.WhatsApp == nil || d.WhatsApp.WAID != "4915112345678" || d.WhatsApp.Name != "Emma Schmidt" ||
		d.WhatsApp.WindowExpiresAt == nil || !d.WhatsApp.WindowExpiresAt.Equal(at.Add(24*time.Hour)) {
		t.Fatalf("whatsapp: %+v", d.WhatsApp)
	}
	// The requester is a contact user of the platform's client that cannot sign in.
	db := f.h.Store.Client
	u := db.User.GetX(f.sys, d.RequesterUserID)
	if u.Email != "wa-4915112345678@contacts.invalid" || !u.Disabled || u.Name != "Emma Schmidt" || u.PhoneNumber == nil || *u.PhoneNumber != "+4915112345678" ||
		u.ClientID == nil || d.ClientID == nil || *u.ClientID != *d.ClientID || d.RequesterKind != "client" {
		t.Fatalf("contact user: %+v", u)
	}
	// WhatsApp tickets get 24 hours for the first response.
	fr := db.TicketTimer.Query().Where(tickettimer.TicketID(id), tickettimer.MetricEQ(tickettimer.MetricFirstResponse)).OnlyX(f.sys)
	if fr.TargetSeconds != 24*3600 {
		t.Fatalf("first response target %d s", fr.TargetSeconds)
	}

	// A follow-up while the ticket waits on the customer is her reply, and opens it again.
	if _, err := f.h.Support.SetWorkingStatus(f.agent, id, support.StatusRequest{Status: "waiting_on_customer"}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	f.write(t, platformnumbers.Support, "4915112345678", "Emma Schmidt", "Still nothing, key phc_"+strings.Repeat("a", 38))
	d, _ = f.h.Support.Get(f.agent, id)
	last := d.Messages[len(d.Messages)-1]
	if d.Status != "open" || last.AuthorSide != "requester" || last.Kind != "public_reply" || last.AuthorUserID == nil || *last.AuthorUserID != u.ID {
		t.Fatalf("follow-up: status %s, %+v", d.Status, last)
	}
	if n, _ := db.Ticket.Query().Where(ticket.WhatsappWaID("4915112345678")).Count(f.sys); n != 1 {
		t.Fatalf("%d tickets for one conversation", n)
	}
	if n, _ := db.User.Query().Where(user.Email("wa-4915112345678@contacts.invalid")).Count(f.sys); n != 1 {
		t.Fatalf("%d contact users", n)
	}

	// Once resolved, her next message opens a new ticket.
	if _, err := f.h.Support.Resolve(f.agent, id, support.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(time.Hour)
	f.write(t, platformnumbers.Support, "4915112345678", "Emma Schmidt", "It happened again")
	if n, _ := db.Ticket.Query().Where(ticket.WhatsappWaID("4915112345678")).Count(f.sys); n != 2 {
		t.Fatalf("%d tickets after the first was resolved", n)
	}
}

func TestWhatsAppMessagesOfAHubUserAreTheirTickets(t *testing.T) {
	f := newFixture(t)
	if err := f.h.Platform.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	me := tenancy.FromContext(f.member)
	f.h.Store.Client.User.UpdateOneID(me.UserID).SetPhoneNumber("+5511987654321").ExecX(f.sys)
	// Ana's WhatsApp id drops Brazil's ninth digit (551187654321); her hub user's number keeps it.
	f.write(t, platformnumbers.Support, "+5511987654321", "Bea", "Onde está minha fatura?")
	list, _, err := f.h.Support.List(f.member, mustQuery(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].RequesterUserID != me.UserID || list[0].ClientID == nil || *list[0].ClientID != me.ClientID ||
		list[0].Language != "pt-BR" || list[0].WhatsApp == nil || list[0].WhatsApp.WindowExpiresAt == nil {
		t.Fatalf("the member's tickets: %+v", list)
	}
}

func mustQuery(t *testing.T) *listquery.Query {
	t.Helper()
	q, err := listquery.Parse(listquery.Raw{}, support.ListSpec)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// lastReply is the newest public reply of support on ticket id, with its delivery.
func lastReply(t *testing.T, f *fixture, id string) support.MessageView {
	t.Helper()
	d, err := f.h.Support.Get(f.agent, id)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(d.Messages) - 1; i >= 0; i-- {
		if m := d.Messages[i]; m.Kind == "public_reply" && m.AuthorSide == "agent" {
			return m
		}
	}
	t.Fatal("no reply of support")
	return support.MessageView{}
}

func TestWhatsAppRepliesNeedATemplateOnceTheWindowHasClosed(t *testing.T) {
	f := newFixture(t)
	if err := f.h.Platform.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := openWhatsAppTicket(t, f)
	tmpl := &support.WhatsAppTemplateRequest{Name: "support_follow_up", Language: "en", Parameters: []string{"Emma", id}}
	f.clock.Advance(24*time.Hour + time.Second)
	if _, err := f.h.Support.Reply(f.agent, id, support.ReplyRequest{Body: "We fixed it."}); codeOf(err) != "whatsapp_window_closed" {
		t.Fatalf("free-form outside the window: %v", err)
	}
	if _, err := f.h.Support.Resolve(f.agent, id, support.ResolveRequest{Message: "Fixed."}); codeOf(err) != "whatsapp_window_closed" {
		t.Fatalf("resolving with a message outside the window: %v", err)
	}
	for name, bad := range map[string]support.ReplyRequest{
		"unknown template": {WhatsAppTemplate: &support.WhatsAppTemplateRequest{Name: "nope", Language: "en"}},
		"too few":          {WhatsAppTemplate: &support.WhatsAppTemplateRequest{Name: "support_follow_up", Language: "en", Parameters: []string{"Emma"}}},
		"new line":         {WhatsAppTemplate: &support.WhatsAppTemplateRequest{Name: "support_follow_up", Language: "en", Parameters: []string{"Em\nma", id}}},
		"body too":         {Body: "Hi", WhatsAppTemplate: tmpl},
	} {
		if _, err := f.h.Support.Reply(f.agent, id, bad); codeOf(err) != "validation_failed" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := f.h.Support.Note(f.agent, id, support.ReplyRequest{Body: "x", WhatsAppTemplate: tmpl}); codeOf(err) != "validation_failed" {
		t.Errorf("a note with a template: %v", err)
	}
	res, err := f.h.Support.Reply(f.agent, id, support.ReplyRequest{WhatsAppTemplate: tmpl})
	if err != nil {
		t.Fatal(err)
	}
	if res.Ticket.FirstResponseAt == nil || res.Ticket.Status != "open" {
		t.Fatalf("the template reply is the first response: %+v", res.Ticket.TicketView)
	}
	reply := lastReply(t, f, id)
	if reply.Body != "Hello Emma, we have an update on your support request "+id+". Reply to this message to continue." || reply.Delivery == nil {
		t.Fatalf("template reply: %+v", reply)
	}
	sent := f.h.Store.Client.Message.Query().Where(message.TicketMessageID(reply.ID)).OnlyX(f.sys)
	if sent.Type != "template" || sent.TemplateName == nil || *sent.TemplateName != "support_follow_up" || sent.WaID != "4915112345678" ||
		sent.SentBy == nil || *sent.SentBy != f.agentID || reply.Delivery.MessageID != sent.ID || reply.Delivery.Status != string(sent.Status) {
		t.Fatalf("the WhatsApp message: %+v, delivery %+v", sent, reply.Delivery)
	}
	// A non-WhatsApp ticket takes no template and has no WhatsApp templates.
	op, err := f.h.Support.Open(f.member, support.OpenRequest{Topic: "other", Subject: "Hub ticket", Description: "Something in the hub does not work."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.h.Support.Reply(f.agent, op.Ticket.ID, support.ReplyRequest{WhatsAppTemplate: tmpl}); codeOf(err) != "validation_failed" {
		t.Errorf("a template on a hub ticket: %v", err)
	}
	if _, err := f.h.Support.WhatsAppTemplates(f.agent, op.Ticket.ID); codeOf(err) != "not_whatsapp_ticket" {
		t.Errorf("templates of a hub ticket: %v", err)
	}
	if _, err := f.h.Support.WhatsAppTemplates(f.member, id); codeOf(err) != "forbidden" {
		t.Errorf("templates for a requester: %v", err)
	}
}

func TestWhatsAppFailedSendKeepsTheReplyAndSaysWhy(t *testing.T) {
	f := newFixture(t)
	if err := f.h.Platform.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := openWhatsAppTicket(t, f)
	// The support number stops running: WhatsApp refuses every message from it.
	sup := f.number(t, platformnumbers.Support)
	f.h.Store.Client.Channel.UpdateOneID(*sup.ChannelID).SetStatus("terminated").ExecX(f.sys)
	res, err := f.h.Support.Reply(f.agent, id, support.ReplyRequest{Body: "Looking into it."})
	if err != nil {
		t.Fatal(err)
	}
	reply := lastReply(t, f, id)
	if reply.Body != "Looking into it." || reply.Delivery == nil || reply.Delivery.Status != "not_sent" || res.Ticket.FirstResponseAt == nil {
		t.Fatalf("reply: %+v", reply)
	}
	notes := f.h.Store.Client.TicketMessage.Query().Where(ticketmessage.TicketID(id), ticketmessage.KindEQ(ticketmessage.KindInternalNote)).AllX(f.sys)
	if len(notes) != 1 || !strings.HasPrefix(notes[0].Body, "This reply was not sent on WhatsApp: ") {
		t.Fatalf("notes: %+v", notes)
	}
	// The requester (here: nobody can sign in as the contact) sees no note; the delivery is public.
	d, _ := f.h.Support.Get(f.agent, id)
	if d.Messages[len(d.Messages)-1].Kind != "internal_note" {
		t.Fatalf("the note follows the reply: %+v", d.Messages)
	}
}

func TestWhatsAppRepliesInsideTheWindowGoOut(t *testing.T) {
	f := newFixture(t)
	if err := f.h.Platform.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	id := openWhatsAppTicket(t, f)
	f.clock.Advance(time.Hour)
	if _, err := f.h.Support.Reply(f.agent, id, support.ReplyRequest{Body: "We are on it, Emma."}); err != nil {
		t.Fatal(err)
	}
	reply := lastReply(t, f, id)
	sent := f.h.Store.Client.Message.Query().Where(message.TicketMessageID(reply.ID)).OnlyX(f.sys)
	if sent.Type != "text" || sent.Direction != "outbound" || sent.WaID != "4915112345678" || sent.Billable || reply.Delivery.MessageID != sent.ID ||
		reply.Delivery.Status != "sent" {
		t.Fatalf("message %+v, delivery %+v", sent, reply.Delivery)
	}
	if body, _ := sent.Content["body"].(string); body != "We are on it, Emma." {
		t.Fatalf("content %v", sent.Content)
	}
}

func TestSandboxStartIssuesAKeyForTheWritersNumberOnly(t *testing.T) {
	f := newFixture(t)
	if err := f.h.Platform.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	db := f.h.Store.Client
	sb := f.number(t, platformnumbers.Sandbox)
	keysOf := func(waID string) []*ent.ChannelAPIKey {
		return db.ChannelAPIKey.Query().Where(channelapikey.SandboxWaID(waID)).Order(ent.Asc(channelapikey.FieldCreatedAt)).AllX(f.sys)
	}
	// Not START: nothing.
	f.write(t, platformnumbers.Sandbox, "+5511987654321", "Ana", "hello")
	if len(keysOf("551187654321")) != 0 {
		t.Fatal("a key for hello")
	}
	f.write(t, platformnumbers.Sandbox, "+5511987654321", "Ana", "  start ")
	ks := keysOf("551187654321")
	if len(ks) != 1 || ks[0].ChannelID != *sb.ChannelID || ks[0].State != "active" || ks[0].CreatedByType != "system" {
		t.Fatalf("sandbox keys: %+v", ks)
	}
	out := db.Message.Query().Where(message.ChannelID(*sb.ChannelID), message.DirectionEQ(message.DirectionOutbound), message.WaID("551187654321")).OnlyX(f.sys)
	body, _ := out.Content["body"].(string)
	plain := regexp.MustCompile(`pht_[0-9A-Za-z]{38}`).FindString(body)
	if plain == "" || !strings.Contains(body, "https://hub.test") {
		t.Fatalf("the key's message: %q", body)
	}
	p, err := f.h.APIKeys.Verifier().VerifyChannelKey(context.Background(), plain, "192.0.2.1")
	if err != nil || p.SandboxWAID != "551187654321" || p.ChannelID != *sb.ChannelID {
		t.Fatalf("the sandbox key verifies as %+v, %v", p, err)
	}
	// Another user gets their own; START again replaces the first user's key.
	f.clock.Advance(time.Minute)
	f.write(t, platformnumbers.Sandbox, "+4915112345678", "Emma", "START")
	f.write(t, platformnumbers.Sandbox, "551187654321", "Ana", "START")
	ks = keysOf("551187654321")
	if len(ks) != 2 || ks[0].State != "revoked" || ks[1].State != "active" || len(keysOf("4915112345678")) != 1 || keysOf("4915112345678")[0].State != "active" {
		t.Fatalf("after START again: %+v", ks)
	}
	if _, err := f.h.APIKeys.Verifier().VerifyChannelKey(context.Background(), plain, "192.0.2.1"); codeOf(err) != "invalid_api_key" {
		t.Fatalf("the replaced key still works: %v", err)
	}
	if n := f.number(t, platformnumbers.Sandbox).SandboxKeys; n != 2 {
		t.Fatalf("%d valid sandbox keys", n)
	}
	// Messages to the support number issue no keys.
	f.write(t, platformnumbers.Support, "+905321234567", "Deniz", "START")
	if len(keysOf("905321234567")) != 0 {
		t.Fatal("a key from the support number")
	}
}
