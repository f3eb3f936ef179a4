package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/frontend"
	"github.com/partnerhub/partnerhub/handlers"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// testPassword is every fixture user's password.
const testPassword = "correct horse battery"

// cheapHashing keeps argon2id real but small so the suite stays fast.
var cheapHashing = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

// env is one test's running hub: a real database, the real router over real HTTP, two
// tenants of fixtures and a controllable clock.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	hub    *hub.Hub
	server *handlers.Server
	clock  *clock.Manual
	f      fixtures
	tokens map[string]string
}

// fixtures are two tenants (A and B) and platform staff. Users are keyed by name.
type fixtures struct {
	PartnerA, PartnerB *ent.Partner
	ClientA, ClientB   *ent.ClientAccount
	WABAA              *ent.WABA
	ChannelA           *ent.Channel
	LimitRaiseA        *ent.LimitRaiseRequest
	DeliveryA          *ent.WebhookDelivery
	ChannelKeyA        *ent.ChannelAPIKey
	PartnerKeyA        *ent.PartnerAPIKey
	PartnerChangeA     *ent.PartnerChangeRequest // client A asks to move to partner C
	MigrationA         *ent.NumberMigration      // client A ports a number into WABA A
	TemplateA          *ent.WABATemplate         // an approved template of WABA A
	OnboardingA        *ent.OTPChallenge         // client A's pending onboarding number step
	TicketA            *ent.Ticket               // client A's support ticket
	Users              map[string]*ent.User
}

// Fixture user names.
const (
	platformAdmin  = "platform_admin"
	supportAgent   = "support_agent"
	partnerAdminA  = "partner_admin_a"
	partnerMemberA = "partner_member_a"
	clientAdminA   = "client_admin_a"
	clientMemberA  = "client_member_a"
	partnerAdminB  = "partner_admin_b"
	clientAdminB   = "client_admin_b"
	anonymous      = ""
)

func newEnv(t *testing.T) *env { return newEnvWith(t, nil) }

