package handlers_test

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"strconv"

	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/handlers"
	"github.com/partnerhub/partnerhub/openapi"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

var update = flag.Bool("update", false, "rewrite docs/PERMISSIONS.md from the route table")

// roleUsers is a fixture user of each role, of tenant A.
var roleUsers = map[tenancy.Role]string{
	tenancy.PlatformAdmin: platformAdmin, tenancy.SupportAgent: supportAgent,
	tenancy.PartnerAdmin: partnerAdminA, tenancy.PartnerMember: partnerMemberA,
	tenancy.ClientAdmin: clientAdminA, tenancy.ClientMember: clientMemberA,
}

// TestPermissionsDocIsCurrent keeps docs/PERMISSIONS.md the route table's (go test
// ./handlers -run PermissionsDoc -update rewrites it; make generate does too).
func TestPermissionsDocIsCurrent(t *testing.T) {
	want := handlers.PermissionsMarkdown(handlers.RouteTable())
	if *update {
		if err := os.WriteFile("../docs/PERMISSIONS.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("../docs/PERMISSIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatal("docs/PERMISSIONS.md is stale: run make generate (or go test ./handlers -run PermissionsDoc -update)")
	}
}

// TestRouteTableIsTheRouter proves the table records every route the engine serves, once.
func TestRouteTableIsTheRouter(t *testing.T) {
	e := newEnv(t)
	var table, engine []string
	for _, r := range e.server.Table() {
		table = append(table, r.Method+" "+r.Path)
	}
	for _, r := range e.server.Routes() {
		engine = append(engine, r.Method+" "+r.Path)
	}
	slices.Sort(table)
	slices.Sort(engine)
	if !slices.Equal(table, engine) {
		t.Fatalf("route table and engine differ:\ntable  %v\nengine %v", table, engine)
	}
	if len(slices.Compact(slices.Clone(table))) != len(table) {
		t.Fatal("a route is recorded twice")
	}
}

// TestOpenAPISecurityIsTheRouteTable proves every operation's security requirement, roles
// and key scopes in the committed document are the route table's.
func TestOpenAPISecurityIsTheRouteTable(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Security  []map[string][]string `json:"security"`
			Roles     []string              `json:"x-roles"`
			KeyScopes []string              `json:"x-key-scopes"`
		} `json:"paths"`
		SecurityDefinitions map[string]json.RawMessage `json:"securityDefinitions"`
	}
	if err := json.Unmarshal(openapi.SwaggerJSON, &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{handlers.SchemeBearer, handlers.SchemePartnerKey, handlers.SchemeChannelKey} {
		if doc.SecurityDefinitions[s] == nil {
			t.Errorf("securityDefinitions lacks %s", s)
		}
	}
	for _, r := range handlers.RouteTable() {
		if !r.Documented() {
			continue
		}
		op, ok := doc.Paths[r.SpecPath()][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s %s is not documented", r.Method, r.SpecPath())
			continue
		}
		var schemes []string
		for _, alt := range op.Security {
			for s := range alt {
				schemes = append(schemes, s)
			}
		}
		if !slices.Equal(schemes, r.Security()) {
			t.Errorf("%s %s: security %v, the guards say %v (run make generate)", r.Method, r.SpecPath(), schemes, r.Security())
		}
		var roles []string
		for _, role := range r.Roles {
			roles = append(roles, string(role))
		}
		if r.Auth == handlers.AuthSignedIn && (!slices.Equal(op.Roles, roles) || !slices.Equal(op.KeyScopes, r.KeyScopes())) {
			t.Errorf("%s %s: x-roles %v x-key-scopes %v, the guards say %v %v", r.Method, r.SpecPath(), op.Roles, op.KeyScopes, roles, r.KeyScopes())
		}
	}
}

