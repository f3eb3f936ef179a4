package handlers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/media"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The Messaging API calls of the real 360dialog integrations docs/COMPATIBILITY.md lists:
// each test plays the client's own requests (path, headers, body as the client writes
// it) over the real router, and reads the answers and the channel webhook's deliveries
// into structs that mirror the client's own models field for field, in their JSON types,
// so a renamed or retyped field fails. Sources:
//
//   - WABA360Dialog.NET: WABA360Dialog.NET/ApiClient/WABA360DialogApiClientBase.cs,
//     ApiClient/Payloads/*.cs and Models/{MessageObjects,WebhookObjects}/*.cs;
//   - kairon: kairon/chat/handlers/channels/clients/whatsapp/{dialog360,cloud}.py,
//     kairon/chat/handlers/channels/whatsapp.py, kairon/shared/channels/whatsapp/bsp/dialog360.py,
//     kairon/shared/chat/{user_media,processor}.py;
//   - 100eyes: app/adapters/whats_app_adapter/three_sixty_dialog_outbound/{text,file}.rb,
//     app/services/whats_app_adapter/three_sixty_dialog/{upload_file,file_fetcher}_service.rb,
//     app/controllers/whats_app/three_sixty_dialog_webhook_controller.rb and the jobs it starts;
//   - n8n-nodes-360dialog: nodes/Dialog360/{Dialog360.node.ts,GenericFunctions.ts,Dialog360Trigger.node.ts}.

// msgCompat is an env with a channel key of channel A (as an integration holds it) and
// channel A's webhook URL pointed at a local receiver (the integration's endpoint).
type msgCompat struct {
	*env
	key  string
	hook *receiver
	seen int // hook requests already handed out by webhooks
}

func newMsgCompat(t *testing.T) *msgCompat {
	t.Helper()
	partner := newReceiver(t, always(204)) // partner events, not looked at here
	hook := newReceiver(t, always(200))
	e := newEnvWith(t, func(c *hub.Config) { c.AllowInsecureWebhooks = true })
	e.hub.Store.Client.Partner.UpdateOneID(e.f.PartnerA.ID).SetWebhookURL(partner.URL + "/partner").
		ExecX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	e.share()
	m := &msgCompat{env: e, key: e.issue(nil)["api_key"].(string), hook: hook}
	if r := m.api("POST", "/v1/configs/webhook", map[string]string{"url": hook.URL + "/whatsapp"}); r.Status != 200 {
		t.Fatalf("channel webhook: %d %s", r.Status, r.Body)
	}
	return m
}

// api calls the Messaging API with the channel key in D360-API-KEY, as every client does.
func (m *msgCompat) api(method, path string, body any, headers ...string) *response {
	m.t.Helper()
	return m.do(method, path, body, anonymous, append([]string{"D360-API-KEY", m.key}, headers...)...)
}

// upload POSTs a multipart form as the clients build it: the form fields, then the file
// part with its file name and Content-Type.
func (m *msgCompat) upload(path string, fields [][2]string, filename, contentType string, data []byte) *response {
	m.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			m.t.Fatal(err)
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, filename))
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		m.t.Fatal(err)
	}
	part.Write(data)
	w.Close()
	req, err := http.NewRequest("POST", m.srv.URL+path, &b)
	if err != nil {
		m.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("D360-API-KEY", m.key)
	return m.send(req)
}

// get sends a GET with the key and the given headers to path (with its query).
func (m *msgCompat) get(path string, headers ...string) *response {
	m.t.Helper()
	req, err := http.NewRequest("GET", m.srv.URL+path, nil)
	if err != nil {
		m.t.Fatal(err)
	}
	req.Header.Set("D360-API-KEY", m.key)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return m.send(req)
}

func (m *msgCompat) send(req *http.Request) *response {
	m.t.Helper()
	res, err := m.srv.Client().Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return &response{Status: res.StatusCode, Header: res.Header, Body: b.Bytes()}
}

// writes plays a WhatsApp user writing to channel A (what the simulator's "write as this
// user" does) and returns the message's wamid.
func (m *msgCompat) writes(in messaging.InboundRequest) string {
	m.t.Helper()
	v, err := m.hub.Messaging.Receive(context.Background(), m.f.ChannelA.ID, in)
	if err != nil {
		m.t.Fatalf("inbound %s from %s: %v", in.Type, in.From, err)
	}
	return v.ID
}

// progress moves the clock on by d and lets the status progression run.
func (m *msgCompat) progress(d time.Duration) {
	m.t.Helper()
	m.clock.Advance(d)
	if _, err := m.hub.Messaging.Advance(context.Background()); err != nil {
		m.t.Fatal(err)
	}
}

