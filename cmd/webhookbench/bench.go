package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/webhooks"
)

// envPostgres names the PostgreSQL server to benchmark on (the variable
// .ci/with-postgres.sh sets, the same one the tests use).
const envPostgres = "PARTNERHUB_TEST_POSTGRES"

// Result is one measured run on one database.
type Result struct {
	Database string `json:"database"`
	Run      string `json:"run"` // throughput or latency
	Events   int    `json:"events"`
	TxSize   int    `json:"events_per_transaction"`
	// TargetRate is the emission rate asked for (latency run); 0 = as fast as possible.
	TargetRate float64 `json:"target_rate_per_second"`
	// EmitRate is the rate the events were actually committed at.
	EmitRate float64 `json:"emit_rate_per_second"`
	// Seconds is the time from the first commit to the last event's first arrival.
	Seconds float64       `json:"seconds"`
	PerSec  float64       `json:"deliveries_per_second"`
	P50     time.Duration `json:"-"`
	P99     time.Duration `json:"-"`
	Max     time.Duration `json:"-"`
	P50ms   float64       `json:"p50_ms"`
	P99ms   float64       `json:"p99_ms"`
	MaxMs   float64       `json:"max_ms"`
	Dups    int           `json:"duplicates"`
	uids    []string
}

// runSpec is how one run emits its events.
type runSpec struct {
	name   string // warm-up, throughput, latency
	events int
	batch  int     // events per transaction
	rate   float64 // events per second; 0 = back to back
}

// target is one database with its hub, receiver and subscribed partner.
type target struct {
	name      string
	store     *storage.Store
	partnerID string
	rcv       *receiver
	hub       *benchkit.Hub
	timeout   time.Duration
	out       io.Writer
}

// benchDatabase measures one database: it prepares a fresh database, the receiver, the
// partner and the hub, runs the warm-up, throughput and latency runs, and removes
// everything again, also on an error or an interrupt.
func benchDatabase(ctx context.Context, o *opts, name string, out io.Writer) (results []Result, version string, err error) {
	dsn, cleanup, err := benchkit.FreshDatabase(ctx, name, "webhookbench", os.Getenv(envPostgres), false, nil)
	if err != nil {
		return nil, "", err
	}
	defer cleanup()
	store, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		return nil, "", err
	}
	defer store.Close()
	if version, err = benchkit.Version(ctx, store); err != nil {
		version = "unknown"
	}

	secret := webhooks.NewSecret()
	rcv, err := startReceiver(secret)
	if err != nil {
		return nil, "", err
	}
	defer rcv.close()
	p, err := store.Client.Partner.Create().SetBrandName("Webhook Bench").SetCountry("DE").
		// The benchmark's partner, created as seed data outside any tenant.
		SetWebhookURL(rcv.url).SetWebhookSecret(secret).Save(tenancy.AsSystem(ctx, tenancy.PlatformSetup))
	if err != nil {
		return nil, "", fmt.Errorf("create partner: %w", err)
	}
	var env []string
	if name == "postgres" {
		// serve refuses PostgreSQL without a secret key.
		env = []string{benchkit.EnvSecretKey + "=" + benchkit.NewSecretKey()}
	}
	hub, err := startHub(ctx, "partnerhub["+name+"]", o.bin, dsn, env)
	if err != nil {
		return nil, "", err
	}
	defer hub.Stop() // before the store closes and the database is removed
	t := &target{name: name, store: store, partnerID: p.ID, rcv: rcv, hub: hub, timeout: o.timeout, out: out}

	specs := []runSpec{
		{name: "throughput", events: o.events, batch: o.batch},
		{name: "latency", events: int(o.rate * o.duration.Seconds()), batch: 1, rate: o.rate},
	}
	if o.warmup > 0 {
		specs = slices.Insert(specs, 0, runSpec{name: "warm-up", events: o.warmup, batch: o.batch})
	}
	for _, s := range specs {
		fmt.Fprintf(out, "%s: %s run: %d events, %s\n", name, s.name, s.events, s.describe())
		r, err := t.run(ctx, s)
		if err != nil {
			return nil, version, fmt.Errorf("%s %s run: %w", name, s.name, err)
		}
		if s.name != "warm-up" {
			results = append(results, r)
		}
	}
	// Count duplicates once more at the end: a duplicate may arrive after its run.
	for i := range results {
		results[i].Dups = duplicates(rcv.lookup(results[i].uids))
	}
	if noID, badSig := rcv.problems(); noID > 0 || badSig > 0 {
		return nil, version, fmt.Errorf("%s: %d deliveries without an event id header and %d with a signature that does not verify", name, noID, badSig)
	}
	want := o.warmup + o.events + specs[len(specs)-1].events
	if got := rcv.distinct(); got != want {
		return nil, version, fmt.Errorf("%s: the receiver saw %d different event ids, %d were emitted", name, got, want)
	}
	return results, version, nil
}