// TestRolesOutsideTheTableAreRefused calls every signed-in operation, on tenant A's own
// objects, as each role the table does not list: each is refused with 403 before anything
// changes, so the table (and docs/PERMISSIONS.md) never claims less than the guards do.
func TestRolesOutsideTheTableAreRefused(t *testing.T) {
	e := newEnv(t)
	for _, r := range e.server.Table() {
		if r.Auth != handlers.AuthSignedIn {
			continue
		}
		path, _ := e.pathOfA(r.Path)
		for _, role := range tenancy.Roles {
			if r.Allows(role) {
				continue
			}
			t.Run(r.Method+" "+r.Path+" as "+string(role), func(t *testing.T) {
				e.token(roleUsers[role]) // signing in touches the user's row
				before := tenantASnapshot(t, e)
				res := e.do(r.Method, path, tenancyCases[r.Method+" "+r.Path].body, roleUsers[role])
				if res.Status != http.StatusForbidden {
					t.Errorf("status %d, want 403\n%.300s", res.Status, res.Body)
				}
				checkErrorEnvelope(t, res, res.Status, "")
				if tenantASnapshot(t, e) != before {
					t.Error("tenant A's data changed")
				}
			})
		}
	}
}

// TestAPIKeysMayNotManagePeople calls every people-only operation with a full-scope
// partner API key of the same partner: each is 403 session_required, so a leaked key
// cannot create users, mint keys, change passwords or end sessions.
func TestAPIKeysMayNotManagePeople(t *testing.T) {
	e := newEnv(t)
	key := e.partnerKey(t, "full")
	read := e.partnerKey(t, "read")
	n := 0
	for _, r := range e.server.Table() {
		if r.Auth != handlers.AuthSignedIn {
			continue
		}
		path, _ := e.pathOfA(r.Path)
		if !r.HumanOnly {
			// The control: a key the table admits is not refused as a key.
			if scopes := r.KeyScopes(); slices.Contains(scopes, "read") && r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/api/v2/partners/") {
				if res := e.do(r.Method, path, nil, anonymous, "X-API-Key", read); res.Status == 403 || res.Status == 401 {
					t.Errorf("%s %s refuses a read key the table admits: %d %s", r.Method, r.Path, res.Status, res.Body)
				}
			}
			continue
		}
		n++
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			before := tenantASnapshot(t, e)
			res := e.do(r.Method, path, tenancyCases[r.Method+" "+r.Path].body, anonymous, "X-API-Key", key)
			want := "session_required"
			if !r.Allows(tenancy.PartnerAdmin) {
				want = "forbidden" // refused by role before the key is even considered
			}
			checkErrorEnvelope(t, res, http.StatusForbidden, want)
			if tenantASnapshot(t, e) != before {
				t.Error("tenant A's data changed")
			}
		})
	}
	if n < 8 {
		t.Fatalf("only %d people-only routes: the table lost humanOnly", n)
	}
}

// partnerKey issues a partner API key of tenant A with scope, as A's admin.
func (e *env) partnerKey(t *testing.T, scope string) string {
	t.Helper()
	r := e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/api_keys",
		map[string]any{"name": "probe " + scope, "scope": scope, "password": testPassword}, partnerAdminA)
	if r.Status != http.StatusCreated {
		t.Fatalf("issue a %s key: %d %s", scope, r.Status, r.Body)
	}
	return r.JSON(t)["api_key"].(string)
}

// bObjects are tenant B's own objects, one of each kind a path can name.
type bObjects struct {
	waba, channel, pcr, limitRaise, migration, user, partnerKey, channelKey, delivery, signup, ticket string
}

