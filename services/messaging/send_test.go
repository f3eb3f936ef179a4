package messaging_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/messagingcontact"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/usage"
)

var start = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)

// fakeWhatsApp is the Meta side: every valid number is a reachable WhatsApp user whose
// wa_id is its digits, unless users says otherwise.
type fakeWhatsApp struct {
	users map[string]provider.WhatsAppUser
}

func (f *fakeWhatsApp) LookupUser(_ context.Context, number string) (provider.WhatsAppUser, error) {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, number)
	if u, ok := f.users[d]; ok {
		u.Input = number
		return u, nil
	}
	return provider.WhatsAppUser{Input: number, WAID: d, Name: "WhatsApp user", OnWhatsApp: true, Reachable: true, ReadReceipts: true}, nil
}

// world is one test's messaging service over a real database, with a running number of a
// client, its channel key and a manual clock.
type world struct {
	t     *testing.T
	db    *ent.Client
	sys   context.Context
	clk   *clock.Manual
	wa    *fakeWhatsApp
	s     *messaging.Service
	ch    *ent.Channel
	key   *ent.ChannelAPIKey
	media map[string]string // media id → MIME type of the channel's uploads
	sql   storage.SQL
}

func newWorld(t *testing.T) *world {
	t.Helper()
	st := storagetest.Open(t)
	db := st.Client
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	clk := clock.NewManual(start)
	w := &world{t: t, db: db, sys: sys, clk: clk, wa: &fakeWhatsApp{users: map[string]provider.WhatsAppUser{}}, media: map[string]string{}, sql: st.SQL()}
	w.s = messaging.New(db, st.SQL(), clk, w.wa, usage.New(db, clk), messaging.Config{})
	w.s.SetMediaLookup(func(_ context.Context, channelID, id string) (string, bool, error) {
		if channelID != w.ch.ID {
			return "", false, nil
		}
		mime, ok := w.media[id]
		return mime, ok, nil
	})
	p := db.Partner.Create().SetBrandName("Partner").SaveX(sys)
	cl := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Client").SaveX(sys)
	wb := db.WABA.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetName("WABA").SaveX(sys)
	w.ch = db.Channel.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetWabaID(wb.ID).SetPhoneNumber("+4930123456").
		SetStatus("running").SaveX(sys)
	w.key = db.ChannelAPIKey.Create().SetChannelID(w.ch.ID).SetPartnerID(p.ID).SetClientID(cl.ID).SetKeyHash(make([]byte, 32)).
		SetHint("abcd").SetCreatedAt(start).SetCreatedByType("system").SaveX(sys)
	w.template("order_update", "en_US", "UTILITY", "approved",
		map[string]any{"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
		map[string]any{"type": "BODY", "text": "Hi {{1}}, your order ships {{2}}."},
		map[string]any{"type": "BUTTONS", "buttons": []any{
			map[string]any{"type": "QUICK_REPLY", "text": "Stop"},
			map[string]any{"type": "URL", "text": "Track", "url": "https://shop.example/o/{{1}}"},
			map[string]any{"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+4930123456"},
		}})
	w.template("summer_sale", "en", "MARKETING", "approved",
		map[string]any{"type": "HEADER", "format": "IMAGE"},
		map[string]any{"type": "BODY", "text": "Our summer sale has started."})
	w.template("login_code", "en", "AUTHENTICATION", "approved",
		map[string]any{"type": "BODY"},
		map[string]any{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "OTP", "otp_type": "COPY_CODE", "text": "Copy code"}}})
	return w
}

func (w *world) template(name, language, category, status string, components ...map[string]any) *ent.WABATemplate {
	return w.db.WABATemplate.Create().SetPartnerID(w.ch.PartnerID).SetClientID(w.ch.ClientID).SetWabaID(w.ch.WabaID).
		SetName(name).SetLanguage(language).SetCategory(wabatemplate.Category(category)).SetStatus(wabatemplate.Status(status)).
		SetComponents(components).SetCreatedAt(start).SetModifiedAt(start).SaveX(w.sys)
}

func (w *world) sender() messaging.Sender {
	return messaging.Sender{ChannelID: w.ch.ID, KeyID: w.key.ID}
}

func (w *world) send(r messaging.Request) (*messaging.Answer, error) {
	r.MessagingProduct = "whatsapp"
	return w.s.Send(context.Background(), w.sender(), r)
}

