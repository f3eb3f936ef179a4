package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

func (e *env) templatesPath(suffix string) string {
	return "/api/v2/partners/" + e.f.PartnerA.ID + "/waba_accounts/" + e.f.WABAA.ID + "/waba_templates" + suffix
}

// orderUpdate is the reference's create body: a text header with a parameter, a body with
// two, a footer and three kinds of buttons.
func orderUpdate(name, category string) map[string]any {
	return map[string]any{"name": name, "language": "en_US", "category": category, "components": []map[string]any{
		{"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": map[string]any{"header_text": []string{"#123"}}},
		{"type": "BODY", "text": "Hi {{1}}, your order ships {{2}}.", "example": map[string]any{"body_text": [][]string{{"Ana", "today"}}}},
		{"type": "FOOTER", "text": "Reply STOP to opt out"},
		{"type": "BUTTONS", "buttons": []map[string]any{{"type": "QUICK_REPLY", "text": "Track"},
			{"type": "URL", "text": "Open", "url": "https://shop.example/o/{{1}}", "example": []string{"https://shop.example/o/123"}},
			{"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+4930123456"}}},
	}}
}

func bodyOnly(text string) []map[string]any { return []map[string]any{{"type": "BODY", "text": text}} }

// later moves the clock on by d and signs everyone in again (access tokens expire).
func (e *env) later(d time.Duration) {
	e.clock.Advance(d)
	e.tokens = map[string]string{}
}

// review runs the simulator's review sweep with a one-minute step.
func (e *env) review() int {
	e.t.Helper()
	n, err := e.hub.Templates.ReviewDue(context.Background(), time.Minute, provider.ReviewTemplate)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) templateRow(id string) *ent.WABATemplate {
	e.t.Helper()
	return e.hub.Store.Client.WABATemplate.GetX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), id)
}