// seedB gives partner B one object of every kind, including a partner change request of
// client B asking to move to partner A (the request partner B must not decide).
func seedB(t *testing.T, e *env) bObjects {
	t.Helper()
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := e.hub.Store.Client
	now := e.clock.Now()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	pb, cb := e.f.PartnerB.ID, e.f.ClientB.ID
	w, err := db.WABA.Create().SetPartnerID(pb).SetClientID(cb).SetName("WABA B").Save(ctx)
	must(err)
	ch, err := db.Channel.Create().SetPartnerID(pb).SetClientID(cb).SetWabaID(w.ID).SetPhoneNumber("+5511912345678").
		SetStatus("running").SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: "+5511912345678"}).Save(ctx)
	must(err)
	pcr, err := db.PartnerChangeRequest.Create().SetPartnerID(pb).SetClientID(cb).SetTargetPartnerID(e.f.PartnerA.ID).
		SetIsFullMigration(true).SetChannelIds([]string{ch.ID}).SetTermsVersion("2026-11").SetTermsAcceptedAt(now).Save(ctx)
	must(err)
	lr, err := db.LimitRaiseRequest.Create().SetPartnerID(pb).SetClientID(cb).SetWabaID(w.ID).SetRequestedLimit(120).Save(ctx)
	must(err)
	mig, err := db.NumberMigration.Create().SetPartnerID(pb).SetClientID(cb).SetKind("port_in").SetPhoneNumber("+5511912340000").
		SetOpenNumber("+5511912340000").SetTargetWabaID(w.ID).SetTwoStepDisabledConfirmed(true).SetExpiresAt(now.Add(24 * time.Hour)).Save(ctx)
	must(err)
	ck, pk := keyformat.Hash(keyformat.New(keyformat.Channel)), keyformat.Hash(keyformat.New(keyformat.Partner))
	cKey, err := db.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(pb).SetClientID(cb).SetKeyHash(ck[:]).SetHint("cccc").
		SetCreatedAt(now).SetCreatedByType("system").Save(ctx)
	must(err)
	pKey, err := db.PartnerAPIKey.Create().SetPartnerID(pb).SetName("fixture B").SetKeyHash(pk[:]).SetHint("dddd").SetCreatedAt(now).Save(ctx)
	must(err)
	signup, err := db.OTPChallenge.Create().SetPurpose("onboarding").SetSubjectID(cb + ":+5511912340001").
		SetPhoneNumber("+5511912340001").SetPartnerID(pb).SetClientID(cb).SetCodeHash([]byte("not a code")).
		SetPayload(map[string]any{"partner_id": pb, "waba_id": w.ID, "display_name": "Fixture B"}).
		SetCreatedAt(now).SetExpiresAt(now.Add(10 * time.Minute)).SetResendAt(now).Save(ctx)
	must(err)
	tk, err := db.Ticket.Create().SetRequesterUserID(e.f.Users[clientAdminB].ID).SetRequesterKind("client").SetPartnerID(pb).
		SetClientID(cb).SetSource("hub_chat").SetTopic("other").SetSeverity("standard").SetSubject("Fixture ticket of B").
		SetPlan("basic").SetSupportPackage("standard").SetPolicyVersion(0).SetOpenedAt(now).Save(ctx)
	must(err)
	must(db.Partner.UpdateOneID(pb).SetWebhookURL("https://hooks.partner-b.example/events").Exec(ctx))
	must(events.Emit(ctx, db, events.Event{Name: "fixture.created", PartnerID: pb, ObjectType: "partner", ObjectID: pb, At: now}))
	dl, err := db.WebhookDelivery.Query().Where(webhookdelivery.PartnerID(pb)).First(ctx)
	must(err)
	return bObjects{waba: w.ID, channel: ch.ID, pcr: pcr.ID, limitRaise: lr.ID, migration: mig.ID,
		user: e.f.Users[partnerAdminB].ID, partnerKey: pKey.ID, channelKey: cKey.ID,
		delivery: strconv.FormatInt(dl.ID, 10), signup: signup.ID, ticket: tk.ID}
}

// pathWith fills route's parameters with B's objects, except the tenant parameter
// (partner_id or client_id), which names tenant A.
func (o bObjects) pathWith(route, tenantParam, tenantA string, e *env) string {
	params := map[string]string{
		":partner_id": e.f.PartnerB.ID, ":client_id": e.f.ClientB.ID, ":channel_id": o.channel, ":waba_id": o.waba,
		":request_id": o.limitRaise, ":pcr_id": o.pcr, ":delivery_id": o.delivery, ":migration_id": o.migration,
		":signup_id": o.signup, ":ticket_id": o.ticket, ":user_id": o.user, ":key_id": o.partnerKey, ":article_id": "noSuchArticleKB",
	}
	if strings.Contains(route, "partner_change_requests") {
		params[":request_id"] = o.pcr
	}
	if strings.Contains(route, "/channels/") {
		params[":key_id"] = o.channelKey
	}
	params[tenantParam] = tenantA
	path := route
	for p, id := range params {
		path = strings.ReplaceAll(path, p, id)
	}
	return path
}

