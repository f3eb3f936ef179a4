package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/ticketmessage"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// monday is Monday 2 March 2026, 09:00 UTC (10:00 in Berlin, CET): the support tests'
// opening instant, away from any DST change.
var monday = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// supportEnv is a test hub whose clock stands at monday.
func supportEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.setClock(monday)
	return e
}

// setClock moves the hub's clock and signs everyone in again (tokens carry the time).
func (e *env) setClock(at time.Time) {
	e.clock.Set(at)
	e.tokens = map[string]string{}
}

// openTicket opens a ticket as the given user and returns it; it fails the test on any
// status but 201.
func (e *env) openTicket(as string, body map[string]any) support.Opened {
	e.t.Helper()
	r := e.do("POST", "/api/v2/support/tickets", body, as)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("open ticket as %s: %d %s", as, r.Status, r.Body)
	}
	var out support.Opened
	if err := json.Unmarshal(r.Body, &out); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// ticketAction POSTs to a ticket action and decodes the ticket, requiring 200.
func (e *env) ticketAction(as, id, action string, body any) support.TicketDetail {
	e.t.Helper()
	r := e.do("POST", "/api/v2/support/tickets/"+id+"/"+action, body, as)
	if r.Status != http.StatusOK {
		e.t.Fatalf("%s %s as %s: %d %s", action, id, as, r.Status, r.Body)
	}
	var out support.Result
	if err := json.Unmarshal(r.Body, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.Ticket
}

// getTicket reads a ticket as the given user, requiring 200.
func (e *env) getTicket(as, id string) support.TicketDetail {
	e.t.Helper()
	r := e.do("GET", "/api/v2/support/tickets/"+id, nil, as)
	if r.Status != http.StatusOK {
		e.t.Fatalf("get %s as %s: %d %s", id, as, r.Status, r.Body)
	}
	var out support.TicketDetail
	if err := json.Unmarshal(r.Body, &out); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// timer finds a ticket's timer.
func timer(t *testing.T, d support.TicketDetail, metric string, cycle int) support.TimerView {
	t.Helper()
	for _, tm := range d.Timers {
		if tm.Metric == metric && tm.Cycle == cycle {
			return tm
		}
	}
	t.Fatalf("ticket %s has no %s timer of cycle %d: %+v", d.ID, metric, cycle, d.Timers)
	return support.TimerView{}
}

// wantInstant compares an instant with what the test computed by hand.
func wantInstant(t *testing.T, what string, got *time.Time, want string) {
	t.Helper()
	if want == "" {
		if got != nil {
			t.Errorf("%s = %s, want none", what, got.Format(time.RFC3339))
		}
		return
	}
	if got == nil || got.UTC().Format(time.RFC3339) != want {
		t.Errorf("%s = %v, want %s", what, got, want)
	}
}

// otherTopic is the smallest valid hub submission.
func otherTopic(subject string) map[string]any {
	return map[string]any{"topic": "other", "subject": subject, "description": "Something does not work as documented."}
}

func TestSupportTopicsCarryRequiredInformationAndSeverity(t *testing.T) {
	e := supportEnv(t)
	e.run([]scenario{
		{name: "a basic client's registration topic is standard", method: "GET", path: "/api/v2/support/topics", as: clientAdminA, status: 200,
			contains: []string{`"key":"number_registration","name":"Number registration","severity":"standard","premium_severity":"urgent","required":[{"key":"phone_number"`,
				`"key":"messaging_outage"`, `"key":"channel_id","label":"Affected number"`, `"default_severity":"critical"`}},
	})
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	e.hub.Store.Client.ClientAccount.UpdateOneID(e.f.ClientA.ID).SetPlan("premium").ExecX(sys)
	r := e.do("GET", "/api/v2/support/topics", nil, clientAdminA)
	var list struct{ Topics []support.TopicView }
	if err := json.Unmarshal(r.Body, &list); err != nil {
		t.Fatal(err)
	}
	for _, tp := range list.Topics {
		if tp.Key == "number_registration" && tp.DefaultSeverity != "urgent" {
			t.Errorf("under the premium package number registration defaults to %s, want urgent", tp.DefaultSeverity)
		}
	}
	// The ticket itself takes the package's severity.
	op := e.openTicket(clientAdminA, map[string]any{"topic": "number_registration", "subject": "Cannot register",
		"description": "Registration fails every time we try.", "details": map[string]string{"phone_number": "+4915112345670", "error_message": "2388091"}})
	if op.Ticket.Severity != "urgent" || op.Ticket.Package != "premium" || op.Ticket.Plan != "premium" {
		t.Errorf("premium registration ticket: severity %s, package %s, plan %s", op.Ticket.Severity, op.Ticket.Package, op.Ticket.Plan)
	}
}

func TestHubSubmissionMissingInformationListsEveryItem(t *testing.T) {
	e := supportEnv(t)
	e.run([]scenario{
		{name: "outage without its information", method: "POST", path: "/api/v2/support/tickets", as: clientAdminA, status: 422, code: "validation_failed",
			body: map[string]any{"topic": "messaging_outage", "subject": "Down", "description": "down"},
			contains: []string{"channel_id: affected number is required for Messaging service stopped working",
				"details.started_at: When it started", "details.error_message: Error returned", "description: describe the issue in at least 20 characters"}},
		{name: "unknown topic, no subject, bad language", method: "POST", path: "/api/v2/support/tickets", as: partnerAdminA, status: 422,
			body: map[string]any{"topic": "coffee", "language": "fr"}, contains: []string{"topic: must be one of", "subject: is required", "language: must be one of en, pt-BR"}},
		{name: "requesters do not choose severity or source", method: "POST", path: "/api/v2/support/tickets", as: clientAdminA, status: 422,
			body:     map[string]any{"topic": "other", "subject": "x", "description": "A long enough description.", "severity": "critical", "source": "email"},
			contains: []string{"severity: follows the topic", "source: requesters open hub_chat tickets"}},
		{name: "someone else's number", method: "POST", path: "/api/v2/support/tickets", as: clientAdminB, status: 422,
			body:     map[string]any{"topic": "official_business_account", "subject": "x", "description": "A long enough description.", "channel_id": e.f.ChannelA.ID},
			contains: []string{"channel_id: no number with this id belongs to the requester"}, notContains: []string{e.f.ClientA.ID}},
		{name: "complete outage report", method: "POST", path: "/api/v2/support/tickets", as: clientAdminA, status: 201,
			body: map[string]any{"topic": "messaging_outage", "subject": "Down", "description": "No message has gone out since 08:00.",
				"channel_id": e.f.ChannelA.ID, "details": map[string]string{"started_at": "2026-03-02 08:00 CET", "error_message": "131000"}},
			contains: []string{`"severity":"critical"`, `"status":"new"`, `"source":"hub_chat"`, `"requester_kind":"client"`}},
		{name: "malformed body", method: "POST", path: "/api/v2/support/tickets", as: clientAdminA, status: 400, body: `{"topic": 5}`},
	})
}

func TestAPIKeysInTicketTextAreMaskedAndTheRequesterIsTold(t *testing.T) {
	e := supportEnv(t)
	key := keyformat.New(keyformat.Channel)
	op := e.openTicket(clientAdminA, map[string]any{"topic": "other", "subject": "Key " + key + " fails",
		"description": "Our key is " + key + " and it gets 401 since this morning."})
	if op.KeysMasked != 2 || !strings.Contains(op.Notice, "We masked 2 API keys") {
		t.Errorf("keys_masked %d, notice %q", op.KeysMasked, op.Notice)
	}
	if strings.Contains(op.Ticket.Subject+op.Ticket.Description, key) || !strings.Contains(op.Ticket.Description, "[redacted]") {
		t.Errorf("the key was stored: %q / %q", op.Ticket.Subject, op.Ticket.Description)
	}
	r := e.do("POST", "/api/v2/support/tickets/"+op.Ticket.ID+"/replies", map[string]string{"body": "Here it is again: " + key}, clientAdminA)
	if r.Status != 200 || strings.Contains(string(r.Body), key) || !strings.Contains(string(r.Body), `"keys_masked":1`) ||
		!strings.Contains(string(r.Body), "We masked an API key") {
		t.Errorf("reply with a key: %d %s", r.Status, r.Body)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	for _, m := range db.TicketMessage.Query().Where(ticketmessage.TicketID(op.Ticket.ID)).AllX(sys) {
		if strings.Contains(m.Body, key) {
			t.Errorf("a message was stored with the key: %q", m.Body)
		}
	}
	tk := db.Ticket.GetX(sys, op.Ticket.ID)
	if strings.Contains(tk.Subject+tk.Description, key) {
		t.Error("the ticket row holds the key")
	}
}

func TestAnOpenTicketOnTheSameTopicAndNumberIsOfferedFirst(t *testing.T) {
	e := supportEnv(t)
	templates := map[string]any{"topic": "templates", "subject": "Template rejected", "description": "Our order update template is rejected.",
		"channel_id": e.f.ChannelA.ID, "details": map[string]string{"template_name": "order_update (en)"}}
	first := e.openTicket(clientAdminA, templates)
	e.run([]scenario{
		{name: "same requester, number and topic", method: "POST", path: "/api/v2/support/tickets", as: clientAdminA, body: templates,
			status: 409, code: "duplicate_open_ticket", contains: []string{"ticket_id: " + first.Ticket.ID, `confirm_new`}},
	})
	confirmed := map[string]any{"confirm_new": true}
	for k, v := range templates {
		confirmed[k] = v
	}
	second := e.openTicket(clientAdminA, confirmed)
	if second.Ticket.ID == first.Ticket.ID {
		t.Fatal("confirm_new must open a new ticket")
	}
	// Another requester of the same client, or the same requester without the number, is
	// not a duplicate.
	e.openTicket(clientMemberA, templates)
	noChannel := map[string]any{"topic": "other", "subject": "x", "description": "Something else entirely, no number."}
	e.openTicket(clientAdminA, noChannel)
	e.run([]scenario{{name: "same topic without a number", method: "POST", path: "/api/v2/support/tickets", as: clientAdminA, body: noChannel,
		status: 409, code: "duplicate_open_ticket"}})
	// Once resolved, the ticket is not offered any more.
	for _, id := range []string{first.Ticket.ID, second.Ticket.ID} {
		e.ticketAction(supportAgent, id, "resolve", map[string]string{"message": "Fixed."})
	}
	e.openTicket(clientAdminA, templates)
}

func TestInternalNotesNeverReachRequesters(t *testing.T) {
	e := supportEnv(t)
	op := e.openTicket(clientAdminA, otherTopic("Webhook silent"))
	id := op.Ticket.ID
	e.ticketAction(supportAgent, id, "notes", map[string]string{"body": "SECRET-NOTE: looks like their firewall"})
	e.ticketAction(supportAgent, id, "replies", map[string]string{"body": "We are looking into it."})
	for _, as := range []string{clientAdminA, clientMemberA, partnerAdminA, partnerMemberA} {
		r := e.do("GET", "/api/v2/support/tickets/"+id, nil, as)
		if r.Status != 200 || strings.Contains(string(r.Body), "SECRET-NOTE") || strings.Contains(string(r.Body), "internal_note") {
			t.Errorf("%s sees the internal note: %d %s", as, r.Status, r.Body)
		}
		if !strings.Contains(string(r.Body), "We are looking into it.") {
			t.Errorf("%s does not see the public reply: %s", as, r.Body)
		}
	}
	for _, as := range []string{supportAgent, platformAdmin} {
		if d := e.getTicket(as, id); !strings.Contains(d.Messages[len(d.Messages)-2].Body, "SECRET-NOTE") {
			t.Errorf("%s does not see the note: %+v", as, d.Messages)
		}
	}
	// A requester's note attempt is refused by role; the note is in no event.
	e.run([]scenario{{name: "requester cannot add notes", method: "POST", path: "/api/v2/support/tickets/" + id + "/notes",
		body: map[string]string{"body": "x"}, as: clientAdminA, status: 403}})
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	for _, ev := range e.hub.Store.Client.Event.Query().Where(event.ObjectID(id)).AllX(sys) {
		raw, _ := json.Marshal(ev.Data)
		if strings.Contains(string(raw), "SECRET-NOTE") {
			t.Errorf("event %s carries the note", ev.Event)
		}
	}
}

func TestEscalationNeedsAPointOfContactOrAPartnerTier(t *testing.T) {
	e := supportEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	clientTicket := e.openTicket(clientAdminA, otherTopic("Client asks")).Ticket.ID
	partnerTicket := e.openTicket(partnerAdminA, otherTopic("Partner asks")).Ticket.ID
	esc := func(id string) string { return "/api/v2/support/tickets/" + id + "/escalate" }
	e.run([]scenario{
		{name: "no point of contact, tier none", method: "POST", path: esc(clientTicket), as: clientAdminA, body: map[string]string{"reason": "urgent"},
			status: 403, code: "escalation_not_available", contains: []string{"designated point of contact", "Silver, Gold and Platinum", "tier is none"}},
		{name: "partner tier none", method: "POST", path: esc(partnerTicket), as: partnerAdminA, body: map[string]string{"reason": "urgent"},
			status: 403, code: "escalation_not_available"},
		{name: "support staff do not escalate", method: "POST", path: esc(clientTicket), as: supportAgent, body: map[string]string{"reason": "x"}, status: 403},
		{name: "a reason is required", method: "POST", path: esc(clientTicket), as: clientAdminA, body: map[string]string{}, status: 422},
	})
	db.ClientAccount.UpdateOneID(e.f.ClientA.ID).SetPointOfContact(&fieldtype.PointOfContact{Name: "Ana", Email: "ana@client-a.example"}).ExecX(sys)
	d := e.ticketAction(clientAdminA, clientTicket, "escalate", map[string]string{"reason": "Production is down for our biggest store"})
	if !d.Escalated || d.EscalatedAt == nil || d.EscalationReason != "Production is down for our biggest store" {
		t.Errorf("escalated ticket: %+v", d.TicketView)
	}
	e.run([]scenario{{name: "once only", method: "POST", path: esc(clientTicket), as: clientAdminA, body: map[string]string{"reason": "again"},
		status: 409, code: "already_escalated"}})
	// The support managers' notice is internal; the partner gets the event.
	if got := e.getTicket(clientAdminA, clientTicket); len(got.Messages) != 0 {
		t.Errorf("requester sees the managers' notice: %+v", got.Messages)
	}
	if got := e.getTicket(supportAgent, clientTicket); len(got.Messages) != 1 || !strings.Contains(got.Messages[0].Body, "support managers") {
		t.Errorf("agents see no escalation notice: %+v", got.Messages)
	}
	if n := db.Event.Query().Where(event.ObjectID(clientTicket), event.Event("ticket.escalated")).CountX(sys); n != 1 {
		t.Errorf("%d ticket.escalated events, want 1", n)
	}
	db.Partner.UpdateOneID(e.f.PartnerA.ID).SetPartnerTier("gold").ExecX(sys)
	e.ticketAction(partnerAdminA, partnerTicket, "escalate", map[string]string{"reason": "Growth manager asked us to"})
	// Escalated tickets head the queue, before the earlier-due ones.
	first := e.openTicket(clientMemberA, map[string]any{"topic": "messaging_outage", "subject": "Down", "description": "Nothing goes out since 08:00.",
		"channel_id": e.f.ChannelA.ID, "details": map[string]string{"started_at": "08:00", "error_message": "131000"}}).Ticket.ID
	r := e.do("GET", "/api/v2/support/queue", nil, supportAgent)
	var q struct{ Tickets []support.TicketView }
	if err := json.Unmarshal(r.Body, &q); err != nil || len(q.Tickets) != 4 {
		t.Fatalf("queue: %v %s", err, r.Body)
	}
	// The fixture ticket has no timers (it was inserted bare): it comes last.
	if !q.Tickets[0].Escalated || !q.Tickets[1].Escalated || q.Tickets[2].ID != first || q.Tickets[3].ID != e.f.TicketA.ID {
		t.Errorf("queue order: %s %s %s %s", q.Tickets[0].ID, q.Tickets[1].ID, q.Tickets[2].ID, q.Tickets[3].ID)
	}
	// A resolved ticket cannot be escalated.
	e.ticketAction(supportAgent, first, "resolve", nil)
	e.run([]scenario{{name: "resolved", method: "POST", path: esc(first), as: clientMemberA, body: map[string]string{"reason": "x"},
		status: 409, code: "ticket_state", contains: []string{"The ticket is resolved"}}})
}

func TestStatusTransitionsFollowTheTable(t *testing.T) {
	e := supportEnv(t)
	id := e.openTicket(clientAdminA, otherTopic("Transitions")).Ticket.ID
	path := func(action string) string { return "/api/v2/support/tickets/" + id + "/" + action }
	e.run([]scenario{
		{name: "reopen a new ticket", method: "POST", path: path("reopen"), as: clientAdminA, status: 409, code: "ticket_state",
			contains: []string{"The ticket is new and cannot become open"}},
		{name: "close an unresolved ticket", method: "POST", path: path("close"), as: clientAdminA, status: 409, code: "ticket_state",
			contains: []string{"The ticket is new and cannot become closed"}},
		{name: "no such status", method: "POST", path: path("status"), as: supportAgent, body: map[string]string{"status": "resolved"}, status: 422},
		{name: "requesters do not set status", method: "POST", path: path("status"), as: clientAdminA, body: map[string]string{"status": "open"}, status: 403},
		{name: "new to waiting on Meta", method: "POST", path: path("status"), as: supportAgent, body: map[string]string{"status": "waiting_on_meta"},
			status: 200, contains: []string{`"status":"waiting_on_meta"`}},
		{name: "waiting to waiting is a change of waiting", method: "POST", path: path("status"), as: supportAgent,
			body: map[string]string{"status": "waiting_on_customer"}, status: 200, contains: []string{`"status":"waiting_on_customer"`}},
		{name: "same status again", method: "POST", path: path("status"), as: supportAgent, body: map[string]string{"status": "waiting_on_customer"},
			status: 409, contains: []string{"The ticket is waiting_on_customer and cannot become waiting_on_customer"}},
		{name: "the requester's reply reopens the conversation", method: "POST", path: path("replies"), as: clientAdminA,
			body: map[string]string{"body": "Here are the logs."}, status: 200, contains: []string{`"status":"open"`}},
		{name: "resolve", method: "POST", path: path("resolve"), as: supportAgent, body: map[string]string{"message": "Done."}, status: 200,
			contains: []string{`"status":"resolved"`}},
		{name: "resolve twice", method: "POST", path: path("resolve"), as: supportAgent, status: 409, contains: []string{"The ticket is resolved and cannot become resolved"}},
		{name: "requester replies to a resolved ticket", method: "POST", path: path("replies"), as: clientAdminA, body: map[string]string{"body": "x"},
			status: 409, contains: []string{"The ticket is resolved: reopen it"}},
		{name: "set open on a resolved ticket", method: "POST", path: path("status"), as: supportAgent, body: map[string]string{"status": "open"},
			status: 409, contains: []string{"reopen it instead"}},
		{name: "close", method: "POST", path: path("close"), as: clientAdminA, status: 200, contains: []string{`"status":"closed"`}},
		{name: "closed is final: reopen", method: "POST", path: path("reopen"), as: clientAdminA, status: 409,
			contains: []string{"The ticket is closed and cannot become open (from closed it may become: none: it is final)"}},
		{name: "closed is final: waiting", method: "POST", path: path("status"), as: supportAgent, body: map[string]string{"status": "waiting_on_meta"},
			status: 409, contains: []string{"The ticket is closed"}},
		{name: "closed takes no replies", method: "POST", path: path("replies"), as: supportAgent, body: map[string]string{"body": "x"}, status: 409},
	})
}

// TestWaitingStatesPauseTheResolutionTimer works the instants out by hand. The ticket
// opens Mon 2 Mar 09:00Z; resolution is 48 h on "always" (soft, warning at 80 % = 38 h 24 m):
// due Wed 4 Mar 09:00Z, warning Tue 3 Mar 23:24Z. First response (basic plan, 24 h on
// "always") is Tue 09:00Z, warning Tue 04:12Z, and never pauses.
func TestWaitingStatesPauseTheResolutionTimer(t *testing.T) {
	e := supportEnv(t)
	id := e.openTicket(clientAdminA, otherTopic("Pauses")).Ticket.ID
	d := e.getTicket(clientAdminA, id)
	res := timer(t, d, "resolution", 1)
	wantInstant(t, "resolution due", res.DueAt, "2026-03-04T09:00:00Z")
	wantInstant(t, "resolution warning", res.WarningAt, "2026-03-03T23:24:00Z")
	wantInstant(t, "first response due", timer(t, d, "first_response", 1).DueAt, "2026-03-03T09:00:00Z")
	wantInstant(t, "first response warning", timer(t, d, "first_response", 1).WarningAt, "2026-03-03T04:12:00Z")

	// 10:00 waiting on the customer; the customer answers at 12:30:17 — a pause of
	// 2 h 30 m 17 s, to the second: due Wed 11:30:17Z, warning Wed 01:54:17Z.
	e.setClock(monday.Add(time.Hour))
	d = e.ticketAction(supportAgent, id, "status", map[string]string{"status": "waiting_on_customer"})
	res = timer(t, d, "resolution", 1)
	if res.State != "paused" || res.DueAt != nil || res.WarningAt != nil {
		t.Errorf("while waiting: state %s, due %v, warning %v", res.State, res.DueAt, res.WarningAt)
	}
	wantInstant(t, "paused since", res.PausedSince, "2026-03-02T10:00:00Z")
	e.setClock(monday.Add(3*time.Hour + 30*time.Minute + 17*time.Second))
	d = e.ticketAction(clientAdminA, id, "replies", map[string]string{"body": "Here you are."})
	res = timer(t, d, "resolution", 1)
	wantInstant(t, "due after the customer's pause", res.DueAt, "2026-03-04T11:30:17Z")
	wantInstant(t, "warning after the customer's pause", res.WarningAt, "2026-03-04T01:54:17Z")

	// 13:00 waiting on Meta until 14:00 (set open by the agent): one more hour.
	e.setClock(monday.Add(4 * time.Hour))
	e.ticketAction(supportAgent, id, "status", map[string]string{"status": "waiting_on_meta"})
	e.setClock(monday.Add(5 * time.Hour))
	d = e.ticketAction(supportAgent, id, "status", map[string]string{"status": "open"})
	res = timer(t, d, "resolution", 1)
	wantInstant(t, "due after both pauses", res.DueAt, "2026-03-04T12:30:17Z")
	wantInstant(t, "warning after both pauses", res.WarningAt, "2026-03-04T02:54:17Z")
	// The same instant from the engine with the same pauses.
	pauses := []sla.Interval{{From: monday.Add(time.Hour), To: monday.Add(3*time.Hour + 30*time.Minute + 17*time.Second)},
		{From: monday.Add(4 * time.Hour), To: monday.Add(5 * time.Hour)}}
	if due, _ := sla.Due(monday, 48*time.Hour, sla.Always, pauses); !due.Equal(*res.DueAt) {
		t.Errorf("engine says %s, ticket says %s", due, res.DueAt)
	}
	// First response never pauses.
	wantInstant(t, "first response due", timer(t, d, "first_response", 1).DueAt, "2026-03-03T09:00:00Z")
}

// TestSeverityChangeRecomputesFromTheStart: a basic client's ticket opened Mon 09:00Z (10:00
// CET). Standard: the plan's 24 h on "always" (Tue 09:00Z) beats 24 h of standard support
// hours (Tue 13:00Z). Critical: 4 h of standard support hours (Mon 01:00–21:00Z) → Mon
// 13:00Z, warning 3 h 12 m → 12:12Z. Urgent: 8 h → Mon 17:00Z, warning 6 h 24 m → 15:24Z.
func TestSeverityChangeRecomputesFromTheStart(t *testing.T) {
	e := supportEnv(t)
	id := e.openTicket(clientAdminA, otherTopic("Severity")).Ticket.ID
	e.setClock(monday.Add(30 * time.Minute))
	steps := []struct{ severity, due, warning string }{
		{"critical", "2026-03-02T13:00:00Z", "2026-03-02T12:12:00Z"},
		{"urgent", "2026-03-02T17:00:00Z", "2026-03-02T15:24:00Z"},
		{"standard", "2026-03-03T09:00:00Z", "2026-03-03T04:12:00Z"},
	}
	for _, st := range steps {
		d := e.ticketAction(supportAgent, id, "reclassify", map[string]string{"severity": st.severity, "reason": "customer impact is " + st.severity})
		fr := timer(t, d, "first_response", 1)
		wantInstant(t, st.severity+" due", fr.DueAt, st.due)
		wantInstant(t, st.severity+" warning", fr.WarningAt, st.warning)
		if d.Severity != st.severity || fr.State != "running" {
			t.Errorf("after reclassifying to %s: severity %s, state %s", st.severity, d.Severity, fr.State)
		}
	}
	e.run([]scenario{
		{name: "reclassify needs a reason", method: "POST", path: "/api/v2/support/tickets/" + id + "/reclassify", as: supportAgent,
			body: map[string]string{"severity": "critical"}, status: 422, contains: []string{"reason: is required"}},
		{name: "nothing changes", method: "POST", path: "/api/v2/support/tickets/" + id + "/reclassify", as: supportAgent,
			body: map[string]string{"severity": "standard", "reason": "x"}, status: 409, code: "nothing_to_change"},
		{name: "requesters do not reclassify", method: "POST", path: "/api/v2/support/tickets/" + id + "/reclassify", as: clientAdminA,
			body: map[string]string{"severity": "critical", "reason": "x"}, status: 403},
	})
	// At 14:00 it becomes critical again: its 13:00 due instant is already past — a breach
	// at 13:00, which the recorder records with that intended instant.
	e.setClock(monday.Add(5 * time.Hour))
	d := e.ticketAction(supportAgent, id, "reclassify", map[string]string{"severity": "critical", "reason": "it is an outage after all"})
	fr := timer(t, d, "first_response", 1)
	if fr.State != "breached" {
		t.Errorf("state %s, want breached", fr.State)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	if _, err := e.hub.Support.RecordDue(sys); err != nil {
		t.Fatal(err)
	}
	d = e.getTicket(supportAgent, id)
	if fr = timer(t, d, "first_response", 1); fr.BreachRecordedAt == nil || fr.WarningRecordedAt == nil {
		t.Fatalf("breach/warning not recorded: %+v", fr)
	}
	recs := e.hub.Store.Client.TicketSLARecord.Query().AllX(sys)
	intended := map[string]string{}
	for _, r := range recs {
		if r.TicketID == id && r.Metric == "first_response" {
			intended[string(r.Kind)] = r.IntendedAt.UTC().Format(time.RFC3339)
		}
	}
	if intended["breach"] != "2026-03-02T13:00:00Z" || intended["warning"] != "2026-03-02T12:12:00Z" {
		t.Errorf("recorded instants %v", intended)
	}
	// Back to standard: the timer moves out again, the recorded breach stays recorded.
	d = e.ticketAction(supportAgent, id, "reclassify", map[string]string{"severity": "standard", "reason": "workaround found"})
	fr = timer(t, d, "first_response", 1)
	wantInstant(t, "standard again", fr.DueAt, "2026-03-03T09:00:00Z")
	if fr.BreachRecordedAt == nil {
		t.Error("a recorded breach must stay recorded")
	}
	if n := e.hub.Store.Client.AuditLog.Query().CountX(sys); n == 0 {
		t.Error("no audit")
	}
}

// TestFirstResponseIsTheFirstPublicReplyBySupport: automated messages, internal notes and
// the requester's replies do not stop it; a reply strictly before due meets it, at due it
// is breached.
func TestFirstResponseIsTheFirstPublicReplyBySupport(t *testing.T) {
	e := supportEnv(t)
	// A knowledge-base article makes the hub add an automated message on opening.
	e.run([]scenario{{name: "article", method: "POST", path: "/api/v2/support/kb_articles", as: platformAdmin, status: 201,
		body: map[string]string{"topic": "other", "title": "Read this first", "url": "https://docs.example.com/first"}}})
	met := e.openTicket(clientAdminA, otherTopic("Met")).Ticket
	if len(met.Messages) != 1 || met.Messages[0].Kind != "automated" || !strings.Contains(met.Messages[0].Body, "Read this first") {
		t.Fatalf("no automated knowledge-base message: %+v", met.Messages)
	}
	at := e.openTicket(clientMemberA, otherTopic("At due")).Ticket
	// Due Tue 09:00Z. Notes and the requester's replies do not count.
	e.ticketAction(supportAgent, met.ID, "notes", map[string]string{"body": "checking"})
	e.ticketAction(clientAdminA, met.ID, "replies", map[string]string{"body": "any news?"})
	if fr := timer(t, e.getTicket(supportAgent, met.ID), "first_response", 1); fr.StoppedAt != nil {
		t.Fatalf("stopped by a note, an automated message or the requester: %+v", fr)
	}
	e.setClock(time.Date(2026, 3, 3, 8, 59, 59, 0, time.UTC))
	d := e.ticketAction(supportAgent, met.ID, "replies", map[string]string{"body": "Found it: the webhook URL had a typo."})
	if fr := timer(t, d, "first_response", 1); !fr.Met || fr.State != "met" || d.Status != "open" {
		t.Errorf("a reply one second before due: %+v, status %s", fr, d.Status)
	}
	wantInstant(t, "first_response_at", d.FirstResponseAt, "2026-03-03T08:59:59Z")
	e.setClock(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC))
	d = e.ticketAction(supportAgent, at.ID, "replies", map[string]string{"body": "Sorry for the wait."})
	if fr := timer(t, d, "first_response", 1); fr.Met || fr.State != "breached" {
		t.Errorf("a reply exactly at due: %+v", fr)
	}
	// A later reply does not move the first response.
	d = e.ticketAction(supportAgent, met.ID, "replies", map[string]string{"body": "Anything else?"})
	wantInstant(t, "first_response_at after a second reply", d.FirstResponseAt, "2026-03-03T08:59:59Z")
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	if n := e.hub.Store.Client.Event.Query().Where(event.ObjectID(met.ID), event.Event("ticket.replied")).CountX(sys); n != 2 {
		t.Errorf("%d ticket.replied events, want 2 (support's public replies only)", n)
	}
}

// TestReopenStartsANewResolutionCycle: resolved Mon 10:00Z (cycle 1 met), reopened 11:00Z:
// cycle 2 runs 48 h from 11:00Z → Wed 11:00Z.
func TestReopenStartsANewResolutionCycle(t *testing.T) {
	e := supportEnv(t)
	id := e.openTicket(clientAdminA, otherTopic("Reopen")).Ticket.ID
	e.setClock(monday.Add(10 * time.Minute))
	e.ticketAction(supportAgent, id, "replies", map[string]string{"body": "On it."})
	e.setClock(monday.Add(time.Hour))
	d := e.ticketAction(supportAgent, id, "resolve", map[string]string{"message": "Fixed."})
	if r := timer(t, d, "resolution", 1); !r.Met || d.Status != "resolved" {
		t.Errorf("resolved: %+v %s", r, d.Status)
	}
	e.setClock(monday.Add(2 * time.Hour))
	d = e.ticketAction(clientAdminA, id, "reopen", map[string]string{"reason": "It broke again."})
	if d.Status != "open" || d.Cycle != 2 || d.ResolvedAt != nil {
		t.Errorf("reopened: status %s, cycle %d, resolved_at %v", d.Status, d.Cycle, d.ResolvedAt)
	}
	c2 := timer(t, d, "resolution", 2)
	wantInstant(t, "cycle 2 start", &c2.StartedAt, "2026-03-02T11:00:00Z")
	wantInstant(t, "cycle 2 due", c2.DueAt, "2026-03-04T11:00:00Z")
	if c1 := timer(t, d, "resolution", 1); !c1.Met {
		t.Errorf("cycle 1 must stay met: %+v", c1)
	}
	if fr := timer(t, d, "first_response", 1); !fr.Met {
		t.Errorf("the first response stays met: %+v", fr)
	}
	if last := d.Messages[len(d.Messages)-1]; last.Body != "It broke again." || last.AuthorSide != "requester" {
		t.Errorf("the reason is the requester's reply: %+v", last)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	if n := e.hub.Store.Client.Event.Query().Where(event.ObjectID(id), event.Event("ticket.reopened")).CountX(sys); n != 1 {
		t.Errorf("%d ticket.reopened events", n)
	}
}

// TestAgentsEnterEmailAndWhatsAppTickets: the timers start when the message was received;
// email and WhatsApp get 24 h on "always" whatever the plan.
func TestAgentsEnterEmailAndWhatsAppTickets(t *testing.T) {
	e := supportEnv(t)
	requester := e.f.Users[clientAdminA].ID
	e.run([]scenario{
		{name: "entered email ticket", method: "POST", path: "/api/v2/support/tickets", as: supportAgent, status: 201,
			body: map[string]any{"source": "email", "received_at": "2026-03-02T07:15:00Z", "requester_user_id": requester, "topic": "billing",
				"subject": "Invoice question", "severity": "urgent"},
			contains: []string{`"source":"email"`, `"opened_at":"2026-03-02T07:15:00Z"`, `"severity":"urgent"`, `"requester_kind":"client"`,
				`"entered_by":"` + e.f.Users[supportAgent].ID, `"metric":"first_response","cycle":1,"started_at":"2026-03-02T07:15:00Z","target_seconds":86400,"calendar":"always","soft":false,"due_at":"2026-03-03T07:15:00Z"`}},
		{name: "received_at and requester required", method: "POST", path: "/api/v2/support/tickets", as: supportAgent, status: 422,
			body: map[string]any{"source": "whatsapp", "topic": "other", "subject": "x"}, contains: []string{"received_at: is required", "requester_user_id: is required"}},
		{name: "agents do not open hub chat tickets", method: "POST", path: "/api/v2/support/tickets", as: supportAgent, status: 422,
			body:     map[string]any{"source": "hub_chat", "received_at": "2026-03-02T07:15:00Z", "requester_user_id": requester, "topic": "other", "subject": "x"},
			contains: []string{"source: support staff enter email and whatsapp tickets"}},
		{name: "received in the future", method: "POST", path: "/api/v2/support/tickets", as: supportAgent, status: 422,
			body:     map[string]any{"source": "email", "received_at": "2026-03-03T07:15:00Z", "requester_user_id": requester, "topic": "other", "subject": "x"},
			contains: []string{"received_at: must not be in the future"}},
		{name: "requester must be a tenant user", method: "POST", path: "/api/v2/support/tickets", as: supportAgent, status: 422,
			body:     map[string]any{"source": "email", "received_at": "2026-03-02T07:15:00Z", "requester_user_id": e.f.Users[platformAdmin].ID, "topic": "other", "subject": "x"},
			contains: []string{"requester_user_id: must be a partner or client user"}},
	})
	// The requester sees it as their client's ticket.
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	tk := e.hub.Store.Client.Ticket.Query().Where(ticket.SourceEQ(ticket.SourceEmail)).OnlyX(sys)
	if d := e.getTicket(clientMemberA, tk.ID); d.RequesterUserID != requester {
		t.Errorf("requester %s", d.RequesterUserID)
	}
}

// TestAgentsFindRequestersByEmailOrName: support staff look up partner and client users
// (never platform staff) to enter an email ticket for them; requesters cannot.
func TestAgentsFindRequestersByEmailOrName(t *testing.T) {
	e := newEnv(t)
	clientA := e.f.Users[clientAdminA]
	r := e.do("GET", "/api/v2/support/requesters?q="+url.QueryEscape("CLIENT-ADMIN"), nil, supportAgent)
	if r.Status != 200 {
		t.Fatalf("lookup: %d %s", r.Status, r.Body)
	}
	var got struct {
		Requesters []map[string]any `json:"requesters"`
	}
	if err := json.Unmarshal(r.Body, &got); err != nil {
		t.Fatal(err)
	}
	byID := map[string]map[string]any{}
	for _, u := range got.Requesters {
		byID[u["id"].(string)] = u
	}
	a := byID[clientA.ID]
	if len(got.Requesters) != 2 || a == nil || a["requester_kind"] != "client" || a["client_name"] != "Client A" || a["partner_name"] != "Partner A" {
		t.Fatalf("client-admin lookup: %s", r.Body)
	}
	e.run([]scenario{
		{name: "by name, partner staff", method: "GET", path: "/api/v2/support/requesters?q=partner_member", as: supportAgent, status: 200,
			contains: []string{e.f.Users[partnerMemberA].ID, `"requester_kind":"partner"`}},
		{name: "platform staff are not requesters", method: "GET", path: "/api/v2/support/requesters?q=support", as: platformAdmin, status: 200,
			contains: []string{`"requesters":[]`}},
		{name: "too short", method: "GET", path: "/api/v2/support/requesters?q=a", as: supportAgent, status: 422},
		{name: "requesters may not look up users", method: "GET", path: "/api/v2/support/requesters?q=client", as: clientAdminA, status: 403},
	})
}
