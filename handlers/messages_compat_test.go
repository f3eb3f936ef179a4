package handlers_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/media"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The On-Premise forms WABA360Dialog.NET calls (ApiClient/Payloads/MarkMessageAsRead.cs,
// UploadMedia.cs with Base/BinaryApiRequestBase.cs, GetMedia.cs with
// Base/BinaryApiResponseBase.cs, all through WABA360DialogApiClientBase.cs) and Meta's
// template list as n8n-nodes-360dialog reads it (nodes/Dialog360/GenericFunctions.ts
// fetchApprovedTemplates).

// onPremChannelB adds a running channel B of client B in a WABA B of its own, with a
// channel key, and returns the key and WABA B's id.
func onPremChannelB(e *env) (string, string) {
	e.t.Helper()
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	db := e.hub.Store.Client
	wb := db.WABA.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetName("WABA B").SaveX(sys)
	ch := db.Channel.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetWabaID(wb.ID).
		SetPhoneNumber("+5511987650001").SetStatus("running").SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: "+5511987650001"}).SaveX(sys)
	k := keyformat.New(keyformat.Channel)
	h := keyformat.Hash(k)
	db.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(ch.PartnerID).SetClientID(ch.ClientID).
		SetKeyHash(h[:]).SetHint(keyformat.Hint(k)).SetCreatedAt(e.clock.Now()).SetCreatedByType("system").SaveX(sys)
	return k, wb.ID
}

// dotnetResponse is ClientApiResponseBase (errors, meta): MarkMessagesAsReadResponse, and
// the base of every answer the client reads.
type dotnetResponse struct {
	Errors []dotnetErrorObject  `json:"errors"`
	Meta   *dotnetClientAPIMeta `json:"meta"`
}

// dotnetUploadMediaResponse is UploadMediaResponse: media [UploadMediaResult {id}].
type dotnetUploadMediaResponse struct {
	Media []struct {
		ID string `json:"id"`
	} `json:"media"`
	Errors []dotnetErrorObject  `json:"errors"`
	Meta   *dotnetClientAPIMeta `json:"meta"`
}

// newtonsoftObject reads body as MakeHttpRequestAsync does: JsonConvert.DeserializeObject
// must give an object — a body of null, or an empty one, gives none, and the client
// throws ApiClientException even on a 200.
func newtonsoftObject(t *testing.T, body []byte, v any) {
	t.Helper()
	if b := bytes.TrimSpace(body); len(b) == 0 || b[0] != '{' {
		t.Fatalf("Newtonsoft reads no object from %q: the client would throw", body)
	}
	strictly(t, body, v)
}

