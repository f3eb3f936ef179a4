package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// migPath is tenant A's migrations under the partner prefix, with optional sub-paths.
func (e *env) migPath(rest ...string) string {
	p := "/api/v2/partners/" + e.f.PartnerA.ID + "/clients/" + e.f.ClientA.ID + "/migrations"
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// portalMigPath is tenant A's migrations under the client-portal prefix.
func (e *env) portalMigPath(rest ...string) string {
	p := "/api/v2/clients/" + e.f.ClientA.ID + "/migrations"
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// migrationWorld is what the migration tests add to tenant A: a verified WABA (the usual
// target) and templates in WABA A (what a waba_move copies from).
type migrationWorld struct {
	verified *ent.WABA
}

func (e *env) migrationWorld() migrationWorld {
	e.t.Helper()
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	w := db.WABA.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetName("WABA EUR").
		SetFbAccountStatus("verified").SetCurrency("EUR").SaveX(sys)
	for _, tp := range []struct{ name, status, quality string }{
		{"shipping_update", "approved", "GREEN"},
		{"flash_sale", "approved", "YELLOW"},
		{"survey", "submitted", "UNKNOWN"},
		{"promo_rejected", "rejected", "UNKNOWN"},
	} {
		db.WABATemplate.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(e.f.WABAA.ID).
			SetName(tp.name).SetLanguage("en_US").SetStatus(wabatemplate.Status(tp.status)).SetQualityScore(wabatemplate.QualityScore(tp.quality)).
			SetComponents([]map[string]any{{"type": "BODY", "text": tp.name}}).SaveX(sys)
	}
	return migrationWorld{verified: w}
}

// mustStatus fails unless r has status want, and returns its JSON object.
func mustStatus(t *testing.T, r *response, want int) map[string]any {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d\n%s", r.Status, want, r.Body)
	}
	return r.JSON(t)
}

func (e *env) channelRow(id string) *ent.Channel {
	e.t.Helper()
	return e.hub.Store.Client.Channel.GetX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), id)
}

func (e *env) registrationUsed(number string) int {
	e.t.Helper()
	st, err := e.hub.Registration.StatusOf(context.Background(), number)
	if err != nil {
		e.t.Fatal(err)
	}
	return st.Used
}

