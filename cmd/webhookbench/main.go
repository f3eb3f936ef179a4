// Command webhookbench measures webhook delivery end to end: sustained deliveries per
// second to a local receiver, and the latency from an event's commit to its arrival, on
// SQLite and PostgreSQL (docs/BENCHMARKS.md, "Webhook delivery").
//
//	go run ./cmd/webhookbench -bin bin/partnerhub [-db sqlite|postgres|both] [-events 20000]
//	    [-rate 0] [-duration 10s] [-json out.json]
//
// For each database it creates a fresh one (a temporary SQLite file, or a new database on
// the PostgreSQL server named by $PARTNERHUB_TEST_POSTGRES, which .ci/with-postgres.sh
// sets), opens it with the migrations applied, starts a webhook receiver on loopback in
// this process, creates one partner subscribed to it, and starts `partnerhub serve` on the
// same database as a child process (on PostgreSQL with a random secret key in
// PARTNERHUB_SECRET_KEY, which serve requires there). Then it writes events with
// events.Emit — the outbox writer every state change uses — and waits until each has
// arrived:
//
//   - throughput: -events events, -batch per transaction, as fast as possible;
//     deliveries/s = events ÷ (last arrival − first commit);
//   - latency: events at a steady -rate for -duration, one per transaction;
//     p50/p99/max of (arrival − commit).
//
// Every event must arrive, with a valid signature; otherwise, or when a run exceeds
// -timeout, it exits with status 1. The hub is stopped and the database removed at the
// end, on an error, and on Ctrl-C.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
)

// defaultRate is the latency run's emission rate when -rate is 0.
const defaultRate = 500

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "webhookbench:", err)
		os.Exit(1)
	}
}

// opts are the parsed flags.
type opts struct {
	bin      string
	db       string
	events   int
	batch    int
	rate     float64
	duration time.Duration
	warmup   int
	timeout  time.Duration
}

// Report is everything one run measured; -json writes it.
type Report struct {
	Date     time.Time         `json:"date"`
	Machine  benchkit.Machine  `json:"machine"`
	Settings Settings          `json:"settings"`
	Results  []Result          `json:"results"`
	Versions map[string]string `json:"database_versions"`
	Skipped  []string          `json:"skipped,omitempty"`
}