// accepted sends r and fails the test unless it is accepted; it returns the stored message.
func (w *world) accepted(r messaging.Request) *ent.Message {
	w.t.Helper()
	a, err := w.send(r)
	if err != nil {
		w.t.Fatalf("send %s to %s: %v", r.Type, r.To, err)
	}
	if len(a.Messages) != 1 || !strings.HasPrefix(a.Messages[0].ID, "wamid.") || len(a.Contacts) != 1 || a.Contacts[0].Input != r.To {
		w.t.Fatalf("answer: %+v", a)
	}
	return w.message(a.Messages[0].ID)
}

func (w *world) message(id string) *ent.Message {
	w.t.Helper()
	return w.db.Message.GetX(w.sys, id)
}

func (w *world) contact(waID string) *ent.MessagingContact {
	w.t.Helper()
	c, err := w.db.MessagingContact.Query().Where(messagingcontact.ChannelID(w.ch.ID), messagingcontact.WaID(waID)).Only(w.sys)
	if err != nil {
		w.t.Fatalf("contact %s: %v", waID, err)
	}
	return c
}

// wrote makes waID's last message to the number at instant at (the window opens).
func (w *world) wrote(waID string, at time.Time) {
	w.db.MessagingContact.Create().SetChannelID(w.ch.ID).SetWaID(waID).SetPartnerID(w.ch.PartnerID).SetClientID(w.ch.ClientID).
		SetLastInboundAt(at).SetLastMessageAt(at).SetCreatedAt(at).
		OnConflictColumns(messagingcontact.FieldChannelID, messagingcontact.FieldWaID).
		Update(func(u *ent.MessagingContactUpsert) { u.SetLastInboundAt(at) }).ExecX(w.sys)
}

func text(to, body string) messaging.Request {
	return messaging.Request{To: to, Type: "text", Text: &messaging.Text{Body: body}}
}

func textParams(values ...string) []messaging.Parameter {
	out := make([]messaging.Parameter, len(values))
	for i, v := range values {
		out[i] = messaging.Parameter{Type: "text", Text: v}
	}
	return out
}

// orderUpdate is a correct send of the order_update template.
func orderUpdate(to string) messaging.Request {
	return messaging.Request{To: to, Type: "template", Template: &messaging.Template{Name: "order_update",
		Language: messaging.TemplateLanguage{Code: "en_US"}, Components: []messaging.TemplateComponent{
			{Type: "header", Parameters: textParams("#123")},
			{Type: "body", Parameters: textParams("Ana", "today")},
			{Type: "button", SubType: "url", Index: "1", Parameters: textParams("123")},
		}}}
}

// metaCode asserts err is a refusal with Meta's code and HTTP status, and returns it.
func metaCode(t *testing.T, err error, code, status int) *messaging.MetaError {
	t.Helper()
	var me *messaging.MetaError
	if !errors.As(err, &me) {
		t.Fatalf("error %v, want Meta's %d", err, code)
	}
	if me.Code != code || me.HTTPStatus != status || me.Title == "" || me.Details == "" {
		t.Fatalf("refusal %+v, want code %d with HTTP %d", me, code, status)
	}
	return me
}

func TestSendTextInTheWindow(t *testing.T) {
	w := newWorld(t)
	w.wrote("4915112345678", start.Add(-time.Hour))
	m := w.accepted(text("+49 151 12345678", "Hello Ana"))
	if m.Direction != message.DirectionOutbound || m.WaID != "4915112345678" || m.RecipientInput != "+49 151 12345678" ||
		m.Type != "text" || m.Content["body"] != "Hello Ana" || m.Status != message.StatusSent || m.KeyID == nil || *m.KeyID != w.key.ID {
		t.Fatalf("message: %+v", m)
	}
	if *m.Category != message.CategoryService || m.Billable || m.PricingType != "free_customer_service" || m.BusinessInitiated {
		t.Fatalf("pricing: %s billable=%v %s business=%v", *m.Category, m.Billable, m.PricingType, m.BusinessInitiated)
	}
	if m.NextStatusAt == nil || !m.NextStatusAt.Equal(start.Add(time.Second)) || m.ConversationID == "" ||
		!m.ConversationExpiresAt.Equal(start.Add(24*time.Hour)) {
		t.Fatalf("progression: next %v, conversation %q until %v", m.NextStatusAt, m.ConversationID, m.ConversationExpiresAt)
	}
	c := w.contact("4915112345678")
	if !c.LastMessageAt.Equal(start) || c.LastBusinessInitiatedAt != nil || c.Conversations["service"].ID != m.ConversationID {
		t.Fatalf("contact: %+v", c)
	}
	// The answer as Meta gives it; no message_status for free-form messages.
	a, err := w.send(text("4915112345678", "Again"))
	if err != nil || a.MessagingProduct != "whatsapp" || a.Contacts[0].WAID != "4915112345678" || a.Messages[0].MessageStatus != "" {
		t.Fatalf("answer %+v, %v", a, err)
	}
	if w.message(a.Messages[0].ID).ConversationID != m.ConversationID {
		t.Fatal("the open service conversation is not reused")
	}
}

