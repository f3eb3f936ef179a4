package messaging_test

import (
	"context"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/simulateduser"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/usage"
)

// directoryWorld is the messaging service over the real simulator directory, with two
// tenants' running numbers.
type directoryWorld struct {
	db  *ent.Client
	sys context.Context
	clk *clock.Manual
	sim *provider.Simulator
	s   *messaging.Service
	chs [2]*ent.Channel
}

func newDirectoryWorld(t *testing.T) *directoryWorld {
	t.Helper()
	st := storagetest.Open(t)
	w := &directoryWorld{db: st.Client, sys: tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), clk: clock.NewManual(start)}
	w.sim = provider.NewSimulator(w.db, w.clk)
	if err := w.sim.EnsureDirectory(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.s = messaging.New(w.db, st.SQL(), w.clk, w.sim, usage.New(w.db, w.clk), messaging.Config{})
	for i, name := range []string{"Bakery", "Florist"} {
		p := w.db.Partner.Create().SetBrandName("Partner " + name).SaveX(w.sys)
		cl := w.db.ClientAccount.Create().SetPartnerID(p.ID).SetName(name).SaveX(w.sys)
		wb := w.db.WABA.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetName("WABA").SaveX(w.sys)
		w.chs[i] = w.db.Channel.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetWabaID(wb.ID).
			SetPhoneNumber([]string{"+4930123456", "+4930654321"}[i]).SetStatus("running").SaveX(w.sys)
		w.db.WABATemplate.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetWabaID(wb.ID).SetName("hello").SetLanguage("en").
			SetCategory(wabatemplate.CategoryUTILITY).SetStatus(wabatemplate.StatusApproved).
			SetComponents([]map[string]any{{"type": "BODY", "text": "Hello from us."}}).SetCreatedAt(start).SetModifiedAt(start).SaveX(w.sys)
	}
	return w
}

func (w *directoryWorld) staff(ch *ent.Channel) (context.Context, scope.Scope) {
	return tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "staffUS", Role: tenancy.PartnerMember, PartnerID: ch.PartnerID}),
		scope.Scope{PartnerID: ch.PartnerID, ClientID: ch.ClientID}
}

func hello(to string) messaging.Request {
	return messaging.Request{MessagingProduct: "whatsapp", To: to, Type: "template",
		Template: &messaging.Template{Name: "hello", Language: messaging.TemplateLanguage{Code: "en"}}}
}

func TestDirectorySendTestAndConversationsOfUser(t *testing.T) {
	w := newDirectoryWorld(t)
	ctx, sc := w.staff(w.chs[0])
	a, err := w.s.SendTest(ctx, sc, w.chs[0].ID, hello("+5511987654321"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Contacts[0].WAID != "551187654321" || a.Contacts[0].Input != "+5511987654321" {
		t.Fatalf("answer: %+v", a)
	}
	if m := w.db.Message.GetX(w.sys, a.Messages[0].ID); m.SentBy == nil || *m.SentBy != "staffUS" || m.WaID != "551187654321" {
		t.Fatalf("stored: %+v", m)
	}
	// Another tenant's number, even named by id, is not found; support agents only read.
	if _, err := w.s.SendTest(ctx, sc, w.chs[1].ID, hello("+5511987654321")); apperr.CodeOf(err) != "not_found" {
		t.Fatalf("another tenant's number: %v", err)
	}
	agent := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "agentUS", Role: tenancy.SupportAgent})
	if _, err := w.s.SendTest(agent, scope.Scope{}, w.chs[0].ID, hello("+5511987654321")); apperr.CodeOf(err) != "forbidden" {
		t.Fatalf("support agent: %v", err)
	}

	// Ana writes to the other number a minute later, with the id WhatsApp knows her by.
	w.clk.Advance(time.Minute)
	admin := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "adminUS", Role: tenancy.PlatformAdmin})
	if _, err := w.s.Receive(admin, w.chs[1].ID, messaging.InboundRequest{From: "551187654321", Type: "text", Text: &messaging.InboundText{Body: "Oi"}}); err != nil {
		t.Fatal(err)
	}
	ana := w.db.SimulatedUser.Query().Where(simulateduser.WaID("551187654321")).OnlyX(w.sys)
	q, err := listquery.Parse(listquery.Raw{}, messaging.UserConversationListSpec)
	if err != nil {
		t.Fatal(err)
	}
	convs, total, err := w.s.ConversationsOfUser(agent, ana.ID, q)
	if err != nil || total != 2 {
		t.Fatalf("conversations: %d %v", total, err)
	}
	first, second := convs[0], convs[1]
	if first.ChannelID != w.chs[1].ID || first.ClientName != "Florist" || first.ChannelPhoneNumber != "+4930654321" ||
		first.LastMessage == nil || first.LastMessage.Summary != "Oi" || first.WindowExpiresAt == nil {
		t.Fatalf("newest conversation: %+v", first)
	}
	if second.ChannelID != w.chs[0].ID || second.ClientName != "Bakery" || second.PartnerID != w.chs[0].PartnerID ||
		second.LastMessage == nil || second.LastMessage.Direction != "outbound" || second.WindowExpiresAt != nil {
		t.Fatalf("older conversation: %+v", second)
	}
	q, _ = listquery.Parse(listquery.Raw{Filters: `{"channel_id":"` + w.chs[0].ID + `"}`}, messaging.UserConversationListSpec)
	if _, total, _ := w.s.ConversationsOfUser(agent, ana.ID, q); total != 1 {
		t.Fatalf("filtered by channel: %d", total)
	}
	// The directory is platform data: a partner cannot name a simulated user.
	if _, _, err := w.s.ConversationsOfUser(ctx, ana.ID, q); apperr.CodeOf(err) != "not_found" {
		t.Fatalf("partner reads a user's conversations: %v", err)
	}
}

func TestDirectoryResumeForAReachableUser(t *testing.T) {
	w := newDirectoryWorld(t)
	w.sim.OnReachable(w.s.ResumeFor)
	ctx, sc := w.staff(w.chs[0])
	a, err := w.s.SendTest(ctx, sc, w.chs[0].ID, hello("+905321234567")) // Deniz is unreachable
	if err != nil {
		t.Fatal(err)
	}
	w.clk.Advance(time.Hour)
	if _, err := w.s.Advance(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m := w.db.Message.GetX(w.sys, a.Messages[0].ID); m.Status != message.StatusSent {
		t.Fatalf("to an unreachable user: %s", m.Status)
	}
	deniz := w.db.SimulatedUser.Query().Where(simulateduser.WaID("905321234567")).OnlyX(w.sys)
	yes := true
	admin := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "adminUS", Role: tenancy.PlatformAdmin})
	if _, err := w.sim.UpdateUser(admin, deniz.ID, provider.SimulatedUserChange{Reachable: &yes}); err != nil {
		t.Fatal(err)
	}
	if m := w.db.Message.GetX(w.sys, a.Messages[0].ID); m.NextStatusAt == nil || !m.NextStatusAt.Equal(w.clk.Now()) {
		t.Fatalf("not resumed: %+v", m.NextStatusAt)
	}
	if _, err := w.s.Advance(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m := w.db.Message.GetX(w.sys, a.Messages[0].ID); m.Status != message.StatusDelivered {
		t.Fatalf("after the user is reachable: %s", m.Status)
	}
}
