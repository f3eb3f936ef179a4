package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// TestSLARecordedExactlyOnceByTwoInstances runs two partnerhub processes on one
// PostgreSQL. A policy saved through instance A gives hub tickets a 20 s first response
// (warning at 10 s) and a 30 s resolution (warning at 15 s); 1 000 tickets opened through
// both instances therefore have 4 000 warnings and breaches due within the next minute.
// Each must be recorded exactly once — by the unique key and by the events — and within
// 5 s of its instant, by database time.
func TestSLARecordedExactlyOnceByTwoInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two processes")
	}
	if !storagetest.Postgres() {
		t.Skip("several instances share a PostgreSQL database; SQLite serves one process")
	}
	const tickets = 1000
	ctx := context.Background()
	dsn := storagetest.DSN(t)
	st, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Seed data for the test (partner, client, users), written as the operator's setup,
	// outside any viewer's tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	db := st.Client
	p := db.Partner.Create().SetBrandName("SLA Instances").SaveX(sys)
	c := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("C").SaveX(sys)
	const pw = "two instance password"
	us := users.New(db, clock.Real{}, auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1})
	if _, err := us.CreateClientUser(sys, p.ID, c.ID, users.NewUser{Email: "client@sla.example", Role: "client_admin", Password: pw}); err != nil {
		t.Fatal(err)
	}
	if _, err := us.CreatePlatformUser(sys, users.NewUser{Email: "ops@sla.example", Role: "platform_admin", Password: pw}); err != nil {
		t.Fatal(err)
	}
	args := []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--simulator-step", "0", "--log-level", "error"}
	a, b := startChild(t, args...), startChild(t, args...)
	login := func(base, email string) string {
		return postJSON[map[string]any](t, base+"/api/v2/token", "", map[string]string{"username": email, "password": pw})["access_token"].(string)
	}
	ratio := 0.5
	policy := map[string]any{"note": "seconds, for the two-instance test", "policy": map[string]any{"rules": []map[string]any{
		{"metric": "first_response", "target_seconds": 20, "calendar": "always", "when": map[string]any{"source": []string{"hub_chat"}}, "warning_ratio": ratio},
		{"metric": "resolution", "target_seconds": 30, "calendar": "always", "warning_ratio": ratio, "soft": true},
	}}}
	saved := postJSON[map[string]any](t, a.addr+"/api/v2/support/policies", login(a.addr, "ops@sla.example"), policy)
	version := saved["version"].(float64)

	tokens := map[string]string{a.addr: login(a.addr, "client@sla.example"), b.addr: login(b.addr, "client@sla.example")}
	started := time.Now()
	var wg sync.WaitGroup
	work := make(chan int)
	for w := range 8 {
		base := []string{a.addr, b.addr}[w%2]
		wg.Go(func() {
			for i := range work {
				out := postJSON[map[string]any](t, base+"/api/v2/support/tickets", tokens[base], map[string]any{"topic": "other",
					"subject": fmt.Sprintf("ticket %d", i), "description": "Timed in seconds for the two-instance test.", "confirm_new": true})
				if v := out["ticket"].(map[string]any)["policy_version"].(float64); v != version {
					t.Errorf("ticket opened under policy %v, want the live %v", v, version)
				}
			}
		})
	}
	for i := range tickets {
		work <- i
	}
	close(work)
	wg.Wait()
	t.Logf("opened %d tickets in %v", tickets, time.Since(started).Round(time.Millisecond))

	// The last instant is 30 s after the last opening; give the recorders 10 s more.
	const want = 4 * tickets
	deadline := time.Now().Add(40 * time.Second)
	for db.TicketSLARecord.Query().CountX(sys) < want && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(time.Second) // anything recorded twice would show up now

	records := db.TicketSLARecord.Query().AllX(sys)
	if len(records) != want {
		t.Fatalf("%d records, want %d", len(records), want)
	}
	keys := map[string]bool{}
	var lags []time.Duration
	byInstance := map[string]int{}
	for _, r := range records {
		k := fmt.Sprintf("%s/%s/%d/%s", r.TicketID, r.Metric, r.Cycle, r.Kind)
		if keys[k] {
			t.Errorf("recorded twice: %s", k)
		}
		keys[k] = true
		lag := r.RecordedAt.Sub(r.IntendedAt)
		if lag < 0 || lag > 5*time.Second {
			t.Errorf("%s: recorded %v after its instant (must be 0–5 s)", k, lag)
		}
		lags = append(lags, lag)
		byInstance[r.RecordedBy]++
	}
	evs := db.Event.Query().Where(event.EventIn("ticket.sla_warning", "ticket.sla_breached")).AllX(sys)
	perKey := map[string]int{}
	for _, e := range evs {
		kind := map[string]string{"ticket.sla_warning": "warning", "ticket.sla_breached": "breach"}[e.Event]
		raw, _ := json.Marshal(e.Data["cycle"])
		perKey[fmt.Sprintf("%s/%v/%s/%s", e.ObjectID, e.Data["metric"], raw, kind)]++
	}
	if len(evs) != want {
		t.Errorf("%d SLA events, want %d", len(evs), want)
	}
	for k, n := range perKey {
		if n != 1 || !keys[k] {
			t.Errorf("event key %s: %d events (recorded: %v)", k, n, keys[k])
		}
	}
	slices.Sort(lags)
	t.Logf("recorded %d warnings and breaches; lag p50 %v, p99 %v, max %v; per instance %v", len(records),
		lags[len(lags)/2].Round(time.Millisecond), lags[len(lags)*99/100].Round(time.Millisecond), lags[len(lags)-1].Round(time.Millisecond), byInstance)
}
