package support_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/tickettimer"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// desk is a support service on a test database with one partner, client, client user and
// support agent.
type desk struct {
	store   *storage.Store
	svc     *support.Service
	clock   *clock.Manual
	client  context.Context // as the client user
	agent   context.Context // as the support agent
	partner *ent.Partner
}

func newDesk(t *testing.T, dsn string, at time.Time) *desk {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	db := st.Client
	p := db.Partner.Create().SetBrandName("Desk Partner").SetWebhookURL("https://hooks.desk.example/").SaveX(sys)
	c := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Desk Client").SaveX(sys)
	u := db.User.Create().SetEmail("requester@desk.example").SetRole("client_admin").SetPasswordHash("x").
		SetPartnerID(p.ID).SetClientID(c.ID).SaveX(sys)
	a := db.User.Create().SetEmail("agent@desk.example").SetRole("support_agent").SetPasswordHash("x").SaveX(sys)
	clk := clock.NewManual(at)
	return &desk{store: st, svc: support.New(db, st.SQL(), clk, nil), clock: clk, partner: p,
		client: tenancy.NewContext(ctx, &tenancy.Viewer{UserID: u.ID, Role: tenancy.ClientAdmin, PartnerID: p.ID, ClientID: c.ID}),
		agent:  tenancy.NewContext(ctx, &tenancy.Viewer{UserID: a.ID, Role: tenancy.SupportAgent})}
}

// TestTwoRecordersRecordEachWarningAndBreachExactlyOnce: tickets opened three days ago
// (in database time every instant has come) are recorded by two services on two
// connection pools of one database, racing. Every (ticket, metric, cycle, kind) is
// recorded once, with one event; a timer met before its warning records nothing.
func TestTwoRecordersRecordEachWarningAndBreachExactlyOnce(t *testing.T) {
	dsn := storagetest.DSN(t)
	opened := time.Now().UTC().Add(-72 * time.Hour).Truncate(time.Second)
	d := newDesk(t, dsn, opened)
	const tickets = 60
	var ids []string
	for i := range tickets {
		op, err := d.svc.Open(d.client, support.OpenRequest{Topic: "other", Subject: fmt.Sprintf("Ticket %d", i),
			Description: "Something does not work as documented.", ConfirmNew: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, op.Ticket.ID)
	}
	// Every third ticket is answered an hour after opening: before its warning (19 h 12 m).
	d.clock.Set(opened.Add(time.Hour))
	met := map[string]bool{}
	for i := 0; i < tickets; i += 3 {
		if _, err := d.svc.Reply(d.agent, ids[i], support.ReplyRequest{Body: "On it."}); err != nil {
			t.Fatal(err)
		}
		met[ids[i]] = true
	}

	other, err := storage.Open(context.Background(), dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	recorders := []*support.Service{d.svc, support.New(other.Client, other.SQL(), clock.Real{}, nil)}
	for _, r := range recorders {
		support.SetRecordBatch(r, 7) // small batches: the two interleave
	}
	// A record that another instance wrote first (here: by hand) is not written or
	// announced again; its timer is simply cleared.
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	db := d.store.Client
	pre := db.TicketSLARecord.Create().SetTicketID(ids[1]).SetPartnerID(d.partner.ID).SetMetric("resolution").SetCycle(1).
		SetKind("warning").SetIntendedAt(opened).SetRecordedAt(opened).SetRecordedBy("elsewhere").SaveX(sys)
	var wg sync.WaitGroup
	start := make(chan struct{})
	counts := make([]int, 2)
	for i, r := range recorders {
		wg.Go(func() {
			<-start
			for {
				n, err := r.RecordDue(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				counts[i] += n
				if n == 0 {
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()

	want := -1 // the record written by hand
	for _, id := range ids {
		want += 2 // resolution warning and breach
		if !met[id] {
			want += 2 // first-response warning and breach
		}
	}
	t.Logf("recorder A recorded %d, recorder B %d", counts[0], counts[1])
	if counts[0]+counts[1] != want {
		t.Errorf("recorders report %d + %d records, want %d", counts[0], counts[1], want)
	}
	records := db.TicketSLARecord.Query().AllX(sys)
	seen := map[string]bool{}
	for _, r := range records {
		key := fmt.Sprintf("%s/%s/%d/%s", r.TicketID, r.Metric, r.Cycle, r.Kind)
		if seen[key] {
			t.Errorf("recorded twice: %s", key)
		}
		if r.ID == pre.ID {
			continue
		}
		seen[key] = true
		if met[r.TicketID] && r.Metric == "first_response" {
			t.Errorf("a first response met before its warning was recorded: %s", key)
		}
		if r.RecordedAt.Before(r.IntendedAt) {
			t.Errorf("%s recorded at %s, before its instant %s", key, r.RecordedAt, r.IntendedAt)
		}
	}
	if len(records) != want+1 {
		t.Errorf("%d records, want %d", len(records), want)
	}
	evs := db.Event.Query().Where(event.EventIn("ticket.sla_warning", "ticket.sla_breached")).AllX(sys)
	perKey := map[string]int{}
	for _, e := range evs {
		kind := map[string]string{"ticket.sla_warning": "warning", "ticket.sla_breached": "breach"}[e.Event]
		perKey[fmt.Sprintf("%s/%v/%v/%s", e.ObjectID, e.Data["metric"], e.Data["cycle"], kind)]++
	}
	if len(evs) != want || len(perKey) != want {
		t.Errorf("%d events over %d keys, want %d each", len(evs), len(perKey), want)
	}
	if perKey[fmt.Sprintf("%s/resolution/1/warning", ids[1])] != 0 {
		t.Error("the record written elsewhere was announced again")
	}
	for k, n := range perKey {
		if n != 1 || !seen[k] {
			t.Errorf("event key %s: %d events, recorded %v", k, n, seen[k])
		}
	}
	if n := db.TicketTimer.Query().Where(tickettimer.Or(tickettimer.NextWarningAtNotNil(), tickettimer.NextBreachAtNotNil())).CountX(sys); n != 0 {
		t.Errorf("%d timers still have work", n)
	}
	// The deliveries to the partner's webhook exist once per event.
	if n := db.WebhookDelivery.Query().CountX(sys); n < want {
		t.Errorf("%d webhook deliveries, want at least %d", n, want)
	}
	if n, err := recorders[1].RecordDue(context.Background()); n != 0 || err != nil {
		t.Errorf("a second pass recorded %d (%v)", n, err)
	}
}

// TestRecorderUsesDatabaseTime: a timer due in the future (by the database's clock) is not
// recorded, whatever the service's own clock says.
func TestRecorderUsesDatabaseTime(t *testing.T) {
	d := newDesk(t, storagetest.DSN(t), time.Now().UTC().Truncate(time.Second))
	if _, err := d.svc.Open(d.client, support.OpenRequest{Topic: "other", Subject: "Now", Description: "Something does not work as documented."}); err != nil {
		t.Fatal(err)
	}
	d.clock.Advance(1000 * time.Hour) // the process clock is far ahead; the database is not
	if n, err := d.svc.RecordDue(context.Background()); n != 0 || err != nil {
		t.Fatalf("recorded %d (%v) before anything was due in database time", n, err)
	}
	dbNow, err := d.svc.DBNow(context.Background(), d.store.Client)
	if err != nil || time.Since(dbNow).Abs() > 5*time.Second {
		t.Errorf("database time %s (%v), process time %s", dbNow, err, time.Now())
	}
}