// TestTemplateLifecycle walks a template through its life on the Partner API: submitted,
// approved by the provider's review after its step, edited within Meta's limits, deleted,
// and its name blocked for 30 days — every status change announced to the partner.
func TestTemplateLifecycle(t *testing.T) {
	e := newEnv(t)
	pid := e.f.PartnerA.ID
	created := mustStatus(t, e.do("POST", e.templatesPath(""), orderUpdate("order_update", "UTILITY"), partnerMemberA), 201)
	id := created["id"].(string)
	if created["status"] != "submitted" || created["external_id"] == nil || created["waba_account_id"] != e.f.WABAA.ID ||
		created["partner_id"] != pid || created["rejected_reason"] != nil {
		t.Fatalf("created: %v", created)
	}
	if by := created["created_by"].(map[string]any); by["user_id"] != e.f.Users[partnerMemberA].ID || by["user_name"] != e.f.Users[partnerMemberA].Name {
		t.Fatalf("created_by: %v", by)
	}
	if !strings.HasSuffix(id, "TP") || len(created["components"].([]any)) != 4 {
		t.Fatalf("id %s, components %v", id, created["components"])
	}
	e.run([]scenario{
		{name: "the same name and language again", method: "POST", path: e.templatesPath(""), body: orderUpdate("order_update", "UTILITY"),
			as: partnerAdminA, status: 409, code: "template_exists"},
		{name: "another language of the name", method: "POST", path: e.templatesPath(""),
			body: map[string]any{"name": "order_update", "language": "de", "category": "UTILITY", "components": bodyOnly("Ihre Bestellung ist unterwegs.")},
			as:   partnerAdminA, status: 201, contains: []string{`"language":"de"`}},
		{name: "get it", method: "GET", path: e.templatesPath("/" + id), as: partnerAdminA, status: 200, contains: []string{`"status":"submitted"`, `"namespace"`}},
		{name: "filter by status and name (kairon's spelling)", method: "GET", as: partnerAdminA, status: 200,
			path:     e.templatesPath(`?filters=` + url.QueryEscape(`{"business_templates.name":"order_update","status":"submitted"}`) + `&sort=business_templates.name`),
			contains: []string{`"total":2`, `"sort":["business_templates.name"]`}},
		{name: "search by part of the name", method: "GET", path: e.templatesPath(`?filters=` + url.QueryEscape(`{"q":"ORDER"}`)), as: partnerAdminA,
			status: 200, contains: []string{`"total":2`}, notContains: []string{"fixture_update"}},
		{name: "filter by category and language", method: "GET", path: e.templatesPath(`?filters=` + url.QueryEscape(`{"category":"UTILITY","language":"de"}`)),
			as: partnerAdminA, status: 200, contains: []string{`"total":1`}},
		{name: "sort by language, descending", method: "GET", path: e.templatesPath(`?sort=-language&limit=1`), as: partnerAdminA, status: 200,
			contains: []string{`"language":"en_US"`, `"total":3`}},
	})

	if n := e.review(); n != 0 {
		t.Fatalf("the review ran %d templates before the step", n)
	}
	e.clock.Advance(time.Minute)
	if n := e.review(); n != 2 {
		t.Fatalf("the review approved %d templates, want 2", n)
	}
	if n := e.review(); n != 0 {
		t.Fatalf("a second sweep reviewed %d again", n)
	}
	got := mustStatus(t, e.do("GET", e.templatesPath("/"+id), nil, partnerAdminA), 200)
	if got["status"] != "approved" || got["quality_score"] != "UNKNOWN" || got["next_edit_at"] != nil {
		t.Fatalf("after review: %v", got)
	}
	if n := e.eventCount(events.TemplateStatusChanged, pid, id); n != 2 {
		t.Fatalf("%d status events (created, approved), want 2", n)
	}

	edit := map[string]any{"components": bodyOnly("Hi {{1}}, your order is on its way.")}
	edit["components"].([]map[string]any)[0]["example"] = map[string]any{"body_text": [][]string{{"Ana"}}}
	e.run([]scenario{
		{name: "an approved template keeps its category", method: "PATCH", path: e.templatesPath("/" + id), as: partnerAdminA,
			body: map[string]any{"category": "MARKETING", "components": edit["components"]}, status: 409, code: "template_category_locked"},
		{name: "an edit is checked like a new template", method: "PATCH", path: e.templatesPath("/" + id), as: partnerAdminA,
			body: map[string]any{"components": bodyOnly("{{1}} ships")}, status: 422, code: "template_invalid", contains: []string{"may not start with a parameter"}},
		{name: "an edit without components", method: "PATCH", path: e.templatesPath("/" + id), as: partnerAdminA,
			body: map[string]any{}, status: 422, code: "validation_failed"},
		{name: "edit: submitted again", method: "PATCH", path: e.templatesPath("/" + id), as: partnerMemberA, body: edit, status: 200,
			contains: []string{`"status":"submitted"`, "on its way"}},
		{name: "a submitted template cannot be edited", method: "PATCH", path: e.templatesPath("/" + id), as: partnerAdminA, body: edit,
			status: 409, code: "template_not_editable"},
	})
	e.clock.Advance(time.Minute)
	e.review()
	// Approved again: the next edit waits for 24 hours after the last.
	got = mustStatus(t, e.do("GET", e.templatesPath("/"+id), nil, partnerAdminA), 200)
	if got["status"] != "approved" || got["next_edit_at"] == nil {
		t.Fatalf("after the edit's review: %v", got)
	}
	r := e.do("PATCH", e.templatesPath("/"+id), edit, partnerAdminA)
	checkErrorEnvelope(t, r, 429, "template_edit_limited")
	if ra := r.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Fatalf("Retry-After %q", ra)
	}
	// Nine more edits a day apart make ten in 30 days; the eleventh waits for the first
	// to leave the window.
	for i := 0; i < 9; i++ {
		e.later(24 * time.Hour)
		mustStatus(t, e.do("PATCH", e.templatesPath("/"+id), edit, partnerAdminA), 200)
		e.clock.Advance(time.Minute)
		e.review()
	}
	e.later(24 * time.Hour)
	checkErrorEnvelope(t, e.do("PATCH", e.templatesPath("/"+id), edit, partnerAdminA), 429, "template_edit_limited")
	e.later(20 * 24 * time.Hour)
	mustStatus(t, e.do("PATCH", e.templatesPath("/"+id), edit, partnerAdminA), 200)

	deleted := mustStatus(t, e.do("DELETE", e.templatesPath("/"+id), nil, partnerAdminA), 200)
	if deleted["status"] != "deleted" || deleted["meta"].(map[string]any)["success"] != true {
		t.Fatalf("deleted: %v", deleted)
	}
	e.run([]scenario{
		{name: "a deleted template is left out of the list", method: "GET", path: e.templatesPath(`?filters=` + url.QueryEscape(`{"name":"order_update"}`)),
			as: partnerAdminA, status: 200, contains: []string{`"total":1`, `"language":"de"`}},
		{name: "unless the filters ask for it", method: "GET", path: e.templatesPath(`?filters=` + url.QueryEscape(`{"status":"deleted"}`)),
			as: partnerAdminA, status: 200, contains: []string{`"total":1`, id}},
		{name: "deleting it again", method: "DELETE", path: e.templatesPath("/" + id), as: partnerAdminA, status: 404, code: "not_found"},
		{name: "its name is blocked for 30 days", method: "POST", path: e.templatesPath(""), body: orderUpdate("order_update", "UTILITY"),
			as: partnerAdminA, status: 409, code: "template_name_deleted"},
	})
	if n := e.eventCount(events.TemplateStatusChanged, pid, id); n < 4 {
		t.Fatalf("%d status events, want one per change", n)
	}
	e.later(30 * 24 * time.Hour)
	again := mustStatus(t, e.do("POST", e.templatesPath(""), orderUpdate("order_update", "UTILITY"), partnerAdminA), 201)
	if again["id"] == id || again["status"] != "submitted" {
		t.Fatalf("created again: %v", again)
	}
}

