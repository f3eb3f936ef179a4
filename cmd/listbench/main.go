// Command listbench measures PartnerHub's list pages at scale (docs/BENCHMARKS.md, "List
// pages at scale"):
//
//	go run ./cmd/listbench [-db sqlite|postgres|both] [-clients 100000] [-channels 1000000]
//	    [-partners 100] [-samples 200] [-keep] [-json out.json] [-index 'CREATE INDEX …']…
//
// For each database it seeds a fresh one in bulk, signs in through the real HTTP stack as
// a partner_admin of one partner, and requests the first page and a page near the end of
// six filtered, sorted lists of that partner, in process (httptest, no network). Every
// response must be a 200 with the independently counted total and the right number of
// items. It prints p50/p99/max per page, marks the pages whose p99 exceeds 20 ms and prints
// the SQL ent generated for them with its plan. With -index it then runs the given CREATE
// or DROP INDEX statements and ANALYZE and measures again, to show what indexes change.
// PostgreSQL needs a server URL in PARTNERHUB_TEST_POSTGRES (.ci/with-postgres.sh sets
// one); each run creates its own database on it and drops it at the end (unless -keep).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
)

// envPostgres names the PostgreSQL server to create the benchmark database on.
const envPostgres = "PARTNERHUB_TEST_POSTGRES"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "listbench:", err)
		os.Exit(1)
	}
}

// Report is everything one run measured; -json writes it.
type Report struct {
	Date      time.Time  `json:"date"`
	Machine   Machine    `json:"machine"`
	Sizes     Sizes      `json:"sizes"`
	Samples   int        `json:"samples_per_page"`
	TargetMs  float64    `json:"target_p99_ms"`
	Databases []DBReport `json:"databases"`
}

