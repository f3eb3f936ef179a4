package handlers_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// TestPolicyVersionsAreSavedValidatedAndSnapshotted: a saved version is live for tickets
// opened after it; a ticket opened before keeps its version even when recomputed.
func TestPolicyVersionsAreSavedValidatedAndSnapshotted(t *testing.T) {
	e := supportEnv(t)
	before := e.openTicket(clientAdminA, otherTopic("Before the change")).Ticket
	tenMinutes := map[string]any{"note": "Ten minutes for everyone", "policy": map[string]any{
		"calendars": map[string]any{"lisbon": map[string]any{"time_zone": "Europe/Lisbon", "windows": map[string]any{"mon": [][]string{{"09:00", "18:00"}}}}},
		"rules": []map[string]any{
			{"metric": "first_response", "target_seconds": 600, "calendar": "always", "when": map[string]any{"source": []string{"hub_chat"}}},
			{"metric": "resolution", "target_seconds": 3600, "calendar": "lisbon", "soft": true},
		}}}
	e.run([]scenario{
		{name: "the seeded policy is live", method: "GET", path: "/api/v2/support/policies/live", as: supportAgent, status: 200,
			contains: []string{`"version":0,"live":true,"seeded":true`, `"target_seconds":1800`, `"calendar":"premium_support"`}},
		{name: "support agents do not save policies", method: "POST", path: "/api/v2/support/policies", as: supportAgent, body: tenMinutes, status: 403},
		{name: "requesters do not read policies", method: "GET", path: "/api/v2/support/policies", as: partnerAdminA, status: 403},
		{name: "every problem is listed", method: "POST", path: "/api/v2/support/policies", as: platformAdmin, status: 422, code: "validation_failed",
			body: map[string]any{"policy": map[string]any{
				"calendars": map[string]any{"gap": map[string]any{"time_zone": "Europe/Berlin", "windows": map[string]any{"sun": [][]string{{"02:30", "04:00"}}}},
					"empty": map[string]any{"time_zone": "Mars/Olympus", "windows": map[string]any{}}},
				"rules": []map[string]any{{"metric": "first_reply", "target_seconds": 0, "calendar": "nowhere", "when": map[string]any{"plan": []string{"gold"}}}}}},
			contains: []string{"policy.calendars.gap.windows.sun", "daylight-saving gap", "policy.calendars.empty.time_zone", "policy.rules[0].metric",
				"policy.rules[0].target_seconds", `policy.rules[0].calendar: \"nowhere\"`, `policy.rules[0].when.plan: \"gold\"`}},
		{name: "no policy", method: "POST", path: "/api/v2/support/policies", as: platformAdmin, body: map[string]any{"note": "x"}, status: 422,
			contains: []string{"policy: is required"}},
		{name: "save version 1", method: "POST", path: "/api/v2/support/policies", as: platformAdmin, body: tenMinutes, status: 201,
			contains: []string{`"version":1,"live":true,"seeded":false,"note":"Ten minutes for everyone"`}},
		{name: "versions, newest first", method: "GET", path: "/api/v2/support/policies", as: supportAgent, status: 200,
			contains: []string{`{"policies":[{"version":1,"live":true`, `{"version":0,"live":false,"seeded":true`}},
		{name: "the preview uses the new live policy", method: "POST", path: "/api/v2/support/sla/preview", as: clientAdminA, status: 200,
			body:     map[string]any{"opened_at": "2026-03-02T09:00:00Z", "requester_kind": "client", "plan": "basic", "source": "hub_chat", "severity": "standard"},
			contains: []string{`"first_response":{"due_at":"2026-03-02T09:10:00Z"`, `"resolution":{"due_at":"2026-03-02T10:00:00Z"`}},
	})
	after := e.openTicket(clientMemberA, otherTopic("After the change")).Ticket
	if after.PolicyVersion != 1 || before.PolicyVersion != 0 {
		t.Fatalf("policy versions: before %d, after %d", before.PolicyVersion, after.PolicyVersion)
	}
	wantInstant(t, "new ticket's first response", timer(t, after, "first_response", 1).DueAt, "2026-03-02T09:10:00Z")
	wantInstant(t, "new ticket's resolution (Lisbon office hours, UTC in winter)", timer(t, after, "resolution", 1).DueAt, "2026-03-02T10:00:00Z")
	// The older ticket is recomputed (a reply, a status change) with its own version 0.
	e.setClock(monday.Add(time.Hour))
	d := e.ticketAction(supportAgent, before.ID, "status", map[string]string{"status": "waiting_on_meta"})
	d = e.ticketAction(supportAgent, d.ID, "status", map[string]string{"status": "open"})
	wantInstant(t, "old ticket keeps the seeded policy", timer(t, d, "first_response", 1).DueAt, "2026-03-03T09:00:00Z")
	if d.PolicyVersion != 0 {
		t.Errorf("old ticket's version became %d", d.PolicyVersion)
	}
}

