package handlers_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelapikey"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

func (e *env) pcrPath(id ...string) string {
	p := "/api/v2/clients/" + e.f.ClientA.ID + "/partner_change_requests"
	for _, s := range id {
		p += "/" + s
	}
	return p
}

func (e *env) incomingPath(partnerID string, rest ...string) string {
	p := "/api/v2/partners/" + partnerID + "/selective_partner_change_requests"
	for _, s := range rest {
		p += "/" + s
	}
	return p
}

// askToMove starts a request by client admin A to partner B and returns its id.
func (e *env) askToMove(body map[string]any) string {
	e.t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	body["target_partner_id"] = e.f.PartnerB.ID
	body["accept_terms"] = true
	body["terms_version"] = "2026-11"
	r := e.do("POST", e.pcrPath(), body, clientAdminA)
	if r.Status != http.StatusCreated {
		e.t.Fatalf("create request: %d %s", r.Status, r.Body)
	}
	return r.JSON(e.t)["id"].(string)
}

func (e *env) eventCount(name, partnerID, objectID string) int {
	e.t.Helper()
	n, err := e.hub.Store.Client.Event.Query().
		Where(event.Event(name), event.PartnerID(partnerID), event.ObjectID(objectID)).Count(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) runPartnerChanges() int {
	e.t.Helper()
	n, err := e.hub.PartnerChanges.RunDue(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// TestFullPartnerChange walks a full move: the client asks, the source partner sees it
// read-only, the destination approves, the job moves the client with its number, revokes
// the number's keys, clears its webhook and resets the key permission — and both partners
// hear about every step.
func TestFullPartnerChange(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	db.Channel.UpdateOneID(e.f.ChannelA.ID).SetWebhookURL("https://hooks.client-a.example/wa").
		SetWebhookHeaders(map[string]string{"X-Token": "t"}).ExecX(sys)
	// Partner B bills directly: a moved number starts without key permission there.
	db.Partner.UpdateOneID(e.f.PartnerB.ID).SetBillingModel(partner.BillingModelDirectPayment).ExecX(sys)

	id := e.askToMove(nil)
	got := e.do("GET", e.pcrPath(id), nil, clientMemberA).JSON(t)
	if got["status"] != "created" || got["is_full_migration"] != true || got["target_partner_name"] != "Partner B" {
		t.Fatalf("request as the client sees it: %v", got)
	}
	e.run([]scenario{
		{name: "destination lists it", method: "GET", path: e.incomingPath(e.f.PartnerB.ID), as: partnerAdminB, status: 200, contains: []string{id, `"count":1`}},
		{name: "source lists it", method: "GET", path: e.incomingPath(e.f.PartnerA.ID) + `?filters={"status":"created","target_partner_id":"` + e.f.PartnerB.ID + `"}`,
			as: partnerMemberA, status: 200, contains: []string{id}},
		{name: "source cannot approve", method: "POST", path: e.incomingPath(e.f.PartnerA.ID, id, "approve"), as: partnerAdminA, status: 403, code: "outgoing_request"},
		{name: "unknown filter", method: "GET", path: e.incomingPath(e.f.PartnerB.ID) + `?filters={"colour":"red"}`, as: partnerAdminB, status: 400},
		{name: "same number again", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 409, code: "channel_in_open_request",
			body: map[string]any{"target_partner_id": e.f.PartnerB.ID, "accept_terms": true, "terms_version": "2026-11"}},
	})
	if r := e.do("POST", e.incomingPath(e.f.PartnerB.ID, id, "approve"), nil, partnerAdminB); r.Status != 200 || r.JSON(t)["status"] != "pending" {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	e.run([]scenario{
		{name: "cannot cancel once approved", method: "POST", path: e.pcrPath(id, "cancel"), as: clientAdminA, status: 409, code: "invalid_state", contains: []string{"pending"}},
		{name: "cannot approve twice", method: "POST", path: e.incomingPath(e.f.PartnerB.ID, id, "approve"), as: partnerAdminB, status: 409, code: "invalid_state"},
	})

	if n := e.runPartnerChanges(); n != 1 {
		t.Fatalf("job finished %d requests, want 1", n)
	}
	if n := e.runPartnerChanges(); n != 0 {
		t.Fatalf("second run finished %d, want 0", n)
	}
	// The client's users moved with it: their sessions ended, so no token names the old
	// partner; signing in again works.
	if r := e.do("GET", e.pcrPath(id), nil, clientAdminA); r.Status != 401 || r.JSON(t)["meta"].(map[string]any)["code"] != "session_ended" {
		t.Fatalf("old session after the move: %d %s", r.Status, r.Body)
	}
	delete(e.tokens, clientAdminA)
	got = e.do("GET", e.pcrPath(id), nil, clientAdminA).JSON(t)
	if got["status"] != "completed" || got["target_client_id"] != nil {
		t.Fatalf("after the job: %v", got)
	}
	ch := db.Channel.GetX(sys, e.f.ChannelA.ID)
	if ch.PartnerID != e.f.PartnerB.ID || ch.ClientID != e.f.ClientA.ID || ch.WebhookURL != nil || len(ch.WebhookHeaders) != 0 ||
		ch.KeyPermission != channel.KeyPermissionMissing || ch.LockedBy != nil {
		t.Fatalf("moved channel: partner %s client %s webhook %v headers %v permission %s lock %v",
			ch.PartnerID, ch.ClientID, ch.WebhookURL, ch.WebhookHeaders, ch.KeyPermission, ch.LockedBy)
	}
	if k := db.ChannelAPIKey.GetX(sys, e.f.ChannelKeyA.ID); k.State != channelapikey.StateRevoked || k.RevokeReason != "partner_change" {
		t.Fatalf("key after the move: %s %v", k.State, k.RevokeReason)
	}
	if c := db.ClientAccount.GetX(sys, e.f.ClientA.ID); c.PartnerID != e.f.PartnerB.ID {
		t.Fatalf("client partner %s", c.PartnerID)
	}
	if w := db.WABA.GetX(sys, e.f.WABAA.ID); w.PartnerID != e.f.PartnerB.ID {
		t.Fatalf("waba partner %s", w.PartnerID)
	}
	for _, pid := range []string{e.f.PartnerA.ID, e.f.PartnerB.ID} {
		for _, name := range []string{"partner_change_request.created", "partner_change_request.approved", "partner_change_request.completed"} {
			if n := e.eventCount(name, pid, id); n != 1 {
				t.Errorf("%s events for %s: %d, want 1", name, pid, n)
			}
		}
	}
	e.run([]scenario{
		{name: "new partner sees the client", method: "GET", path: "/api/v2/partners/" + e.f.PartnerB.ID + "/clients/" + e.f.ClientA.ID, as: partnerAdminB, status: 200},
		{name: "old partner no longer does", method: "GET", path: "/api/v2/partners/" + e.f.PartnerA.ID + "/clients/" + e.f.ClientA.ID, as: partnerAdminA, status: 404},
		{name: "old partner still sees the request", method: "GET", path: e.incomingPath(e.f.PartnerA.ID, id), as: partnerAdminA, status: 200, contains: []string{`"completed"`}},
		{name: "audit trail for the client", method: "GET", path: "/api/v2/clients/" + e.f.ClientA.ID + "/audit_logs", as: clientAdminA, status: 200,
			contains: []string{"partner_change_request.completed", "channel.partner_changed"}},
	})
}

// TestPartialPartnerChangeMovesIntoAClone: two numbers in one WABA, one moves. The moving
// number lands in a clone client (and a copy of its WABA) under the destination; the one
// that stays is untouched.
func TestPartialPartnerChangeMovesIntoAClone(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	stay := db.Channel.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(e.f.WABAA.ID).
		SetPhoneNumber("+4915112340000").SetStatus("running").SetWebhookURL("https://hooks.client-a.example/stay").SaveX(sys)
	// Partner B auto-approves: the request is pending as soon as it is made.
	if r := e.do("PATCH", "/api/v2/partners/"+e.f.PartnerB.ID+"/settings/partner_change_request", map[string]any{"auto_approve": "true"}, partnerAdminB); r.Status != 200 {
		t.Fatalf("auto approve: %d %s", r.Status, r.Body)
	}
	r := e.do("POST", e.pcrPath(), map[string]any{"target_partner_id": e.f.PartnerB.ID, "channel_ids": []string{e.f.ChannelA.ID},
		"accept_terms": true, "terms_version": "2026-11"}, clientAdminA)
	if r.Status != 201 || r.JSON(t)["status"] != "pending" || r.JSON(t)["is_full_migration"] != false {
		t.Fatalf("create with auto approval: %d %s", r.Status, r.Body)
	}
	id := r.JSON(t)["id"].(string)
	if n := e.runPartnerChanges(); n != 1 {
		t.Fatalf("finished %d", n)
	}
	got := e.do("GET", e.incomingPath(e.f.PartnerB.ID, id), nil, partnerAdminB).JSON(t)
	clone, _ := got["target_client_id"].(string)
	if got["status"] != "completed" || clone == "" || clone == e.f.ClientA.ID {
		t.Fatalf("partial move: %v", got)
	}
	moved := db.Channel.GetX(sys, e.f.ChannelA.ID)
	if moved.ClientID != clone || moved.PartnerID != e.f.PartnerB.ID || moved.WabaID == e.f.WABAA.ID || moved.KeyPermission != channel.KeyPermissionShared {
		t.Fatalf("moved channel: %+v", moved)
	}
	if w := db.WABA.GetX(sys, moved.WabaID); w.ClientID != clone || w.PartnerID != e.f.PartnerB.ID || w.Name != e.f.WABAA.Name {
		t.Fatalf("clone waba: %+v", w)
	}
	if c := db.ClientAccount.GetX(sys, clone); c.ClonedFrom == nil || *c.ClonedFrom != e.f.ClientA.ID || c.Name != e.f.ClientA.Name {
		t.Fatalf("clone client: %+v", c)
	}
	if s := db.Channel.GetX(sys, stay.ID); s.PartnerID != e.f.PartnerA.ID || s.ClientID != e.f.ClientA.ID || s.WebhookURL == nil || s.LockedBy != nil {
		t.Fatalf("the number that stays changed: %+v", s)
	}
	if c := db.ClientAccount.GetX(sys, e.f.ClientA.ID); c.PartnerID != e.f.PartnerA.ID {
		t.Fatalf("source client moved on a partial change")
	}
}

// TestPartnerChangeRefusals: every refusal of a partner change request is its own error.
func TestPartnerChangeRefusals(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	inactive := db.Partner.Create().SetBrandName("Gone").SetStatus(partner.StatusInactive).SaveX(sys)
	otherBilling := db.Partner.Create().SetBrandName("Elsewhere").SetBillingSystem("other-processor").SaveX(sys)
	pending := db.Channel.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(e.f.WABAA.ID).
		SetPhoneNumber("+4915112340001").SetStatus("pending_deletion").SaveX(sys)
	migrating := db.Channel.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(e.f.WABAA.ID).
		SetPhoneNumber("+4915112340002").SetStatus("running").SetLockedBy("abcdefghijMG").SaveX(sys)
	body := func(target string, channels ...string) map[string]any {
		b := map[string]any{"target_partner_id": target, "accept_terms": true, "terms_version": "2026-11"}
		if len(channels) > 0 {
			b["channel_ids"] = channels
		}
		return b
	}
	e.run([]scenario{
		{name: "terms not accepted", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 422,
			body: map[string]any{"target_partner_id": e.f.PartnerB.ID, "terms_version": "2025-01"}, contains: []string{"accept_terms", "terms_version: must be the current version 2026-11"}},
		{name: "unknown destination", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 422, code: "destination_unknown", body: body("nopeNOPEnoPA")},
		{name: "same partner", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 422, code: "destination_is_current", body: body(e.f.PartnerA.ID)},
		{name: "inactive destination", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 409, code: "destination_inactive", body: body(inactive.ID)},
		{name: "other payment processor", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 409, code: "different_billing_system", body: body(otherBilling.ID),
			contains: []string{"different payment processor"}},
		{name: "pending deletion", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 409, code: "channel_pending_deletion", body: body(e.f.PartnerB.ID, pending.ID)},
		{name: "migrating", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 409, code: "channel_migrating", body: body(e.f.PartnerB.ID, migrating.ID)},
		{name: "not the client's number", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 422, body: body(e.f.PartnerB.ID, "someoneelsCH"), contains: []string{"someoneelsCH"}},
		{name: "client member may not", method: "POST", path: e.pcrPath(), as: clientMemberA, status: 403, body: body(e.f.PartnerB.ID, e.f.ChannelA.ID)},
		{name: "full move includes the busy numbers", method: "POST", path: e.pcrPath(), as: clientAdminA, status: 409, body: body(e.f.PartnerB.ID)},
	})
	// Nothing was created or locked by the refusals.
	if n := db.PartnerChangeRequest.Query().CountX(sys); n != 1 { // the fixture
		t.Fatalf("%d requests after refusals, want only the fixture", n)
	}
	if n := db.Channel.Query().Where(channel.LockedByHasSuffix("PCR")).CountX(sys); n != 0 {
		t.Fatalf("%d numbers locked after refusals", n)
	}
}

// TestPartnerChangeRejectAndCancel: rejection needs a reason and frees the numbers;
// a cancelled request cannot be approved.
func TestPartnerChangeRejectAndCancel(t *testing.T) {
	e := newEnv(t)
	id := e.askToMove(nil)
	e.run([]scenario{
		{name: "reason required", method: "POST", path: e.incomingPath(e.f.PartnerB.ID, id, "reject"), as: partnerAdminB, status: 422, body: map[string]string{"reason": "  "}},
		{name: "member cannot decide", method: "POST", path: e.incomingPath(e.f.PartnerA.ID, id, "approve"), as: partnerMemberA, status: 403},
		{name: "reject", method: "POST", path: e.incomingPath(e.f.PartnerB.ID, id, "reject"), as: partnerAdminB, status: 200,
			body: map[string]string{"reason": "We only serve Brazil."}, contains: []string{`"rejected"`, "We only serve Brazil."}},
		{name: "cannot cancel a rejected one", method: "POST", path: e.pcrPath(id, "cancel"), as: clientAdminA, status: 409, contains: []string{"rejected"}},
	})
	// The number is free again: a new request can take it, and the client can cancel it.
	id2 := e.askToMove(nil)
	e.run([]scenario{
		{name: "cancel", method: "POST", path: e.pcrPath(id2, "cancel"), as: clientAdminA, status: 200, contains: []string{`"cancelled"`}},
		{name: "approve after cancel", method: "POST", path: e.incomingPath(e.f.PartnerB.ID, id2, "approve"), as: partnerAdminB, status: 409, code: "invalid_state", contains: []string{"cancelled"}},
		{name: "operator sees both", method: "GET", path: "/api/v2/operator/partner_change_requests?sort=created_at", as: supportAgent, status: 200, contains: []string{id, id2}},
	})
	if n := e.eventCount("partner_change_request.rejected", e.f.PartnerA.ID, id); n != 1 {
		t.Fatalf("rejected events to the source: %d", n)
	}
}

// TestEndOfMonthPartnerChangeFailsCleanly: an approved end-of-month request waits for the
// month to end; when the destination has meanwhile become inactive it fails with a reason
// and nothing moves.
func TestEndOfMonthPartnerChangeFailsCleanly(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	e.clock.Set(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC))
	e.tokens = map[string]string{}
	if r := e.do("PATCH", "/api/v2/partners/"+e.f.PartnerB.ID+"/settings/partner_change_request", map[string]any{"execution": "end_of_month"}, partnerAdminB); r.Status != 200 ||
		r.JSON(t)["execution"] != "end_of_month" {
		t.Fatalf("execution setting: %d %s", r.Status, r.Body)
	}
	e.run([]scenario{{name: "bad execution", method: "PATCH", path: "/api/v2/partners/" + e.f.PartnerB.ID + "/settings/partner_change_request",
		body: map[string]any{"execution": "tomorrow"}, as: partnerAdminB, status: 422, contains: []string{"execution: must be immediate or end_of_month"}}})
	id := e.askToMove(nil)
	got := e.do("POST", e.incomingPath(e.f.PartnerB.ID, id, "approve"), nil, partnerAdminB).JSON(t)
	if got["execute_after"] != "2026-12-01T00:00:00Z" || got["execution"] != "end_of_month" {
		t.Fatalf("approved end of month: %v", got)
	}
	e.clock.Set(time.Date(2026, 11, 30, 23, 59, 59, 0, time.UTC))
	if n := e.runPartnerChanges(); n != 0 {
		t.Fatalf("ran %d before the month ended", n)
	}
	db.Partner.UpdateOneID(e.f.PartnerB.ID).SetStatus(partner.StatusInactive).ExecX(sys)
	e.clock.Set(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if n := e.runPartnerChanges(); n != 1 {
		t.Fatalf("ran %d at month end, want 1", n)
	}
	r := db.PartnerChangeRequest.GetX(sys, id)
	if r.Status != "failed" || r.Reason == "" {
		t.Fatalf("request: %s %q", r.Status, r.Reason)
	}
	ch := db.Channel.GetX(sys, e.f.ChannelA.ID)
	if ch.PartnerID != e.f.PartnerA.ID || ch.LockedBy != nil {
		t.Fatalf("number after a failed move: partner %s lock %v", ch.PartnerID, ch.LockedBy)
	}
	if k := db.ChannelAPIKey.GetX(sys, e.f.ChannelKeyA.ID); k.State == channelapikey.StateRevoked {
		t.Fatal("a failed move revoked the number's key")
	}
	if n := e.eventCount("partner_change_request.failed", e.f.PartnerA.ID, id); n != 1 {
		t.Fatalf("failed events: %d", n)
	}
}

// TestPartnerChangeRunsExactlyOnce: several executors race for the same approved request;
// exactly one moves it and one completion event per partner is written.
func TestPartnerChangeRunsExactlyOnce(t *testing.T) {
	e := newEnv(t)
	id := e.askToMove(nil)
	if r := e.do("POST", e.incomingPath(e.f.PartnerB.ID, id, "approve"), nil, partnerAdminB); r.Status != 200 {
		t.Fatalf("approve: %d", r.Status)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := e.hub.PartnerChanges.RunDue(context.Background())
			if err != nil && !ent.IsConstraintError(err) {
				t.Errorf("run: %v", err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 1 {
		t.Fatalf("%d executions finished the request, want 1", total)
	}
	for _, pid := range []string{e.f.PartnerA.ID, e.f.PartnerB.ID} {
		if n := e.eventCount("partner_change_request.completed", pid, id); n != 1 {
			t.Fatalf("completed events for %s: %d", pid, n)
		}
	}
}