func TestSendBodyRules(t *testing.T) {
	w := newWorld(t)
	w.media["1001"] = "image/jpeg"
	w.media["1002"] = "application/pdf"
	long := func(n int) string { return strings.Repeat("a", n) }
	buttons := func(n int, title string) []messaging.ReplyButton {
		var bs []messaging.ReplyButton
		for i := range n {
			bs = append(bs, messaging.ReplyButton{Type: "reply", Reply: messaging.ReplyTitle{ID: string(rune('a' + i)), Title: title + string(rune('a'+i))}})
		}
		return bs
	}
	rows := func(n int, title, description string) []messaging.ListRow {
		var rs []messaging.ListRow
		for i := range n {
			rs = append(rs, messaging.ListRow{ID: string(rune('a' + i)), Title: title, Description: description})
		}
		return rs
	}
	list := func(sections ...messaging.ListSection) *messaging.Interactive {
		return &messaging.Interactive{Type: "list", Body: &messaging.InteractiveText{Text: "Pick one"},
			Action: &messaging.InteractiveAction{Button: "Menu", Sections: sections}}
	}
	to := "4915112345678"
	cases := []struct {
		name string
		r    messaging.Request
		code int // 0: accepted
	}{
		{"no messaging_product", messaging.Request{MessagingProduct: "-", To: to, Text: &messaging.Text{Body: "x"}}, 100},
		{"no recipient", messaging.Request{Type: "text", Text: &messaging.Text{Body: "x"}}, 131008},
		{"a recipient that is no number", text("Ana", "x"), 131009},
		{"a recipient too short", text("+49 12", "x"), 131009},
		{"a recipient too long", text("+49 1511 2345 6789 01", "x"), 131009},
		{"group messages", messaging.Request{RecipientType: "group", To: to, Text: &messaging.Text{Body: "x"}}, 131009},
		{"an unknown type", messaging.Request{To: to, Type: "order"}, 131051},
		{"text is the default type", messaging.Request{To: to, Text: &messaging.Text{Body: "x"}}, 0},
		{"text without its object", messaging.Request{To: to, Type: "text"}, 131008},
		{"text without a body", text(to, "  "), 131008},
		{"text of 4096 characters", text(to, strings.Repeat("é", messaging.MaxTextBody)), 0},
		{"text of 4097 characters", text(to, strings.Repeat("é", messaging.MaxTextBody+1)), 131009},
		{"a reply without its message id", messaging.Request{To: to, Text: &messaging.Text{Body: "x"}, Context: &messaging.Context{}}, 131008},
		{"callback data of 512 characters", messaging.Request{To: to, Text: &messaging.Text{Body: "x"}, BizOpaqueCallbackData: long(512)}, 0},
		{"callback data of 513 characters", messaging.Request{To: to, Text: &messaging.Text{Body: "x"}, BizOpaqueCallbackData: long(513)}, 131009},
		{"an image by link", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{Link: "https://cdn.example/a.jpg", Caption: long(1024)}}, 0},
		{"an image caption of 1025 characters", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{Link: "https://cdn.example/a.jpg", Caption: long(1025)}}, 131009},
		{"an image by plain http", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{Link: "http://cdn.example/a.jpg"}}, 131009},
		{"an image with neither id nor link", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{}}, 131008},
		{"an image with id and link", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{ID: "1001", Link: "https://cdn.example/a.jpg"}}, 131009},
		{"an image by uploaded id", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{ID: "1001"}}, 0},
		{"an image by an unknown id", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{ID: "9999"}}, 131009},
		{"a PDF sent as an image", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{ID: "1002"}}, 131009},
		{"a PDF sent as a document", messaging.Request{To: to, Type: "document", Document: &messaging.MediaObject{ID: "1002", Filename: "invoice.pdf"}}, 0},
		{"a filename on an image", messaging.Request{To: to, Type: "image", Image: &messaging.MediaObject{ID: "1001", Filename: "a.jpg"}}, 131009},
		{"a caption on audio", messaging.Request{To: to, Type: "audio", Audio: &messaging.MediaObject{Link: "https://cdn.example/a.ogg", Caption: "hi"}}, 131009},
		{"a sticker without its object", messaging.Request{To: to, Type: "sticker"}, 131008},
		{"three reply buttons", messaging.Request{To: to, Type: "interactive", Interactive: &messaging.Interactive{Type: "button",
			Body: &messaging.InteractiveText{Text: "Choose"}, Action: &messaging.InteractiveAction{Buttons: buttons(3, long(19))}}}, 0},
		{"four reply buttons", messaging.Request{To: to, Type: "interactive", Interactive: &messaging.Interactive{Type: "button",
			Body: &messaging.InteractiveText{Text: "Choose"}, Action: &messaging.InteractiveAction{Buttons: buttons(4, "B")}}}, 131009},
		{"a button title of 21 characters", messaging.Request{To: to, Type: "interactive", Interactive: &messaging.Interactive{Type: "button",
			Body: &messaging.InteractiveText{Text: "Choose"}, Action: &messaging.InteractiveAction{Buttons: buttons(1, long(20))}}}, 131009},
		{"no reply buttons", messaging.Request{To: to, Type: "interactive", Interactive: &messaging.Interactive{Type: "button",
			Body: &messaging.InteractiveText{Text: "Choose"}, Action: &messaging.InteractiveAction{}}}, 131008},
		{"an interactive message without a body", messaging.Request{To: to, Type: "interactive", Interactive: &messaging.Interactive{Type: "button",
			Action: &messaging.InteractiveAction{Buttons: buttons(1, "B")}}}, 131008},
		{"an unknown interactive type", messaging.Request{To: to, Type: "interactive", Interactive: &messaging.Interactive{Type: "carousel",
			Body: &messaging.InteractiveText{Text: "x"}, Action: &messaging.InteractiveAction{}}}, 131009},
		{"a list of ten rows", messaging.Request{To: to, Type: "interactive", Interactive: list(
			messaging.ListSection{Title: "One", Rows: rows(5, long(24), long(72))},
			messaging.ListSection{Title: "Two", Rows: rows(5, "Row", "")})}, 131009}, // row ids repeat across sections
		{"a list of ten distinct rows", messaging.Request{To: to, Type: "interactive", Interactive: list(
			messaging.ListSection{Title: "One", Rows: rows(10, long(24), long(72))})}, 0},
		{"a list of eleven rows", messaging.Request{To: to, Type: "interactive", Interactive: list(
			messaging.ListSection{Title: "One", Rows: rows(11, "Row", "")})}, 131009},
		{"a row title of 25 characters", messaging.Request{To: to, Type: "interactive", Interactive: list(
			messaging.ListSection{Rows: rows(1, long(25), "")})}, 131009},
		{"a row description of 73 characters", messaging.Request{To: to, Type: "interactive", Interactive: list(
			messaging.ListSection{Rows: rows(1, "Row", long(73))})}, 131009},
		{"two sections without titles", messaging.Request{To: to, Type: "interactive", Interactive: list(
			messaging.ListSection{Rows: rows(1, "Row", "")}, messaging.ListSection{Rows: []messaging.ListRow{{ID: "z", Title: "Z"}}})}, 131008},
		{"eleven sections", messaging.Request{To: to, Type: "interactive", Interactive: list(func() []messaging.ListSection {
			var ss []messaging.ListSection
			for i := range 11 {
				ss = append(ss, messaging.ListSection{Title: "S", Rows: []messaging.ListRow{{ID: string(rune('a' + i)), Title: "R"}}})
			}
			return ss
		}()...)}, 131009},
		{"a list with an image header", messaging.Request{To: to, Type: "interactive", Interactive: &messaging.Interactive{Type: "list",
			Header: &messaging.InteractiveHeader{Type: "image", Image: &messaging.MediaObject{ID: "1001"}},
			Body:   &messaging.InteractiveText{Text: "x"}, Action: &messaging.InteractiveAction{Button: "Menu", Sections: []messaging.ListSection{{Rows: rows(1, "R", "")}}}}}, 131009},
		{"a location", messaging.Request{To: to, Type: "location", Location: &messaging.Location{Latitude: -90, Longitude: 180, Name: "Pole"}}, 0},
		{"a latitude of 91", messaging.Request{To: to, Type: "location", Location: &messaging.Location{Latitude: 91}}, 131009},
		{"a longitude of -181", messaging.Request{To: to, Type: "location", Location: &messaging.Location{Longitude: -181}}, 131009},
		{"a contact card", messaging.Request{To: to, Type: "contacts", Contacts: []messaging.ContactCard{{Name: map[string]any{"formatted_name": "Ana Souza"}}}}, 0},
		{"a contact card without formatted_name", messaging.Request{To: to, Type: "contacts", Contacts: []messaging.ContactCard{{Name: map[string]any{"first_name": "Ana"}}}}, 131008},
		{"no contact cards", messaging.Request{To: to, Type: "contacts"}, 131008},
		{"a reaction", messaging.Request{To: to, Type: "reaction", Reaction: &messaging.Reaction{MessageID: "wamid.X", Emoji: "👍"}}, 0},
		{"removing a reaction", messaging.Request{To: to, Type: "reaction", Reaction: &messaging.Reaction{MessageID: "wamid.X"}}, 0},
		{"a reaction without its message", messaging.Request{To: to, Type: "reaction", Reaction: &messaging.Reaction{Emoji: "👍"}}, 131008},
		{"a reaction of a sentence", messaging.Request{To: to, Type: "reaction", Reaction: &messaging.Reaction{MessageID: "wamid.X", Emoji: "a whole sentence"}}, 131009},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w.clk.Advance(10 * time.Second) // clear of the pair rate limit
			r := tc.r
			if r.MessagingProduct == "" {
				r.MessagingProduct = "whatsapp"
			} else if r.MessagingProduct == "-" {
				r.MessagingProduct = ""
			}
			a, err := w.s.Send(context.Background(), w.sender(), r)
			if tc.code == 0 {
				if err != nil || len(a.Messages) != 1 {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			status := http.StatusBadRequest
			metaCode(t, err, tc.code, status)
		})
	}
	if n := w.db.Message.Query().CountX(w.sys); n == 0 {
		t.Fatal("nothing was stored")
	}
}