// TestPortInWithOTP walks a port_in end to end in the client portal: the code arrives in
// the simulator inbox, a resend waits for the cool-down, a wrong code says how many
// attempts are left, the right one completes the migration: the number's channel is
// created running and migrated, with the display name, quality and limit the source
// reported, and only approved GREEN templates copied, with quality UNKNOWN.
func TestPortInWithOTP(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	const number = "+4915112349876"
	src, err := e.hub.Simulator.SourceNumber(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}

	m := mustStatus(t, e.do("POST", e.portalMigPath(), map[string]any{"kind": "port_in", "phone_number": "+49 151 1234 9876",
		"target_waba_id": mw.verified.ID, "two_step_disabled": true, "display_name": "Typed Name"}, clientMemberA), 201)
	id := m["id"].(string)
	if !strings.HasSuffix(id, "MG") || m["status"] != "created" || m["phone_number"] != number || m["kind"] != "port_in" ||
		m["target_waba_id"] != mw.verified.ID || m["channel_id"] != nil || m["client_id"] != e.f.ClientA.ID {
		t.Fatalf("created migration: %v", m)
	}
	// The partner sees it too.
	mustStatus(t, e.do("GET", e.migPath(id), nil, partnerMemberA), 200)

	// A code before it is requested is refused.
	r := e.do("POST", e.portalMigPath(id, "verify"), map[string]string{"code": "123456"}, clientAdminA)
	checkErrorEnvelope(t, r, 409, "otp_not_requested")

	r = e.do("POST", e.portalMigPath(id, "request_otp"), map[string]string{"method": "fax"}, clientAdminA)
	checkErrorEnvelope(t, r, 422, "validation_failed")
	m = mustStatus(t, e.do("POST", e.portalMigPath(id, "request_otp"), map[string]string{"method": "sms"}, clientAdminA), 200)
	if m["status"] != "otp_requested" || m["otp_method"] != "sms" || m["otp"].(map[string]any)["attempts_left"] != 5.0 {
		t.Fatalf("after request_otp: %v", m)
	}
	first := e.inboxCode(number)
	r = e.do("POST", e.portalMigPath(id, "request_otp"), map[string]string{"method": "voice"}, clientAdminA)
	if r.Status != 429 || r.Header.Get("Retry-After") != "60" {
		t.Fatalf("second code inside the cool-down: %d Retry-After %q\n%s", r.Status, r.Header.Get("Retry-After"), r.Body)
	}
	e.clock.Advance(61 * time.Second)
	m = mustStatus(t, e.do("POST", e.portalMigPath(id, "request_otp"), map[string]string{"method": "voice"}, clientAdminA), 200)
	if m["otp_method"] != "voice" {
		t.Fatalf("after the voice resend: %v", m)
	}
	code := e.inboxCode(number)
	wrong := "000000"
	if wrong == code {
		wrong = "111111"
	}
	if first != code {
		wrong = first // the first code stopped working
	}
	r = e.do("POST", e.portalMigPath(id, "verify"), map[string]string{"code": wrong}, clientAdminA)
	if r.Status != 422 || !strings.Contains(string(r.Body), "4 attempts left") {
		t.Fatalf("wrong code: %d %s", r.Status, r.Body)
	}
	m = mustStatus(t, e.do("POST", e.portalMigPath(id, "verify"), map[string]string{"code": code}, clientAdminA), 200)
	if m["status"] != "completed" || m["finished_at"] == nil || m["channel_id"] == nil {
		t.Fatalf("after verify: %v", m)
	}
	chID := m["channel_id"].(string)

	// What carried over is what the source reported.
	co := m["carried_over"].(map[string]any)
	if co["display_name"] != src.DisplayName || co["quality_rating"] != src.Quality || co["messaging_limit"] != src.Limit {
		t.Fatalf("carried_over %v, source %+v", co, src)
	}
	ch := mustStatus(t, e.do("GET", "/api/v2/clients/"+e.f.ClientA.ID+"/channels/"+chID, nil, clientAdminA), 200)
	setup := ch["setup_info"].(map[string]any)
	if ch["status"] != "running" || ch["is_migrated"] != true || ch["account_mode"] != "live" || ch["waba_account_id"] != mw.verified.ID ||
		ch["current_quality_rating"] != src.Quality || ch["current_limit"] != src.Limit || setup["phone_name"] != src.DisplayName {
		t.Fatalf("ported channel: %v", ch)
	}

	// Templates: approved GREEN ones copied with quality UNKNOWN, the rest listed with why not.
	copied := names(co["templates_copied"])
	if strings.Join(copied, ",") != "order_update,welcome_message" {
		t.Fatalf("templates copied: %v", copied)
	}
	notCopied := co["templates_not_copied"].([]any)
	if len(notCopied) != 4 {
		t.Fatalf("templates not copied: %v", notCopied)
	}
	for _, nc := range notCopied {
		if nc.(map[string]any)["reason"] == "" {
			t.Errorf("no reason for %v", nc)
		}
	}
	list := mustStatus(t, e.do("GET", "/api/v2/clients/"+e.f.ClientA.ID+"/waba_accounts/"+mw.verified.ID+"/waba_templates", nil, clientAdminA), 200)
	tps := list["waba_templates"].([]any)
	if list["total"] != 2.0 || len(tps) != 2 {
		t.Fatalf("target WABA templates: %s", mustJSON(list))
	}
	for _, tp := range tps {
		tm := tp.(map[string]any)
		if tm["quality_score"] != "UNKNOWN" || tm["status"] != "approved" || tm["copied_from"] != id || tm["waba_account_id"] != mw.verified.ID {
			t.Errorf("copied template: %v", tm)
		}
	}
	mustStatus(t, e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/waba_accounts/"+mw.verified.ID+"/waba_templates?filters="+
		url.QueryEscape(`{"name":"order_update"}`), nil, partnerMemberA), 200)

	if got := strings.Join(e.events(id), ","); got != "migration.created,migration.otp_requested,migration.otp_requested,migration.completed" {
		t.Errorf("migration events: %s", got)
	}
	if got := strings.Join(e.events(chID), ","); got != events.ChannelCreated+","+events.ChannelRunning {
		t.Errorf("channel events: %s", got)
	}
	if n := e.registrationUsed(number); n != 1 {
		t.Errorf("registration attempts used: %d, want 1", n)
	}
	// Completed is final.
	r = e.do("POST", e.portalMigPath(id, "cancel"), nil, clientAdminA)
	checkErrorEnvelope(t, r, 409, "invalid_state")
	if !strings.Contains(string(r.Body), "this one is completed") {
		t.Errorf("cancel after completion does not name the status: %s", r.Body)
	}
}

func names(list any) []string {
	var out []string
	for _, x := range list.([]any) {
		out = append(out, x.(map[string]any)["name"].(string))
	}
	return out
}