// newEnvWith is newEnv with the hub configuration adjusted by configure.
func newEnvWith(t *testing.T, configure func(*hub.Config)) *env {
	t.Helper()
	ctx := context.Background()
	store := storagetest.Open(t)
	clk := clock.NewManual(testNow)
	cfg := hub.Config{Auth: auth.Config{PasswordParams: cheapHashing}, PublicURL: "https://hub.test", SecretKey: "0Sz0CTXgfJjyLFlo8Zbfk+sP6FVrg2NJgX8Jam+IX9E="}
	cfg.WebhookLookup = fakeWebhookDNS
	if configure != nil {
		configure(&cfg)
	}
	h, err := hub.New(ctx, store, clk, cfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	server, err := handlers.New(h, handlers.Config{}, log, frontend.FS())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.Handler())
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, hub: h, server: server, clock: clk, tokens: map[string]string{}}
	e.f = seedFixtures(t, h)
	return e
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func seedFixtures(t *testing.T, h *hub.Hub) fixtures {
	t.Helper()
	ctx := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := h.Store.Client
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var f fixtures
	var err error
	f.Users = map[string]*ent.User{}
	f.PartnerA, err = db.Partner.Create().SetBrandName("Partner A").SetCountry("DE").
		SetWebhookURL("https://hooks.partner-a.example/events").Save(ctx)
	must(err)
	f.PartnerB, err = db.Partner.Create().SetBrandName("Partner B").SetCountry("BR").Save(ctx)
	must(err)
	f.ClientA, err = db.ClientAccount.Create().SetPartnerID(f.PartnerA.ID).SetName("Client A").Save(ctx)
	must(err)
	f.ClientB, err = db.ClientAccount.Create().SetPartnerID(f.PartnerB.ID).SetName("Client B").Save(ctx)
	must(err)
	f.WABAA, err = db.WABA.Create().SetPartnerID(f.PartnerA.ID).SetClientID(f.ClientA.ID).SetName("WABA A").Save(ctx)
	must(err)
	f.ChannelA, err = db.Channel.Create().SetPartnerID(f.PartnerA.ID).SetClientID(f.ClientA.ID).SetWabaID(f.WABAA.ID).
		SetPhoneNumber("+4915112345678").SetStatus("running").SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: "+4915112345678"}).Save(ctx)
	must(err)
	f.LimitRaiseA, err = db.LimitRaiseRequest.Create().SetPartnerID(f.PartnerA.ID).SetClientID(f.ClientA.ID).SetWabaID(f.WABAA.ID).
		SetRequestedLimit(120).Save(ctx)
	must(err)

	must(events.Emit(ctx, db, events.Event{Name: "fixture.created", PartnerID: f.PartnerA.ID, ObjectType: "partner",
		ObjectID: f.PartnerA.ID, At: h.Clock.Now()}))
	f.DeliveryA, err = db.WebhookDelivery.Query().Where(webhookdelivery.PartnerID(f.PartnerA.ID)).Only(ctx)
	must(err)

	ck, pk := keyformat.Hash(keyformat.New(keyformat.Channel)), keyformat.Hash(keyformat.New(keyformat.Partner))
	f.ChannelKeyA, err = db.ChannelAPIKey.Create().SetChannelID(f.ChannelA.ID).SetPartnerID(f.PartnerA.ID).SetClientID(f.ClientA.ID).
		SetKeyHash(ck[:]).SetHint("aaaa").SetCreatedAt(h.Clock.Now()).SetCreatedByType("system").Save(ctx)
	must(err)
	f.PartnerKeyA, err = db.PartnerAPIKey.Create().SetPartnerID(f.PartnerA.ID).SetName("fixture").SetKeyHash(pk[:]).SetHint("bbbb").
		SetCreatedAt(h.Clock.Now()).Save(ctx)
	must(err)

	partnerC, err := db.Partner.Create().SetBrandName("Partner C").Save(ctx)
	must(err)
	f.PartnerChangeA, err = db.PartnerChangeRequest.Create().SetPartnerID(f.PartnerA.ID).SetClientID(f.ClientA.ID).
		SetTargetPartnerID(partnerC.ID).SetIsFullMigration(true).SetChannelIds([]string{f.ChannelA.ID}).
		SetTermsVersion("2026-11").SetTermsAcceptedAt(h.Clock.Now()).Save(ctx)
	must(err)

	f.MigrationA, err = db.NumberMigration.Create().SetPartnerID(f.PartnerA.ID).SetClientID(f.ClientA.ID).SetKind("port_in").
		SetPhoneNumber("+4915112340000").SetOpenNumber("+4915112340000").SetTargetWabaID(f.WABAA.ID).
		SetTwoStepDisabledConfirmed(true).SetExpiresAt(h.Clock.Now().Add(24 * time.Hour)).
		SetCreatedAt(h.Clock.Now().Add(-time.Hour)).SetModifiedAt(h.Clock.Now().Add(-time.Hour)).Save(ctx)
	must(err)

	f.TemplateA, err = db.WABATemplate.Create().SetPartnerID(f.PartnerA.ID).SetClientID(f.ClientA.ID).SetWabaID(f.WABAA.ID).
		SetName("fixture_update").SetLanguage("en_US").SetCategory("UTILITY").SetStatus("approved").SetStatusChangedAt(h.Clock.Now().Add(-48 * time.Hour)).
		SetComponents([]map[string]any{{"type": "BODY", "text": "Your order has shipped."}}).
		SetCreatedAt(h.Clock.Now().Add(-48 * time.Hour)).SetModifiedAt(h.Clock.Now().Add(-48 * time.Hour)).Save(ctx)
	must(err)

	f.OnboardingA, err = db.OTPChallenge.Create().SetPurpose("onboarding").SetSubjectID(f.ClientA.ID + ":+4915112340001").
		SetPhoneNumber("+4915112340001").SetPartnerID(f.PartnerA.ID).SetClientID(f.ClientA.ID).SetCodeHash([]byte("not a code")).
		SetPayload(map[string]any{"partner_id": f.PartnerA.ID, "waba_id": f.WABAA.ID, "display_name": "Fixture"}).
		SetCreatedAt(h.Clock.Now()).SetExpiresAt(h.Clock.Now().Add(10 * time.Minute)).SetResendAt(h.Clock.Now()).Save(ctx)
	must(err)

	f.TicketA, err = db.Ticket.Create().SetRequesterUserID("fixtureUS").SetRequesterKind("client").SetPartnerID(f.PartnerA.ID).
		SetClientID(f.ClientA.ID).SetSource("hub_chat").SetTopic("other").SetSeverity("standard").SetSubject("Fixture ticket of A").
		SetPlan("basic").SetSupportPackage("standard").SetPolicyVersion(0).SetOpenedAt(h.Clock.Now()).Save(ctx)
	must(err)

	us := users.New(db, h.Clock, cheapHashing)
	mk := func(name string, role tenancy.Role, partner *ent.Partner, client *ent.ClientAccount) {
		t.Helper()
		in := users.NewUser{Email: strings.ReplaceAll(name, "_", "-") + "@test.example", Name: name, Role: string(role), Password: testPassword}
		var u *ent.User
		switch {
		case client != nil:
			u, err = us.CreateClientUser(ctx, partner.ID, client.ID, in)
		case partner != nil:
			u, err = us.CreatePartnerUser(ctx, partner.ID, in)
		default:
			u, err = us.CreatePlatformUser(ctx, in)
		}
		must(err)
		f.Users[name] = u
	}
	mk(platformAdmin, tenancy.PlatformAdmin, nil, nil)
	mk(supportAgent, tenancy.SupportAgent, nil, nil)
	mk(partnerAdminA, tenancy.PartnerAdmin, f.PartnerA, nil)
	mk(partnerMemberA, tenancy.PartnerMember, f.PartnerA, nil)
	mk(clientAdminA, tenancy.ClientAdmin, f.PartnerA, f.ClientA)
	mk(clientMemberA, tenancy.ClientMember, f.PartnerA, f.ClientA)
	mk(partnerAdminB, tenancy.PartnerAdmin, f.PartnerB, nil)
	mk(clientAdminB, tenancy.ClientAdmin, f.PartnerB, f.ClientB)
	return f
}