// webhooks delivers what is due and returns the bodies the channel's webhook URL got
// since the last call.
func (m *msgCompat) webhooks() [][]byte {
	m.t.Helper()
	for i := 0; i < 20; i++ {
		n, err := m.hub.Webhooks.RunOnce(context.Background())
		if err != nil {
			m.t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	var out [][]byte
	for _, r := range m.hook.got()[m.seen:] {
		out = append(out, r.body)
	}
	m.seen += len(out)
	return out
}

// template adds an approved template to WABA A.
func (m *msgCompat) template(name, language, category string, components ...map[string]any) {
	m.t.Helper()
	now := m.clock.Now().Add(-time.Hour)
	m.hub.Store.Client.WABATemplate.Create().SetPartnerID(m.f.PartnerA.ID).SetClientID(m.f.ClientA.ID).SetWabaID(m.f.WABAA.ID).
		SetName(name).SetLanguage(language).SetCategory(wabatemplate.Category(category)).SetStatus(wabatemplate.StatusApproved).SetStatusChangedAt(now).
		SetComponents(components).SetCreatedAt(now).SetModifiedAt(now).SaveX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
}

// metaEnvelope is the webhook envelope every client unwraps the same way.
type metaEnvelope struct {
	Object string `json:"object"`
	Entry  []struct {
		ID      string `json:"id"`
		Changes []struct {
			Field string          `json:"field"`
			Value json.RawMessage `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

// values returns the change values of the envelopes in bodies.
func values(t *testing.T, bodies [][]byte) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	for _, b := range bodies {
		var env metaEnvelope
		strictly(t, b, &env)
		if env.Object != "whatsapp_business_account" || len(env.Entry) == 0 {
			t.Fatalf("not Meta's envelope: %s", b)
		}
		for _, e := range env.Entry {
			for _, c := range e.Changes {
				if c.Field != "messages" {
					t.Errorf("change field %q: %s", c.Field, b)
				}
				out = append(out, c.Value)
			}
		}
	}
	return out
}

var unixDigits = regexp.MustCompile(`^[0-9]{9,11}$`)

// A text, template, image and so on to recipient `to`, and an inbound text from `from`
// that opens the window; shared by the tests.
const (
	dotnetUser  = "4917612345001"
	kaironUser  = "4917612345002"
	eyesUser    = "4917612345003"
	n8nUser     = "4917612345004"
	quietUser   = "4917612345099" // never writes: its window stays closed
	mediaCDNURL = "https://cdn.example.com/files/"
)

// sortedJoin joins what webhooks brought in any order (deliveries run concurrently).
func sortedJoin(s []string) string {
	s = append([]string(nil), s...)
	sort.Strings(s)
	return strings.Join(s, "|")
}

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2)), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ---------------------------------------------------------------------------------------
// WABA360Dialog.NET

// dotnetSendMessageResponse is SendMessageResponse (SendMessage.cs) with its base
// ClientApiResponseBase (errors, meta): SendMessageContactResult {input, wa_id} and
// SendMessageResult {id}.
type dotnetSendMessageResponse struct {
	Contacts []struct {
		Input string `json:"input"`
		WaID  string `json:"wa_id"`
	} `json:"contacts"`
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
	Errors []dotnetErrorObject  `json:"errors"`
	Meta   *dotnetClientAPIMeta `json:"meta"`
}

// dotnetErrorObject is Models/Common/ErrorObject.cs.
type dotnetErrorObject struct {
	Code    int    `json:"code"`
	Title   string `json:"title"`
	Details string `json:"details"`
	Href    string `json:"href"`
}

// dotnetClientAPIMeta is Models/ClientApiMeta.cs.
type dotnetClientAPIMeta struct {
	APIStatus        string `json:"api_status"`
	Version          string `json:"version"`
	Success          *bool  `json:"success"`
	HTTPCode         *int   `json:"http_code"`
	DeveloperMessage string `json:"developer_message"`
}

// newtonsoftLong is a C# long as Newtonsoft reads it: a JSON integer, or a string of
// one (Newtonsoft converts it); anything else (null, "", a fraction) fails.
type newtonsoftLong int64

func (n *newtonsoftLong) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(s) > 1 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("not a long: %s", b)
	}
	*n = newtonsoftLong(v)
	return nil
}

// dotnetWebhookPayload is WABA360DialogWebhookPayload.cs and the WebhookObjects it holds.
type dotnetWebhookPayload struct {
	Contacts []struct {
		Profile *struct {
			Name string `json:"name"`
		} `json:"profile"`
		WaID string `json:"wa_id"`
	} `json:"contacts"`
	Messages []dotnetWebhookMessage `json:"messages"`
	Statuses []dotnetWebhookStatus  `json:"statuses"`
	Errors   []dotnetErrorObject    `json:"errors"`
}

// dotnetWebhookStatus is WebhookMessageStatus.cs (ConversationObject, OriginObject,
// PricingObject, WebhookMessageStatusRecipient).
type dotnetWebhookStatus struct {
	ID          string `json:"id"`
	RecipientID string `json:"recipient_id"`
	Status      string `json:"status"` // MessageStatus: delivered, read, sent, failed, deleted, warning
	Message     *struct {
		RecipientID string `json:"recipient_id"`
	} `json:"message"`
	Timestamp    string              `json:"timestamp"`
	Type         string              `json:"type"`
	Errors       []dotnetErrorObject `json:"errors"`
	Conversation *struct {
		ID                  string          `json:"id"`
		ExpirationTimestamp *newtonsoftLong `json:"expiration_timestamp"` // long (absent leaves 0)
		Origin              *struct {
			Type string `json:"type"`
		} `json:"origin"`
	} `json:"conversation"`
	Pricing *struct {
		PricingModel string `json:"pricing_model"`
		Billable     bool   `json:"billable"`
		Category     string `json:"category"`
	} `json:"pricing"`
}

// dotnetWebhookMedia is WebhookMediaObject.cs (with MetadataObject).
type dotnetWebhookMedia struct {
	ID       string `json:"id"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	Metadata *struct {
		AndroidAppStoreLink  string   `json:"android-app-store-link"`
		Emojis               []string `json:"emojis"`
		IosAppStoreLink      string   `json:"ios-app-store-link"`
		IsFirstPartySticker  int      `json:"is-first-party-sticker"`
		StickerPackID        string   `json:"sticker-pack-id"`
		StickerPackName      string   `json:"sticker-pack-name"`
		StickerPackPublisher string   `json:"sticker-pack-publisher"`
	} `json:"metadata"`
	MimeType string `json:"mime_type"`
	Sha256   string `json:"sha256"`
}

// dotnetContactObject is MessageObjects/ContactObjects/ContactObject.cs and its objects.
type dotnetContactObject struct {
	Addresses []struct {
		Street      string `json:"street"`
		City        string `json:"city"`
		State       string `json:"state"`
		Zip         string `json:"zip"`
		Country     string `json:"country"`
		CountryCode string `json:"country_code"`
		Type        string `json:"type"`
	} `json:"addresses"`
	Birthday string `json:"birthday"`
	Emails   []struct {
		Email string `json:"email"`
		Type  string `json:"type"`
	} `json:"emails"`
	Name *struct {
		FormattedName string `json:"formatted_name"`
		FirstName     string `json:"first_name"`
		LastName      string `json:"last_name"`
		MiddleName    string `json:"middle_name"`
		Suffix        string `json:"suffix"`
		Prefix        string `json:"prefix"`
	} `json:"name"`
	Org *struct {
		Company    string `json:"company"`
		Department string `json:"department"`
		Title      string `json:"title"`
	} `json:"org"`
	Ims []struct {
		Service string `json:"service"`
		UserID  string `json:"user_id"`
	} `json:"ims"`
	Phones []struct {
		Phone string `json:"phone"`
		Type  string `json:"type"`
		WaID  string `json:"wa_id"`
	} `json:"phones"`
	Urls []struct {
		URL  string `json:"url"`
		Type string `json:"type"`
	} `json:"urls"`
}

// dotnetWebhookMessage is WebhookMessageObject.cs and the objects it holds.
type dotnetWebhookMessage struct {
	Context *struct {
		From            string `json:"from"`
		ID              string `json:"id"`
		ReferredProduct *struct {
			CatalogID         string `json:"catalog_id"`
			ProductRetailerID string `json:"product_retailer_id"`
		} `json:"referred_product"`
		Mentions            []string `json:"mentions"`
		Forwarded           *bool    `json:"forwarded"`
		FrequentlyForwarded *bool    `json:"frequently_forwarded"`
	} `json:"context"`
	From     string `json:"from"`
	ID       string `json:"id"`
	Identity *struct {
		Acknowledged     string          `json:"acknowledged"`
		CreatedTimestamp *newtonsoftLong `json:"created_timestamp"`
		Hash             string          `json:"hash"`
	} `json:"identity"`
	Timestamp string `json:"timestamp"`
	Type      string `json:"type"` // WebhookMessageType
	Text      *struct {
		Body string `json:"body"`
	} `json:"text"`
	Audio    *dotnetWebhookMedia `json:"audio"`
	Document *dotnetWebhookMedia `json:"document"`
	Image    *dotnetWebhookMedia `json:"image"`
	Video    *dotnetWebhookMedia `json:"video"`
	Voice    *dotnetWebhookMedia `json:"voice"`
	Sticker  *dotnetWebhookMedia `json:"sticker"`
	Location *struct {
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
		Name      string  `json:"name"`
		Address   string  `json:"address"`
		URL       string  `json:"url"`
	} `json:"location"`
	Contacts    []dotnetContactObject `json:"contacts"`
	Interactive *struct {
		Type        string `json:"type"` // InteractiveReplyType: button_reply, list_reply
		ButtonReply *struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"button_reply"`
		ListReply *struct {
			ID          string `json:"id"`
			Title       string `json:"title"`
			Description string `json:"description"`
		} `json:"list_reply"`
	} `json:"interactive"`
	Button *struct {
		Payload string `json:"payload"`
		Text    string `json:"text"`
	} `json:"button"`
	System *struct {
		Body     string `json:"body"`
		NewWaID  string `json:"new_wa_id"`
		Identity string `json:"identity"`
		Type     string `json:"type"`
	} `json:"system"`
	Order *struct {
		CatalogID    string `json:"catalog_id"`
		ProductItems []struct {
			ProductRetailerID string  `json:"product_retailer_id"`
			Quantity          int     `json:"quantity"`
			ItemPrice         float64 `json:"item_price"`
			Currency          string  `json:"currency"`
		} `json:"product_items"`
		Text string `json:"text"`
	} `json:"order"`
	Errors   []dotnetErrorObject `json:"errors"`
	Referral *struct {
		Headline   string              `json:"headline"`
		Body       string              `json:"body"`
		SourceType string              `json:"source_type"`
		SourceID   string              `json:"source_id"`
		SourceURL  string              `json:"source_url"`
		Video      *dotnetWebhookMedia `json:"video"`
		Image      *dotnetWebhookMedia `json:"image"`
	} `json:"referral"`
}

// WABA360Dialog.NET (WABA360DialogApiClientBase.SendMessageAsync → SendMessageRequest:
// POST v1/messages with D360-API-KEY, the MessageObject as Newtonsoft writes it: no
// messaging_product, preview_url beside text, null members left out; bodies from
// MessageObjectFactory) reads SendMessageResponse: contacts[{input, wa_id}] and
// messages[{id}]. A refusal must still read as ErrorClientApiResponse (errors, meta).
func TestCompatDotNetMessagesSend(t *testing.T) {
	m := newMsgCompat(t)
	m.writes(messaging.InboundRequest{From: "+" + dotnetUser, Type: "text", Text: &messaging.InboundText{Body: "Hello"}})
	m.template("dotnet_receipt", "en_US", "UTILITY",
		map[string]any{"type": "BODY", "text": "Thanks {{1}}, your receipt is ready."},
		map[string]any{"type": "BUTTONS", "buttons": []map[string]any{{"type": "URL", "text": "Open", "url": "https://shop.example/r/{{1}}"}}})
	to := dotnetUser
	bodies := map[string]string{
		// CreateTextMessage
		"text": `{"recipient_type":"individual","to":"` + to + `","type":"text","preview_url":false,"text":{"body":"Hello from .NET"}}`,
		// CreateImageMessageByLink
		"image": `{"recipient_type":"individual","to":"` + to + `","type":"image","image":{"link":"` + mediaCDNURL + `a.jpg","caption":"A picture"}}`,
		// CreateDocumentMessageByLink
		"document": `{"recipient_type":"individual","to":"` + to + `","type":"document","document":{"link":"` + mediaCDNURL + `invoice.pdf","caption":"Your invoice","filename":"invoice.pdf"}}`,
		// CreateAudioMessageByLink, CreateStickerMessageByLink
		"audio":   `{"recipient_type":"individual","to":"` + to + `","type":"audio","audio":{"link":"` + mediaCDNURL + `note.ogg"}}`,
		"sticker": `{"recipient_type":"individual","to":"` + to + `","type":"sticker","sticker":{"link":"` + mediaCDNURL + `s.webp"}}`,
		// CreateInteractiveMessage: reply buttons, and a list (SectionObject: title, rows)
		"buttons": `{"recipient_type":"individual","to":"` + to + `","type":"interactive","interactive":{"type":"button","header":{"type":"text","text":"Order A-1001"},"body":{"text":"Did it arrive?"},"footer":{"text":"Shop"},"action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Yes"}},{"type":"reply","reply":{"id":"no","title":"No"}}]}}}`,
		"list":    `{"recipient_type":"individual","to":"` + to + `","type":"interactive","interactive":{"type":"list","body":{"text":"Choose a size"},"action":{"button":"Sizes","sections":[{"title":"Sizes","rows":[{"id":"s","title":"Small","description":"Fits most"},{"id":"m","title":"Medium"}]}]}}}`,
		// CreateLocationMessage (LocationObject: longitude before latitude)
		"location": `{"recipient_type":"individual","to":"` + to + `","type":"location","location":{"longitude":13.405,"latitude":52.52,"name":"Office","address":"Berlin"}}`,
		// CreateTemplateMessage: no recipient_type; namespace; language {code, policy};
		// components with the enum strings, index an int.
		"template": `{"to":"` + to + `","type":"template","template":{"namespace":"c8ae5f90_307a_ca4c_b8f6_d1e2a2573574","name":"dotnet_receipt","language":{"code":"en_US","policy":"deterministic"},"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"}]},{"type":"button","sub_type":"url","index":0,"parameters":[{"type":"text","text":"A-1001"}]}]}}`,
	}
	ids := map[string]bool{}
	for name, body := range bodies {
		r := m.api("POST", "/v1/messages", body)
		if r.Status != 200 {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
			continue
		}
		var a dotnetSendMessageResponse
		strictly(t, r.Body, &a)
		if len(a.Contacts) != 1 || a.Contacts[0].Input != to || a.Contacts[0].WaID != to || len(a.Messages) != 1 || a.Messages[0].ID == "" {
			t.Errorf("%s: SendMessageResponse %s", name, r.Body)
			continue
		}
		ids[a.Messages[0].ID] = true
	}
	if len(ids) != len(bodies) {
		t.Errorf("%d distinct message ids for %d sends", len(ids), len(bodies))
	}
	// A refusal (an unknown template) reads as ErrorClientApiResponse; the client then
	// throws ApiClientException with the status and body.
	r := m.api("POST", "/v1/messages", `{"to":"`+to+`","type":"template","template":{"name":"no_such_template","language":{"code":"en_US","policy":"deterministic"}}}`)
	if r.Status < 400 {
		t.Fatalf("unknown template: %d %s", r.Status, r.Body)
	}
	var refused dotnetSendMessageResponse
	strictly(t, r.Body, &refused)
}

// WABA360Dialog.NET's webhook models (WABA360DialogWebhookPayload and WebhookObjects/*)
// are the On-Premise payload: contacts, messages, statuses and errors at the top. The
// Cloud API's envelope carries exactly that object as entry[].changes[].value, so an
// integration unwraps it and reads each value with the client's models: statuses (sent,
// delivered, read, failed with its error), and inbound messages of every type the client
// knows.
func TestCompatDotNetMessagesWebhook(t *testing.T) {
	m := newMsgCompat(t)
	user := "+" + dotnetUser
	first := m.writes(messaging.InboundRequest{From: user, Name: "Ana Souza", Type: "text", Text: &messaging.InboundText{Body: "Hi there"}})
	m.writes(messaging.InboundRequest{From: user, Type: "image", Image: &messaging.InboundMedia{Caption: "My receipt"}})
	m.writes(messaging.InboundRequest{From: user, Type: "document", Document: &messaging.InboundMedia{Filename: "contract.pdf"}})
	m.writes(messaging.InboundRequest{From: user, Type: "location", Location: &messaging.Location{Latitude: 52.52, Longitude: 13.405, Name: "Office", Address: "Berlin"}})
	m.writes(messaging.InboundRequest{From: user, Type: "button", Button: &messaging.InboundButton{Payload: "track", Text: "Track"}})
	m.writes(messaging.InboundRequest{From: user, Type: "interactive", Interactive: &messaging.InboundInteractive{Type: "button_reply", ButtonReply: &messaging.ReplyTitle{ID: "yes", Title: "Yes"}}})
	m.writes(messaging.InboundRequest{From: user, Type: "interactive", Interactive: &messaging.InboundInteractive{Type: "list_reply", ListReply: &messaging.InboundListReply{ID: "s", Title: "Small", Description: "Fits most"}}})
	m.writes(messaging.InboundRequest{From: user, Type: "contacts", Contacts: []messaging.ContactCard{{Name: map[string]any{"formatted_name": "Bruno Lima", "first_name": "Bruno"},
		Phones: []map[string]any{{"phone": "+5521998765432", "type": "CELL", "wa_id": "5521998765432"}}}}})
	sent := m.api("POST", "/messages", map[string]any{"messaging_product": "whatsapp", "to": dotnetUser, "type": "text", "text": map[string]any{"body": "Thanks!"},
		"context": map[string]any{"message_id": first}})
	if sent.Status != 200 {
		t.Fatalf("send: %d %s", sent.Status, sent.Body)
	}
	sentID := sent.JSON(t)["messages"].([]any)[0].(map[string]any)["id"].(string)
	failed := m.api("POST", "/messages", map[string]any{"messaging_product": "whatsapp", "to": quietUser, "type": "text", "text": map[string]any{"body": "Outside the window"}})
	if failed.Status != 200 {
		t.Fatalf("free-form outside the window is accepted, then fails: %d %s", failed.Status, failed.Body)
	}
	failedID := failed.JSON(t)["messages"].([]any)[0].(map[string]any)["id"].(string)
	m.progress(2 * time.Second)
	m.progress(3 * time.Second)

	statuses := map[string][]string{}
	types := map[string]bool{}
	for _, v := range values(t, m.webhooks()) {
		var p dotnetWebhookPayload
		strictly(t, v, &p)
		for _, s := range p.Statuses {
			statuses[s.ID] = append(statuses[s.ID], s.Status)
			if !unixDigits.MatchString(s.Timestamp) || s.RecipientID == "" {
				t.Errorf("status timestamp/recipient_id: %s", v)
			}
			switch s.Status {
			case "sent", "delivered", "read":
				if s.Pricing == nil || s.Pricing.Category == "" || s.Pricing.PricingModel == "" || s.Conversation == nil || s.Conversation.ID == "" ||
					s.Conversation.Origin == nil || s.Conversation.Origin.Type == "" {
					t.Errorf("%s status lacks pricing or conversation: %s", s.Status, v)
				}
			case "failed":
				if len(s.Errors) != 1 || s.Errors[0].Code != 131047 || s.Errors[0].Title == "" {
					t.Errorf("failed status errors: %s", v)
				}
			default:
				t.Errorf("status %q is no MessageStatus value", s.Status)
			}
		}
		if len(p.Messages) > 0 && (len(p.Contacts) != 1 || p.Contacts[0].WaID != dotnetUser || p.Contacts[0].Profile == nil || p.Contacts[0].Profile.Name == "") {
			t.Errorf("contacts of an inbound message: %s", v)
		}
		for _, msg := range p.Messages {
			types[msg.Type] = true
			if msg.From != dotnetUser || msg.ID == "" || !unixDigits.MatchString(msg.Timestamp) {
				t.Errorf("message from/id/timestamp: %s", v)
			}
			ok := false
			switch msg.Type {
			case "text":
				ok = msg.Text != nil && msg.Text.Body != ""
			case "image":
				ok = msg.Image != nil && msg.Image.ID != "" && msg.Image.MimeType != "" && msg.Image.Sha256 != "" && msg.Image.Caption == "My receipt"
			case "document":
				ok = msg.Document != nil && msg.Document.ID != "" && msg.Document.Filename == "contract.pdf" && msg.Document.MimeType == "application/pdf"
			case "location":
				ok = msg.Location != nil && msg.Location.Latitude == 52.52 && msg.Location.Longitude == 13.405
			case "button":
				ok = msg.Button != nil && msg.Button.Payload == "track" && msg.Button.Text == "Track"
			case "interactive":
				ok = msg.Interactive != nil && (msg.Interactive.Type == "button_reply" && msg.Interactive.ButtonReply != nil && msg.Interactive.ButtonReply.ID == "yes" ||
					msg.Interactive.Type == "list_reply" && msg.Interactive.ListReply != nil && msg.Interactive.ListReply.ID == "s")
			case "contacts":
				ok = len(msg.Contacts) == 1 && msg.Contacts[0].Name != nil && msg.Contacts[0].Name.FormattedName == "Bruno Lima" &&
					len(msg.Contacts[0].Phones) == 1 && msg.Contacts[0].Phones[0].WaID == "5521998765432"
			}
			if !ok {
				t.Errorf("%s message as the .NET model reads it: %s", msg.Type, v)
			}
		}
	}
	for _, want := range []string{"text", "image", "document", "location", "button", "interactive", "contacts"} {
		if !types[want] {
			t.Errorf("no %s message reached the webhook", want)
		}
	}
	if got := sortedJoin(statuses[sentID]); got != "delivered|read|sent" {
		t.Errorf("statuses of the reply: %q", got)
	}
	if got := sortedJoin(statuses[failedID]); got != "failed" {
		t.Errorf("statuses outside the window: %q", got)
	}
}

// ---------------------------------------------------------------------------------------
// kairon

// kaironSend is what kairon's BSP360Dialog.send_action reads of a send's answer: any JSON
// (r.json()), "error" on a failure (whatsapp.py send_custom_json, broadcast), its
// error_data.details (processor.py save_whatsapp_failed_messages), messages[].id
// (broadcast/processor.py, matched against the statuses' ids).
type kaironSend struct {
	Error *struct {
		Code      int    `json:"code"`
		Message   string `json:"message"`
		ErrorData *struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"error"`
	Messages []struct {
		ID string `json:"id"`
	} `json:"messages"`
}