func TestKnowledgeBaseArticlesAreSuggestedPerTopic(t *testing.T) {
	e := supportEnv(t)
	r := e.do("POST", "/api/v2/support/kb_articles", map[string]any{"topic": "templates", "title": "Why templates get rejected",
		"body": "Check the category.", "url": "https://docs.example.com/templates"}, platformAdmin)
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var art support.KBArticleView
	json.Unmarshal(r.Body, &art)
	e.run([]scenario{
		{name: "draft article", method: "POST", path: "/api/v2/support/kb_articles", as: platformAdmin, status: 201,
			body: map[string]any{"topic": "templates", "title": "Unpublished draft", "published": false}},
		{name: "agents do not write articles", method: "POST", path: "/api/v2/support/kb_articles", as: supportAgent, status: 403,
			body: map[string]any{"topic": "templates", "title": "x"}},
		{name: "requesters do not write articles", method: "POST", path: "/api/v2/support/kb_articles", as: clientAdminA, status: 403,
			body: map[string]any{"topic": "templates", "title": "x"}},
		{name: "bad article", method: "POST", path: "/api/v2/support/kb_articles", as: platformAdmin, status: 422,
			body: map[string]any{"topic": "tea", "url": "javascript:alert(1)", "language": "xx"}, contains: []string{"topic: must be one of", "title: is required", "url: must be", "language:"}},
		{name: "requesters see published articles in the topic list", method: "GET", path: "/api/v2/support/topics", as: clientMemberA, status: 200,
			contains: []string{`"title":"Why templates get rejected"`}, notContains: []string{"Unpublished draft"}},
		{name: "agents see every article", method: "GET", path: "/api/v2/support/kb_articles?topic=templates", as: supportAgent, status: 200,
			contains: []string{"Unpublished draft", "Why templates get rejected"}},
		{name: "edit", method: "PATCH", path: "/api/v2/support/kb_articles/" + art.ID, as: platformAdmin, status: 200,
			body: map[string]any{"title": "Template rejections explained", "url": ""}, contains: []string{`"title":"Template rejections explained","body":"Check the category.","url":null`}},
		{name: "edit unknown", method: "PATCH", path: "/api/v2/support/kb_articles/nopeKB", as: platformAdmin, status: 404, body: map[string]any{"title": "x"}},
	})
	op := e.openTicket(clientAdminA, map[string]any{"topic": "templates", "subject": "Rejected", "description": "Our template keeps being rejected.",
		"channel_id": e.f.ChannelA.ID, "details": map[string]string{"template_name": "order_update"}})
	if len(op.Ticket.Messages) != 1 || !strings.Contains(op.Ticket.Messages[0].Body, "Template rejections explained") || strings.Contains(op.Ticket.Messages[0].Body, "Unpublished") {
		t.Errorf("suggestion message: %+v", op.Ticket.Messages)
	}
	if fr := timer(t, op.Ticket, "first_response", 1); fr.StoppedAt != nil {
		t.Error("the automated message stopped the first-response timer")
	}
	e.run([]scenario{
		{name: "delete", method: "DELETE", path: "/api/v2/support/kb_articles/" + art.ID, as: platformAdmin, status: 200},
		{name: "gone", method: "DELETE", path: "/api/v2/support/kb_articles/" + art.ID, as: platformAdmin, status: 404},
	})
}