// response is a finished HTTP exchange.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic map.
func (r *response) JSON(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.Body)
	}
	return m
}

// token signs in as the fixture user called name (once per test) and returns its access token.
func (e *env) token(name string) string {
	e.t.Helper()
	if tok, ok := e.tokens[name]; ok {
		return tok
	}
	u := e.f.Users[name]
	if u == nil {
		e.t.Fatalf("no fixture user %q", name)
	}
	r := e.do(http.MethodPost, "/api/v2/token", map[string]string{"username": u.Email, "password": testPassword}, anonymous)
	if r.Status != http.StatusOK {
		e.t.Fatalf("sign in as %s: %d %s", name, r.Status, r.Body)
	}
	tok, _ := r.JSON(e.t)["access_token"].(string)
	e.tokens[name] = tok
	return tok
}

// do sends a request as the fixture user called as ("" for anonymous). body may be nil, a
// string or []byte (sent raw), or any value (sent as JSON).
func (e *env) do(method, path string, body any, as string, headers ...string) *response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if as != anonymous {
		req.Header.Set("Authorization", "Bearer "+e.token(as))
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return &response{Status: res.StatusCode, Header: res.Header, Body: raw}
}

// scenario is one table-driven API check: a request and what must come back.
type scenario struct {
	name        string
	method      string
	path        string
	body        any
	as          string
	headers     []string
	status      int
	contains    []string
	notContains []string
	code        string // the meta.code of an error
}

func (e *env) run(scenarios []scenario) {
	e.t.Helper()
	for _, sc := range scenarios {
		e.t.Run(sc.name, func(t *testing.T) {
			r := e.do(sc.method, sc.path, sc.body, sc.as, sc.headers...)
			if r.Status != sc.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", sc.method, sc.path, r.Status, sc.status, r.Body)
			}
			for _, s := range sc.contains {
				if !bytes.Contains(r.Body, []byte(s)) {
					t.Errorf("body lacks %q:\n%s", s, r.Body)
				}
			}
			for _, s := range sc.notContains {
				if bytes.Contains(r.Body, []byte(s)) {
					t.Errorf("body must not contain %q:\n%s", s, r.Body)
				}
			}
			if sc.code != "" {
				checkErrorEnvelope(t, r, sc.status, sc.code)
			}
		})
	}
}

// checkErrorEnvelope asserts the Partner API's error envelope with the given status and code.
func checkErrorEnvelope(t *testing.T, r *response, status int, code string) {
	t.Helper()
	var body struct {
		Meta struct {
			Success          *bool    `json:"success"`
			HTTPCode         int      `json:"http_code"`
			DeveloperMessage string   `json:"developer_message"`
			Details          []string `json:"details"`
			Code             string   `json:"code"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("not a meta envelope: %v\n%s", err, r.Body)
	}
	m := body.Meta
	if m.Success == nil || *m.Success || m.HTTPCode != status || m.DeveloperMessage == "" {
		t.Errorf("bad meta envelope (want success=false, http_code=%d, a message):\n%s", status, r.Body)
	}
	if code != "" && m.Code != code {
		t.Errorf("meta.code = %q, want %q\n%s", m.Code, code, r.Body)
	}
}

// fakeWebhookDNS answers webhook host lookups without the network: every name resolves to
// a public address (example.com's), so the URL rules, not DNS, decide.
func fakeWebhookDNS(_ context.Context, host string) ([]netip.Addr, error) {
	return []netip.Addr{netip.MustParseAddr("93.184.216.34")}, nil
}

// testNow is the instant every test hub starts at, whatever day the suite runs on, so no
// expectation can depend on today's date; tests move the manual clock from there.
var testNow = time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