// Machine describes where the numbers come from.
type Machine struct {
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	CPU        string `json:"cpu"`
	NumCPU     int    `json:"num_cpu"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	GoVersion  string `json:"go_version"`
}

// DBReport is the measurement of one database.
type DBReport struct {
	DB             string  `json:"db"`
	Version        string  `json:"version"`
	PartnerID      string  `json:"partner_id"`
	InsertSeconds  float64 `json:"insert_seconds"`
	AnalyzeSeconds float64 `json:"analyze_seconds"`
	// AllVisible is the fraction of channels pages all-visible after VACUUM (PostgreSQL).
	AllVisible float64  `json:"all_visible,omitempty"`
	Results    []Result `json:"results"`
	// Indexes are the -index statements; WithIndexes the measurement after them.
	Indexes      []string `json:"indexes,omitempty"`
	IndexSeconds float64  `json:"index_seconds,omitempty"`
	WithIndexes  []Result `json:"with_indexes,omitempty"`
	// LoadAverage is /proc/loadavg before and after each measurement.
	LoadAverage []string `json:"load_average"`
}

type options struct {
	db             string
	sizes          Sizes
	samples        int
	keep, allPlans bool
	jsonPath       string
	indexes        []string
	postgresURL    string
	stdout         io.Writer
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o := options{stdout: out, postgresURL: os.Getenv(envPostgres)}
	fs := flag.NewFlagSet("listbench", flag.ContinueOnError)
	fs.StringVar(&o.db, "db", "both", "sqlite, postgres or both")
	fs.IntVar(&o.sizes.Clients, "clients", 100_000, "clients to seed (one WABA each)")
	fs.IntVar(&o.sizes.Channels, "channels", 1_000_000, "channels to seed")
	fs.IntVar(&o.sizes.Partners, "partners", 100, "partners the clients are spread over")
	fs.IntVar(&o.sizes.Templates, "templates", 6_000, "message templates of one WABA of the measured partner (Meta's limit for a verified business)")
	fs.IntVar(&o.samples, "samples", 200, "measured requests per page")
	fs.BoolVar(&o.keep, "keep", false, "keep the SQLite file or the PostgreSQL database (the name is printed)")
	fs.StringVar(&o.jsonPath, "json", "", "also write the results as JSON to this file")
	fs.BoolVar(&o.allPlans, "plans", false, "print the SQL and plans of every page, not only of those over the target")
	fs.Func("index", "a CREATE or DROP INDEX statement to apply after the baseline, then measure again (repeatable)", func(s string) error {
		o.indexes = append(o.indexes, s)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	var dbs []string
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.sizes.Partners < 1 || o.sizes.Clients < o.sizes.Partners || o.sizes.Channels < o.sizes.Clients:
		return errors.New("need 1 ≤ -partners ≤ -clients ≤ -channels")
	case o.samples < 1:
		return errors.New("-samples must be at least 1")
	case o.db == "sqlite" || o.db == "postgres":
		dbs = []string{o.db}
	case o.db == "both":
		dbs = []string{"sqlite", "postgres"}
	default:
		return fmt.Errorf("-db must be sqlite, postgres or both, not %q", o.db)
	}
	if o.postgresURL == "" && o.db == "postgres" {
		return errors.New(envPostgres + " is not set (run under .ci/with-postgres.sh)")
	}

	rep := Report{Date: time.Now().UTC().Truncate(time.Second), Sizes: o.sizes, Samples: o.samples, TargetMs: ms(Target),
		Machine: Machine{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, CPU: cpuModel(), NumCPU: runtime.NumCPU(),
			GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version()}}
	m := rep.Machine
	fmt.Fprintf(out, "listbench %s: %s/%s, %s, NumCPU=%d, GOMAXPROCS=%d, %s\n", rep.Date.Format(time.RFC3339),
		m.GOOS, m.GOARCH, m.CPU, m.NumCPU, m.GOMAXPROCS, m.GoVersion)
	fmt.Fprintf(out, "sizes: %d partners, %d clients, %d WABAs, %d channels, %d templates in one WABA; %d samples per page after %d warm-up requests; target p99 ≤ %s\n",
		o.sizes.Partners, o.sizes.Clients, o.sizes.Clients, o.sizes.Channels, o.sizes.Templates, o.samples, warmup, Target)
	for _, db := range dbs {
		if db == "postgres" && o.postgresURL == "" {
			fmt.Fprintf(out, "\npostgres: skipped, %s is not set (run under .ci/with-postgres.sh)\n", envPostgres)
			continue
		}
		r, err := benchDB(ctx, db, o)
		if err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
		rep.Databases = append(rep.Databases, *r)
	}
	if o.jsonPath != "" {
		raw, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(o.jsonPath, append(raw, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// benchDB seeds a fresh database of kind db, measures every query and, with -index,
// measures again with the extra indexes.
func benchDB(ctx context.Context, db string, o options) (*DBReport, error) {
	out := o.stdout
	store, version, cleanup, err := benchkit.OpenFresh(ctx, db, "listbench", o.postgresURL, o.keep, o.stdout)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	fmt.Fprintf(out, "\n== %s %s: seeding…\n", db, version)
	ds, err := Seed(ctx, store, o.sizes)
	if err != nil {
		return nil, err
	}
	r := &DBReport{DB: db, Version: version, PartnerID: ds.PartnerID, InsertSeconds: ds.Insert.Seconds(), AnalyzeSeconds: ds.Analyze.Seconds()}
	analyzed := "ANALYZE"
	if db == "postgres" {
		r.AllVisible = ds.AllVisible
		analyzed = fmt.Sprintf("VACUUM (ANALYZE) leaving %.0f%% of the channels pages all-visible,", 100*ds.AllVisible)
	}
	fmt.Fprintf(out, "seeded in %s (bulk insert %s, %s %s); measuring as partner_admin of %s\n",
		(ds.Insert + ds.Analyze).Round(100*time.Millisecond), ds.Insert.Round(100*time.Millisecond), analyzed,
		ds.Analyze.Round(100*time.Millisecond), ds.PartnerID)
	b, err := NewBench(ctx, store, ds.PartnerID)
	if err != nil {
		return nil, err
	}
	queries, err := Queries(ctx, store, ds.PartnerID)
	if err != nil {
		return nil, err
	}
	if r.Results, err = measureAll(ctx, b, db, queries, o, r); err != nil {
		return nil, err
	}
	if len(o.indexes) == 0 {
		return r, nil
	}
	start := time.Now()
	for _, stmt := range o.indexes {
		if _, err := store.DB.ExecContext(ctx, stmt); err != nil {
			return nil, fmt.Errorf("%s: %w", stmt, err)
		}
	}
	if _, err := store.DB.ExecContext(ctx, "ANALYZE"); err != nil {
		return nil, err
	}
	r.Indexes, r.IndexSeconds = o.indexes, time.Since(start).Seconds()
	fmt.Fprintf(out, "\n== %s after the -index statements (applied and analyzed in %s):\n", db, time.Since(start).Round(100*time.Millisecond))
	for _, s := range o.indexes {
		fmt.Fprintf(out, "   %s\n", s)
	}
	r.WithIndexes, err = measureAll(ctx, b, db, queries, o, r)
	if err == nil {
		writeComparison(out, r.Results, r.WithIndexes)
	}
	return r, err
}

// measureAll measures every query, prints the table and the plans of the slow pages. The
// load average before and after is printed and noted in r: other work on the machine
// shows up in the tail latencies.
func measureAll(ctx context.Context, b *Bench, db string, queries []Query, o options, r *DBReport) ([]Result, error) {
	note := func(when string) {
		l := when + ": " + loadAvg()
		r.LoadAverage = append(r.LoadAverage, l)
		fmt.Fprintln(o.stdout, "load average (1, 5, 15 min) "+l)
	}
	note("before")
	defer note("after")
	var results []Result
	for _, q := range queries {
		rs, err := b.Measure(ctx, db, q, o.samples)
		if err != nil {
			return nil, err
		}
		for i := range rs {
			if rs[i].Slow() || o.allPlans {
				if rs[i].Plans, err = b.Explain(ctx, q, rs[i].Offset); err != nil {
					return nil, fmt.Errorf("explain %s: %w", q.Name, err)
				}
			}
		}
		results = append(results, rs...)
	}
	writeTable(o.stdout, results)
	for _, r := range results {
		if len(r.Plans) > 0 {
			writePlans(o.stdout, r)
		}
	}
	return results, nil
}

func writeTable(w io.Writer, results []Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\nquery\tpage\toffset\ttotal\tp50 ms\tp99 ms\tmax ms\tp99 ≤ 20 ms")
	var slow []string
	for _, r := range results {
		ok := "yes"
		if r.Slow() {
			ok = "NO"
			slow = append(slow, r.Query+" ("+r.Page+")")
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.2f\t%.2f\t%.2f\t%s\n", r.Query, r.Page, r.Offset, r.Total, r.P50ms, r.P99ms, r.MaxMs, ok)
	}
	tw.Flush()
	if len(slow) == 0 {
		fmt.Fprintln(w, "every page meets the target")
	} else {
		fmt.Fprintf(w, "over the target: %s\n", strings.Join(slow, "; "))
	}
}

func writeComparison(w io.Writer, before, after []Result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\nquery\tpage\tp99 ms before\tp99 ms after\tp50 ms before\tp50 ms after")
	for i, a := range after {
		b := before[i]
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.2f\t%.2f\t%.2f\n", a.Query, a.Page, b.P99ms, a.P99ms, b.P50ms, a.P50ms)
	}
	tw.Flush()
}

// loadAvg is the 1, 5 and 15 minute load averages of /proc/loadavg, or "unknown".
func loadAvg() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(raw)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// cpuModel is the first "model name" of /proc/cpuinfo, or "" elsewhere.
func cpuModel() string {
	raw, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(raw), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}