// TestTemplateRulesAnswerEveryProblemAtOnce: a template breaking several rules gets one
// 422 listing each, in the words of the rules package.
func TestTemplateRulesAnswerEveryProblemAtOnce(t *testing.T) {
	e := newEnv(t)
	bad := map[string]any{"name": "Order Update", "language": "xx", "category": "PROMO", "components": []map[string]any{
		{"type": "HEADER", "format": "TEXT", "text": strings.Repeat("h", 61)},
		{"type": "BODY", "text": "{{1}} and {{3}}"},
		{"type": "FOOTER", "text": "Bye {{1}}"},
		{"type": "BUTTONS", "buttons": []map[string]any{{"type": "QUICK_REPLY", "text": "a"}, {"type": "QUICK_REPLY", "text": "b"},
			{"type": "QUICK_REPLY", "text": "c"}, {"type": "QUICK_REPLY", "text": "d"}}},
	}}
	r := e.do("POST", e.templatesPath(""), bad, partnerAdminA)
	checkErrorEnvelope(t, r, 422, "template_invalid")
	details := r.JSON(t)["meta"].(map[string]any)["details"].([]any)
	want := []string{"name: may hold only lowercase letters", "language: must be a language code", "category: must be MARKETING",
		"components[0].text: must be at most 60 characters", "{{2}} is missing", "may not start with a parameter", "may not end with a parameter",
		"components[2].text: a footer has no parameters", "at most 3 quick replies"}
	all := fmt.Sprint(details)
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("details lack %q: %v", w, details)
		}
	}
	if n := e.hub.Store.Client.WABATemplate.Query().CountX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)); n != 1 {
		t.Fatalf("%d templates stored, want only the fixture's", n)
	}
}