func mustJSON(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

// TestWABAMove moves tenant A's running number to another WABA of the client: the channel
// is locked while the migration is open, keeps its name, quality and limit, and lands in
// the target WABA; only the source WABA's approved GREEN template is copied.
func TestWABAMove(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	e.hub.Store.Client.Channel.UpdateOneID(e.f.ChannelA.ID).SetCurrentQualityRating("YELLOW").SetCurrentLimit("TIER_10K").
		SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: e.f.ChannelA.PhoneNumber, PhoneName: "Bluebird Bakery"}).ExecX(sys)

	m := mustStatus(t, e.do("POST", e.migPath(), map[string]any{"kind": "waba_move", "channel_id": e.f.ChannelA.ID,
		"target_waba_id": mw.verified.ID, "two_step_disabled": true}, partnerAdminA), 201)
	id := m["id"].(string)
	if m["source_channel_id"] != e.f.ChannelA.ID || m["source_waba_id"] != e.f.WABAA.ID || m["phone_number"] != e.f.ChannelA.PhoneNumber {
		t.Fatalf("created: %v", m)
	}
	if ch := e.channelRow(e.f.ChannelA.ID); ch.LockedBy == nil || *ch.LockedBy != id {
		t.Fatalf("channel locked_by = %v, want %s", ch.LockedBy, id)
	}
	// The same number cannot start a second migration meanwhile (named by number this time).
	r := e.do("POST", e.migPath(), map[string]any{"kind": "waba_move", "phone_number": e.f.ChannelA.PhoneNumber,
		"target_waba_id": mw.verified.ID, "two_step_disabled": true}, partnerAdminA)
	checkErrorEnvelope(t, r, 409, "number_in_open_request")

	mustStatus(t, e.do("POST", e.migPath(id, "request_otp"), map[string]string{"method": "voice"}, partnerAdminA), 200)
	code := e.inboxCode(e.f.ChannelA.PhoneNumber)
	m = mustStatus(t, e.do("POST", e.migPath(id, "verify"), map[string]string{"code": code}, partnerAdminA), 200)
	if m["status"] != "completed" || m["channel_id"] != e.f.ChannelA.ID {
		t.Fatalf("after verify: %v", m)
	}
	ch := e.channelRow(e.f.ChannelA.ID)
	if ch.WabaID != mw.verified.ID || ch.LockedBy != nil || ch.Status != channel.StatusRunning ||
		ch.SetupInfo.PhoneName != "Bluebird Bakery" || ch.CurrentQualityRating != "YELLOW" || ch.CurrentLimit != "TIER_10K" {
		t.Fatalf("moved channel: waba %s locked %v status %s name %q quality %s limit %s",
			ch.WabaID, ch.LockedBy, ch.Status, ch.SetupInfo.PhoneName, ch.CurrentQualityRating, ch.CurrentLimit)
	}
	co := m["carried_over"].(map[string]any)
	if co["display_name"] != "Bluebird Bakery" || co["quality_rating"] != "YELLOW" || co["messaging_limit"] != "TIER_10K" {
		t.Fatalf("carried_over: %v", co)
	}
	if got := names(co["templates_copied"]); len(got) != 1 || got[0] != "shipping_update" {
		t.Fatalf("templates copied: %v", got)
	}
	// The three above, and the fixture's approved template of unknown quality.
	if n := len(co["templates_not_copied"].([]any)); n != 4 {
		t.Fatalf("%d templates not copied, want 4", n)
	}
	if n := e.eventCount(events.ChannelUpdated, e.f.PartnerA.ID, e.f.ChannelA.ID); n != 1 {
		t.Errorf("%d channel.updated events for the move, want 1", n)
	}
	// The copy is a template like any other: approved in its new WABA, announced.
	copied := co["templates_copied"].([]any)[0].(map[string]any)["template_id"].(string)
	if n := e.eventCount(events.TemplateStatusChanged, e.f.PartnerA.ID, copied); n != 1 {
		t.Errorf("%d waba_template_status_changed events for the copied template, want 1", n)
	}
	tp := mustStatus(t, e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/waba_accounts/"+mw.verified.ID+"/waba_templates/"+copied, nil, partnerAdminA), 200)
	if tp["status"] != "approved" || tp["quality_score"] != "UNKNOWN" || tp["status_changed_at"] == nil {
		t.Errorf("copied template: %v", tp)
	}
}

