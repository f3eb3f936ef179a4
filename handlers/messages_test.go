package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// cloudError is the Cloud API's error body, read strictly: the test fails on any other key.
type cloudError struct {
	Error struct {
		Message   string `json:"message"`
		Type      string `json:"type"`
		Code      int    `json:"code"`
		ErrorData struct {
			MessagingProduct string `json:"messaging_product"`
			Details          string `json:"details"`
		} `json:"error_data"`
		FBTraceID string `json:"fbtrace_id"`
	} `json:"error"`
}

// checkCloudError asserts Meta's error shape with the given HTTP status, code and title,
// and returns the details.
func checkCloudError(t *testing.T, r *response, status, code int, title string) string {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d\n%s", r.Status, status, r.Body)
	}
	var top map[string]map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &top); err != nil || len(top) != 1 || top["error"] == nil {
		t.Fatalf("not Meta's error shape: %v\n%s", err, r.Body)
	}
	var keys []string
	for k := range top["error"] {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if strings.Join(keys, ",") != "code,error_data,fbtrace_id,message,type" {
		t.Fatalf("error keys %v\n%s", keys, r.Body)
	}
	var e cloudError
	dec := json.NewDecoder(strings.NewReader(string(r.Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("%v\n%s", err, r.Body)
	}
	want := "(#" + strconv.Itoa(code) + ") " + title
	if e.Error.Code != code || e.Error.Message != want || e.Error.Type != "OAuthException" ||
		e.Error.ErrorData.MessagingProduct != "whatsapp" || e.Error.ErrorData.Details == "" ||
		e.Error.FBTraceID == "" || e.Error.FBTraceID != r.Header.Get("X-Request-Id") {
		t.Fatalf("error %+v, want code %d %q", e.Error, code, want)
	}
	return e.Error.ErrorData.Details
}

// TestMessagingSendOverHTTP sends through POST /messages (and /v1/messages) with a channel
// key: Meta's answer, and Meta's error shape for each kind of refusal.
func TestMessagingSendOverHTTP(t *testing.T) {
	e := newEnv(t)
	e.share()
	key := e.issue(nil)["api_key"].(string)
	hdr := []string{"D360-API-KEY", key}
	send := func(path string, body any, headers ...string) *response {
		return e.do("POST", path, body, anonymous, append(slices.Clone(hdr), headers...)...)
	}

	// A template reaches a user who never wrote: accepted.
	r := send("/messages", map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": "+4915199990001",
		"type": "template", "template": map[string]any{"name": "fixture_update", "language": map[string]any{"code": "en_US"}}})
	if r.Status != http.StatusOK {
		t.Fatalf("template: %d %s", r.Status, r.Body)
	}
	var a struct {
		MessagingProduct string `json:"messaging_product"`
		Contacts         []struct {
			Input string `json:"input"`
			WAID  string `json:"wa_id"`
		} `json:"contacts"`
		Messages []struct {
			ID            string `json:"id"`
			MessageStatus string `json:"message_status"`
		} `json:"messages"`
	}
	dec := json.NewDecoder(strings.NewReader(string(r.Body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("%v\n%s", err, r.Body)
	}
	if a.MessagingProduct != "whatsapp" || len(a.Contacts) != 1 || a.Contacts[0].Input != "+4915199990001" ||
		a.Contacts[0].WAID != "4915199990001" || len(a.Messages) != 1 || !strings.HasPrefix(a.Messages[0].ID, "wamid.") ||
		a.Messages[0].MessageStatus != "accepted" {
		t.Fatalf("answer: %s", r.Body)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	m := db.Message.GetX(sys, a.Messages[0].ID)
	if m.ChannelID != e.f.ChannelA.ID || m.Status != message.StatusSent || m.KeyID == nil || *m.TemplateName != "fixture_update" {
		t.Fatalf("message: %+v", m)
	}

	// Free-form to the same user: accepted (200, a wamid), then failed with 131047.
	r = send("/v1/messages", map[string]any{"messaging_product": "whatsapp", "to": "4915199990001", "type": "text",
		"text": map[string]any{"body": "Hello", "preview_url": false}})
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `"wa_id":"4915199990001"`) || strings.Contains(string(r.Body), "message_status") {
		t.Fatalf("text: %d %s", r.Status, r.Body)
	}
	var b struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	json.Unmarshal(r.Body, &b)
	if m := db.Message.GetX(sys, b.Messages[0].ID); m.Status != message.StatusFailed || m.ErrorCode == nil || *m.ErrorCode != 131047 {
		t.Fatalf("outside the window: %+v", m)
	}

	// Refusals in Meta's shape.
	text := func(to string) map[string]any {
		return map[string]any{"messaging_product": "whatsapp", "to": to, "type": "text", "text": map[string]any{"body": "x"}}
	}
	cases := []struct {
		name    string
		body    any
		headers []string
		status  int
		code    int
		title   string
		details string
	}{
		{"no recipient", map[string]any{"messaging_product": "whatsapp", "type": "text", "text": map[string]any{"body": "x"}},
			nil, 400, 131008, "Required parameter is missing", "to is required."},
		{"a recipient that is no number", text("Ana"), nil, 400, 131009, "Parameter value is not valid", "to must be a phone number"},
		{"no messaging_product", map[string]any{"to": "4915199990001", "text": map[string]any{"body": "x"}},
			nil, 400, 100, "Invalid parameter", "messaging_product is required"},
		{"an unknown type", map[string]any{"messaging_product": "whatsapp", "to": "4915199990001", "type": "order"},
			nil, 400, 131051, "Unsupported message type", `"order"`},
		{"text without a body", map[string]any{"messaging_product": "whatsapp", "to": "4915199990001", "type": "text", "text": map[string]any{}},
			nil, 400, 131008, "Required parameter is missing", "text.body is required."},
		{"an unknown template", map[string]any{"messaging_product": "whatsapp", "to": "4915199990001", "type": "template",
			"template": map[string]any{"name": "nope", "language": map[string]any{"code": "en_US"}}},
			nil, 404, 132001, "Template name does not exist in the translation", "template name (nope) does not exist in en_US"},
		{"a parameter the template lacks", map[string]any{"messaging_product": "whatsapp", "to": "4915199990001", "type": "template",
			"template": map[string]any{"name": "fixture_update", "language": map[string]any{"code": "en_US"},
				"components": []any{map[string]any{"type": "body", "parameters": []any{map[string]any{"type": "text", "text": "Ana"}}}}}},
			nil, 400, 132000, "Number of parameters does not match the expected number of params",
			"body: number of localizable_params (1) does not match the expected number of params (0)"},
		{"malformed JSON", `{"messaging_product":`, nil, 400, 100, "Invalid parameter", "not valid JSON"},
		{"a wrong type", `{"messaging_product":"whatsapp","to":4915199990001}`, nil, 400, 100, "Invalid parameter", "to: must be a string"},
		{"a repeated key", `{"messaging_product":"whatsapp","to":"4915199990001","to":"4915199990002","text":{"body":"x"}}`,
			nil, 400, 100, "Invalid parameter", "to"},
		{"a wrongly cased key", `{"messaging_product":"whatsapp","TO":"4915199990001","text":{"body":"x"}}`,
			nil, 400, 100, "Invalid parameter", `did you mean \"to\"?`},
		{"not sent as JSON", `{"messaging_product":"whatsapp"}`, []string{"Content-Type", "text/plain"}, 415, 100, "Invalid parameter", "Content-Type"},
		{"no body", "", nil, 400, 131008, "Required parameter is missing", "body is required"},
		{"mark read of an unknown message", map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.nope"},
			nil, 400, 100, "Invalid parameter", "is not a message this number received"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			details := checkCloudError(t, send("/messages", tc.body, tc.headers...), tc.status, tc.code, tc.title)
			if !strings.Contains(details, strings.ReplaceAll(tc.details, `\"`, `"`)) {
				t.Fatalf("details %q, want %q", details, tc.details)
			}
		})
	}

	// The key is checked first, in the hub's envelope (as every Messaging API route).
	checkErrorEnvelope(t, e.do("POST", "/messages", text("4915199990001"), anonymous), 401, "invalid_api_key")

	// Mark as read: a message the number received becomes read.
	in := db.Message.Create().SetID("wamid.inbound1").SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).
		SetChannelID(e.f.ChannelA.ID).SetDirection(message.DirectionInbound).SetWaID("4915199990001").SetType("text").
		SetContent(map[string]any{"body": "Hi"}).SetStatus(message.StatusReceived).SetCreatedAt(e.clock.Now()).
		SetStatusAt(e.clock.Now()).SaveX(sys)
	r = send("/messages", map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": in.ID})
	if r.Status != http.StatusOK || string(r.Body) != `{"success":true}` {
		t.Fatalf("mark read: %d %s", r.Status, r.Body)
	}
	if m := db.Message.GetX(sys, in.ID); m.Status != message.StatusRead || m.ReadAt == nil {
		t.Fatalf("not read: %+v", m)
	}

	// A number that is not running cannot send.
	db.Channel.UpdateOneID(e.f.ChannelA.ID).SetStatus("ready").ExecX(sys)
	checkCloudError(t, send("/messages", text("4915199990001")), 400, 133010, "Account not registered")
}

// TestSendCrossChannel: a channel key sends only from its own channel, with its own
// WABA's templates, and marks only its own channel's messages read.
func TestSendCrossChannel(t *testing.T) {
	e := newEnv(t)
	e.share()
	keyA := e.issue(nil)["api_key"].(string)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	wb := db.WABA.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetName("WABA B").SaveX(sys)
	chB := db.Channel.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetWabaID(wb.ID).
		SetPhoneNumber("+5511900000001").SetStatus("running").SaveX(sys)
	keyB := keyformat.New(keyformat.Channel)
	hash := keyformat.Hash(keyB)
	db.ChannelAPIKey.Create().SetChannelID(chB.ID).SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).
		SetKeyHash(hash[:]).SetHint(keyformat.Hint(keyB)).SetCreatedAt(e.clock.Now()).SetCreatedByType("system").ExecX(sys)
	inA := db.Message.Create().SetID("wamid.inboundA").SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).
		SetChannelID(e.f.ChannelA.ID).SetDirection(message.DirectionInbound).SetWaID("4915199990001").SetType("text").
		SetContent(map[string]any{"body": "Hi A"}).SetStatus(message.StatusReceived).SetCreatedAt(e.clock.Now()).
		SetStatusAt(e.clock.Now()).SaveX(sys)
	asB := func(body any) *response { return e.do("POST", "/messages", body, anonymous, "D360-API-KEY", keyB) }

	// B's key cannot mark A's message read, nor use A's template.
	checkCloudError(t, asB(map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": inA.ID}), 400, 100, "Invalid parameter")
	if m := db.Message.GetX(sys, inA.ID); m.Status != message.StatusReceived {
		t.Fatalf("another channel's message changed: %s", m.Status)
	}
	checkCloudError(t, asB(map[string]any{"messaging_product": "whatsapp", "to": "4915199990001", "type": "template",
		"template": map[string]any{"name": "fixture_update", "language": map[string]any{"code": "en_US"}}}), 404, 132001,
		"Template name does not exist in the translation")
	// What B's key sends is B's channel's.
	r := asB(map[string]any{"messaging_product": "whatsapp", "to": "4915199990001", "text": map[string]any{"body": "From B"}})
	if r.Status != http.StatusOK {
		t.Fatalf("send as B: %d %s", r.Status, r.Body)
	}
	if n := db.Message.Query().Where(message.ChannelID(e.f.ChannelA.ID), message.DirectionEQ(message.DirectionOutbound)).CountX(sys); n != 0 {
		t.Fatalf("B's key sent %d messages from channel A", n)
	}
	if n := db.Message.Query().Where(message.ChannelID(chB.ID)).CountX(sys); n != 1 {
		t.Fatalf("channel B has %d messages", n)
	}
	// A's key marks its own.
	r = e.do("POST", "/messages", map[string]any{"messaging_product": "whatsapp", "status": "read", "message_id": inA.ID},
		anonymous, "D360-API-KEY", keyA)
	if r.Status != http.StatusOK {
		t.Fatalf("mark read as A: %d %s", r.Status, r.Body)
	}
}
