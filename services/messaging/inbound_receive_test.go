package messaging

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/scope"
)

// received is the messages webhook written for inbound message id: its contacts[0] and
// messages[0].
func (w *progressWorld) received(id string) (contact, msg map[string]any) {
	w.t.Helper()
	e := w.db.Event.Query().Where(event.Event(events.MessageReceived), event.ObjectID(id)).OnlyX(w.sys)
	return firstOf(w.t, e.Data, "contacts"), firstOf(w.t, e.Data, "messages")
}

func TestInboundTextOpensTheWindow(t *testing.T) {
	w := newProgressWorld(t)
	w.wa.set(provider.WhatsAppUser{WAID: "551187654321", Name: "Ana Souza", OnWhatsApp: true, Reachable: true, ReadReceipts: true}, "+5511987654321")
	var hooked []Inbound
	w.s.OnInbound(func(_ context.Context, in Inbound) error { hooked = append(hooked, in); return nil })
	w.s.OnInbound(func(context.Context, Inbound) error { return fmt.Errorf("a failing hook does not undo the message") })

	v, err := w.s.Receive(context.Background(), w.ch.ID, InboundRequest{From: "+55 11 98765-4321", Type: "text", Text: &InboundText{Body: "Hi, is my order on its way?"}})
	if err != nil {
		t.Fatal(err)
	}
	if v.Direction != "inbound" || v.Status != "received" || v.WAID != "551187654321" || v.Summary != "Hi, is my order on its way?" {
		t.Fatalf("view: %+v", v)
	}
	c := w.db.MessagingContact.Query().Where(messagingcontact.ChannelID(w.ch.ID), messagingcontact.WaID("551187654321")).OnlyX(w.sys)
	if c.ProfileName != "Ana Souza" || c.LastInboundAt == nil || !c.LastInboundAt.Equal(progressStart) || !c.LastMessageAt.Equal(progressStart) {
		t.Fatalf("contact: %+v", c)
	}
	contact, msg := w.received(v.ID)
	if contact["wa_id"] != "551187654321" || contact["profile"].(map[string]any)["name"] != "Ana Souza" {
		t.Fatalf("contacts: %v", contact)
	}
	if msg["from"] != "551187654321" || msg["id"] != v.ID || msg["type"] != "text" || msg["timestamp"] != fmt.Sprint(progressStart.Unix()) ||
		msg["text"].(map[string]any)["body"] != "Hi, is my order on its way?" {
		t.Fatalf("messages: %v", msg)
	}
	e := w.db.Event.Query().Where(event.ObjectID(v.ID)).OnlyX(w.sys)
	val := valueOf(t, e.Data)
	meta := val["metadata"].(map[string]any)
	if val["messaging_product"] != "whatsapp" || meta["display_phone_number"] != "4930123456" || meta["phone_number_id"] != w.ch.ID {
		t.Fatalf("value: %v", val)
	}
	if id := e.Data["entry"].([]any)[0].(map[string]any)["id"]; id != "104148" {
		t.Fatalf("entry id %v, want the WABA's Meta id", id)
	}
	if w.deliveries() != 1 {
		t.Fatalf("%d deliveries", w.deliveries())
	}
	if len(hooked) != 1 || hooked[0].MessageID != v.ID || hooked[0].Text != "Hi, is my order on its way?" || hooked[0].ProfileName != "Ana Souza" ||
		hooked[0].WAID != "551187654321" || hooked[0].ChannelID != w.ch.ID || hooked[0].PartnerID != w.ch.PartnerID {
		t.Fatalf("hooks saw %+v", hooked)
	}

	// The window is open: a free-form reply goes out as sent and moves on to read, each
	// status announced once.
	w.clk.Advance(time.Minute)
	a, err := w.s.Send(context.Background(), Sender{ChannelID: w.ch.ID, KeyID: "key"}, Request{MessagingProduct: "whatsapp", To: "+5511987654321",
		Type: "text", Text: &Text{Body: "Yes, it ships today."}})
	if err != nil {
		t.Fatal(err)
	}
	id := a.Messages[0].ID
	w.clk.Advance(time.Second)
	w.advance(1)
	w.clk.Advance(2 * time.Second)
	w.advance(1)
	var got []string
	for _, st := range w.statuses() {
		if st.id == id {
			got = append(got, st.status)
		}
	}
	if fmt.Sprint(got) != "[sent delivered read]" {
		t.Fatalf("statuses of the reply: %v", got)
	}
	sent := w.statuses()[0].object
	if sent["conversation"].(map[string]any)["expiration_timestamp"] == nil || sent["pricing"].(map[string]any)["type"] != "free_customer_service" {
		t.Fatalf("sent status: %v", sent)
	}

	// Outside the window a free-form message fails, and the failed status says why.
	w.clk.Advance(Window)
	a, err = w.s.Send(context.Background(), Sender{ChannelID: w.ch.ID, KeyID: "key"}, Request{MessagingProduct: "whatsapp", To: "551187654321",
		Type: "text", Text: &Text{Body: "Are you still there?"}})
	if err != nil {
		t.Fatal(err)
	}
	st := w.statuses()
	last := st[len(st)-1]
	if last.id != a.Messages[0].ID || last.status != "failed" || last.object["errors"].([]any)[0].(map[string]any)["code"] != float64(131047) {
		t.Fatalf("failed status: %+v", last.object)
	}
}