func (s runSpec) describe() string {
	if s.rate > 0 {
		return fmt.Sprintf("%g/s, %d per transaction", s.rate, s.batch)
	}
	return fmt.Sprintf("as fast as possible, %d per transaction", s.batch)
}

// run emits s.events events as s describes, waits until every one has arrived at the
// receiver, and measures. The whole run, emission included, is bounded by t.timeout.
func (t *target) run(ctx context.Context, s runSpec) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	// The benchmark emits events for its own partner as seed data.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	prefix := "wb_" + s.name + "_"
	base := t.rcv.distinct()
	commits := make([]time.Time, s.events)
	var interval time.Duration
	if s.rate > 0 {
		interval = time.Duration(float64(time.Second) / s.rate)
	}
	start := time.Now()
	for i := 0; i < s.events; {
		if interval > 0 {
			// A steady schedule: event i is due at start + i·interval. An emitter that
			// fell behind catches up at once instead of drifting.
			if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
				select {
				case <-ctx.Done():
					return Result{}, t.stopped(ctx, "emitting", t.rcv.distinct()-base, s.events)
				case <-time.After(d):
				}
			}
		}
		n := min(s.batch, s.events-i)
		err := storage.WithTx(sys, t.store.Client, func(tx *ent.Tx) error {
			for j := i; j < i+n; j++ {
				if err := events.Emit(sys, tx.Client(), benchEvent(t.partnerID, prefix, j)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return Result{}, t.stopped(ctx, "emitting", t.rcv.distinct()-base, s.events)
			}
			return Result{}, fmt.Errorf("emit: %w", err)
		}
		at := time.Now()
		for j := i; j < i+n; j++ {
			commits[j] = at
		}
		i += n
		if err := t.hub.Exited(); err != nil {
			return Result{}, err
		}
	}
	lastCommit := commits[len(commits)-1]

	// Wait until as many new event ids have arrived as were emitted; which ones is
	// checked below, by id.
	want := base + s.events
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	nextNote := time.Now().Add(5 * time.Second)
	for t.rcv.distinct() < want {
		if err := t.hub.Exited(); err != nil {
			return Result{}, err
		}
		select {
		case <-ctx.Done():
			return Result{}, t.stopped(ctx, "waiting for deliveries", t.rcv.distinct()-base, s.events)
		case now := <-tick.C:
			if now.After(nextNote) {
				fmt.Fprintf(t.out, "%s: %s run: %d of %d delivered\n", t.name, s.name, t.rcv.distinct()-base, s.events)
				nextNote = now.Add(5 * time.Second)
			}
		}
	}

	uids, err := t.eventUIDs(sys, prefix, s.events)
	if err != nil {
		return Result{}, err
	}
	got := t.rcv.lookup(uids)
	var missing []string
	lat := make([]time.Duration, 0, len(uids))
	var last time.Time
	for i, rc := range got {
		if rc.n == 0 {
			missing = append(missing, uids[i])
			continue
		}
		lat = append(lat, rc.first.Sub(commits[i]))
		if rc.first.After(last) {
			last = rc.first
		}
	}
	if len(missing) > 0 {
		return Result{}, fmt.Errorf("%d of %d events never arrived (e.g. %s)%s", len(missing), s.events, missing[0], t.diagnose(sys, missing))
	}
	// Let the hub finish recording this run before the next one starts, so runs do not
	// overlap, and check that it recorded every delivery as delivered.
	if err := t.waitRecorded(sys); err != nil {
		return Result{}, err
	}
	st := benchkit.Summarize(lat)
	r := Result{Database: t.name, Run: s.name, Events: s.events, TxSize: s.batch, TargetRate: s.rate,
		Dups: duplicates(got), uids: uids}
	if d := lastCommit.Sub(start); d > 0 {
		r.EmitRate = float64(s.events) / d.Seconds()
	}
	elapsed := last.Sub(commits[0])
	r.Seconds = elapsed.Seconds()
	if elapsed > 0 {
		r.PerSec = float64(s.events) / elapsed.Seconds()
	}
	r.P50, r.P99, r.Max = st.P50, st.P99, st.Max
	r.P50ms, r.P99ms, r.MaxMs = benchkit.Ms(r.P50), benchkit.Ms(r.P99), benchkit.Ms(r.Max)
	return r, nil
}