// TestTemplateReviewRules: the simulator's review rejects by Meta's reasons, and a rejected
// template may be edited, its category too, and submitted again.
func TestTemplateReviewRules(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name, category, body, status, reason string
	}{
		{"spring_news", "UTILITY", "Get 20% off all shoes this week.", "rejected", "INCORRECT_CATEGORY"},
		{"spring_sale", "MARKETING", "Get 20% off all shoes this week.", "approved", ""},
		{"tracking_link", "UTILITY", "Track your parcel at https://bit.ly/abc123 today.", "rejected", "SCAM"},
		{"prize_notice", "UTILITY", "Congratulations, you have won a car, reply now.", "rejected", "SCAM"},
		{"rude_reminder", "UTILITY", "Pay now, you idiot, or else.", "rejected", "ABUSIVE_CONTENT"},
		{"shipping_note", "UTILITY", "Your parcel left our warehouse.", "approved", ""},
	}
	ids := map[string]string{}
	for _, c := range cases {
		v := mustStatus(t, e.do("POST", e.templatesPath(""), map[string]any{"name": c.name, "language": "en_US", "category": c.category,
			"components": bodyOnly(c.body)}, partnerAdminA), 201)
		ids[c.name] = v["id"].(string)
	}
	e.clock.Advance(time.Minute)
	if n := e.review(); n != len(cases) {
		t.Fatalf("reviewed %d, want %d", n, len(cases))
	}
	for _, c := range cases {
		v := mustStatus(t, e.do("GET", e.templatesPath("/"+ids[c.name]), nil, partnerAdminA), 200)
		reason, _ := v["rejected_reason"].(string)
		if v["status"] != c.status || reason != c.reason {
			t.Errorf("%s: status %v reason %v, want %s %q", c.name, v["status"], v["rejected_reason"], c.status, c.reason)
		}
		if c.reason != "" && v["rejected_detail"] == nil {
			t.Errorf("%s: no rejected_detail", c.name)
		}
	}
	// A rejected template may change category: resubmitted as MARKETING, it passes.
	v := mustStatus(t, e.do("PATCH", e.templatesPath("/"+ids["spring_news"]), map[string]any{"category": "MARKETING",
		"components": bodyOnly("Get 20% off all shoes this week.")}, partnerAdminA), 200)
	if v["status"] != "submitted" || v["category"] != "MARKETING" || v["rejected_reason"] != nil {
		t.Fatalf("resubmitted: %v", v)
	}
	e.clock.Advance(time.Minute)
	e.review()
	if row := e.templateRow(ids["spring_news"]); row.Status != wabatemplate.StatusApproved {
		t.Fatalf("after resubmission: %s", row.Status)
	}
}

// TestTemplateLimitPerWABA: 250 templates while the business is not verified, 6 000 once
// it is; deleted ones do not count.
func TestTemplateLimitPerWABA(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	// The fixture's template and 248 more make 249.
	bulk := db.WABATemplate.MapCreateBulk(make([]int, 248), func(c *ent.WABATemplateCreate, i int) {
		c.SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(e.f.WABAA.ID).SetName(fmt.Sprintf("bulk_%03d", i)).
			SetLanguage("en_US").SetStatus("approved").SetComponents(bodyOnly("Bulk."))
	})
	bulk.ExecX(sys)
	create := func(name string) *response {
		return e.do("POST", e.templatesPath(""), map[string]any{"name": name, "language": "en_US", "category": "UTILITY",
			"components": bodyOnly("Your parcel left our warehouse.")}, partnerAdminA)
	}
	mustStatus(t, create("the_250th"), 201)
	r := create("the_251st")
	checkErrorEnvelope(t, r, 409, "template_limit_reached")
	if !strings.Contains(string(r.Body), "250") {
		t.Errorf("the refusal names no limit: %s", r.Body)
	}
	// A deletion makes room.
	mustStatus(t, e.do("DELETE", e.templatesPath("/"+e.f.TemplateA.ID), nil, partnerAdminA), 200)
	mustStatus(t, create("the_251st"), 201)
	checkErrorEnvelope(t, create("the_252nd"), 409, "template_limit_reached")
	// A verified business may hold 6 000.
	db.WABA.UpdateOneID(e.f.WABAA.ID).SetFbAccountStatus("verified").ExecX(sys)
	mustStatus(t, create("the_252nd"), 201)
}

// TestTemplateRoles: partner staff and client users manage templates of their WABAs;
// platform staff read them only; a client user reaches only the client's own WABAs.
func TestTemplateRoles(t *testing.T) {
	e := newEnv(t)
	cid := e.f.ClientA.ID
	portal := "/api/v2/clients/" + cid + "/waba_accounts/" + e.f.WABAA.ID + "/waba_templates"
	body := map[string]any{"name": "portal_note", "language": "de", "category": "UTILITY", "components": bodyOnly("Ihr Termin steht.")}
	e.run([]scenario{
		{name: "platform admin reads", method: "GET", path: e.templatesPath(""), as: platformAdmin, status: 200, contains: []string{"fixture_update"}},
		{name: "support agent reads", method: "GET", path: e.templatesPath("/" + e.f.TemplateA.ID), as: supportAgent, status: 200},
		{name: "platform admin may not create", method: "POST", path: e.templatesPath(""), body: body, as: platformAdmin, status: 403, code: "forbidden"},
		{name: "platform admin may not delete", method: "DELETE", path: e.templatesPath("/" + e.f.TemplateA.ID), as: platformAdmin, status: 403},
		{name: "client member creates in the portal", method: "POST", path: portal, body: body, as: clientMemberA, status: 201,
			contains: []string{`"client_id":"` + cid + `"`, `"user_name"`}},
		{name: "client admin lists", method: "GET", path: portal, as: clientAdminA, status: 200, contains: []string{"portal_note", "fixture_update"}},
		{name: "client admin edits", method: "PATCH", path: portal + "/" + e.f.TemplateA.ID, as: clientAdminA,
			body: map[string]any{"components": bodyOnly("Your order has left.")}, status: 200, contains: []string{`"status":"submitted"`}},
		{name: "a WABA of another client is not found", method: "GET", as: clientAdminB, status: 404,
			path: "/api/v2/clients/" + e.f.ClientB.ID + "/waba_accounts/" + e.f.WABAA.ID + "/waba_templates"},
	})
}