func TestSendTemplates(t *testing.T) {
	w := newWorld(t)
	w.template("old_offer", "en", "MARKETING", "paused", map[string]any{"type": "BODY", "text": "Old."})
	w.template("bad_offer", "en", "MARKETING", "disabled", map[string]any{"type": "BODY", "text": "Bad."})
	w.template("new_offer", "en", "MARKETING", "submitted", map[string]any{"type": "BODY", "text": "New."})
	w.template("no_offer", "en", "MARKETING", "rejected", map[string]any{"type": "BODY", "text": "No."})
	w.template("gone_offer", "en", "MARKETING", "deleted", map[string]any{"type": "BODY", "text": "Gone."})
	to := "4915112345678"
	named := func(name, lang string, comps ...messaging.TemplateComponent) messaging.Request {
		return messaging.Request{To: to, Type: "template", Template: &messaging.Template{Name: name,
			Language: messaging.TemplateLanguage{Code: lang}, Components: comps}}
	}
	with := func(edit func(t *messaging.Template)) messaging.Request {
		r := orderUpdate(to)
		edit(r.Template)
		return r
	}
	image := messaging.Parameter{Type: "image", Image: &messaging.MediaObject{Link: "https://cdn.example/sale.jpg"}}
	cases := []struct {
		name    string
		r       messaging.Request
		code    int
		status  int
		details string
	}{
		{"filled as it asks", orderUpdate(to), 0, 0, ""},
		{"the index as a number", with(func(t *messaging.Template) { t.Components[2].Index = float64(1) }), 0, 0, ""},
		{"a quick reply payload", with(func(t *messaging.Template) {
			t.Components = append(t.Components, messaging.TemplateComponent{Type: "button", SubType: "quick_reply", Index: "0",
				Parameters: []messaging.Parameter{{Type: "payload", Payload: "STOP"}}})
		}), 0, 0, ""},
		{"an unknown name", named("no_such_template", "en"), 132001, 404, "template name (no_such_template) does not exist in en"},
		{"another language", named("order_update", "de"), 132001, 404, "does not exist in de"},
		{"a submitted template", named("new_offer", "en"), 132001, 404, "submitted"},
		{"a rejected template", named("no_offer", "en"), 132001, 404, "rejected"},
		{"a deleted template", named("gone_offer", "en"), 132001, 404, ""},
		{"a paused template", named("old_offer", "en"), 132015, 400, "paused"},
		{"a disabled template", named("bad_offer", "en"), 132016, 400, "disabled"},
		{"a body parameter too few", with(func(t *messaging.Template) { t.Components[1].Parameters = textParams("Ana") }), 132000, 400,
			"body: number of localizable_params (1) does not match the expected number of params (2)"},
		{"a body parameter too many", with(func(t *messaging.Template) { t.Components[1].Parameters = textParams("Ana", "today", "x") }), 132000, 400,
			"body: number of localizable_params (3) does not match the expected number of params (2)"},
		{"no header parameter", with(func(t *messaging.Template) { t.Components = t.Components[1:] }), 132000, 400,
			"header: number of localizable_params (0) does not match the expected number of params (1)"},
		{"no URL parameter", with(func(t *messaging.Template) { t.Components = t.Components[:2] }), 132000, 400,
			"button at index 1: number of localizable_params (0)"},
		{"an image as body parameter", with(func(t *messaging.Template) { t.Components[1].Parameters[0] = image }), 132012, 400,
			"body: Format mismatch, expected TEXT, received IMAGE"},
		{"a text payload on a quick reply", with(func(t *messaging.Template) {
			t.Components = append(t.Components, messaging.TemplateComponent{Type: "button", SubType: "quick_reply", Index: "0", Parameters: textParams("STOP")})
		}), 132012, 400, "expected PAYLOAD, received TEXT"},
		{"a button the template lacks", with(func(t *messaging.Template) { t.Components[2].Index = "5" }), 131009, 400, "has 3 buttons"},
		{"a url parameter for a phone button", with(func(t *messaging.Template) { t.Components[2].Index = "2" }), 131009, 400, "PHONE_NUMBER"},
		{"a text parameter without text", with(func(t *messaging.Template) { t.Components[1].Parameters[1].Text = "" }), 131008, 400, "text value"},
		{"an unknown parameter type", with(func(t *messaging.Template) { t.Components[1].Parameters[1].Type = "emoji" }), 131009, 400, ""},
		{"no template name", named("", "en"), 131008, 400, "template.name"},
		{"no language", named("order_update", ""), 131008, 400, "template.language.code"},
		{"an image header filled", named("summer_sale", "en", messaging.TemplateComponent{Type: "header", Parameters: []messaging.Parameter{image}}), 0, 0, ""},
		{"an image header given text", named("summer_sale", "en", messaging.TemplateComponent{Type: "header", Parameters: textParams("Sale")}), 132012, 400,
			"header: Format mismatch, expected IMAGE, received TEXT"},
		{"an image header left out", named("summer_sale", "en"), 132012, 400, "header: Format mismatch, expected IMAGE, received UNKNOWN"},
		{"two images for one header", named("summer_sale", "en", messaging.TemplateComponent{Type: "header", Parameters: []messaging.Parameter{image, image}}), 132000, 400, ""},
		{"a body parameter the body lacks", named("summer_sale", "en", messaging.TemplateComponent{Type: "header", Parameters: []messaging.Parameter{image}},
			messaging.TemplateComponent{Type: "body", Parameters: textParams("x")}), 132000, 400, "expected number of params (0)"},
		{"an authentication code", named("login_code", "en", messaging.TemplateComponent{Type: "body", Parameters: textParams("123456")},
			messaging.TemplateComponent{Type: "button", SubType: "url", Index: 0, Parameters: textParams("123456")}), 0, 0, ""},
		{"an authentication code without its button", named("login_code", "en", messaging.TemplateComponent{Type: "body", Parameters: textParams("123456")}), 132000, 400, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w.clk.Advance(10 * time.Second)
			a, err := w.send(tc.r)
			if tc.code == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if a.Messages[0].MessageStatus != "accepted" {
					t.Fatalf("answer: %+v", a)
				}
				m := w.message(a.Messages[0].ID)
				if m.Type != "template" || *m.TemplateName != tc.r.Template.Name || m.Content["name"] != tc.r.Template.Name {
					t.Fatalf("message: %+v", m)
				}
				return
			}
			me := metaCode(t, err, tc.code, tc.status)
			if !strings.Contains(me.Details, tc.details) {
				t.Fatalf("details %q, want %q", me.Details, tc.details)
			}
		})
	}
}