func TestLanguageRoutingPrefersASpeakerElseEnglish(t *testing.T) {
	e := supportEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	us := users.New(e.hub.Store.Client, clock.Real{}, cheapHashing)
	pt, err := us.CreatePlatformUser(sys, users.NewUser{Email: "pt-agent@test.example", Name: "Paula", Role: "support_agent", Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	agent := e.f.Users[supportAgent].ID
	e.run([]scenario{
		{name: "an agent lists their languages", method: "PUT", path: "/api/v2/support/agents/" + agent + "/languages", as: supportAgent, status: 200,
			body: map[string]any{"languages": []string{"EN", "de"}}, contains: []string{`"languages":["en","de"]`}},
		{name: "not another agent's", method: "PUT", path: "/api/v2/support/agents/" + pt.ID + "/languages", as: supportAgent, status: 403,
			body: map[string]any{"languages": []string{"pt-BR"}}},
		{name: "an admin sets anyone's", method: "PUT", path: "/api/v2/support/agents/" + pt.ID + "/languages", as: platformAdmin, status: 200,
			body: map[string]any{"languages": []string{"pt_br"}}, contains: []string{`"languages":["pt-BR"]`}},
		{name: "unknown language", method: "PUT", path: "/api/v2/support/agents/" + agent + "/languages", as: supportAgent, status: 422,
			body: map[string]any{"languages": []string{"fr"}}, contains: []string{"languages: fr is not one of"}},
		{name: "agents list", method: "GET", path: "/api/v2/support/agents", as: supportAgent, status: 200,
			contains: []string{`"name":"Paula","email":"pt-agent@test.example","role":"support_agent","languages":["pt-BR"],"open_tickets":0`}},
	})
	cases := []struct {
		lang, assignee string
		fallback       bool
	}{
		{"pt-BR", pt.ID, false},
		{"de", agent, false},
		{"tr", agent, true}, // nobody speaks Turkish: the English speaker, flagged
		{"en", agent, false},
	}
	var trTicket string
	for _, c := range cases {
		body := otherTopic("Language " + c.lang)
		body["language"], body["confirm_new"] = c.lang, true
		d := e.openTicket(partnerAdminA, body).Ticket
		if d.AssigneeID == nil || *d.AssigneeID != c.assignee || d.LanguageFallback != c.fallback || d.Language != c.lang {
			t.Errorf("%s ticket: assignee %v fallback %v, want %s %v", c.lang, d.AssigneeID, d.LanguageFallback, c.assignee, c.fallback)
		}
		if c.lang == "tr" {
			trTicket = d.ID
		}
	}
	e.run([]scenario{
		{name: "suggestion", method: "GET", path: "/api/v2/support/tickets/" + trTicket + "/assignee_suggestion", as: supportAgent, status: 200,
			contains: []string{`"agent_id":"` + agent + `"`, `"language":"tr","language_fallback":true`}},
		{name: "assign to the Portuguese speaker: fallback stays flagged", method: "POST", path: "/api/v2/support/tickets/" + trTicket + "/assign", as: platformAdmin,
			status: 200, body: map[string]string{"assignee_id": pt.ID}, contains: []string{`"assignee_id":"` + pt.ID + `","language_fallback":true`}},
		{name: "only support staff take tickets", method: "POST", path: "/api/v2/support/tickets/" + trTicket + "/assign", as: supportAgent,
			status: 422, body: map[string]string{"assignee_id": e.f.Users[clientAdminA].ID}, contains: []string{"assignee_id: must be an active support agent"}},
		{name: "auto-assign", method: "POST", path: "/api/v2/support/tickets/" + trTicket + "/assign", as: supportAgent, status: 200,
			contains: []string{`"assignee_id":"` + agent + `","language_fallback":true`}},
		{name: "queue by language", method: "GET", path: "/api/v2/support/queue?language=pt-BR", as: supportAgent, status: 200,
			contains: []string{`"count":1,`, `"language":"pt-BR"`}},
		{name: "queue by assignee", method: "GET", path: "/api/v2/support/queue?assignee=" + pt.ID, as: supportAgent, status: 200, contains: []string{`"count":1,`}},
		{name: "queue of the unassigned", method: "GET", path: "/api/v2/support/queue?assignee=none", as: supportAgent, status: 200,
			contains: []string{`"count":1,`, e.f.TicketA.ID}},
		{name: "queue by severity and status", method: "GET", path: "/api/v2/support/queue?severity=critical&status=new,open", as: supportAgent, status: 200,
			contains: []string{`"count":0,`}},
		{name: "queue refuses nonsense", method: "GET", path: "/api/v2/support/queue?status=lost&language=fr&limit=x", as: supportAgent, status: 422,
			contains: []string{"limit: must be a whole number"}},
		{name: "queue refuses nonsense filters", method: "GET", path: "/api/v2/support/queue?status=lost&language=fr", as: supportAgent, status: 422,
			contains: []string{"status: lost is not one of", "language: must be one of"}},
		{name: "requesters have no queue", method: "GET", path: "/api/v2/support/queue", as: partnerAdminA, status: 403},
	})
}

// TestSupportReports: two tickets of a basic client, opened Mon 09:00Z. One is answered
// after 30 min (first response met), the other never (breached at Tue 09:00Z). The
// database's clock is months later, so the recorder records every instant: first response
// warning Tue 04:12Z and breach Tue 09:00Z of the unanswered one; resolution warnings Tue
// 23:24Z and breaches Wed 09:00Z of both.
func TestSupportReports(t *testing.T) {
	e := supportEnv(t)
	answered := e.openTicket(clientAdminA, otherTopic("Answered")).Ticket.ID
	e.openTicket(clientMemberA, otherTopic("Unanswered"))
	e.setClock(monday.Add(30 * time.Minute))
	e.ticketAction(supportAgent, answered, "replies", map[string]string{"body": "Here is how."})
	e.setClock(time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC))
	if _, err := e.hub.Support.RecordDue(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)); err != nil {
		t.Fatal(err)
	}
	period := "/api/v2/support/reports?from=2026-03-01&to=2026-03-08"
	e.run([]scenario{
		{name: "operators", method: "GET", path: period, as: supportAgent, status: 200, contains: []string{
			`"overall":{"key":"all","tickets":2,"first_response_met":1,"first_response_breached":1,"first_response_attainment_pct":50,"resolution_met":0,"resolution_breached":2,"resolution_attainment_pct":0,"median_first_response_seconds":1800}`,
			`"by_plan":[{"key":"basic","tickets":2`, `"by_severity":[{"key":"standard","tickets":2`, `"by_source":[{"key":"hub_chat","tickets":2`,
			`"breaches_per_day":[{"day":"2026-03-03","first_response_breaches":1,"resolution_breaches":0,"warnings":3},{"day":"2026-03-04","first_response_breaches":0,"resolution_breaches":2,"warnings":0}]`,
			`"open_by_status":{"new":2,"open":1,"waiting_on_customer":0,"waiting_on_meta":0}`}},
		{name: "the owning partner", method: "GET", path: period, as: partnerMemberA, status: 200, contains: []string{`"overall":{"key":"all","tickets":2`}},
		{name: "another partner sees only its own", method: "GET", path: period, as: partnerAdminB, status: 200,
			contains: []string{`"overall":{"key":"all","tickets":0`, `"breaches_per_day":[]`, `"open_by_status":{"new":0,"open":0`}},
		{name: "client users have no dashboard", method: "GET", path: period, as: clientAdminA, status: 403},
		{name: "bad period", method: "GET", path: "/api/v2/support/reports?from=yesterday&to=2026-03-01", as: supportAgent, status: 422,
			contains: []string{"from: must be an RFC 3339 instant or a date"}},
		{name: "backwards period", method: "GET", path: "/api/v2/support/reports?from=2026-03-08&to=2026-03-01", as: supportAgent, status: 422,
			contains: []string{"to: must be after from"}},
		{name: "too long", method: "GET", path: "/api/v2/support/reports?from=2024-01-01&to=2026-03-01", as: supportAgent, status: 422},
	})
}