// TestSimulatorTemplateControls: the operator plays Meta: approve, reject with a reason,
// pause, disable and rate a template, each audited and announced.
func TestSimulatorTemplateControls(t *testing.T) {
	e := newEnv(t)
	id := e.f.TemplateA.ID
	path := "/api/v2/operator/simulator/templates/" + id
	e.run([]scenario{
		{name: "partner admin may not", method: "POST", path: path, body: map[string]string{"action": "pause"}, as: partnerAdminA, status: 403},
		{name: "support agent may not", method: "POST", path: path, body: map[string]string{"action": "pause"}, as: supportAgent, status: 403},
		{name: "unknown action", method: "POST", path: path, body: map[string]string{"action": "bless"}, as: platformAdmin, status: 422, code: "validation_failed"},
		{name: "unknown reason", method: "POST", path: path, body: map[string]string{"action": "reject", "rejected_reason": "UGLY"}, as: platformAdmin,
			status: 422, code: "validation_failed"},
		{name: "pause", method: "POST", path: path, body: map[string]string{"action": "pause"}, as: platformAdmin, status: 200, contains: []string{`"status":"paused"`}},
		{name: "a paused template cannot be rejected", method: "POST", path: path, body: map[string]string{"action": "reject"}, as: platformAdmin,
			status: 409, code: "invalid_transition"},
		{name: "approve again", method: "POST", path: path, body: map[string]string{"action": "approve"}, as: platformAdmin, status: 200, contains: []string{`"status":"approved"`}},
		{name: "reject with a reason", method: "POST", path: path, body: map[string]string{"action": "reject", "rejected_reason": "SCAM"}, as: platformAdmin,
			status: 200, contains: []string{`"status":"rejected"`, `"rejected_reason":"SCAM"`}},
		{name: "approve", method: "POST", path: path, body: map[string]string{"action": "approve"}, as: platformAdmin, status: 200, contains: []string{`"rejected_reason":null`}},
		{name: "rate it", method: "POST", path: path, body: map[string]string{"action": "quality", "quality_score": "YELLOW"}, as: platformAdmin,
			status: 200, contains: []string{`"quality_score":"YELLOW"`}},
		{name: "the same score again changes nothing", method: "POST", path: path, body: map[string]string{"action": "quality", "quality_score": "YELLOW"},
			as: platformAdmin, status: 200, contains: []string{`"quality_score":"YELLOW"`}},
		{name: "a bad score", method: "POST", path: path, body: map[string]string{"action": "quality", "quality_score": "BLUE"}, as: platformAdmin,
			status: 422, code: "validation_failed"},
		{name: "disable", method: "POST", path: path, body: map[string]string{"action": "disable"}, as: platformAdmin, status: 200, contains: []string{`"status":"disabled"`}},
		{name: "a disabled template cannot be edited", method: "PATCH", path: e.templatesPath("/" + id), as: partnerAdminA,
			body: map[string]any{"components": bodyOnly("New words.")}, status: 409, code: "template_not_editable"},
		{name: "unknown template", method: "POST", path: "/api/v2/operator/simulator/templates/noSuchTP", body: map[string]string{"action": "pause"},
			as: platformAdmin, status: 404},
	})
	pid := e.f.PartnerA.ID
	if n := e.eventCount(events.TemplateStatusChanged, pid, id); n != 5 {
		t.Errorf("%d status events, want 5 (pause, approve, reject, approve, disable)", n)
	}
	if n := e.eventCount(events.TemplateQualityChanged, pid, id); n != 1 {
		t.Errorf("%d quality events, want 1", n)
	}
	r := mustStatus(t, e.do("GET", "/api/v2/partners/"+pid+"/audit_logs?limit=100", nil, partnerAdminA), 200)
	if !strings.Contains(fmt.Sprint(r), "waba_template.quality_changed") || !strings.Contains(fmt.Sprint(r), "waba_template.status_changed") {
		t.Errorf("the changes are not in the audit log: %v", r)
	}
}