// TestHostingChangeCompletesInTheBackground: a hosting change needs no code; the sweep
// completes it, puts the number on the cloud, revokes its keys, and counts it against
// the registration limit.
func TestHostingChangeCompletesInTheBackground(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	e.hub.Store.Client.Channel.UpdateOneID(e.f.ChannelA.ID).SetHostingType("on_premise").ExecX(sys)

	m := mustStatus(t, e.do("POST", e.portalMigPath(), map[string]any{"kind": "hosting_change", "channel_id": e.f.ChannelA.ID}, clientAdminA), 201)
	id := m["id"].(string)
	if m["target_waba_id"] != e.f.WABAA.ID {
		t.Fatalf("a hosting change stays in its WABA: %v", m)
	}
	r := e.do("POST", e.portalMigPath(id, "request_otp"), map[string]string{"method": "sms"}, clientAdminA)
	checkErrorEnvelope(t, r, 409, "otp_not_needed")
	r = e.do("POST", e.portalMigPath(id, "verify"), map[string]string{"code": "123456"}, clientAdminA)
	checkErrorEnvelope(t, r, 409, "otp_not_needed")

	n, err := e.hub.Migrations.CompleteHostingChanges(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	m = mustStatus(t, e.do("GET", e.portalMigPath(id), nil, clientAdminA), 200)
	co := m["carried_over"].(map[string]any)
	if m["status"] != "completed" || co["hosting_type"] != "cloud" || co["previous_hosting_type"] != "on_premise" || co["api_keys_revoked"] != 1.0 {
		t.Fatalf("completed hosting change: %v", m)
	}
	ch := e.channelRow(e.f.ChannelA.ID)
	if ch.HostingType != channel.HostingTypeCloud || ch.LockedBy != nil {
		t.Fatalf("channel: hosting %s locked %v", ch.HostingType, ch.LockedBy)
	}
	if key := e.hub.Store.Client.ChannelAPIKey.GetX(sys, e.f.ChannelKeyA.ID); key.State == "active" {
		t.Fatalf("the channel key survived the hosting change")
	}
	if n := e.registrationUsed(e.f.ChannelA.PhoneNumber); n != 1 {
		t.Errorf("registration attempts used: %d, want 1", n)
	}
	if n := e.eventCount(events.MigrationCompleted, e.f.PartnerA.ID, id); n != 1 {
		t.Errorf("%d migration.completed events, want 1", n)
	}
	// A second sweep finds nothing to do.
	if n, _ := e.hub.Migrations.CompleteHostingChanges(context.Background()); n != 0 {
		t.Errorf("second sweep completed %d", n)
	}
}

// TestMigrationPreconditions: every up-front rule refuses with its own code.
func TestMigrationPreconditions(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	// An unverified WABA that is full (2 numbers), a channel pending deletion, client B's WABA.
	full := db.WABA.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetName("Full").SaveX(sys)
	for _, n := range []string{"+4915112341001", "+4915112341002"} {
		db.Channel.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(full.ID).SetPhoneNumber(n).SetStatus("running").SaveX(sys)
	}
	leaving := db.Channel.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(full.ID).
		SetPhoneNumber("+4915112341003").SetStatus("pending_deletion").SaveX(sys)
	wabaB := db.WABA.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetName("B").SetFbAccountStatus("verified").SaveX(sys)
	chB := db.Channel.Create().SetPartnerID(e.f.PartnerB.ID).SetClientID(e.f.ClientB.ID).SetWabaID(wabaB.ID).
		SetPhoneNumber("+5511912345678").SetStatus("running").SaveX(sys)
	// A number blocked by the registration limit.
	const blocked = "+4915112341004"
	for i := 0; i <= registration.Limit; i++ {
		_ = e.hub.Registration.Consume(context.Background(), registration.Attempt{PhoneNumber: blocked, Kind: registration.NumberRegistration})
	}

	portIn := func(number, waba string, twoStep bool) map[string]any {
		return map[string]any{"kind": "port_in", "phone_number": number, "target_waba_id": waba, "two_step_disabled": twoStep}
	}
	move := func(chID, waba string) map[string]any {
		return map[string]any{"kind": "waba_move", "channel_id": chID, "target_waba_id": waba, "two_step_disabled": true}
	}
	p := e.migPath()
	e.run([]scenario{
		{name: "unknown kind", method: "POST", path: p, as: partnerAdminA, status: 422, code: "validation_failed",
			body: map[string]any{"kind": "teleport", "phone_number": "+4915112349999"}, contains: []string{"kind: must be one of"}},
		{name: "invalid number", method: "POST", path: p, as: partnerAdminA, status: 422, code: "validation_failed",
			body: portIn("+49 123", mw.verified.ID, true), contains: []string{"phone_number: "}},
		{name: "number without country code", method: "POST", path: p, as: partnerAdminA, status: 422, code: "validation_failed",
			body: portIn("015112349999", mw.verified.ID, true), contains: []string{"international format"}},
		{name: "port_in of a number already active here", method: "POST", path: p, as: partnerAdminA, status: 409, code: "number_already_active",
			body: portIn(e.f.ChannelA.PhoneNumber, mw.verified.ID, true), contains: []string{"waba_move"}},
		{name: "port_in of another tenant's number", method: "POST", path: p, as: partnerAdminA, status: 409, code: "number_already_active",
			body: portIn(chB.PhoneNumber, mw.verified.ID, true), notContains: []string{chB.ID, wabaB.ID}},
		{name: "waba_move of a number that is not running", method: "POST", path: p, as: partnerAdminA, status: 409, code: "channel_not_running",
			body: move(leaving.ID, mw.verified.ID), contains: []string{"pending_deletion"}},
		{name: "waba_move of another client's channel", method: "POST", path: p, as: partnerAdminA, status: 404,
			body: move(chB.ID, mw.verified.ID)},
		{name: "target WABA of another client", method: "POST", path: p, as: partnerAdminA, status: 422, code: "target_waba_not_found",
			body: portIn("+4915112349999", wabaB.ID, true)},
		{name: "target WABA unknown", method: "POST", path: p, as: partnerAdminA, status: 422, code: "target_waba_not_found",
			body: portIn("+4915112349999", "nopeWA", true)},
		{name: "waba_move to the same WABA", method: "POST", path: p, as: partnerAdminA, status: 422, code: "same_waba",
			body: move(e.f.ChannelA.ID, e.f.WABAA.ID)},
		{name: "no room in the target WABA", method: "POST", path: p, as: partnerAdminA, status: 409, code: "waba_unverified_limit",
			body: move(e.f.ChannelA.ID, full.ID)},
		{name: "port_in into a business that is not verified", method: "POST", path: p, as: partnerAdminA, status: 422, code: "business_not_verified",
			body: portIn("+4915112349999", e.f.WABAA.ID, true)},
		{name: "port_in with two-step verification on", method: "POST", path: p, as: partnerAdminA, status: 422, code: "two_step_verification_enabled",
			body: portIn("+4915112349999", mw.verified.ID, false), contains: []string{"disable two-step verification at the current provider first"}},
		{name: "waba_move with two-step verification on", method: "POST", path: p, as: partnerAdminA, status: 422, code: "two_step_verification_enabled",
			body: map[string]any{"kind": "waba_move", "channel_id": e.f.ChannelA.ID, "target_waba_id": mw.verified.ID}},
		{name: "hosting_change of a cloud number", method: "POST", path: p, as: partnerAdminA, status: 409, code: "not_on_premise",
			body: map[string]any{"kind": "hosting_change", "channel_id": e.f.ChannelA.ID}},
		{name: "number already in an open migration", method: "POST", path: p, as: partnerAdminA, status: 409, code: "number_in_open_request",
			body: portIn(e.f.MigrationA.PhoneNumber, mw.verified.ID, true)},
		{name: "number blocked by the registration limit", method: "POST", path: p, as: partnerAdminA, status: 429, code: registration.CodeLimited,
			body: portIn(blocked, mw.verified.ID, true), contains: []string{"blocked_until: "}},
		{name: "support agents are read-only", method: "POST", path: p, as: supportAgent, status: 403,
			body: portIn("+4915112349999", mw.verified.ID, true)},
		{name: "malformed body", method: "POST", path: p, as: partnerAdminA, status: 400, body: `{"kind":`},
	})
	r := e.do("POST", p, portIn(blocked, mw.verified.ID, true), partnerAdminA)
	if ra := r.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("blocked number: Retry-After %q", ra)
	}

	// A channel held by a partner change cannot migrate.
	db.Channel.UpdateOneID(e.f.ChannelA.ID).SetLockedBy(e.f.PartnerChangeA.ID).ExecX(sys)
	r = e.do("POST", p, move(e.f.ChannelA.ID, mw.verified.ID), partnerAdminA)
	checkErrorEnvelope(t, r, 409, "number_in_open_request")
	if n, _ := db.NumberMigration.Query().Count(sys); n != 1 {
		t.Errorf("%d migrations exist after only refusals, want the fixture's 1", n)
	}
}