func TestInboundMessageTypes(t *testing.T) {
	w := newProgressWorld(t)
	ctx := context.Background()
	out := w.sent("4915112345678", message.CategoryUtility, false)
	upload := w.db.Media.Create().SetID("1037543291543636").SetPartnerID(w.ch.PartnerID).SetClientID(w.ch.ClientID).SetChannelID(w.ch.ID).
		SetType("image").SetMimeType("image/jpeg").SetSha256("abc123").SetFileSize(3).SetData([]byte("jpg")).
		SetCreatedAt(progressStart).SetExpiresAt(progressStart.Add(mediaRetention)).SaveX(w.sys)
	from := "+4915112345678"
	cases := []struct {
		name    string
		in      InboundRequest
		check   func(obj map[string]any) bool
		summary string
	}{
		{"button", InboundRequest{Type: "button", Context: &Context{MessageID: out.ID}, Button: &InboundButton{Payload: "track-order", Text: "Track"}},
			func(o map[string]any) bool {
				b := o["button"].(map[string]any)
				c := o["context"].(map[string]any)
				return b["payload"] == "track-order" && b["text"] == "Track" && c["id"] == out.ID && c["from"] == "4930123456"
			}, "Track"},
		{"button reply", InboundRequest{Type: "interactive", Interactive: &InboundInteractive{Type: "button_reply", ButtonReply: &ReplyTitle{ID: "yes", Title: "Yes"}}},
			func(o map[string]any) bool {
				i := o["interactive"].(map[string]any)
				return i["type"] == "button_reply" && i["button_reply"].(map[string]any)["id"] == "yes"
			}, "Yes"},
		{"list reply", InboundRequest{Type: "interactive", Interactive: &InboundInteractive{Type: "list_reply", ListReply: &InboundListReply{ID: "r1", Title: "Berlin", Description: "Mitte"}}},
			func(o map[string]any) bool {
				r := o["interactive"].(map[string]any)["list_reply"].(map[string]any)
				return r["title"] == "Berlin" && r["description"] == "Mitte"
			}, "Berlin"},
		{"location", InboundRequest{Type: "location", Location: &Location{Latitude: 52.52, Longitude: 13.405, Name: "Alexanderplatz"}},
			func(o map[string]any) bool {
				l := o["location"].(map[string]any)
				return l["latitude"] == 52.52 && l["longitude"] == 13.405 && l["name"] == "Alexanderplatz"
			}, "📍 Alexanderplatz"},
		{"uploaded image", InboundRequest{Type: "image", Image: &InboundMedia{MediaID: upload.ID, Caption: "My receipt"}},
			func(o map[string]any) bool {
				i := o["image"].(map[string]any)
				return i["id"] == upload.ID && i["mime_type"] == "image/jpeg" && i["sha256"] == "abc123" && i["caption"] == "My receipt"
			}, "My receipt"},
		{"placeholder document", InboundRequest{Type: "document", Document: &InboundMedia{Filename: "invoice.pdf"}},
			func(o map[string]any) bool {
				d := o["document"].(map[string]any)
				return d["mime_type"] == "application/pdf" && d["filename"] == "invoice.pdf" && len(d["sha256"].(string)) == 64 &&
					w.db.Media.Query().Where().CountX(w.sys) == 2
			}, "📄 invoice.pdf"},
		{"placeholder sticker", InboundRequest{Type: "sticker", Sticker: &InboundMedia{}},
			func(o map[string]any) bool { return o["sticker"].(map[string]any)["mime_type"] == "image/webp" }, "Sticker"},
		{"contacts", InboundRequest{Type: "contacts", Contacts: []ContactCard{{Name: map[string]any{"formatted_name": "Bruno Lima"},
			Phones: []map[string]any{{"phone": "+5521998765432", "type": "CELL"}}}}},
			func(o map[string]any) bool {
				c := o["contacts"].([]any)[0].(map[string]any)
				return c["name"].(map[string]any)["formatted_name"] == "Bruno Lima"
			}, "👤 Bruno Lima"},
		{"reaction", InboundRequest{Type: "reaction", Reaction: &Reaction{MessageID: out.ID, Emoji: "👍"}},
			func(o map[string]any) bool { return o["reaction"].(map[string]any)["emoji"] == "👍" }, "Reacted 👍"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.From = from
			v, err := w.s.Receive(ctx, w.ch.ID, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if v.Summary != tc.summary {
				t.Errorf("summary %q, want %q", v.Summary, tc.summary)
			}
			_, msg := w.received(v.ID)
			if msg["type"] != tc.in.Type || !tc.check(msg) {
				t.Fatalf("messages[0]: %v", msg)
			}
		})
	}
}