// Settings are the flags that shape the load.
type Settings struct {
	Events      int     `json:"throughput_events"`
	Batch       int     `json:"throughput_events_per_transaction"`
	Rate        float64 `json:"latency_rate_per_second"`
	DurationSec float64 `json:"latency_seconds"`
	Warmup      int     `json:"warmup_events"`
	TimeoutSec  float64 `json:"timeout_seconds_per_run"`
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("webhookbench", flag.ContinueOnError)
	var o opts
	fs.StringVar(&o.bin, "bin", "bin/partnerhub", "partnerhub binary to benchmark (make build)")
	fs.StringVar(&o.db, "db", "both", "sqlite, postgres (server URL in $"+envPostgres+") or both")
	fs.IntVar(&o.events, "events", 20000, "events of the throughput run")
	fs.IntVar(&o.batch, "batch", 500, "events per transaction in the throughput run")
	fs.Float64Var(&o.rate, "rate", 0, fmt.Sprintf("events per second of the latency run, one per transaction (0 = %d)", defaultRate))
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long the latency run emits")
	fs.IntVar(&o.warmup, "warmup", 500, "unmeasured events delivered before the measured runs (0 = none)")
	fs.DurationVar(&o.timeout, "timeout", 120*time.Second, "longest a run may take, emission and delivery together")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file")
	cpuProfile := fs.String("cpuprofile", "", "write this process's CPU profile (emitter and receiver, not the hub) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.rate == 0 {
		o.rate = defaultRate
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.db != "sqlite" && o.db != "postgres" && o.db != "both":
		return errors.New("-db must be sqlite, postgres or both")
	case o.events < 1 || o.events > 1_000_000:
		return errors.New("-events must be from 1 to 1000000")
	case o.batch < 1 || o.batch > 10_000:
		return errors.New("-batch must be from 1 to 10000")
	case o.rate < 0 || o.rate > 100_000:
		return errors.New("-rate must be from 0 to 100000")
	case o.duration <= 0 || o.duration > 10*time.Minute:
		return errors.New("-duration must be more than 0 and at most 10m")
	case int(o.rate*o.duration.Seconds()) < 1:
		return errors.New("-rate × -duration must be at least one event")
	case o.warmup < 0 || o.warmup > 100_000:
		return errors.New("-warmup must be from 0 to 100000")
	case o.timeout <= 0 || o.timeout > 30*time.Minute:
		return errors.New("-timeout must be more than 0 and at most 30m")
	}
	bin, err := filepath.Abs(o.bin)
	if err != nil {
		return err
	}
	o.bin = bin
	m, err := benchkit.ReadMachine(bin)
	if err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	var dbs []string
	rep := Report{
		Date:    time.Now().UTC().Truncate(time.Second),
		Machine: m,
		Settings: Settings{Events: o.events, Batch: o.batch, Rate: o.rate, DurationSec: o.duration.Seconds(),
			Warmup: o.warmup, TimeoutSec: o.timeout.Seconds()},
		Versions: map[string]string{},
	}
	if o.db != "postgres" {
		dbs = append(dbs, "sqlite")
	}
	if o.db != "sqlite" {
		if os.Getenv(envPostgres) == "" {
			if o.db == "postgres" {
				return fmt.Errorf("-db postgres needs $%s (a server URL); run under .ci/with-postgres.sh", envPostgres)
			}
			msg := fmt.Sprintf("postgres: skipped: $%s is not set (run under .ci/with-postgres.sh to include PostgreSQL)", envPostgres)
			fmt.Fprintln(out, msg)
			rep.Skipped = append(rep.Skipped, msg)
		} else {
			dbs = append(dbs, "postgres")
		}
	}

	// An interrupt cancels ctx, which stops the hub (benchkit.StartProcess) and unwinds the
	// deferred clean-up, instead of leaving a server or a database behind.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(out, "webhookbench: throughput run %d events (%d per transaction), latency run %g/s for %s (one per transaction), warm-up %d events, at most %s per run\n",
		o.events, o.batch, o.rate, o.duration, o.warmup, o.timeout)
	for _, db := range dbs {
		res, version, err := benchDatabase(ctx, &o, db, out)
		if err != nil {
			if ctx.Err() != nil {
				return errors.New("interrupted; the hub was stopped and the database removed")
			}
			return err
		}
		rep.Versions[db] = version
		rep.Results = append(rep.Results, res...)
	}
	printReport(out, rep)
	if *jsonOut != "" {
		if err := benchkit.WriteJSON(*jsonOut, rep); err != nil {
			return err
		}
	}
	return nil
}

func printReport(out io.Writer, rep Report) {
	m := rep.Machine
	fmt.Fprintf(out, "\nmachine: %s; date %s\n", m.Describe("webhookbench"), rep.Date.Format(time.RFC3339))
	for _, db := range []string{"sqlite", "postgres"} {
		if v, ok := rep.Versions[db]; ok {
			fmt.Fprintf(out, "%s: %s\n", db, v)
		}
	}
	fmt.Fprintln(out)
	tw := benchkit.Table(out)
	fmt.Fprintln(tw, "database\trun\tevents\temitted/s\tdeliveries/s\tp50\tp99\tmax\tduplicates")
	for _, r := range rep.Results {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.0f\t%.0f\t%.1fms\t%.1fms\t%.1fms\t%d\n",
			r.Database, r.Run, r.Events, r.EmitRate, r.PerSec, r.P50ms, r.P99ms, r.MaxMs, r.Dups)
	}
	tw.Flush()
	fmt.Fprintln(out, "\ndeliveries/s: events ÷ (last arrival − first commit); p50/p99/max: arrival − commit of each event.")
	for _, r := range rep.Results {
		if r.Run == "throughput" && r.PerSec < 1000 {
			fmt.Fprintf(out, "note: %s delivers %.0f/s, below the 1 000/s target\n", r.Database, r.PerSec)
		}
	}
	for _, s := range rep.Skipped {
		fmt.Fprintln(out, s)
	}
}