// kairon (dialog360.py send_action / send_action_async: POST {waba_base_url}/messages,
// D360-API-KEY; bodies from cloud.py send / send_template_message with whatsapp.py's
// payloads and the converters' templates in metadata/message_template.yml): text with
// preview_url, reply buttons, a list, image/video/audio by link, a template; mark_as_read
// and typing_indicator (cloud.py) through the same path. The answer must be JSON with
// status 200 (send_action_async checks == 200), messages[0].id on success and
// error.error_data.details on a refusal.
func TestCompatKaironMessagesSend(t *testing.T) {
	m := newMsgCompat(t)
	received := m.writes(messaging.InboundRequest{From: "+" + kaironUser, Type: "text", Text: &messaging.InboundText{Body: "hi"}})
	to := kaironUser
	// cloud.py send(): {messaging_product, recipient_type, type, <type>: payload, to}.
	wrap := func(typ, payload string) string {
		return `{"messaging_product": "whatsapp", "recipient_type": "individual", "type": "` + typ + `", "` + typ + `": ` + payload + `, "to": "` + to + `"}`
	}
	sends := map[string]string{
		"text":     wrap("text", `{"body": "Hello, how can I help?", "preview_url": true}`),
		"button":   wrap("interactive", `{"type": "button", "body": {"text": "Please select from quick buttons:"}, "action": {"buttons": [{"type": "reply", "reply": {"id": "/greet", "title": "Hello"}}, {"type": "reply", "reply": {"id": "/bye", "title": "Bye"}}]}}`),
		"dropdown": wrap("interactive", `{"type": "list", "body": {"text": "Pick a size"}, "action": {"sections": [{"rows": [{"id": "/order{\"size\":\"small\"}", "title": "Small", "description": "Fits most"}, {"id": "/order{\"size\":\"large\"}", "title": "Large"}]}], "button": "Submit Option"}}`),
		"image":    wrap("image", `{"link": "`+mediaCDNURL+`bot.png", "caption": "alt text"}`),
		"video":    wrap("video", `{"link": "`+mediaCDNURL+`clip.mp4", "caption": "alt text"}`),
		"audio":    wrap("audio", `{"link": "`+mediaCDNURL+`voice.ogg"}`),
		// send_template_message_async (broadcasts): language {code} and name, no components.
		"template": wrap("template", `{"language": {"code": "en_US"}, "name": "fixture_update"}`),
	}
	for name, body := range sends {
		r := m.api("POST", "/messages", body)
		var a kaironSend
		strictly(t, r.Body, &a)
		if r.Status != 200 || a.Error != nil || len(a.Messages) != 1 || a.Messages[0].ID == "" {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	// mark_as_read and typing_indicator (cloud.py, inherited by BSP360Dialog).
	for name, body := range map[string]string{
		"mark_as_read":     `{"messaging_product": "whatsapp", "status": "read", "message_id": "` + received + `"}`,
		"typing_indicator": `{"messaging_product": "whatsapp", "status": "read", "message_id": "` + received + `", "typing_indicator": {"type": "text"}}`,
	} {
		r := m.api("POST", "/messages", body)
		var a struct {
			Success bool `json:"success"`
		}
		strictly(t, r.Body, &a)
		if r.Status != 200 || !a.Success {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	// A refusal: status ≠ 200, and the body's error.error_data.details is the reason.
	r := m.api("POST", "/messages", wrap("template", `{"language": {"code": "en"}, "name": "no_such_template"}`))
	var a kaironSend
	strictly(t, r.Body, &a)
	if r.Status == 200 || a.Error == nil || a.Error.ErrorData == nil || a.Error.ErrorData.Details == "" || a.Error.Code != 132001 {
		t.Errorf("refusal: %d %s", r.Status, r.Body)
	}
}

// kairon's media calls: upload_media and upload_media_file (bsp/dialog360.py: POST
// {waba_base_url}/media, multipart with messaging_product=whatsapp and the file part
// carrying its MIME type, no "type" field; success is 200 (upload_media) or 200/201
// (upload_media_file), reading "id"), then get_media_info (clients/whatsapp/dialog360.py:
// GET {base}/{media_id} with D360-API-KEY, reading url and mime_type) and the download
// in user_media.py save_whatsapp_media_content (GET url with the same header, 200, the
// bytes). A user's inbound image goes the same way from its webhook's image.id.
func TestCompatKaironMessagesMedia(t *testing.T) {
	m := newMsgCompat(t)
	_, pdf, _ := media.Placeholder("document")
	_, png, _ := media.Placeholder("image")
	up := func(filename, mimeType string, data []byte) string {
		t.Helper()
		r := m.upload("/media", [][2]string{{"messaging_product", "whatsapp"}}, filename, mimeType, data)
		var a struct {
			ID string `json:"id"`
		}
		strictly(t, r.Body, &a)
		if r.Status != 200 || a.ID == "" {
			t.Fatalf("upload %s: %d %s", filename, r.Status, r.Body)
		}
		return a.ID
	}
	download := func(id string, want []byte, wantType string) []byte {
		t.Helper()
		r := m.get("/" + id)
		var info struct {
			URL      string `json:"url"`
			MimeType string `json:"mime_type"`
		}
		strictly(t, r.Body, &info)
		if r.Status != 200 || info.MimeType != wantType {
			t.Fatalf("get_media_info %s: %d %s", id, r.Status, r.Body)
		}
		// kairon swaps Meta's lookaside host for 360dialog's; the hub's URL is its own.
		dl := strings.Replace(info.URL, "https://lookaside.fbsbx.com", "https://waba-v2.360dialog.io", 1)
		u, err := url.Parse(dl)
		if err != nil || u.Scheme+"://"+u.Host != "https://hub.test" || u.Path != "/whatsapp_business/attachments/" {
			t.Fatalf("url %q is not the hub's download address", info.URL)
		}
		got := m.get(u.RequestURI())
		if got.Status != 200 || len(got.Body) == 0 || want != nil && !bytes.Equal(got.Body, want) {
			t.Fatalf("download %s: %d, %d bytes (want %d)", u.RequestURI(), got.Status, len(got.Body), len(want))
		}
		return got.Body
	}
	download(up("report.pdf", "application/pdf", pdf), pdf, "application/pdf")
	download(up("photo.png", "image/png", png), png, "image/png")

	// An inbound image: whatsapp.py takes message[type]["id"] and downloads it the same way.
	m.writes(messaging.InboundRequest{From: "+" + kaironUser, Type: "image", Image: &messaging.InboundMedia{Caption: "look"}})
	var id, sum string
	for _, v := range values(t, m.webhooks()) {
		var p kaironValue
		strictly(t, v, &p)
		var shas struct {
			Messages []struct {
				Image *struct {
					Sha256 string `json:"sha256"`
				} `json:"image"`
			} `json:"messages"`
		}
		json.Unmarshal(v, &shas)
		for i, msg := range p.Messages {
			if msg.Type == "image" && msg.Image != nil {
				id, sum = msg.Image.ID, shas.Messages[i].Image.Sha256
			}
		}
	}
	if id == "" {
		t.Fatal("no inbound image on the webhook")
	}
	got := sha256.Sum256(download(id, nil, "image/png"))
	if hex.EncodeToString(got[:]) != sum {
		t.Fatalf("the inbound image's bytes do not match its sha256 %s", sum)
	}
}

// kaironValue is what kairon's Whatsapp.handle_meta_payload and message() read of a
// change value (whatsapp.py), and save_whatsapp_audit_log of a status (processor.py).
type kaironValue struct {
	Metadata *struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	} `json:"metadata"`
	Messages []struct {
		From string `json:"from"`
		ID   string `json:"id"`
		Type string `json:"type"`
		Text *struct {
			Body string `json:"body"`
		} `json:"text"`
		Interactive map[string]json.RawMessage `json:"interactive"` // type, and {id} under the type's name
		Button      *struct {
			Payload string `json:"payload"`
			Text    string `json:"text"`
		} `json:"button"`
		Image *struct {
			ID string `json:"id"`
		} `json:"image"`
		Audio *struct {
			ID string `json:"id"`
		} `json:"audio"`
		Document *struct {
			ID string `json:"id"`
		} `json:"document"`
		Video *struct {
			ID string `json:"id"`
		} `json:"video"`
		Location *struct {
			Latitude  float64 `json:"latitude"`
			Longitude float64 `json:"longitude"`
		} `json:"location"`
	} `json:"messages"`
	Statuses []struct {
		ID           string          `json:"id"`
		Status       string          `json:"status"`
		RecipientID  string          `json:"recipient_id"`
		Type         string          `json:"type"`
		Conversation json.RawMessage `json:"conversation"` // .get('origin', {}).get('type'): absent or an object
		Errors       []struct {
			Code int `json:"code"`
		} `json:"errors"`
	} `json:"statuses"`
}

// kairon (whatsapp.py handle_meta_payload): for each entry and change it reads
// value.metadata (phone_number_id for its client, display_phone_number as the user), then
// messages — or, when there are none, statuses: recipient_id, status, id (the campaign is
// found by the send answer's messages[].id), conversation and conversation.origin.type
// with Python's .get(…, {}) (so absent or an object, never null), errors.
func TestCompatKaironMessagesWebhook(t *testing.T) {
	m := newMsgCompat(t)
	user := "+" + kaironUser
	m.writes(messaging.InboundRequest{From: user, Type: "text", Text: &messaging.InboundText{Body: "hello"}})
	m.writes(messaging.InboundRequest{From: user, Type: "interactive", Interactive: &messaging.InboundInteractive{Type: "button_reply", ButtonReply: &messaging.ReplyTitle{ID: "/greet", Title: "Hello"}}})
	m.writes(messaging.InboundRequest{From: user, Type: "interactive", Interactive: &messaging.InboundInteractive{Type: "list_reply", ListReply: &messaging.InboundListReply{ID: "/order", Title: "Small"}}})
	m.writes(messaging.InboundRequest{From: user, Type: "button", Button: &messaging.InboundButton{Payload: "stop", Text: "Stop promotions"}})
	m.writes(messaging.InboundRequest{From: user, Type: "location", Location: &messaging.Location{Latitude: 19.07, Longitude: 72.87}})
	m.writes(messaging.InboundRequest{From: user, Type: "audio", Audio: &messaging.InboundMedia{}})
	sentIDs := map[string]bool{}
	for _, to := range []string{kaironUser, quietUser} {
		r := m.api("POST", "/messages", `{"messaging_product": "whatsapp", "recipient_type": "individual", "type": "text", "text": {"body": "Hi", "preview_url": true}, "to": "`+to+`"}`)
		if r.Status != 200 {
			t.Fatalf("send: %d %s", r.Status, r.Body)
		}
		sentIDs[r.JSON(t)["messages"].([]any)[0].(map[string]any)["id"].(string)] = true
	}
	m.progress(2 * time.Second)
	m.progress(3 * time.Second)

	var texts []string
	seen := map[string]bool{}
	for _, v := range values(t, m.webhooks()) {
		var p kaironValue
		strictly(t, v, &p)
		if p.Metadata == nil || p.Metadata.PhoneNumberID != m.f.ChannelA.ID || p.Metadata.DisplayPhoneNumber != "4915112345678" {
			t.Errorf("metadata: %s", v)
		}
		for _, msg := range p.Messages {
			if msg.From != kaironUser || msg.ID == "" {
				t.Errorf("message from/id: %s", v)
			}
			switch msg.Type { // Whatsapp.message()
			case "interactive":
				var it string
				json.Unmarshal(msg.Interactive["type"], &it)
				var reply struct {
					ID string `json:"id"`
				}
				strictly(t, msg.Interactive[it], &reply)
				texts = append(texts, reply.ID)
			case "text":
				texts = append(texts, msg.Text.Body)
			case "button":
				texts = append(texts, "/k_quick_reply_msg"+msg.Button.Payload)
			case "audio":
				texts = append(texts, "audio:"+msg.Audio.ID)
			case "location":
				texts = append(texts, fmt.Sprintf("%v,%v", msg.Location.Latitude, msg.Location.Longitude))
			default:
				t.Errorf("kairon cannot handle a %q message: %s", msg.Type, v)
			}
		}
		if len(p.Messages) > 0 {
			continue // statuses are read only from changes without messages
		}
		for _, s := range p.Statuses {
			if !sentIDs[s.ID] || s.RecipientID == "" || s.Status == "" {
				t.Errorf("status id/recipient_id/status: %s", v)
			}
			seen[s.Status] = true
			if c := bytes.TrimSpace(s.Conversation); len(c) > 0 {
				var conv map[string]json.RawMessage
				if err := json.Unmarshal(c, &conv); err != nil || conv == nil {
					t.Errorf("conversation must be absent or an object: %s", v)
				}
				if o := bytes.TrimSpace(conv["origin"]); len(o) > 0 && o[0] != '{' {
					t.Errorf("conversation.origin must be absent or an object: %s", v)
				}
			}
			if s.Status == "failed" && (len(s.Errors) == 0 || s.Errors[0].Code != 131047) {
				t.Errorf("failed status errors: %s", v)
			}
		}
	}
	if got := sortedJoin(texts); !regexp.MustCompile(`^/greet\|/k_quick_reply_msgstop\|/order\|19\.07,72\.87\|audio:[0-9]+\|hello$`).MatchString(got) {
		t.Errorf("what kairon makes of the messages: %q", got)
	}
	for _, st := range []string{"sent", "delivered", "read", "failed"} {
		if !seen[st] {
			t.Errorf("no %s status", st)
		}
	}
}

// ---------------------------------------------------------------------------------------
// 100eyes

// 100eyes (three_sixty_dialog_outbound/text.rb and file.rb: POST {endpoint}/messages with
// D360-API-KEY and Content-Type application/json; to is the number without "+"): a text
// (a reply carries context.message_id), the "new_direct_message" template in German
// (language {policy: deterministic, code: de}, the first name as the body's parameter),
// and an image by the id UploadFileService got; each Net::HTTPSuccess answer is read
// as JSON for messages.first.id.
func TestCompat100eyesMessagesSend(t *testing.T) {
	m := newMsgCompat(t)
	replyTo := m.writes(messaging.InboundRequest{From: "+" + eyesUser, Type: "text", Text: &messaging.InboundText{Body: "Ich habe eine Frage"}})
	m.template("new_direct_message", "de", "UTILITY", map[string]any{"type": "BODY", "text": "Hallo {{1}}, die Redaktion hat Ihnen eine neue Nachricht geschickt."})
	r := m.upload("/media", [][2]string{{"messaging_product", "whatsapp"}}, "hx2k9bq0v1c8xj3rn5m7", "image/jpeg", jpegBytes(t))
	if r.Status/100 != 2 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	fileID := r.JSON(t)["id"].(string)
	base := map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": strings.Split("+"+eyesUser, "+")[1]}
	with := func(extra map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	for name, body := range map[string]map[string]any{
		"text":  with(map[string]any{"type": "text", "text": map[string]any{"body": "Danke für Ihre Nachricht!"}}),
		"reply": with(map[string]any{"type": "text", "text": map[string]any{"body": "Gern geschehen."}, "context": map[string]any{"message_id": replyTo}}),
		"direct_message_template": with(map[string]any{"type": "template", "template": map[string]any{
			"language": map[string]any{"policy": "deterministic", "code": "de"}, "name": "new_direct_message",
			"components": []any{map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "text", "text": "Maria"}}}}}}),
		"file": with(map[string]any{"type": "image", "image": map[string]any{"id": fileID, "caption": "Unser Foto des Tages"}}),
	} {
		r := m.api("POST", "/messages", body)
		var a struct {
			Messages []struct {
				ID string `json:"id"`
			} `json:"messages"`
		}
		strictly(t, r.Body, &a)
		if r.Status/100 != 2 || len(a.Messages) == 0 || a.Messages[0].ID == "" {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
}

// 100eyes' media: UploadFileService (POST {endpoint}/media, multipart with
// messaging_product and the file as UploadIO: the blob's path as file name, no
// extension, its content type; the answer's "id"), and FileFetcherService for a
// contributor's file: GET {endpoint}/{file_id} (with Content-Type application/json),
// then the answer's url re-rooted on the endpoint — base path + url.path, url.query —
// and fetched with the same headers.
func TestCompat100eyesMessagesMedia(t *testing.T) {
	m := newMsgCompat(t)
	photo := jpegBytes(t)
	r := m.upload("/media", [][2]string{{"messaging_product", "whatsapp"}}, "hx2k9bq0v1c8xj3rn5m7", "image/jpeg", photo)
	var up struct {
		ID string `json:"id"`
	}
	strictly(t, r.Body, &up)
	if r.Status/100 != 2 || up.ID == "" {
		t.Fatalf("UploadFileService: %d %s", r.Status, r.Body)
	}
	fetch := func(fileID string) []byte {
		t.Helper()
		r := m.get("/"+fileID, "Content-Type", "application/json")
		var info struct {
			URL string `json:"url"`
		}
		strictly(t, r.Body, &info)
		u, err := url.Parse(info.URL)
		if r.Status/100 != 2 || err != nil || u.Path == "" {
			t.Fatalf("FileFetcherService %s: %d %s", fileID, r.Status, r.Body)
		}
		// URI::HTTPS.build(host: base_uri.hostname, path: base_uri.path + media_url.path, query: media_url.query)
		got := m.get(u.Path+"?"+u.RawQuery, "Content-Type", "application/json")
		if got.Status/100 != 2 {
			t.Fatalf("fetch_streamable_file %s: %d %s", u.Path, got.Status, got.Body)
		}
		return got.Body
	}
	if !bytes.Equal(fetch(up.ID), photo) {
		t.Fatal("the uploaded file does not come back")
	}
	// A contributor's photo (three_sixty_dialog_inbound.rb initialize_file): id,
	// mime_type (the attachment's content type), caption; the bytes match its sha256.
	m.writes(messaging.InboundRequest{From: "+" + eyesUser, Type: "image", Image: &messaging.InboundMedia{Caption: "Das Hochwasser heute"}})
	var img *eyesMedia
	for _, v := range values(t, m.webhooks()) {
		var p eyesValue
		strictly(t, v, &p)
		if len(p.Messages) > 0 && p.Messages[0].Image != nil {
			img = p.Messages[0].Image
		}
	}
	if img == nil || img.ID == "" || img.MimeType == "" || img.Caption != "Das Hochwasser heute" {
		t.Fatalf("inbound image: %+v", img)
	}
	sum := sha256.Sum256(fetch(img.ID))
	if img.Sha256 != hex.EncodeToString(sum[:]) {
		t.Fatalf("sha256 %s does not match the file", img.Sha256)
	}
}

// eyesMedia is a file of 100eyes' permitted message params.
type eyesMedia struct {
	ID       string `json:"id"`
	MimeType string `json:"mime_type"`
	Sha256   string `json:"sha256"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
}

// eyesError is an error of 100eyes' permitted params: code (.to_i), title, message,
// href, error_data.details.
type eyesError struct {
	Code      json.Number `json:"code"`
	Title     string      `json:"title"`
	Message   string      `json:"message"`
	Href      string      `json:"href"`
	ErrorData *struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

// eyesValue is the value 100eyes' ThreeSixtyDialogWebhookController#message_params
// permits (entry.first.changes.first.value), in the types its code reads.
type eyesValue struct {
	MessagingProduct string `json:"messaging_product"`
	Metadata         *struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	} `json:"metadata"`
	Contacts []struct {
		WaID    string `json:"wa_id"`
		Profile *struct {
			Name string `json:"name"`
		} `json:"profile"`
	} `json:"contacts"`
	Messages []struct {
		From      string `json:"from"`
		ID        string `json:"id"`
		Type      string `json:"type"`
		Timestamp string `json:"timestamp"`
		Text      *struct {
			Body string `json:"body"`
		} `json:"text"`
		Button *struct {
			Payload string `json:"payload"`
			Text    string `json:"text"`
		} `json:"button"`
		Reaction *struct {
			MessageID string `json:"message_id"`
			Emoji     string `json:"emoji"`
		} `json:"reaction"`
		Image    *eyesMedia `json:"image"`
		Voice    *eyesMedia `json:"voice"`
		Video    *eyesMedia `json:"video"`
		Audio    *eyesMedia `json:"audio"`
		Document *eyesMedia `json:"document"`
		Sticker  *eyesMedia `json:"sticker"`
		Location *struct {
			Latitude  float64 `json:"latitude"`
			Longitude float64 `json:"longitude"`
		} `json:"location"`
		Context *struct {
			From string `json:"from"`
			ID   string `json:"id"`
		} `json:"context"`
	} `json:"messages"`
	Statuses []struct {
		ID                  string `json:"id"`
		Status              string `json:"status"`
		Timestamp           string `json:"timestamp"`
		ExpirationTimestamp string `json:"expiration_timestamp"`
		RecipientID         string `json:"recipient_id"`
		Conversation        *struct {
			ID     string `json:"id"`
			Origin *struct {
				Type string `json:"type"`
			} `json:"origin"`
		} `json:"conversation"`
		Pricing *struct {
			Billable     bool   `json:"billable"`
			PricingModel string `json:"pricing_model"`
			Category     string `json:"category"`
		} `json:"pricing"`
		Errors []eyesError `json:"errors"`
	} `json:"statuses"`
	Errors []eyesError `json:"errors"`
}

// 100eyes (three_sixty_dialog_webhook_controller.rb) reads entry.first.changes.first.value
// only, so every delivery must carry one change: statuses sent/delivered/read go to
// ProcessMessageStatusJob ("+" + recipient_id finds the contributor, id the message,
// timestamp.to_i the time), failed ones to handle_errors (error_data.details of each
// error, so it must be there); a message goes to ThreeSixtyDialogInbound (contacts.first
// wa_id; messages.first id, text.body or button.text, context.id of a reply).
func TestCompat100eyesMessagesWebhook(t *testing.T) {
	m := newMsgCompat(t)
	contributor := "+" + eyesUser
	m.writes(messaging.InboundRequest{From: contributor, Name: "Maria Muster", Type: "text", Text: &messaging.InboundText{Body: "Hallo"}})
	r := m.api("POST", "/messages", map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": eyesUser, "type": "text",
		"text": map[string]any{"body": "Was ist heute bei Ihnen los?"}})
	if r.Status/100 != 2 {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	externalID := r.JSON(t)["messages"].([]any)[0].(map[string]any)["id"].(string)
	m.writes(messaging.InboundRequest{From: contributor, Type: "text", Text: &messaging.InboundText{Body: "Stau auf der A1"}, Context: &messaging.Context{MessageID: externalID}})
	m.writes(messaging.InboundRequest{From: contributor, Type: "button", Button: &messaging.InboundButton{Payload: "more_info", Text: "Mehr Infos"}})
	m.writes(messaging.InboundRequest{From: contributor, Type: "document", Document: &messaging.InboundMedia{Filename: "bericht.pdf"}})
	if r := m.api("POST", "/messages", map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": quietUser, "type": "text",
		"text": map[string]any{"body": "Frei formuliert, ohne offenes Fenster"}}); r.Status/100 != 2 {
		t.Fatalf("send outside the window: %d %s", r.Status, r.Body)
	}
	m.progress(2 * time.Second)
	m.progress(3 * time.Second)

	times := map[string]string{}
	var texts, replies []string
	failed := 0
	for _, body := range m.webhooks() {
		var env metaEnvelope
		strictly(t, body, &env)
		if len(env.Entry) != 1 || len(env.Entry[0].Changes) != 1 {
			t.Errorf("100eyes reads only entry.first.changes.first: %s", body)
			continue
		}
		v := env.Entry[0].Changes[0].Value
		var p eyesValue
		strictly(t, v, &p)
		for _, s := range p.Statuses {
			ts, err := strconv.ParseInt(s.Timestamp, 10, 64)
			if err != nil || ts < testNow.Unix() {
				t.Errorf("status timestamp.to_i: %s", v)
			}
			switch s.Status {
			case "sent", "delivered", "read": // ProcessMessageStatusJob: "#{status}_at="
				if "+"+s.RecipientID != contributor || s.ID != externalID {
					t.Errorf("status recipient_id/id: %s", v)
				}
				times[s.Status] = s.Timestamp
			case "failed", "undelivered": // handle_errors
				failed++
				for _, e := range s.Errors {
					if _, err := e.Code.Int64(); err != nil || e.ErrorData == nil || e.ErrorData.Details == "" || e.Title == "" {
						t.Errorf("failed status error (code, title, error_data.details): %s", v)
					}
				}
				if len(s.Errors) == 0 {
					t.Errorf("failed status without errors: %s", v)
				}
			default:
				t.Errorf("status %q: %s", s.Status, v)
			}
		}
		if len(p.Messages) == 0 {
			continue
		}
		if len(p.Contacts) == 0 || "+"+p.Contacts[0].WaID != contributor {
			t.Errorf("contacts.first.wa_id: %s", v)
		}
		msg := p.Messages[0]
		switch {
		case msg.Text != nil:
			texts = append(texts, msg.Text.Body)
		case msg.Button != nil:
			texts = append(texts, msg.Button.Text)
		case msg.Document != nil:
			if msg.Document.ID == "" || msg.Document.MimeType == "" || msg.Document.Filename != "bericht.pdf" {
				t.Errorf("document: %s", v)
			}
			texts = append(texts, "file:"+msg.Document.Filename)
		}
		if msg.Context != nil {
			replies = append(replies, msg.Context.ID)
		}
	}
	if len(times) != 3 {
		t.Errorf("sent/delivered/read of the message: %v", times)
	}
	if failed != 1 {
		t.Errorf("%d failed statuses, want 1", failed)
	}
	if got := sortedJoin(texts); got != "Hallo|Mehr Infos|Stau auf der A1|file:bericht.pdf" {
		t.Errorf("messages: %q", got)
	}
	if len(replies) != 1 || replies[0] != externalID {
		t.Errorf("context.id of the reply: %v", replies)
	}
}

// ---------------------------------------------------------------------------------------
// n8n-nodes-360dialog

// n8n-nodes-360dialog (Dialog360.node.ts execute, through GenericFunctions.ts
// dialog360ApiRequest: D360-API-KEY from the credential, JSON): Send Text, Send Media by
// link (caption, filename for documents) and Send Template (components as buildComponents
// makes them: body text parameters, a URL button with index as a string and the value
// URI-encoded) to normalizePhone(to); simplifySendResponse reads messages[0].id and
// contacts[0].wa_id. The credential test is GET /health_status.
func TestCompatN8nMessagesSend(t *testing.T) {
	m := newMsgCompat(t)
	if r := m.api("GET", "/health_status", nil); r.Status != 200 {
		t.Fatalf("credential test: %d %s", r.Status, r.Body)
	}
	m.writes(messaging.InboundRequest{From: "+" + n8nUser, Type: "text", Text: &messaging.InboundText{Body: "Hi"}})
	m.template("n8n_order", "en_US", "UTILITY",
		map[string]any{"type": "BODY", "text": "Hi {{1}}, your order {{2}} has shipped."},
		map[string]any{"type": "BUTTONS", "buttons": []map[string]any{{"type": "URL", "text": "Track", "url": "https://shop.example/track/{{1}}"}}})
	to := strings.NewReplacer("+", "", " ", "", "-", "", "(", "", ")", "").Replace("+49 (176) 1234-5004") // normalizePhone
	send := func(body map[string]any) map[string]any {
		body["messaging_product"] = "whatsapp"
		body["recipient_type"] = "individual"
		body["to"] = to
		return body
	}
	for name, body := range map[string]map[string]any{
		"sendText":  send(map[string]any{"type": "text", "text": map[string]any{"body": "Your order is ready", "preview_url": false}}),
		"image":     send(map[string]any{"type": "image", "image": map[string]any{"link": mediaCDNURL + "p.jpg", "caption": "Your order"}}),
		"document":  send(map[string]any{"type": "document", "document": map[string]any{"link": mediaCDNURL + "invoice.pdf", "caption": "Invoice", "filename": "invoice.pdf"}}),
		"audio":     send(map[string]any{"type": "audio", "audio": map[string]any{"link": mediaCDNURL + "a.ogg"}}),
		"video":     send(map[string]any{"type": "video", "video": map[string]any{"link": mediaCDNURL + "v.mp4"}}),
		"sendTmpl":  send(map[string]any{"type": "template", "template": map[string]any{"name": "n8n_order", "language": map[string]any{"code": "en_US"}, "components": []any{map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "text", "text": "Ana"}, map[string]any{"type": "text", "text": "A-1001"}}}, map[string]any{"type": "button", "sub_type": "url", "index": "0", "parameters": []any{map[string]any{"type": "text", "text": url.QueryEscape("A-1001/x")}}}}}}),
		"noParamsT": send(map[string]any{"type": "template", "template": map[string]any{"name": "fixture_update", "language": map[string]any{"code": "en_US"}}}),
	} {
		r := m.api("POST", "/messages", body)
		var a struct {
			Messages []struct {
				ID string `json:"id"`
			} `json:"messages"`
			Contacts []struct {
				WaID string `json:"wa_id"`
			} `json:"contacts"`
		}
		strictly(t, r.Body, &a)
		if r.Status != 200 || len(a.Messages) == 0 || a.Messages[0].ID == "" || len(a.Contacts) == 0 || a.Contacts[0].WaID != n8nUser {
			t.Errorf("%s: messageId/waId: %d %s", name, r.Status, r.Body)
		}
	}
}

// n8n-nodes-360dialog (Dialog360Trigger.node.ts webhook): for each entry and change it
// reads value.messages (an array; a statuses-only change starts nothing), skips echoes
// (digits of from equal to metadata.display_phone_number's) and ids seen before, and
// flattens contacts[0] (wa_id, profile.name) and the message: id, from, timestamp (epoch
// digits), type, text.body, <media>.id and mime_type and caption, location, button
// text/payload, interactive button_reply or list_reply id/title.
func TestCompatN8nTriggerMessages(t *testing.T) {
	m := newMsgCompat(t)
	user := "+" + n8nUser
	m.writes(messaging.InboundRequest{From: user, Name: "Hiro", Type: "text", Text: &messaging.InboundText{Body: "Order status?"}})
	m.writes(messaging.InboundRequest{From: user, Type: "image", Image: &messaging.InboundMedia{Caption: "damaged box"}})
	m.writes(messaging.InboundRequest{From: user, Type: "sticker", Sticker: &messaging.InboundMedia{}})
	m.writes(messaging.InboundRequest{From: user, Type: "location", Location: &messaging.Location{Latitude: 35.68, Longitude: 139.69}})
	m.writes(messaging.InboundRequest{From: user, Type: "button", Button: &messaging.InboundButton{Payload: "track", Text: "Track"}})
	m.writes(messaging.InboundRequest{From: user, Type: "interactive", Interactive: &messaging.InboundInteractive{Type: "list_reply", ListReply: &messaging.InboundListReply{ID: "l", Title: "Large"}}})
	if r := m.api("POST", "/messages", map[string]any{"messaging_product": "whatsapp", "to": n8nUser, "type": "text", "text": map[string]any{"body": "On its way"}}); r.Status != 200 {
		t.Fatalf("send: %d %s", r.Status, r.Body)
	}
	m.progress(2 * time.Second)

	type n8nMedia struct {
		ID       string `json:"id"`
		MimeType string `json:"mime_type"`
		Caption  string `json:"caption"`
	}
	type reply struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	var flat []string
	seen := map[string]bool{}
	for _, v := range values(t, m.webhooks()) {
		var p struct {
			Metadata struct {
				DisplayPhoneNumber string `json:"display_phone_number"`
			} `json:"metadata"`
			Contacts []struct {
				WaID    string `json:"wa_id"`
				Profile struct {
					Name string `json:"name"`
				} `json:"profile"`
			} `json:"contacts"`
			Messages json.RawMessage `json:"messages"`
		}
		strictly(t, v, &p)
		var msgs []struct {
			ID        string `json:"id"`
			From      string `json:"from"`
			FromMe    *bool  `json:"from_me"`
			Timestamp string `json:"timestamp"`
			Type      string `json:"type"`
			Text      *struct {
				Body string `json:"body"`
			} `json:"text"`
			Image    *n8nMedia `json:"image"`
			Video    *n8nMedia `json:"video"`
			Document *n8nMedia `json:"document"`
			Audio    *n8nMedia `json:"audio"`
			Sticker  *n8nMedia `json:"sticker"`
			Location *struct {
				Latitude  float64 `json:"latitude"`
				Longitude float64 `json:"longitude"`
			} `json:"location"`
			Button *struct {
				Text    string `json:"text"`
				Payload string `json:"payload"`
			} `json:"button"`
			Interactive *struct {
				ButtonReply *reply `json:"button_reply"`
				ListReply   *reply `json:"list_reply"`
			} `json:"interactive"`
		}
		if len(bytes.TrimSpace(p.Messages)) == 0 || bytes.Equal(bytes.TrimSpace(p.Messages), []byte("null")) {
			continue // not an array: a statuses-only payload
		}
		strictly(t, p.Messages, &msgs)
		if len(p.Contacts) == 0 || p.Contacts[0].WaID != n8nUser || p.Contacts[0].Profile.Name == "" {
			t.Errorf("contacts[0]: %s", v)
		}
		for _, msg := range msgs {
			if p.Metadata.DisplayPhoneNumber == "" || msg.From == p.Metadata.DisplayPhoneNumber || (msg.FromMe != nil && *msg.FromMe) {
				t.Errorf("an inbound message would be taken for an echo: %s", v)
			}
			if msg.ID == "" || seen[msg.ID] || !unixDigits.MatchString(msg.Timestamp) {
				t.Errorf("id (deduplicated) or epoch timestamp: %s", v)
			}
			seen[msg.ID] = true
			f := msg.Type
			switch {
			case msg.Text != nil:
				f += ":" + msg.Text.Body
			case msg.Image != nil:
				f += ":" + msg.Image.MimeType + ":" + msg.Image.Caption
			case msg.Sticker != nil:
				f += ":" + msg.Sticker.MimeType
			case msg.Location != nil:
				f += fmt.Sprintf(":%v,%v", msg.Location.Latitude, msg.Location.Longitude)
			case msg.Button != nil:
				f += ":" + msg.Button.Text + "/" + msg.Button.Payload
			case msg.Interactive != nil && msg.Interactive.ListReply != nil:
				f += ":" + msg.Interactive.ListReply.ID + "/" + msg.Interactive.ListReply.Title
			}
			for _, md := range []*n8nMedia{msg.Image, msg.Sticker} {
				if md != nil && md.ID == "" {
					t.Errorf("media id: %s", v)
				}
			}
			flat = append(flat, f)
		}
	}
	want := "button:Track/track|image:image/png:damaged box|interactive:l/Large|location:35.68,139.69|sticker:image/webp|text:Order status?"
	if got := sortedJoin(flat); got != want {
		t.Errorf("flattened messages:\n got %s\nwant %s", got, want)
	}
}