// TestFiveWrongCodesFailTheMigration: the fifth wrong code fails the migration, which
// then refuses everything, announces migration.failed once, and releases the number.
func TestFiveWrongCodesFailTheMigration(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	const number = "+4915112345555"
	m := mustStatus(t, e.do("POST", e.migPath(), map[string]any{"kind": "port_in", "phone_number": number,
		"target_waba_id": mw.verified.ID, "two_step_disabled": true}, partnerMemberA), 201)
	id := m["id"].(string)
	mustStatus(t, e.do("POST", e.migPath(id, "request_otp"), map[string]string{"method": "sms"}, partnerMemberA), 200)
	code := e.inboxCode(number)
	wrong := "000000"
	if wrong == code {
		wrong = "111111"
	}
	for left := 4; left >= 1; left-- {
		r := e.do("POST", e.migPath(id, "verify"), map[string]string{"code": wrong}, partnerMemberA)
		if r.Status != 422 || !strings.Contains(string(r.Body), fmt.Sprintf("(%d attempts left)", left)) {
			t.Fatalf("wrong code with %d left: %d %s", left, r.Status, r.Body)
		}
	}
	r := e.do("POST", e.migPath(id, "verify"), map[string]string{"code": wrong}, partnerMemberA)
	checkErrorEnvelope(t, r, 409, "migration_failed")
	// Even the right code is refused now, naming the status.
	r = e.do("POST", e.migPath(id, "verify"), map[string]string{"code": code}, partnerMemberA)
	checkErrorEnvelope(t, r, 409, "invalid_state")
	if !strings.Contains(string(r.Body), "this one is failed") {
		t.Errorf("refusal does not name the status: %s", r.Body)
	}
	m = mustStatus(t, e.do("GET", e.migPath(id), nil, partnerMemberA), 200)
	if m["status"] != "failed" || !strings.Contains(m["reason"].(string), "wrong codes") || m["finished_at"] == nil {
		t.Fatalf("failed migration: %v", m)
	}
	if n := e.eventCount(events.MigrationFailed, e.f.PartnerA.ID, id); n != 1 {
		t.Errorf("%d migration.failed events, want 1", n)
	}
	if n := e.registrationUsed(number); n != 0 {
		t.Errorf("wrong codes counted %d registration attempts", n)
	}
	mustStatus(t, e.do("POST", e.migPath(), map[string]any{"kind": "port_in", "phone_number": number,
		"target_waba_id": mw.verified.ID, "two_step_disabled": true}, partnerMemberA), 201)
}