func TestSendRecipients(t *testing.T) {
	w := newWorld(t)
	w.wa.users["5511976543210"] = provider.WhatsAppUser{WAID: "5511976543210"}
	w.wa.users["971501234567"] = provider.WhatsAppUser{WAID: "971501234567", OnWhatsApp: true, Reachable: true, BlocksBusiness: true}
	w.wa.users["905321234567"] = provider.WhatsAppUser{WAID: "905321234567", OnWhatsApp: true}
	w.wa.users["5511987654321"] = provider.WhatsAppUser{WAID: "551187654321", OnWhatsApp: true, Reachable: true}
	for _, id := range []string{"5511976543210", "971501234567", "905321234567", "551187654321"} {
		w.wrote(id, start.Add(-time.Hour))
	}
	for _, to := range []string{"+5511976543210", "+971501234567"} {
		m := w.accepted(text(to, "Hello"))
		if m.Status != message.StatusFailed || *m.ErrorCode != 131026 || m.ErrorTitle != "Message Undeliverable" ||
			m.NextStatusAt != nil || m.Billable || m.ConversationID != "" {
			t.Fatalf("to %s: %+v", to, m)
		}
	}
	// Unreachable: sent, and it stays so until the user is back.
	if m := w.accepted(text("+905321234567", "Hello")); m.Status != message.StatusSent || m.NextStatusAt != nil {
		t.Fatalf("unreachable: %+v", m)
	}
	// The wa_id is WhatsApp's, not the number as typed (Brazil's ninth digit).
	a, err := w.send(text("+5511987654321", "Olá"))
	if err != nil || a.Contacts[0].Input != "+5511987654321" || a.Contacts[0].WAID != "551187654321" {
		t.Fatalf("answer %+v, %v", a, err)
	}
	if m := w.message(a.Messages[0].ID); m.WaID != "551187654321" || m.Status != message.StatusSent {
		t.Fatalf("message: %+v", m)
	}
}