// WABA360Dialog.NET's On-Premise calls, by channel key: MarkMessagesAsReadAsync (PUT
// v1/messages/{wamid} with {"status":"read"}; the wamid goes into the path as it is, "/"
// and "+" included), UploadMediaAsync (POST v1/media, the bytes as ByteArrayContent with
// the file's Content-Type; reads media[0].id) and GetMediaAsync (GET v1/media/{id}; reads
// the bytes, Content-Type, Content-Disposition and Content-Length). Every refusal must be
// a JSON object too (the client deserializes it before throwing). Channel B's key finds
// none of channel A's messages or media, nor A's key B's: the cross-tenant proof of these
// routes.
func TestCompatDotNetMessagesOnPremise(t *testing.T) {
	m := newMsgCompat(t)
	keyB, _ := onPremChannelB(m.env)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := m.hub.Store.Client
	asB := func(method, path string, body any, headers ...string) *response {
		return m.do(method, path, body, anonymous, append([]string{"D360-API-KEY", keyB}, headers...)...)
	}

	// --- Mark as read.
	earlier := m.writes(messaging.InboundRequest{From: "+" + dotnetUser, Type: "text", Text: &messaging.InboundText{Body: "Hello"}})
	m.clock.Advance(time.Second)
	wamid := "wamid.HBgNNDkxNzYxMjM0NTAwMRUCABIYFjNF/QjA+YzE2NjQ0YjkzMDQ3AA=="
	db.Message.Create().SetID(wamid).SetPartnerID(m.f.PartnerA.ID).SetClientID(m.f.ClientA.ID).
		SetChannelID(m.f.ChannelA.ID).SetDirection(message.DirectionInbound).SetWaID(dotnetUser).SetType("text").
		SetContent(map[string]any{"body": "Is my order ready?"}).SetStatus(message.StatusReceived).SetCreatedAt(m.clock.Now()).
		SetStatusAt(m.clock.Now()).ExecX(sys)
	markBody := `{"status":"read"}` // MarkMessageAsReadRequestBody as JsonHelper writes it
	path := "/v1/messages/" + wamid // UriBuilder leaves "/", "+" and "=" as they are

	r := asB("PUT", path, markBody)
	mediaCheckMetaError(t, r, 404, 100)
	newtonsoftObject(t, r.Body, &dotnetResponse{})
	if got := db.Message.GetX(sys, wamid); got.Status != message.StatusReceived {
		t.Fatalf("channel B's key changed channel A's message: %s", got.Status)
	}
	for i := 0; i < 2; i++ { // marking again answers the same
		r = m.api("PUT", path, markBody)
		if r.Status != 200 || string(r.Body) != "{}" {
			t.Fatalf("mark as read (%d): %d %s", i, r.Status, r.Body)
		}
		var a dotnetResponse
		newtonsoftObject(t, r.Body, &a)
		if a.Errors != nil {
			t.Fatalf("MarkMessagesAsReadResponse carries errors: %s", r.Body)
		}
	}
	for _, id := range []string{wamid, earlier} {
		if got := db.Message.GetX(sys, id); got.Status != message.StatusRead || got.ReadAt == nil {
			t.Fatalf("%s is %s, not read", id, got.Status)
		}
	}
	mediaCheckMetaError(t, m.api("PUT", path, `{"status":"delivered"}`), 400, 100, "status must be read")
	mediaCheckMetaError(t, m.api("PUT", path, `{}`), 400, 131008, "status is required")
	mediaCheckMetaError(t, m.api("PUT", path, nil), 400, 131008)
	mediaCheckMetaError(t, m.api("PUT", "/v1/messages/wamid.bm90IHJlY2VpdmVk", markBody), 404, 100)

	// --- Upload the bytes, download them.
	photo := jpegBytes(t)
	pdf := mediaPadded([]byte(mediaPDF), 2<<20) // over the 1 MB of JSON routes
	upload := func(key, contentType string, data []byte) string {
		t.Helper()
		r := m.do("POST", "/v1/media", data, anonymous, "D360-API-KEY", key, "Content-Type", contentType)
		if r.Status != 200 {
			t.Fatalf("UploadMediaAsync %s: %d %.300s", contentType, r.Status, r.Body)
		}
		var a dotnetUploadMediaResponse
		newtonsoftObject(t, r.Body, &a)
		var keys map[string]json.RawMessage
		strictly(t, r.Body, &keys)
		if len(keys) != 1 || len(a.Media) != 1 || a.Media[0].ID == "" {
			t.Fatalf("UploadMediaResponse: %s", r.Body)
		}
		return a.Media[0].ID
	}
	photoID := upload(m.key, "image/jpeg", photo)
	pdfID := upload(m.key, "application/pdf", pdf)
	for _, tc := range []struct {
		id, mime string
		data     []byte
	}{{photoID, "image/jpeg", photo}, {pdfID, "application/pdf", pdf}} {
		r := m.get("/v1/media/" + tc.id)
		if r.Status != 200 || !bytes.Equal(r.Body, tc.data) {
			t.Fatalf("GetMediaAsync %s: %d, %d bytes (want %d)", tc.id, r.Status, len(r.Body), len(tc.data))
		}
		if ct := r.Header.Get("Content-Type"); ct != tc.mime {
			t.Errorf("Content-Type %q, want %q", ct, tc.mime)
		}
		if cl := r.Header.Get("Content-Length"); cl != strconv.Itoa(len(tc.data)) {
			t.Errorf("Content-Length %q, want %d", cl, len(tc.data))
		}
		if cd := r.Header.Get("Content-Disposition"); cd != "attachment" {
			t.Errorf("Content-Disposition %q", cd)
		}
	}
	// The id sends as any upload's, in the On-Premise body (no messaging_product).
	r = m.api("POST", "/v1/messages", `{"recipient_type":"individual","to":"`+dotnetUser+`","type":"image","image":{"id":"`+photoID+`","caption":"Your order"}}`)
	var sent dotnetSendMessageResponse
	newtonsoftObject(t, r.Body, &sent)
	if r.Status != 200 || len(sent.Messages) != 1 || sent.Messages[0].ID == "" {
		t.Fatalf("send the upload by id: %d %s", r.Status, r.Body)
	}

	// Another channel's media is not there for a key, either way round.
	r = asB("GET", "/v1/media/"+photoID, nil)
	mediaCheckMetaError(t, r, 404, 100, photoID)
	newtonsoftObject(t, r.Body, &dotnetResponse{})
	idB := upload(keyB, "image/jpeg", photo)
	mediaCheckMetaError(t, m.get("/v1/media/"+idB), 404, 100)
	mediaCheckMetaError(t, m.get("/v1/media/not-a-media-id"), 404, 100)
	if r := asB("GET", "/v1/media/"+idB, nil); r.Status != 200 || !bytes.Equal(r.Body, photo) {
		t.Fatalf("channel B's own download: %d", r.Status)
	}

	// Refusals, in Meta's shape, each a JSON object for the client.
	for name, tc := range map[string]struct {
		contentType string
		data        []byte
		status      int
		code        int
	}{
		"declared type is not the bytes'": {"image/png", photo, 400, 131053},
		"a type WhatsApp does not take":   {"application/octet-stream", photo, 400, 100},
		"a multipart form":                {"multipart/form-data; boundary=x", []byte("--x--\r\n"), 400, 100},
		"no bytes":                        {"image/jpeg", []byte{}, 400, 131053},
	} {
		r := m.do("POST", "/v1/media", tc.data, anonymous, "D360-API-KEY", m.key, "Content-Type", tc.contentType)
		if r.Status != tc.status {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
			continue
		}
		mediaCheckMetaError(t, r, tc.status, tc.code)
		newtonsoftObject(t, r.Body, &dotnetResponse{})
	}
	// A body declared over 100 MB is refused before it is read (raw connection: net/http's
	// client sends only what it declares).
	conn, err := net.Dial("tcp", strings.TrimPrefix(m.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/media HTTP/1.1\r\nHost: hub.test\r\nD360-API-KEY: %s\r\nContent-Type: application/pdf\r\nContent-Length: %d\r\n\r\n%%PDF-", m.key, media.MaxUploadBytes+1)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	mediaCheckMetaError(t, &response{Status: res.StatusCode, Header: res.Header, Body: raw}, 413, 131053, "100 MB")
}

// n8nTemplatesPage is what fetchApprovedTemplates reads of GET /message_templates:
// data [TemplateDef {name, language, status, category, components [TemplateComponentDef
// {type, format, text, url, buttons [{type, text, url}], example}]}] and paging {cursors
// {after}, next}.
type n8nTemplatesPage struct {
	Data []struct {
		Name       string `json:"name"`
		Language   string `json:"language"`
		Status     string `json:"status"`
		Category   string `json:"category"`
		Components []struct {
			Type    string `json:"type"`
			Format  string `json:"format"`
			Text    string `json:"text"`
			URL     string `json:"url"`
			Buttons []struct {
				Type string `json:"type"`
				Text string `json:"text"`
				URL  string `json:"url"`
			} `json:"buttons"`
			Example map[string]any `json:"example"`
		} `json:"components"`
		ID string `json:"id"`
	} `json:"data"`
	Paging *struct {
		Cursors *struct {
			Before string `json:"before"`
			After  string `json:"after"`
		} `json:"cursors"`
		Next     string `json:"next"`
		Previous string `json:"previous"`
	} `json:"paging"`
}

// names lists the page's templates as name/language.
func (p n8nTemplatesPage) names() []string {
	var out []string
	for _, d := range p.Data {
		out = append(out, d.Name+"/"+d.Language)
	}
	return out
}

// n8n-nodes-360dialog's fetchApprovedTemplates (the template list of Send Template):
// GET /message_templates, then ?after=<paging.cursors.after> while paging.next is there
// (at most 20 pages), keeping templates whose upper-cased status is APPROVED; the
// components feed templateFieldDescriptors and buildComponents. Each key lists only its
// own WABA's templates.
func TestCompatN8nMessageTemplates(t *testing.T) {
	m := newMsgCompat(t)
	keyB, wabaB := onPremChannelB(m.env)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := m.hub.Store.Client
	m.template("n8n_shipping", "en_US", "UTILITY",
		map[string]any{"type": "HEADER", "format": "IMAGE", "example": map[string]any{"header_handle": []any{"https://cdn.example.com/h.jpg"}}},
		map[string]any{"type": "BODY", "text": "Hi {{1}}, order {{2}} has shipped."},
		map[string]any{"type": "BUTTONS", "buttons": []map[string]any{{"type": "URL", "text": "Track", "url": "https://shop.example/t/{{1}}"}}})
	for i := 0; i < 30; i++ {
		m.template(fmt.Sprintf("n8n_promo_%02d", i), "de", "MARKETING", map[string]any{"type": "BODY", "text": "Angebot {{1}}"})
	}
	now := m.clock.Now()
	other := func(waba, partner, client, name string, st wabatemplate.Status) {
		db.WABATemplate.Create().SetPartnerID(partner).SetClientID(client).SetWabaID(waba).SetName(name).SetLanguage("en_US").
			SetCategory("MARKETING").SetStatus(st).SetComponents([]map[string]any{{"type": "BODY", "text": "x"}}).
			SetCreatedAt(now).SetModifiedAt(now).ExecX(sys)
	}
	other(m.f.WABAA.ID, m.f.PartnerA.ID, m.f.ClientA.ID, "n8n_pending", wabatemplate.StatusSubmitted)
	other(m.f.WABAA.ID, m.f.PartnerA.ID, m.f.ClientA.ID, "n8n_rejected", wabatemplate.StatusRejected)
	other(m.f.WABAA.ID, m.f.PartnerA.ID, m.f.ClientA.ID, "n8n_gone", wabatemplate.StatusDeleted)
	other(wabaB, m.f.PartnerB.ID, m.f.ClientB.ID, "b_only", wabatemplate.StatusApproved)

	list := func(key, query string) n8nTemplatesPage {
		t.Helper()
		r := m.do("GET", "/message_templates"+query, nil, anonymous, "D360-API-KEY", key)
		if r.Status != 200 {
			t.Fatalf("GET /message_templates%s: %d %s", query, r.Status, r.Body)
		}
		var p n8nTemplatesPage
		strictly(t, r.Body, &p)
		var raw struct {
			Data []map[string]json.RawMessage `json:"data"`
		}
		strictly(t, r.Body, &raw)
		for _, d := range raw.Data {
			keys := make([]string, 0, len(d))
			for k := range d {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if strings.Join(keys, ",") != "category,components,id,language,name,status" {
				t.Fatalf("template keys %v: %s", keys, r.Body)
			}
		}
		return p
	}

	// fetchApprovedTemplates, as it pages.
	fetchApproved := func(key string) (approved []string, pages int, seen map[string]string) {
		t.Helper()
		seen = map[string]string{}
		after := ""
		for page := 0; page < 20; page++ {
			q := ""
			if after != "" {
				q = "?after=" + url.QueryEscape(after)
			}
			p := list(key, q)
			pages++
			for _, d := range p.Data {
				seen[d.Name] = d.Status
				if strings.ToUpper(d.Status) == "APPROVED" {
					approved = append(approved, d.Name)
				}
			}
			after = ""
			if p.Paging != nil && p.Paging.Next != "" && p.Paging.Cursors != nil {
				after = p.Paging.Cursors.After
			}
			if after == "" {
				break
			}
		}
		return approved, pages, seen
	}
	approved, pages, seen := fetchApproved(m.key)
	if len(approved) != 32 || pages != 2 || !slices.Contains(approved, "fixture_update") || !slices.Contains(approved, "n8n_shipping") ||
		len(seen) != 34 {
		t.Fatalf("%d approved templates over %d pages (want 32 over 2), %d listed: %v", len(approved), pages, len(seen), seen)
	}
	if seen["n8n_pending"] != "PENDING" || seen["n8n_rejected"] != "REJECTED" {
		t.Errorf("Meta's status words: %v", seen)
	}
	if _, ok := seen["n8n_gone"]; ok {
		t.Error("a deleted template is listed")
	}
	if _, ok := seen["b_only"]; ok {
		t.Error("WABA B's template is listed for channel A's key")
	}
	if bApproved, _, bSeen := fetchApproved(keyB); len(bSeen) != 1 || len(bApproved) != 1 || bApproved[0] != "b_only" {
		t.Fatalf("channel B's key lists %v", bSeen)
	}

	// The shipping template as templateFieldDescriptors reads it.
	for _, d := range list(m.key, "?limit=1").Data {
		if d.Name != "fixture_update" || d.Status != "APPROVED" || d.Category != "UTILITY" || d.ID == "" {
			t.Fatalf("first template: %+v", d)
		}
	}
	var shipping *struct{ format, body, url string }
	all := list(m.key, "?limit=1000")
	if all.Paging == nil || all.Paging.Next != "" || all.Paging.Previous != "" || len(all.Data) != 34 {
		t.Fatalf("one page of everything: %d templates, paging %+v", len(all.Data), all.Paging)
	}
	for _, d := range all.Data {
		if d.Name != "n8n_shipping" {
			continue
		}
		if d.Category != "UTILITY" || len(d.Components) != 3 {
			t.Fatalf("n8n_shipping: %+v", d)
		}
		shipping = &struct{ format, body, url string }{d.Components[0].Format, d.Components[1].Text, d.Components[2].Buttons[0].URL}
		if d.Components[0].Type != "HEADER" || d.Components[1].Type != "BODY" || d.Components[2].Type != "BUTTONS" ||
			d.Components[2].Buttons[0].Type != "URL" || d.Components[0].Example == nil {
			t.Errorf("components: %+v", d.Components)
		}
	}
	if shipping == nil || shipping.format != "IMAGE" || shipping.body != "Hi {{1}}, order {{2}} has shipped." || shipping.url != "https://shop.example/t/{{1}}" {
		t.Fatalf("n8n_shipping as listed: %+v", shipping)
	}

	// Paging by cursors: forward with next, back with previous and before.
	p1 := list(m.key, "?limit=10")
	if len(p1.Data) != 10 || p1.Paging == nil || p1.Paging.Cursors == nil || p1.Paging.Next == "" || p1.Paging.Previous != "" {
		t.Fatalf("page 1: %+v", p1.Paging)
	}
	next, err := url.Parse(p1.Paging.Next)
	if err != nil || next.Scheme+"://"+next.Host != "https://hub.test" || next.Path != "/message_templates" ||
		next.Query().Get("after") != p1.Paging.Cursors.After || next.Query().Get("limit") != "10" {
		t.Fatalf("paging.next %q", p1.Paging.Next)
	}
	p2 := list(m.key, "?"+next.RawQuery)
	if len(p2.Data) != 10 || p2.Paging.Previous == "" || slices.Contains(p1.names(), p2.names()[0]) {
		t.Fatalf("page 2: %v after %v", p2.names(), p1.names())
	}
	back := list(m.key, "?limit=10&before="+url.QueryEscape(p2.Paging.Cursors.Before))
	if !slices.Equal(back.names(), p1.names()) {
		t.Fatalf("before page 2: %v, want %v", back.names(), p1.names())
	}
	if none := list(m.key, "?before="+url.QueryEscape(p1.Paging.Cursors.Before)); len(none.Data) != 0 || none.Paging != nil {
		t.Fatalf("before the first template: %+v", none)
	}
	last := list(m.key, "?limit=10&after="+url.QueryEscape(list(m.key, "?limit=30").Paging.Cursors.After))
	if len(last.Data) != 4 || last.Paging.Next != "" {
		t.Fatalf("last page: %v, next %q", last.names(), last.Paging.Next)
	}

	// The status filter.
	for status, want := range map[string]int{"APPROVED": 32, "PENDING": 1, "rejected": 1, "DELETED": 1, "PAUSED": 0} {
		p := list(m.key, "?limit=100&status="+status)
		if len(p.Data) != want {
			t.Errorf("status=%s: %v", status, p.names())
		}
		for _, d := range p.Data {
			if d.Status != strings.ToUpper(status) {
				t.Errorf("status=%s lists a %s template", status, d.Status)
			}
		}
	}

	// Refusals, in Meta's shape.
	for _, q := range []string{"?limit=0", "?limit=1001", "?limit=ten", "?after=%21%21", "?after=" + url.QueryEscape("LTE"),
		"?after=MA&before=MA", "?status=LIVE"} {
		r := m.do("GET", "/message_templates"+q, nil, anonymous, "D360-API-KEY", m.key)
		mediaCheckMetaError(t, r, 400, 100)
	}
}
