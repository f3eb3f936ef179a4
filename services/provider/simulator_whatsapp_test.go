package provider_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/phone"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

func newDirectory(t *testing.T) (*provider.Simulator, *clock.Manual) {
	t.Helper()
	st := storagetest.Open(t)
	clk := clock.NewManual(time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC))
	sim := provider.NewSimulator(st.Client, clk)
	if err := sim.EnsureDirectory(context.Background()); err != nil {
		t.Fatal(err)
	}
	return sim, clk
}

func asRole(r tenancy.Role) context.Context {
	return tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "u1", Role: r})
}

func TestDirectorySeedNumbersAreValid(t *testing.T) {
	sim, _ := newDirectory(t)
	users, total, err := sim.ListUsers(asRole(tenancy.SupportAgent), mustQuery(t, listquery.Raw{Limit: "100"}))
	if err != nil || total != 8 {
		t.Fatalf("seed users: %d %v", total, err)
	}
	for _, u := range users {
		if n, err := phone.Normalize("phone_number", u.PhoneNumber); err != nil || n != u.PhoneNumber {
			t.Errorf("%s: %s is not a valid E.164 number: %v", u.Name, u.PhoneNumber, err)
		}
		if !u.Seed {
			t.Errorf("%s is not marked a seed user", u.Name)
		}
	}
}