// TestCancelMigration: created and otp_requested migrations can be cancelled, which
// unlocks the channel; other statuses are refused by name; operators cancel anyone's.
func TestCancelMigration(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	m := mustStatus(t, e.do("POST", e.portalMigPath(), map[string]any{"kind": "waba_move", "channel_id": e.f.ChannelA.ID,
		"target_waba_id": mw.verified.ID, "two_step_disabled": true}, clientAdminA), 201)
	id := m["id"].(string)
	mustStatus(t, e.do("POST", e.portalMigPath(id, "request_otp"), map[string]string{"method": "sms"}, clientAdminA), 200)
	m = mustStatus(t, e.do("POST", e.portalMigPath(id, "cancel"), map[string]string{"reason": "wrong WABA"}, clientAdminA), 200)
	if m["status"] != "cancelled" || !strings.Contains(m["reason"].(string), "wrong WABA") {
		t.Fatalf("cancelled: %v", m)
	}
	if ch := e.channelRow(e.f.ChannelA.ID); ch.LockedBy != nil {
		t.Fatalf("channel still locked by %s", *ch.LockedBy)
	}
	e.run([]scenario{
		{name: "cancel twice", method: "POST", path: e.portalMigPath(id, "cancel"), as: clientAdminA, status: 409, code: "invalid_state",
			contains: []string{"this one is cancelled"}},
		{name: "code for a cancelled migration", method: "POST", path: e.portalMigPath(id, "request_otp"), as: clientAdminA, status: 409,
			body: map[string]string{"method": "sms"}, contains: []string{"cancelled"}},
		{name: "support agents may not cancel", method: "POST", path: "/api/v2/operator/migrations/" + e.f.MigrationA.ID + "/cancel",
			as: supportAgent, status: 403},
		{name: "operators list every tenant's", method: "GET", path: "/api/v2/operator/migrations", as: supportAgent, status: 200,
			contains: []string{id, e.f.MigrationA.ID, `"total":2`}},
		{name: "operator cancels", method: "POST", path: "/api/v2/operator/migrations/" + e.f.MigrationA.ID + "/cancel",
			as: platformAdmin, status: 200, contains: []string{`"status":"cancelled"`, "Cancelled by platform_admin"}},
		{name: "client B cannot see A's", method: "GET", path: "/api/v2/clients/" + e.f.ClientB.ID + "/migrations", as: clientAdminB, status: 200,
			notContains: []string{id}},
	})
	if got := e.events(id); strings.Join(got, ",") != "migration.created,migration.otp_requested,migration.cancelled" {
		t.Errorf("events: %v", got)
	}
}

// TestMigrationExpiry: codes expire after 10 minutes (a new one may be requested), and a
// migration not finished 24 hours after it started expires exactly once — by the sweep,
// or on the spot when someone acts on it first.
func TestMigrationExpiry(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	start := func(number string) string {
		return mustStatus(t, e.do("POST", e.migPath(), map[string]any{"kind": "port_in", "phone_number": number,
			"target_waba_id": mw.verified.ID, "two_step_disabled": true}, partnerAdminA), 201)["id"].(string)
	}
	a, b := start("+4915112346661"), start("+4915112346662")
	mustStatus(t, e.do("POST", e.migPath(a, "request_otp"), map[string]string{"method": "sms"}, partnerAdminA), 200)
	code := e.inboxCode("+4915112346661")
	e.clock.Advance(11 * time.Minute)
	r := e.do("POST", e.migPath(a, "verify"), map[string]string{"code": code}, partnerAdminA)
	checkErrorEnvelope(t, r, 409, "otp_expired")
	mustStatus(t, e.do("POST", e.migPath(a, "request_otp"), map[string]string{"method": "sms"}, partnerAdminA), 200)

	e.clock.Advance(24 * time.Hour)
	e.tokens = map[string]string{}
	// Acting on one first expires it on the spot.
	r = e.do("POST", e.migPath(b, "request_otp"), map[string]string{"method": "sms"}, partnerAdminA)
	checkErrorEnvelope(t, r, 409, "migration_expired")
	n, err := e.hub.Migrations.ExpireDue(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("expiry sweep: %d %v, want 2 (a and the fixture's)", n, err)
	}
	if n, _ := e.hub.Migrations.ExpireDue(context.Background()); n != 0 {
		t.Fatalf("second sweep expired %d", n)
	}
	for _, id := range []string{a, b} {
		m := mustStatus(t, e.do("GET", e.migPath(id), nil, partnerAdminA), 200)
		if m["status"] != "expired" || m["reason"] == "" || m["finished_at"] == nil {
			t.Errorf("%s: %v", id, m)
		}
		if n := e.eventCount(events.MigrationExpired, e.f.PartnerA.ID, id); n != 1 {
			t.Errorf("%s: %d migration.expired events", id, n)
		}
	}
	r = e.do("POST", e.migPath(a, "verify"), map[string]string{"code": code}, partnerAdminA)
	checkErrorEnvelope(t, r, 409, "invalid_state")
}

// TestRegistrationRefusalLeavesTheMigrationWaiting: when the number's registration limit
// refuses the completion, the migration stays otp_requested.
func TestRegistrationRefusalLeavesTheMigrationWaiting(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	const number = "+4915112347771"
	id := mustStatus(t, e.do("POST", e.migPath(), map[string]any{"kind": "port_in", "phone_number": number,
		"target_waba_id": mw.verified.ID, "two_step_disabled": true}, partnerAdminA), 201)["id"].(string)
	mustStatus(t, e.do("POST", e.migPath(id, "request_otp"), map[string]string{"method": "sms"}, partnerAdminA), 200)
	for range registration.Limit {
		if err := e.hub.Registration.Consume(context.Background(), registration.Attempt{PhoneNumber: number, Kind: registration.TestNumberRegistration}); err != nil {
			t.Fatal(err)
		}
	}
	r := e.do("POST", e.migPath(id, "verify"), map[string]string{"code": e.inboxCode(number)}, partnerAdminA)
	checkErrorEnvelope(t, r, 429, registration.CodeLimited)
	if r.Header.Get("Retry-After") != "259200" {
		t.Errorf("Retry-After %q, want 72 h", r.Header.Get("Retry-After"))
	}
	m := mustStatus(t, e.do("GET", e.migPath(id), nil, partnerAdminA), 200)
	if m["status"] != "otp_requested" || m["channel_id"] != nil {
		t.Fatalf("after the refusal: %v", m)
	}
}