func TestInboundRefusals(t *testing.T) {
	w := newProgressWorld(t)
	ctx := context.Background()
	w.wa.set(provider.WhatsAppUser{WAID: "5511976543210", OnWhatsApp: false})
	text := &InboundText{Body: "hi"}
	for name, in := range map[string]InboundRequest{
		"no sender":           {Type: "text", Text: text},
		"not a number":        {From: "ana@example.com", Type: "text", Text: text},
		"unknown type":        {From: "+4915112345678", Type: "poll"},
		"no text":             {From: "+4915112345678", Type: "text"},
		"long text":           {From: "+4915112345678", Type: "text", Text: &InboundText{Body: string(make([]rune, MaxTextBody+1))}},
		"no button text":      {From: "+4915112345678", Type: "button", Button: &InboundButton{Payload: "x"}},
		"bad interactive":     {From: "+4915112345678", Type: "interactive", Interactive: &InboundInteractive{Type: "nfm_reply"}},
		"latitude":            {From: "+4915112345678", Type: "location", Location: &Location{Latitude: 91}},
		"contact name":        {From: "+4915112345678", Type: "contacts", Contacts: []ContactCard{{Name: map[string]any{}}}},
		"sticker caption":     {From: "+4915112345678", Type: "sticker", Sticker: &InboundMedia{Caption: "no"}},
		"unknown media":       {From: "+4915112345678", Type: "image", Image: &InboundMedia{MediaID: "123"}},
		"not on WhatsApp":     {From: "+5511976543210", Type: "text", Text: text},
		"reply to a stranger": {From: "+4915112345678", Type: "text", Text: text, Context: &Context{MessageID: "wamid.unknown"}},
	} {
		if _, err := w.s.Receive(ctx, w.ch.ID, in); !apperr.ErrValidationFailed.Is(err) {
			t.Errorf("%s: %v, want validation_failed", name, err)
		}
	}
	if _, err := w.s.Receive(ctx, "nopeCH", InboundRequest{From: "+4915112345678", Type: "text", Text: text}); !apperr.ErrNotFound.Is(err) {
		t.Errorf("unknown channel: %v", err)
	}
	w.db.Channel.UpdateOne(w.ch).SetStatus("pending_deletion").ExecX(w.sys)
	if _, err := w.s.Receive(ctx, w.ch.ID, InboundRequest{From: "+4915112345678", Type: "text", Text: text}); !apperr.ErrInvalidState.Is(err) {
		t.Errorf("a number that is not running: %v", err)
	}
	if n := w.db.Message.Query().CountX(w.sys); n != 0 {
		t.Fatalf("%d messages stored by refused requests", n)
	}
}