// benchEvent is event seq of a run: a channel update, as the hub emits hundreds of.
func benchEvent(partnerID, prefix string, seq int) events.Event {
	return events.Event{
		Name: events.ChannelUpdated, PartnerID: partnerID, ObjectType: "channel",
		ObjectID: prefix + strconv.Itoa(seq), At: time.Now(),
		Data: map[string]any{"id": prefix + strconv.Itoa(seq), "status": "running", "bench_seq": seq},
	}
}

// eventUIDs returns the public ids of a run's events, indexed by their sequence number.
func (t *target) eventUIDs(ctx context.Context, prefix string, n int) ([]string, error) {
	evs, err := t.store.Client.Event.Query().
		Where(event.PartnerID(t.partnerID), event.ObjectIDHasPrefix(prefix)).
		Select(event.FieldUID, event.FieldObjectID).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the run's events: %w", err)
	}
	if len(evs) != n {
		return nil, fmt.Errorf("%d events were committed, the database holds %d", n, len(evs))
	}
	uids := make([]string, n)
	for _, e := range evs {
		seq, err := strconv.Atoi(strings.TrimPrefix(e.ObjectID, prefix))
		if err != nil || seq < 0 || seq >= n || uids[seq] != "" {
			return nil, fmt.Errorf("unexpected event object id %q", e.ObjectID)
		}
		uids[seq] = e.UID
	}
	return uids, nil
}

// waitRecorded waits until the hub has marked every delivery of the partner delivered.
func (t *target) waitRecorded(ctx context.Context) error {
	for {
		n, err := t.store.Client.WebhookDelivery.Query().
			Where(webhookdelivery.PartnerID(t.partnerID), webhookdelivery.StatusNEQ(webhookdelivery.StatusDelivered)).
			Count(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			return fmt.Errorf("count undelivered deliveries: %w", err)
		case err == nil && n == 0:
			return nil
		}
		select {
		case <-ctx.Done():
			if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return ctx.Err()
			}
			return fmt.Errorf("every event arrived, but after %s the hub has not recorded all deliveries as delivered%s",
				// Diagnostics read the delivery rows of every tenant.
				t.timeout, t.diagnose(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), nil))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stopped explains why a run ended early.
func (t *target) stopped(ctx context.Context, doing string, arrived, total int) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		// Diagnostics read the delivery rows of every tenant.
		sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
		return fmt.Errorf("timed out after %s while %s: %d of the run's %d events arrived%s", t.timeout, doing, arrived, total, t.diagnose(sys, nil))
	}
	return ctx.Err()
}

// diagnose summarises the hub's view of undelivered events (uids; nil = all of the
// partner's): how many deliveries are pending, failed or delivered, and a last error.
func (t *target) diagnose(ctx context.Context, uids []string) string {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	q := t.store.Client.WebhookDelivery.Query().Where(webhookdelivery.PartnerID(t.partnerID))
	if uids != nil {
		q.Where(webhookdelivery.EventUIDIn(uids[:min(len(uids), 1000)]...))
	}
	ds, err := q.Select(webhookdelivery.FieldStatus, webhookdelivery.FieldLastError, webhookdelivery.FieldAttempts).All(ctx)
	if err != nil {
		return "; the deliveries could not be read: " + err.Error()
	}
	count := map[webhookdelivery.Status]int{}
	lastErr := ""
	for _, d := range ds {
		count[d.Status]++
		if d.Status != webhookdelivery.StatusDelivered && d.LastError != "" && lastErr == "" {
			lastErr = d.LastError
		}
	}
	s := fmt.Sprintf("; the hub's deliveries of them: %d pending, %d delivered, %d failed",
		count[webhookdelivery.StatusPending], count[webhookdelivery.StatusDelivered], count[webhookdelivery.StatusFailed])
	if lastErr != "" {
		s += "; last error: " + lastErr
	}
	return s
}

// duplicates counts the arrivals beyond the first.
func duplicates(rs []receipt) int {
	n := 0
	for _, r := range rs {
		n += max(r.n-1, 0)
	}
	return n
}