// TestMigrationList: the list conventions, filters and their errors.
func TestMigrationList(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	id := mustStatus(t, e.do("POST", e.portalMigPath(), map[string]any{"kind": "port_in", "phone_number": "+4915112348881",
		"target_waba_id": mw.verified.ID, "two_step_disabled": true}, clientAdminA), 201)["id"].(string)
	now := e.clock.Now()
	today, tomorrow := now.Format(time.DateOnly), now.Add(24*time.Hour).Format(time.DateOnly)
	q := func(filters string) string { return e.migPath() + "?filters=" + url.QueryEscape(filters) }
	e.run([]scenario{
		{name: "all", method: "GET", path: e.migPath(), as: partnerMemberA, status: 200, contains: []string{`"total":2`, `"migrations":[`, id, e.f.MigrationA.ID}},
		{name: "portal", method: "GET", path: e.portalMigPath() + "?limit=1&sort=-created_at", as: clientMemberA, status: 200, contains: []string{`"count":1`, `"total":2`}},
		{name: "by phone number", method: "GET", path: q(`{"phone_number":"+4915112348881"}`), as: partnerMemberA, status: 200,
			contains: []string{`"total":1`, id}},
		{name: "by status and kind", method: "GET", path: q(`{"status":"created","kind":"port_in"}`), as: partnerMemberA, status: 200, contains: []string{`"total":2`}},
		{name: "by id", method: "GET", path: q(`{"id":"` + id + `"}`), as: partnerMemberA, status: 200, contains: []string{`"total":1`}},
		{name: "by client", method: "GET", path: q(`{"client_id":"` + e.f.ClientA.ID + `"}`), as: partnerMemberA, status: 200, contains: []string{`"total":2`}},
		{name: "by creation day", method: "GET", path: q(`{"created_at":"` + today + `"}`), as: partnerMemberA, status: 200, contains: []string{`"total":2`, id}},
		{name: "by creation instant", method: "GET", path: q(`{"created_at":"` + now.Format(time.RFC3339) + `"}`), as: partnerMemberA, status: 200,
			contains: []string{`"total":1`, id}},
		{name: "by creation range", method: "GET", path: q(`{"created_at.from":"2000-01-01","created_at.to":"` + today + `"}`), as: partnerMemberA, status: 200,
			contains: []string{`"total":0`}},
		{name: "from tomorrow", method: "GET", path: q(`{"created_at.from":"` + tomorrow + `"}`), as: partnerMemberA, status: 200, contains: []string{`"total":0`}},
		{name: "bad date", method: "GET", path: q(`{"created_at":"yesterday"}`), as: partnerMemberA, status: 400, code: "invalid_list_query",
			contains: []string{"must be a date"}},
		{name: "unknown filter", method: "GET", path: q(`{"colour":"red"}`), as: partnerMemberA, status: 400, code: "invalid_list_query"},
		{name: "unknown sort", method: "GET", path: e.migPath() + "?sort=colour", as: partnerMemberA, status: 400, code: "invalid_list_query"},
		{name: "another partner's client", method: "GET", path: "/api/v2/partners/" + e.f.PartnerB.ID + "/clients/" + e.f.ClientA.ID + "/migrations",
			as: partnerAdminB, status: 404},
	})
}