func TestSendPricingAndConversations(t *testing.T) {
	w := newWorld(t)
	sale := func(to string) messaging.Request {
		return messaging.Request{To: to, Type: "template", Template: &messaging.Template{Name: "summer_sale", Language: messaging.TemplateLanguage{Code: "en"},
			Components: []messaging.TemplateComponent{{Type: "header", Parameters: []messaging.Parameter{{Type: "image", Image: &messaging.MediaObject{Link: "https://cdn.example/s.jpg"}}}}}}}
	}
	code := func(to string) messaging.Request {
		return messaging.Request{To: to, Type: "template", Template: &messaging.Template{Name: "login_code", Language: messaging.TemplateLanguage{Code: "en"},
			Components: []messaging.TemplateComponent{{Type: "body", Parameters: textParams("123456")},
				{Type: "button", SubType: "url", Index: "0", Parameters: textParams("123456")}}}}
	}
	check := func(m *ent.Message, category message.Category, billable bool, pricingType string, business bool) {
		t.Helper()
		if *m.Category != category || m.Billable != billable || m.PricingType != pricingType || m.BusinessInitiated != business || m.Status != message.StatusSent {
			t.Fatalf("%s: %s billable=%v %s business=%v %s", m.Type, *m.Category, m.Billable, m.PricingType, m.BusinessInitiated, m.Status)
		}
	}
	// Outside the window: a marketing template is business-initiated and billed.
	first := w.accepted(sale("4915100000001"))
	check(first, message.CategoryMarketing, true, "regular", true)
	if c := w.contact("4915100000001"); c.LastBusinessInitiatedAt == nil || !c.LastBusinessInitiatedAt.Equal(start) {
		t.Fatalf("contact: %+v", c)
	}
	// The open marketing conversation is reused for 24 hours, then a new one starts.
	w.clk.Advance(23 * time.Hour)
	if again := w.accepted(sale("4915100000001")); again.ConversationID != first.ConversationID {
		t.Fatal("the marketing conversation was not reused")
	}
	w.clk.Advance(time.Hour)
	if later := w.accepted(sale("4915100000001")); later.ConversationID == first.ConversationID {
		t.Fatal("an expired conversation was reused")
	}
	// Inside the window: utility templates are free, authentication and marketing are not,
	// and none of them is business-initiated.
	w.wrote("4915100000002", w.clk.Now().Add(-time.Minute))
	check(w.accepted(orderUpdate("4915100000002")), message.CategoryUtility, false, "free_customer_service", false)
	check(w.accepted(code("4915100000002")), message.CategoryAuthentication, true, "regular", false)
	check(w.accepted(sale("4915100000002")), message.CategoryMarketing, true, "regular", false)
	// Outside it a utility template is billed.
	check(w.accepted(orderUpdate("4915100000003")), message.CategoryUtility, true, "regular", true)
	c := w.contact("4915100000002")
	if len(c.Conversations) != 3 || c.LastBusinessInitiatedAt != nil {
		t.Fatalf("conversations: %+v", c.Conversations)
	}
}