func TestInboundConversationViews(t *testing.T) {
	w := newProgressWorld(t)
	ctx := context.Background()
	sc := scope.Scope{PartnerID: w.ch.PartnerID, ClientID: w.ch.ClientID}
	for i, from := range []string{"+4915112345678", "+33612345678"} {
		if _, err := w.s.Receive(ctx, w.ch.ID, InboundRequest{From: from, Name: fmt.Sprint("User ", i), Type: "text", Text: &InboundText{Body: fmt.Sprint("hello ", i)}}); err != nil {
			t.Fatal(err)
		}
		w.clk.Advance(time.Minute)
	}
	a, err := w.s.Send(ctx, Sender{ChannelID: w.ch.ID, KeyID: "key"}, Request{MessagingProduct: "whatsapp", To: "+4915112345678", Type: "text", Text: &Text{Body: "answer"}})
	if err != nil {
		t.Fatal(err)
	}
	q, err := listqueryParse(ConversationListSpec, "", "")
	if err != nil {
		t.Fatal(err)
	}
	cs, total, err := w.s.ListConversations(w.sys, sc, w.ch.ID, q)
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || cs[0].WAID != "4915112345678" || cs[0].LastMessage == nil || cs[0].LastMessage.ID != a.Messages[0].ID ||
		cs[0].LastMessage.Summary != "answer" || cs[1].ProfileName != "User 1" || cs[1].LastMessage == nil || cs[1].LastMessage.Summary != "hello 1" {
		t.Fatalf("conversations: %+v", cs)
	}
	if cs[0].WindowExpiresAt == nil || !cs[0].WindowExpiresAt.Equal(progressStart.Add(Window)) {
		t.Fatalf("window: %v", cs[0].WindowExpiresAt)
	}
	q, _ = listqueryParse(MessageListSpec, "", `{"direction":"outbound"}`)
	ms, total, err := w.s.ListMessages(w.sys, sc, w.ch.ID, "4915112345678", q)
	if err != nil || total != 1 || ms[0].Status != "sent" || ms[0].Category == nil || *ms[0].Category != "service" {
		t.Fatalf("outbound messages: %+v %d %v", ms, total, err)
	}
	q, _ = listqueryParse(MessageListSpec, "", "")
	if ms, total, _ := w.s.ListMessages(w.sys, sc, w.ch.ID, "4915112345678", q); total != 2 || ms[0].Direction != "inbound" {
		t.Fatalf("the conversation, oldest first: %+v", ms)
	}
	// The path's scope is checked: another client's path is a 404.
	if _, _, err := w.s.ListConversations(w.sys, scope.Scope{PartnerID: w.ch.PartnerID, ClientID: "otherCL"}, w.ch.ID, q); !apperr.ErrNotFound.Is(err) {
		t.Fatalf("other scope: %v", err)
	}
	// After 24 hours the window is closed.
	w.clk.Advance(Window)
	q, _ = listqueryParse(ConversationListSpec, "", "")
	if cs, _, _ := w.s.ListConversations(w.sys, sc, w.ch.ID, q); cs[0].WindowExpiresAt != nil {
		t.Fatalf("window after a day: %v", cs[0].WindowExpiresAt)
	}
}