// TestPathTenantIsTheCallers enumerates every route naming a {partner_id} and calls it as
// partner B's admin (and, where keys are admitted, B's partner API key) with partner A's id
// in the path and B's own objects everywhere else: a handler that checked the path against
// the object instead of against the caller would act for B under A's name. Every method
// must answer 404 or 403 and change nothing of either tenant. The same for {client_id}
// routes with client B's admin and client A's id.
func TestPathTenantIsTheCallers(t *testing.T) {
	e := newEnv(t)
	o := seedB(t, e)
	keyB := e.do("POST", "/api/v2/partners/"+e.f.PartnerB.ID+"/api_keys",
		map[string]any{"name": "probe", "password": testPassword}, partnerAdminB)
	if keyB.Status != http.StatusCreated {
		t.Fatalf("B's key: %d %s", keyB.Status, keyB.Body)
	}
	bKey := keyB.JSON(t)["api_key"].(string)
	snapshot := func() string {
		return tenantSnapshot(t, e, e.f.PartnerA.ID) + tenantSnapshot(t, e, e.f.PartnerB.ID)
	}
	e.token(partnerAdminB)
	e.token(clientAdminB)
	partnerRoutes, clientRoutes := 0, 0
	for _, r := range e.server.Table() {
		var path, as string
		switch {
		case strings.Contains(r.Path, ":partner_id") && r.Auth == handlers.AuthSignedIn:
			path, as = o.pathWith(r.Path, ":partner_id", e.f.PartnerA.ID, e), partnerAdminB
			partnerRoutes++
		case strings.HasPrefix(r.Path, "/api/v2/clients/:client_id"):
			path, as = o.pathWith(r.Path, ":client_id", e.f.ClientA.ID, e), clientAdminB
			clientRoutes++
		default:
			continue
		}
		body := tenancyCases[r.Method+" "+r.Path].body
		t.Run(r.Method+" "+r.Path, func(t *testing.T) {
			before := snapshot()
			res := e.do(r.Method, path, body, as)
			if res.Status != http.StatusNotFound && res.Status != http.StatusForbidden {
				t.Errorf("as %s: status %d, want 404 or 403\n%.300s", as, res.Status, res.Body)
			}
			if len(r.KeyScopes()) > 0 {
				if res := e.do(r.Method, path, body, anonymous, "X-API-Key", bKey); res.Status != http.StatusNotFound && res.Status != http.StatusForbidden {
					t.Errorf("as B's API key: status %d, want 404 or 403\n%.300s", res.Status, res.Body)
				}
			}
			if snapshot() != before {
				t.Error("a tenant's data changed")
			}
		})
	}
	if partnerRoutes < 40 || clientRoutes < 20 {
		t.Fatalf("only %d partner and %d client routes enumerated", partnerRoutes, clientRoutes)
	}
}

// TestSourcePartnerSeesButDoesNotDecide: client B asks to move to partner A. Partner B (the
// partner being left) sees the request but may not approve or reject it, under its own
// path or A's; partner A's admin decides.
func TestSourcePartnerSeesButDoesNotDecide(t *testing.T) {
	e := newEnv(t)
	o := seedB(t, e)
	own := "/api/v2/partners/" + e.f.PartnerB.ID + "/selective_partner_change_requests/" + o.pcr
	other := "/api/v2/partners/" + e.f.PartnerA.ID + "/selective_partner_change_requests/" + o.pcr
	if r := e.do("GET", own, nil, partnerAdminB); r.Status != 200 {
		t.Fatalf("source partner cannot see the request: %d %s", r.Status, r.Body)
	}
	for _, action := range []string{"/approve", "/reject"} {
		body := map[string]any{"reason": "we want to keep them"}
		checkErrorEnvelope(t, e.do("POST", own+action, body, partnerAdminB), http.StatusForbidden, "outgoing_request")
		checkErrorEnvelope(t, e.do("POST", other+action, body, partnerAdminB), http.StatusNotFound, "not_found")
	}
	checkErrorEnvelope(t, e.do("POST", other+"/approve", map[string]any{"reason": "x"}, partnerMemberA), http.StatusForbidden, "forbidden")
	if r := e.do("POST", other+"/reject", map[string]any{"reason": "not now"}, partnerAdminA); r.Status != 200 {
		t.Fatalf("destination admin cannot decide: %d %s", r.Status, r.Body)
	}
}