func TestSendChannelAndSender(t *testing.T) {
	w := newWorld(t)
	w.wrote("4915112345678", start)
	w.db.Channel.UpdateOne(w.ch).SetStatus("ready").ExecX(w.sys)
	_, err := w.send(text("4915112345678", "Hello"))
	me := metaCode(t, err, 133010, 400)
	if me.Message() != "(#133010) Account not registered" || !strings.Contains(me.Details, "ready") {
		t.Fatalf("refusal: %+v", me)
	}
	// The hub's own routes read it as the hub's code.
	if e := apperr.As(err); e.Code != "whatsapp_number_not_registered" || e.Kind != apperr.Conflict || !strings.Contains(e.Message, "133010") {
		t.Fatalf("as the hub's error: %+v", e)
	}
	w.db.Channel.UpdateOne(w.ch).SetStatus("running").ExecX(w.sys)

	// A person sends from the hub: they must see the channel.
	other := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "otherUS", Role: tenancy.PartnerAdmin, PartnerID: "otherPA"})
	person := messaging.Sender{ChannelID: w.ch.ID, UserID: "annaUS"}
	r := text("4915112345678", "Hello from the hub")
	r.MessagingProduct = "whatsapp"
	if _, err := w.s.Send(other, person, r); apperr.CodeOf(err) != "not_found" {
		t.Fatalf("another partner's person: %v", err)
	}
	own := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "annaUS", Role: tenancy.PartnerAdmin, PartnerID: w.ch.PartnerID})
	a, err := w.s.Send(own, person, r)
	if err != nil {
		t.Fatal(err)
	}
	if m := w.message(a.Messages[0].ID); m.SentBy == nil || *m.SentBy != "annaUS" || m.KeyID != nil {
		t.Fatalf("message: %+v", m)
	}
}

