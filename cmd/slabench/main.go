// Command slabench measures the SLA recorder at scale (docs/BENCHMARKS.md, "SLA timers at
// scale"):
//
//	go run ./cmd/slabench [-db sqlite|postgres|both] [-tickets 100000] [-due 2000]
//	    [-window 20s] [-samples 300] [-keep]
//
// For each database it seeds a fresh one with -tickets open tickets whose timers (computed
// by the real engine from the seeded policy) all lie in the future, then measures:
//
//   - finding due work: the recorder's idle pass (database time, then the indexed
//     next_warning_at / next_breach_at queries, nothing due) and its "when is the next
//     instant" query, with their query plans;
//   - breach-recording latency: -due more tickets whose breach instants are spread over
//     the next -window are added, the recorders run (one on SQLite, two on PostgreSQL, as
//     two instances would), and recorded_at − intended instant (both database time) is
//     reported as p50/p99/max. Every breach must be recorded exactly once.
//
// PostgreSQL needs a server URL in PARTNERHUB_TEST_POSTGRES (.ci/with-postgres.sh sets
// one); each run creates its own database on it and drops it at the end (unless -keep).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/tickettimer"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

const envPostgres = "PARTNERHUB_TEST_POSTGRES"

type options struct {
	db          string
	tickets     int
	due         int
	window      time.Duration
	samples     int
	keep        bool
	postgresURL string
	out         io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "slabench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o := options{out: out, postgresURL: os.Getenv(envPostgres)}
	fs := flag.NewFlagSet("slabench", flag.ContinueOnError)
	fs.StringVar(&o.db, "db", "both", "sqlite, postgres or both")
	fs.IntVar(&o.tickets, "tickets", 100_000, "open tickets to seed")
	fs.IntVar(&o.due, "due", 2000, "tickets whose breaches fall in the measured window")
	fs.DurationVar(&o.window, "window", 20*time.Second, "the window the measured breaches are spread over")
	fs.IntVar(&o.samples, "samples", 300, "samples of each due-work query")
	fs.BoolVar(&o.keep, "keep", false, "keep the database (the name is printed)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dbs := []string{o.db}
	if o.db == "both" {
		dbs = []string{"sqlite", "postgres"}
	}
	fmt.Fprintf(out, "slabench: %d open tickets, %d breaches over %v; %s, %d CPU, %s\n", o.tickets, o.due, o.window,
		cpuModel(), runtime.NumCPU(), runtime.Version())
	for _, db := range dbs {
		if db == "postgres" && o.postgresURL == "" {
			if o.db == "both" {
				fmt.Fprintln(out, "postgres: skipped (no "+envPostgres+"; run under .ci/with-postgres.sh)")
				continue
			}
			return fmt.Errorf("postgres needs %s", envPostgres)
		}
		if err := bench(ctx, db, o); err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
	}
	return nil
}

func bench(ctx context.Context, db string, o options) error {
	store, version, cleanup, err := benchkit.OpenFresh(ctx, db, "slabench", o.postgresURL, o.keep, o.out)
	if err != nil {
		return err
	}
	defer cleanup()
	fmt.Fprintf(o.out, "\n== %s (load %s)\n", version, loadAvg())
	svc := support.New(store.Client, store.SQL(), clock.Real{}, nil)
	// The benchmark's seed data (a partner, its clients and their tickets) and its
	// measurements belong to no viewer.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	now, err := svc.DBNow(ctx, store.Client)
	if err != nil {
		return err
	}

	start := time.Now()
	p := store.Client.Partner.Create().SetBrandName("Bench partner").SaveX(sys)
	var clients []*ent.ClientAccount
	for i := range 100 {
		plan := []string{"basic", "regular", "premium"}[i%3]
		clients = append(clients, store.Client.ClientAccount.Create().SetPartnerID(p.ID).SetName(fmt.Sprintf("Client %d", i)).
			SetPlan(clientaccount.Plan(plan)).SaveX(sys))
	}
	// Opened in the last 20 minutes (but not the last one): with the seeded policy the
	// earliest instant is a premium client's 24-minute warning, well after the measurement.
	rng := mrand.New(mrand.NewPCG(1, 2))
	seeded, err := seed(ctx, store.Client, p.ID, clients, o.tickets, func(int) (time.Time, []support.TimerState) {
		opened := now.Add(-time.Minute - time.Duration(rng.Int64N(int64(19*time.Minute)))).Truncate(time.Second)
		return opened, nil
	}, rng)
	if err != nil {
		return err
	}
	fmt.Fprintf(o.out, "seeded %d open tickets with %d timers in %v\n", o.tickets, seeded, time.Since(start).Round(time.Millisecond))
	if db == "postgres" {
		if _, err := store.DB.ExecContext(ctx, "ANALYZE"); err != nil {
			return err
		}
	}

	// Finding due work when nothing is due.
	idle := sample(o.samples, func() error {
		n, err := svc.RecordDue(ctx)
		if n != 0 {
			return fmt.Errorf("recorded %d while nothing was due", n)
		}
		return err
	})
	next := sample(o.samples, func() error { _, err := svc.NextInstant(ctx); return err })
	if idle.err != nil || next.err != nil {
		return errors.Join(idle.err, next.err)
	}
	fmt.Fprintf(o.out, "find due work (idle recorder pass: database time + 2 indexed queries, nothing due): p50 %s  p99 %s  max %s\n",
		fmtDur(idle.p(50)), fmtDur(idle.p(99)), fmtDur(idle.max()))
	fmt.Fprintf(o.out, "next pending instant (2 indexed queries):                                    p50 %s  p99 %s  max %s\n",
		fmtDur(next.p(50)), fmtDur(next.p(99)), fmtDur(next.max()))
	if err := explain(ctx, store, db, now, o.out); err != nil {
		return err
	}

	// Breach-recording latency: breaches spread over the window, starting 3 s from now.
	now, err = svc.DBNow(ctx, store.Client)
	if err != nil {
		return err
	}
	from := now.Add(3 * time.Second)
	step := o.window / time.Duration(max(o.due, 1))
	if _, err := seed(ctx, store.Client, p.ID, clients, o.due, func(i int) (time.Time, []support.TimerState) {
		due := from.Add(time.Duration(i) * step).Truncate(time.Millisecond)
		return due.Add(-time.Hour), []support.TimerState{{Metric: sla.FirstResponse, Cycle: 1, StartedAt: due.Add(-time.Hour),
			Target: time.Hour, Calendar: "always", DueAt: &due}}
	}, rng); err != nil {
		return err
	}
	instances := 1
	if db == "postgres" {
		instances = 2
	}
	rctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range instances {
		other, err := storage.Open(ctx, store.DSN, storage.Options{SkipMigrations: true})
		if err != nil {
			cancel()
			return err
		}
		defer other.Close()
		r := support.New(other.Client, other.SQL(), clock.Real{}, nil)
		wg.Go(func() { r.RunRecorder(rctx) })
	}
	deadline := time.Now().Add(3*time.Second + o.window + 10*time.Second)
	for time.Now().Before(deadline) {
		if n := store.Client.TicketSLARecord.Query().CountX(sys); n >= o.due {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	records := store.Client.TicketSLARecord.Query().AllX(sys)
	if len(records) != o.due {
		return fmt.Errorf("%d breaches recorded, want %d exactly", len(records), o.due)
	}
	var lags []time.Duration
	by := map[string]int{}
	for _, r := range records {
		lags = append(lags, r.RecordedAt.Sub(r.IntendedAt))
		by[r.RecordedBy]++
	}
	slices.Sort(lags)
	rank := func(p int) time.Duration { return lags[min(len(lags)-1, len(lags)*p/100)] }
	left := store.Client.TicketTimer.Query().Where(tickettimer.NextBreachAtNotNil()).CountX(sys)
	fmt.Fprintf(o.out, "breach recording (%d breaches over %v, %d recorder(s), %d other open tickets): recorded_at − due p50 %s  p99 %s  max %s; per recorder %v; %d timers with breach work left (the seeded ones, all in the future)\n",
		o.due, o.window, instances, o.tickets, fmtDur(rank(50)), fmtDur(rank(99)), fmtDur(lags[len(lags)-1]), counts(by), left)
	return nil
}

// seed inserts n open hub tickets in bulk with their history and timers. instants gives a
// ticket's opening and, optionally, its timers; without them the seeded policy computes
// them (support.Timers), as the service would.
func seed(ctx context.Context, db *ent.Client, partnerID string, clients []*ent.ClientAccount, n int,
	instants func(i int) (time.Time, []support.TimerState), rng *mrand.Rand) (int, error) {
	// Seed data of the benchmark, written in bulk as no viewer.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	policy := sla.DefaultPolicy()
	timers := 0
	const batch = 500
	for done := 0; done < n; done += batch {
		var tks []*ent.TicketCreate
		var states [][]support.TimerState
		for i := done; i < min(done+batch, n); i++ {
			c := clients[rng.IntN(len(clients))]
			opened, st := instants(i)
			sev := []string{"critical", "urgent", "standard", "standard"}[rng.IntN(4)]
			pkg := sla.PackageOf(string(c.Plan))
			if st == nil {
				var err error
				st, err = support.Timers(policy, support.History{OpenedAt: opened, Changes: []support.StatusChange{{At: opened, To: "new"}},
					Facts: sla.Facts{RequesterKind: "client", Plan: string(c.Plan), Package: pkg, Source: "hub_chat", Severity: sev}})
				if err != nil {
					return 0, err
				}
			}
			states = append(states, st)
			tks = append(tks, db.Ticket.Create().SetRequesterUserID("benchUS").SetRequesterKind("client").SetPartnerID(partnerID).
				SetClientID(c.ID).SetSource("hub_chat").SetTopic("other").SetSeverity(ticket.Severity(sev)).SetSubject("Bench ticket").
				SetPlan(string(c.Plan)).SetSupportPackage(pkg).SetPolicyVersion(0).SetOpenedAt(opened).SetCreatedAt(opened).SetModifiedAt(opened))
		}
		saved, err := db.Ticket.CreateBulk(tks...).Save(sys)
		if err != nil {
			return 0, err
		}
		var ts []*ent.TicketTimerCreate
		var chs []*ent.TicketChangeCreate
		for i, t := range saved {
			chs = append(chs, db.TicketChange.Create().SetTicketID(t.ID).SetPartnerID(partnerID).SetNillableClientID(t.ClientID).
				SetAt(t.OpenedAt).SetField("status").SetToValue("new"))
			var nextDue *time.Time
			for _, s := range states[i] {
				ts = append(ts, db.TicketTimer.Create().SetTicketID(t.ID).SetPartnerID(partnerID).SetNillableClientID(t.ClientID).
					SetMetric(tickettimer.Metric(s.Metric)).SetCycle(s.Cycle).SetStartedAt(s.StartedAt).
					SetTargetSeconds(int64(s.Target/time.Second)).SetCalendar(s.Calendar).SetRule(s.Rule).SetSoft(s.Soft).
					SetNillableDueAt(s.DueAt).SetNillableWarningAt(s.WarningAt).
					SetNillableNextWarningAt(s.WarningAt).SetNillableNextBreachAt(s.DueAt))
				if s.DueAt != nil && (nextDue == nil || s.DueAt.Before(*nextDue)) {
					nextDue = s.DueAt
				}
			}
			timers += len(states[i])
		}
		if err := db.TicketChange.CreateBulk(chs...).Exec(sys); err != nil {
			return 0, err
		}
		for len(ts) > 0 {
			k := min(len(ts), batch)
			if err := db.TicketTimer.CreateBulk(ts[:k]...).Exec(sys); err != nil {
				return 0, err
			}
			ts = ts[k:]
		}
	}
	return timers, nil
}

type samples struct {
	d   []time.Duration
	err error
}

func sample(n int, f func() error) samples {
	var s samples
	for range n {
		t := time.Now()
		if err := f(); err != nil {
			s.err = err
			return s
		}
		s.d = append(s.d, time.Since(t))
	}
	slices.Sort(s.d)
	return s
}

func (s samples) p(p int) time.Duration { return s.d[min(len(s.d)-1, len(s.d)*p/100)] }
func (s samples) max() time.Duration    { return s.d[len(s.d)-1] }

func fmtDur(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000)
}

func counts(by map[string]int) string {
	var parts []int
	for _, n := range by {
		parts = append(parts, n)
	}
	slices.Sort(parts)
	return fmt.Sprint(parts)
}

// explain prints the plan of the recorder's due-work query.
func explain(ctx context.Context, store *storage.Store, db string, now time.Time, out io.Writer) error {
	q := "EXPLAIN QUERY PLAN SELECT id FROM ticket_timers WHERE next_breach_at <= ? ORDER BY next_breach_at, id LIMIT 200"
	if db == "postgres" {
		q = "EXPLAIN SELECT id FROM ticket_timers WHERE next_breach_at <= $1 ORDER BY next_breach_at, id LIMIT 200 FOR UPDATE SKIP LOCKED"
	}
	rows, err := store.DB.QueryContext(ctx, q, now)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	fmt.Fprintln(out, "plan of the due-work query:")
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		fmt.Fprintf(out, "  %v\n", vals[len(vals)-1])
	}
	return rows.Err()
}

func loadAvg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(raw)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

func cpuModel() string {
	raw, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