// TestMessagingTemplates: the Messaging API works on the templates of the key's own WABA
// only (kairon and 100eyes call these with D360-API-KEY).
func TestMessagingTemplates(t *testing.T) {
	e := newEnv(t)
	e.share()
	key := e.issue(nil)["api_key"].(string)
	hdr := []string{"D360-API-KEY", key}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	// Another client's WABA holds a template of a name the key's WABA lacks.
	wb := db.WABA.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetName("WABA B").SaveX(sys)
	other := db.WABATemplate.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetWabaID(wb.ID).
		SetName("b_secret_offer").SetLanguage("en_US").SetStatus("approved").SetComponents(bodyOnly("B's words.")).SaveX(sys)
	kairon := map[string]any{"name": "kairon_welcome", "language": "en", "category": "MARKETING", "components": bodyOnly("Welcome to our shop!")}
	e.run([]scenario{
		{name: "no key", method: "GET", path: "/v1/configs/templates", status: 401, code: "invalid_api_key"},
		{name: "create: 201 with the template", method: "POST", path: "/v1/configs/templates", headers: hdr, body: kairon, status: 201,
			contains: []string{`"name":"kairon_welcome"`, `"status":"submitted"`, `"waba_account_id":"` + e.f.WABAA.ID + `"`}},
		{name: "another language", method: "POST", path: "/v1/configs/templates", headers: hdr, status: 201,
			body: map[string]any{"name": "kairon_welcome", "language": "de", "category": "MARKETING", "components": bodyOnly("Willkommen in unserem Laden!")}},
		{name: "a malformed body", method: "POST", path: "/v1/configs/templates", headers: hdr, body: `{"name":`, status: 400, code: "malformed_json"},
		{name: "a body not sent as JSON", method: "POST", path: "/v1/configs/templates", headers: append([]string{"Content-Type", "text/plain"}, hdr...),
			body: `{"name":"a"}`, status: 415, code: "unsupported_media_type"},
		{name: "the rules apply", method: "POST", path: "/v1/configs/templates", headers: hdr, status: 422, code: "template_invalid",
			body: map[string]any{"name": "x", "language": "en", "category": "MARKETING", "components": []any{}}},
		{name: "list the key's WABA (kairon's sort and filters)", method: "GET", headers: hdr, status: 200,
			path:     "/v1/configs/templates?sort=business_templates.name&filters=" + url.QueryEscape(`{"business_templates.name":"kairon_welcome"}`),
			contains: []string{`"waba_templates":[`, `"total":2`}, notContains: []string{"b_secret_offer"}},
		{name: "the whole list holds only its own WABA", method: "GET", path: "/v1/configs/templates?limit=1000", headers: hdr, status: 200,
			contains: []string{"fixture_update", "kairon_welcome"}, notContains: []string{"b_secret_offer", wb.ID}},
		{name: "another WABA's name is not found", method: "DELETE", path: "/v1/configs/templates/b_secret_offer", headers: hdr, status: 404},
		{name: "delete every language of a name", method: "DELETE", path: "/v1/configs/templates/kairon_welcome", headers: hdr, status: 200,
			contains: []string{`"language":"de"`, `"language":"en"`, `"status":"deleted"`}},
		{name: "gone from the list", method: "GET", path: "/v1/configs/templates", headers: hdr, status: 200, notContains: []string{"kairon_welcome"}},
		{name: "deleting it again", method: "DELETE", path: "/v1/configs/templates/kairon_welcome", headers: hdr, status: 404},
	})
	if row := e.templateRow(other.ID); row.Status != wabatemplate.StatusApproved {
		t.Fatalf("another WABA's template changed: %s", row.Status)
	}
}