func mustQuery(t *testing.T, raw listquery.Raw) *listquery.Query {
	t.Helper()
	q, err := listquery.Parse(raw, provider.SimulatedUserListSpec)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestDirectoryLookup(t *testing.T) {
	sim, _ := newDirectory(t)
	ctx := context.Background() // any caller: the lookup reads the directory as the system
	cases := []struct {
		in, waID, name            string
		on, reachable, blocks, rr bool
	}{
		{"+5511987654321", "551187654321", "Ana Souza", true, true, false, true},
		{"5511987654321", "551187654321", "Ana Souza", true, true, false, true},
		{"551187654321", "551187654321", "Ana Souza", true, true, false, true}, // the id without the ninth digit
		{"+55 11 98765-4321", "551187654321", "Ana Souza", true, true, false, true},
		{"+5521998765432", "5521998765432", "Bruno Lima", true, true, false, true},
		{"552198765432", "5521998765432", "Bruno Lima", true, true, false, true}, // Brazilian number typed without the 9
		{"905321234567", "905321234567", "Deniz Yılmaz", true, false, false, true},
		{"+971501234567", "971501234567", "Farah Khan", true, true, true, true},
		{"+5511976543210", "5511976543210", "Gustavo Pereira", false, false, false, false},
		{"00819012345678", "819012345678", "Hiro Tanaka", true, true, false, false},
		{"+4930123456", "4930123456", provider.UnknownUserName, true, true, false, true}, // outside the directory
		{"+999123456", "999123456", "", false, false, false, false},                      // no valid number
	}
	for _, c := range cases {
		u, err := sim.LookupUser(ctx, c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if u.Input != c.in || u.WAID != c.waID || u.Name != c.name || u.OnWhatsApp != c.on || u.Reachable != c.reachable ||
			u.BlocksBusiness != c.blocks || u.ReadReceipts != c.rr {
			t.Errorf("%s: %+v", c.in, u)
		}
	}
	for _, bad := range []string{"", "hello", "+49 abc", "0151123456", "+1234"} {
		if _, err := sim.LookupUser(ctx, bad); apperr.CodeOf(err) != "validation_failed" {
			t.Errorf("%q: %v, want validation_failed", bad, err)
		}
	}
}

func TestDirectoryEnsureIsIdempotentAndConcurrent(t *testing.T) {
	sim, _ := newDirectory(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() { errs <- sim.EnsureDirectory(context.Background()) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	admin := asRole(tenancy.PlatformAdmin)
	if _, total, _ := sim.ListUsers(admin, mustQuery(t, listquery.Raw{})); total != 8 {
		t.Fatalf("%d users after repeated seeding, want 8", total)
	}
	// A deleted seed user comes back at the next start.
	users, _, _ := sim.ListUsers(admin, mustQuery(t, listquery.Raw{Filters: `{"wa_id":"551187654321"}`}))
	if len(users) != 1 {
		t.Fatalf("filter by wa_id: %v", users)
	}
	if err := sim.DeleteUser(admin, users[0].ID); err != nil {
		t.Fatal(err)
	}
	if u, _ := sim.LookupUser(admin, "+5511987654321"); u.Name != provider.UnknownUserName || u.WAID != "5511987654321" {
		t.Fatalf("deleted user still answers: %+v", u)
	}
	if err := sim.EnsureDirectory(context.Background()); err != nil {
		t.Fatal(err)
	}
	if u, _ := sim.LookupUser(admin, "+5511987654321"); u.Name != "Ana Souza" {
		t.Fatalf("seed user not restored: %+v", u)
	}
}

func TestSimulatedUserCRUD(t *testing.T) {
	sim, clk := newDirectory(t)
	admin, agent := asRole(tenancy.PlatformAdmin), asRole(tenancy.SupportAgent)
	yes := true
	// Support agents read the directory but do not change it.
	if _, err := sim.CreateUser(agent, provider.NewSimulatedUser{PhoneNumber: "+5511912345678", Name: "Carla"}); apperr.CodeOf(err) != "forbidden" {
		t.Fatalf("agent creates: %v", err)
	}
	if _, err := sim.CreateUser(asRole(tenancy.PartnerAdmin), provider.NewSimulatedUser{PhoneNumber: "+5511912345678", Name: "Carla"}); apperr.CodeOf(err) != "forbidden" {
		t.Fatalf("partner creates: %v", err)
	}
	clk.Advance(time.Minute)
	carla, err := sim.CreateUser(admin, provider.NewSimulatedUser{PhoneNumber: "+55 11 91234-5678", Name: " Carla Dias ", DropNinthDigit: true,
		Reachable: new(bool), Language: "pt_BR"})
	if err != nil {
		t.Fatal(err)
	}
	if carla.PhoneNumber != "+5511912345678" || carla.WAID != "551112345678" || carla.Name != "Carla Dias" || carla.Reachable ||
		!carla.OnWhatsApp || !carla.ReadReceipts || carla.BlocksBusiness || carla.Seed || !carla.CreatedAt.Equal(clk.Now()) {
		t.Fatalf("created: %+v", carla)
	}
	for name, in := range map[string]provider.NewSimulatedUser{
		"the same number":                   {PhoneNumber: "+5511912345678", Name: "Again"},
		"the number whose id Carla has":     {PhoneNumber: "+551112345678", Name: "Again"},
		"a seed user's number":              {PhoneNumber: "+33612345678", Name: "Again"},
		"Ana's number given with its 9 off": {PhoneNumber: "+5511987654321", Name: "Again"},
	} {
		if _, err := sim.CreateUser(admin, in); apperr.CodeOf(err) != "simulated_user_exists" && apperr.CodeOf(err) != "validation_failed" {
			t.Errorf("%s: %v, want simulated_user_exists", name, err)
		}
	}
	if _, err := sim.CreateUser(admin, provider.NewSimulatedUser{PhoneNumber: "+33612345678", Name: "Again"}); apperr.CodeOf(err) != "simulated_user_exists" {
		t.Errorf("duplicate: %v", err)
	}
	_, err = sim.CreateUser(admin, provider.NewSimulatedUser{PhoneNumber: "+4915199999999", Name: "", DropNinthDigit: true, Language: "German"})
	if e := apperr.As(err); e == nil || e.Code != "validation_failed" || len(e.Details) != 3 {
		t.Fatalf("invalid input: %+v", e)
	}
	if _, err := sim.CreateUser(admin, provider.NewSimulatedUser{PhoneNumber: "12345", Name: "X"}); apperr.CodeOf(err) != "validation_failed" {
		t.Fatalf("bad number: %v", err)
	}
	if u, _ := sim.LookupUser(agent, "+5511912345678"); u.WAID != "551112345678" || u.Reachable || u.Language != "pt_BR" {
		t.Fatalf("lookup of the new user: %+v", u)
	}

	// Made reachable again: the hooks hear of it (messages waiting for Carla move on).
	var resumed []string
	sim.OnReachable(func(_ context.Context, waID string) error { resumed = append(resumed, waID); return nil })
	if _, err := sim.UpdateUser(agent, carla.ID, provider.SimulatedUserChange{Reachable: &yes}); apperr.CodeOf(err) != "forbidden" {
		t.Fatalf("agent updates: %v", err)
	}
	name := "Carla D."
	got, err := sim.UpdateUser(admin, carla.ID, provider.SimulatedUserChange{Name: &name, Reachable: &yes, BlocksBusiness: &yes})
	if err != nil || got.Name != "Carla D." || !got.Reachable || !got.BlocksBusiness || got.WAID != carla.WAID {
		t.Fatalf("updated: %+v %v", got, err)
	}
	if len(resumed) != 1 || resumed[0] != "551112345678" {
		t.Fatalf("reachable hooks: %v", resumed)
	}
	if _, err := sim.UpdateUser(admin, carla.ID, provider.SimulatedUserChange{Reachable: &yes}); err != nil || len(resumed) != 1 {
		t.Fatalf("already reachable: hooks ran again (%v) %v", resumed, err)
	}
	bad := "english"
	if _, err := sim.UpdateUser(admin, carla.ID, provider.SimulatedUserChange{Language: &bad}); apperr.CodeOf(err) != "validation_failed" {
		t.Fatalf("bad language: %v", err)
	}
	if _, err := sim.UpdateUser(admin, "nopeSU", provider.SimulatedUserChange{Name: &name}); apperr.CodeOf(err) != "not_found" {
		t.Fatalf("unknown user: %v", err)
	}
	// Search and sort.
	users, total, err := sim.ListUsers(agent, mustQuery(t, listquery.Raw{Filters: `{"q":"carla"}`}))
	if err != nil || total != 1 || users[0].ID != carla.ID {
		t.Fatalf("search: %v %d %v", users, total, err)
	}
	users, _, _ = sim.ListUsers(agent, mustQuery(t, listquery.Raw{Sort: "-created_at", Limit: "1"}))
	if users[0].ID != carla.ID {
		t.Fatalf("newest first: %v", users)
	}
	// Partner staff cannot read the directory at all.
	if _, _, err := sim.ListUsers(asRole(tenancy.PartnerAdmin), mustQuery(t, listquery.Raw{})); err == nil {
		t.Fatal("a partner admin read the directory")
	}
	if err := sim.DeleteUser(agent, carla.ID); apperr.CodeOf(err) != "forbidden" {
		t.Fatalf("agent deletes: %v", err)
	}
	if err := sim.DeleteUser(admin, carla.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.GetUser(admin, carla.ID); apperr.CodeOf(err) != "not_found" {
		t.Fatalf("deleted: %v", err)
	}
}