// TestDisplayNameChangeAndRegistrationLimit: names are checked in words; ten changes in
// 72 hours pass, the eleventh is refused with 429 and Retry-After, and the channel (single
// and in lists) shows blocked_until.
func TestDisplayNameChangeAndRegistrationLimit(t *testing.T) {
	e := newEnv(t)
	p := e.chPath() + "/control/change_display_name"
	portal := e.portalPath() + "/control/change_display_name"
	e.run([]scenario{
		{name: "required", method: "POST", path: p, as: partnerAdminA, status: 422, body: map[string]string{"display_name": "   "},
			contains: []string{"display_name: is required"}},
		{name: "too short", method: "POST", path: p, as: partnerAdminA, status: 422, body: map[string]string{"display_name": " Ab "},
			contains: []string{"display_name: must be 3 to 128 characters long; it has 2"}},
		{name: "too long", method: "POST", path: p, as: partnerAdminA, status: 422, body: map[string]string{"display_name": strings.Repeat("x", 129)}},
		{name: "only digits and punctuation", method: "POST", path: p, as: partnerAdminA, status: 422, body: map[string]string{"display_name": "+49 (151) 123-4"},
			contains: []string{"must contain letters"}},
		{name: "two lines", method: "POST", path: p, as: partnerAdminA, status: 422, body: map[string]string{"display_name": "Blue\nbird"}},
		{name: "support agents are read-only", method: "POST", path: p, as: supportAgent, status: 403, body: map[string]string{"display_name": "Bluebird"}},
	})
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	if n, _ := e.hub.Store.Client.RegistrationAttempt.Query().Count(sys); n != 0 {
		t.Fatalf("refused requests counted %d registration attempts", n)
	}
	for i := 1; i <= registration.Limit; i++ {
		path, as := p, partnerMemberA
		if i%2 == 0 {
			path, as = portal, clientMemberA
		}
		name := fmt.Sprintf("  Bluebird Bakery %d ", i)
		ch := mustStatus(t, e.do("POST", path, map[string]string{"display_name": name}, as), 200)
		if got := ch["setup_info"].(map[string]any)["phone_name"]; got != strings.TrimSpace(name) {
			t.Fatalf("change %d: phone_name %v", i, got)
		}
		if ch["blocked_until"] != nil {
			t.Fatalf("change %d: blocked_until %v", i, ch["blocked_until"])
		}
	}
	r := e.do("POST", p, map[string]string{"display_name": "Bluebird Bakery 10"}, partnerMemberA)
	checkErrorEnvelope(t, r, 409, "display_name_unchanged")
	r = e.do("POST", portal, map[string]string{"display_name": "Bluebird Bakery 11"}, clientAdminA)
	checkErrorEnvelope(t, r, 429, registration.CodeLimited)
	if r.Header.Get("Retry-After") != "259200" {
		t.Fatalf("Retry-After %q, want 259200 (72 h)", r.Header.Get("Retry-After"))
	}
	want := e.clock.Now().Add(registration.Block).UTC().Format(time.RFC3339)
	ch := mustStatus(t, e.do("GET", e.portalPath(), nil, clientAdminA), 200)
	if ch["blocked_until"] != want || ch["setup_info"].(map[string]any)["phone_name"] != "Bluebird Bakery 10" {
		t.Fatalf("channel after the refusal: blocked_until %v (want %s), name %v", ch["blocked_until"], want, ch["setup_info"])
	}
	list := mustStatus(t, e.do("GET", "/api/v2/partners/"+e.f.PartnerA.ID+"/channels", nil, partnerMemberA), 200)
	if got := list["partner_channels"].([]any)[0].(map[string]any)["blocked_until"]; got != want {
		t.Fatalf("list blocked_until %v, want %s", got, want)
	}
	if n := e.eventCount(events.ChannelUpdated, e.f.PartnerA.ID, e.f.ChannelA.ID); n != registration.Limit {
		t.Errorf("%d channel.updated events, want %d", n, registration.Limit)
	}
	// The block ends 72 hours later.
	e.clock.Advance(registration.Block)
	e.tokens = map[string]string{}
	ch = mustStatus(t, e.do("POST", p, map[string]string{"display_name": "Bluebird Bakery 12"}, partnerMemberA), 200)
	if ch["blocked_until"] != nil {
		t.Fatalf("blocked_until after the block: %v", ch["blocked_until"])
	}
}

// TestClientPortalWABAs: a client lists its own WABAs (the onboarding wizard needs it).
func TestClientPortalWABAs(t *testing.T) {
	e := newEnv(t)
	e.run([]scenario{
		{name: "own WABAs", method: "GET", path: "/api/v2/clients/" + e.f.ClientA.ID + "/waba_accounts", as: clientMemberA, status: 200,
			contains: []string{`"waba_accounts":[`, e.f.WABAA.ID, `"number_count":1`}},
		{name: "another client's", method: "GET", path: "/api/v2/clients/" + e.f.ClientA.ID + "/waba_accounts", as: clientAdminB, status: 404},
		{name: "templates of another client's WABA", method: "GET", path: "/api/v2/clients/" + e.f.ClientB.ID + "/waba_accounts/" + e.f.WABAA.ID + "/waba_templates",
			as: clientAdminB, status: 404},
	})
}

// TestPortInOfANumberThatArrivedMeanwhileFails: when the number became active in the hub
// between start and verification, the migration fails with the reason instead of
// spending a registration attempt.
func TestPortInOfANumberThatArrivedMeanwhileFails(t *testing.T) {
	e := newEnv(t)
	mw := e.migrationWorld()
	const number = "+4915112347772"
	id := mustStatus(t, e.do("POST", e.migPath(), map[string]any{"kind": "port_in", "phone_number": number,
		"target_waba_id": mw.verified.ID, "two_step_disabled": true}, partnerAdminA), 201)["id"].(string)
	mustStatus(t, e.do("POST", e.migPath(id, "request_otp"), map[string]string{"method": "sms"}, partnerAdminA), 200)
	e.hub.Store.Client.Channel.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).SetWabaID(e.f.WABAA.ID).
		SetPhoneNumber(number).SetStatus("running").ExecX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	r := e.do("POST", e.migPath(id, "verify"), map[string]string{"code": e.inboxCode(number)}, partnerAdminA)
	checkErrorEnvelope(t, r, 409, "migration_failed")
	m := mustStatus(t, e.do("GET", e.migPath(id), nil, partnerAdminA), 200)
	if m["status"] != "failed" || !strings.Contains(m["reason"].(string), "became active") {
		t.Fatalf("after verify: %v", m)
	}
	if n := e.registrationUsed(number); n != 0 {
		t.Errorf("%d registration attempts spent", n)
	}
}