func TestSendThroughMarkRead(t *testing.T) {
	w := newWorld(t)
	in := w.inbound("4915112345678", start)
	a, err := w.send(messaging.Request{Status: "read", MessageID: in.ID})
	if err != nil || len(a.Messages) != 0 {
		t.Fatalf("%+v %v", a, err)
	}
	if m := w.message(in.ID); m.Status != message.StatusRead {
		t.Fatalf("status %s", m.Status)
	}
}

// inbound stores a message waID wrote to the number at at.
func (w *world) inbound(waID string, at time.Time) *ent.Message {
	return w.db.Message.Create().SetID("wamid.in" + at.Format("150405.000") + waID).SetPartnerID(w.ch.PartnerID).SetClientID(w.ch.ClientID).
		SetChannelID(w.ch.ID).SetDirection(message.DirectionInbound).SetWaID(waID).SetType("text").
		SetContent(map[string]any{"body": "hi"}).SetStatus(message.StatusReceived).SetCreatedAt(at).SetStatusAt(at).SaveX(w.sys)
}

func TestMessagingMarkRead(t *testing.T) {
	w := newWorld(t)
	first := w.inbound("4915112345678", start)
	second := w.inbound("4915112345678", start.Add(time.Minute))
	third := w.inbound("4915112345678", start.Add(2*time.Minute))
	someoneElse := w.inbound("4915100000009", start)
	w.clk.Advance(5 * time.Minute)
	out := w.accepted(text("4915100000009", "hello"))
	read := func(id string) (*messaging.ReadAnswer, error) {
		return w.s.MarkRead(context.Background(), w.sender(), messaging.Request{MessagingProduct: "whatsapp", Status: "read", MessageID: id})
	}
	a, err := read(second.ID)
	if err != nil || !a.Success {
		t.Fatalf("%+v %v", a, err)
	}
	// The message and the earlier ones of that user are read; later ones and others' not.
	for _, c := range []struct {
		m    *ent.Message
		want message.Status
	}{{first, message.StatusRead}, {second, message.StatusRead}, {third, message.StatusReceived}, {someoneElse, message.StatusReceived}} {
		m := w.message(c.m.ID)
		if m.Status != c.want || (c.want == message.StatusRead) != (m.ReadAt != nil) {
			t.Fatalf("%s: %s (read at %v), want %s", m.ID, m.Status, m.ReadAt, c.want)
		}
	}
	// Again: the same answer, no change.
	if a, err := read(second.ID); err != nil || !a.Success {
		t.Fatalf("again: %+v %v", a, err)
	}
	metaCode(t, errOf(read("wamid.unknown")), 100, 400)
	metaCode(t, errOf(read(out.ID)), 100, 400) // an outbound message is not marked read
	metaCode(t, errOf(read("")), 131008, 400)
	_, err = w.s.MarkRead(context.Background(), w.sender(), messaging.Request{MessagingProduct: "whatsapp", Status: "delivered", MessageID: third.ID})
	metaCode(t, err, 100, 400)
}

func errOf[T any](_ T, err error) error { return err }
