// Command loadgen measures PartnerHub's HTTP throughput and latency against a bare Gin
// handler on the same machine, from one run (docs/BENCHMARKS.md).
//
//	go run ./cmd/loadgen -bin bin/partnerhub [-c 32] [-warmup 2s] [-d 10s] [-json out.json]
//
// It starts `partnerhub serve --demo` on a temporary SQLite database and, as a second
// process, itself in bare-server mode; loads GET /api/v2/me (with a Bearer token), then
// GET /health_status (with a D360-API-KEY channel key it issues through the Partner API)
// on the same hub, and then the bare route, one after the other, with the same workers
// and durations; and prints requests/s and p50/p99 latency side by side, with each hub
// target's throughput as a percentage of the bare handler's. Every server listens on 127.0.0.1 only, and
// both are stopped, and the temporary directory removed, when it ends or is interrupted.
// Any failed request or non-2xx answer makes it exit with status 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == bareServerFlag {
		if err := serveBare(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen bare server:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// Report is everything one run measured; -json writes it.
type Report struct {
	Date     time.Time `json:"date"`
	Machine  Machine   `json:"machine"`
	Settings settings  `json:"settings"`
	Results  []Result  `json:"results"`
	// Ratio is the hub's GET /api/v2/me requests/s as a percentage of the bare handler's.
	Ratio float64 `json:"hub_bare_throughput_percent"`
	// KeyRatio is the hub's GET /health_status (channel key) requests/s as a percentage
	// of the bare handler's.
	KeyRatio float64 `json:"health_status_bare_throughput_percent"`
	// SendRatio is the hub's POST /messages (text inside the window) requests/s as a
	// percentage of the bare handler's.
	SendRatio float64 `json:"messages_bare_throughput_percent"`
}

// Machine describes where the numbers come from; they mean little without it.
type Machine struct {
	benchkit.Machine
	Database string `json:"database"`
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	bin := fs.String("bin", "bin/partnerhub", "partnerhub binary to benchmark (make build)")
	conc := fs.Int("c", 32, "concurrent workers, each with its own keep-alive connection")
	dur := fs.Duration("d", 10*time.Second, "measured duration per target")
	warm := fs.Duration("warmup", 2*time.Second, "unmeasured warm-up per target")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case *conc < 1 || *conc > 1024:
		return errors.New("-c must be from 1 to 1024")
	case *dur <= 0 || *dur > 10*time.Minute:
		return errors.New("-d must be more than 0 and at most 10m")
	case *warm < 0 || *warm > 10*time.Minute:
		return errors.New("-warmup must be from 0 to 10m")
	}
	binPath, err := filepath.Abs(*bin)
	if err != nil {
		return err
	}
	bm, err := benchkit.ReadMachine(*bin)
	if err != nil {
		return err
	}
	m := Machine{Machine: bm, Database: "sqlite"}

	// An interrupt cancels ctx, which stops the children (benchkit.StartProcess) and
	// unwinds the deferred clean-up below, instead of leaving servers behind.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	s := settings{Concurrency: *conc, Warmup: *warm, Duration: *dur, WarmupSec: warm.Seconds(), DurationSec: dur.Seconds()}
	rep := Report{Date: time.Now().UTC().Truncate(time.Second), Machine: m, Settings: s}
	fmt.Fprintf(out, "loadgen: %d workers, %s warm-up + %s measured per target, one target at a time\n", s.Concurrency, s.Warmup, s.Duration)

	hubRes, keyRes, sendRes, err := measureHub(ctx, binPath, s)
	if err != nil {
		return interrupted(ctx, err)
	}
	bareRes, err := measureBare(ctx, s)
	if err != nil {
		return interrupted(ctx, err)
	}
	rep.Results = []Result{hubRes, keyRes, sendRes, bareRes}
	if bareRes.RPS > 0 {
		rep.Ratio = 100 * hubRes.RPS / bareRes.RPS
		rep.KeyRatio = 100 * keyRes.RPS / bareRes.RPS
		rep.SendRatio = 100 * sendRes.RPS / bareRes.RPS
	}
	printReport(out, rep)
	if *jsonOut != "" {
		if err := benchkit.WriteJSON(*jsonOut, rep); err != nil {
			return err
		}
	}
	for _, r := range rep.Results {
		if r.Failed() {
			return fmt.Errorf("%s: %d errors and %d non-2xx answers (first: %s)", r.Target, r.Errors, r.Non2xx, r.FirstErr)
		}
	}
	return nil
}

// measureHub runs the hub in a fresh temporary directory, signs in as the demo
// partner_admin, issues a channel key of one of its partner's running channels, loads
// GET /api/v2/me and then GET /health_status with that key, and stops the hub before
// returning, so that it takes no CPU while the bare server is measured. All set-up
// requests are made before the first measurement.
func measureHub(ctx context.Context, bin string, s settings) (me, health, send Result, err error) {
	dir, err := os.MkdirTemp("", "partnerhub-loadgen-")
	if err != nil {
		return me, health, send, err
	}
	defer os.RemoveAll(dir)
	h, err := startHub(ctx, bin, dir)
	if err != nil {
		return me, health, send, err
	}
	defer h.Stop() // runs before RemoveAll: the database files are closed first
	tok, err := h.token(ctx, "partner_admin")
	if err != nil {
		return me, health, send, err
	}
	key, channelID, err := h.channelKey(ctx, tok)
	if err != nil {
		return me, health, send, err
	}
	hdr := http.Header{"Authorization": {"Bearer " + tok}}
	if me, err = measure(ctx, target{name: "GET /api/v2/me (hub)", url: h.Base + "/api/v2/me", header: hdr}, s); err != nil {
		return me, health, send, err
	}
	keyHdr := http.Header{keyHeader: {key}}
	if health, err = measure(ctx, target{name: "GET /health_status (hub, channel key)", url: h.Base + healthRoute, header: keyHdr}, s); err != nil {
		return me, health, send, err
	}
	msgs, err := h.messagesTarget(ctx, channelID, key)
	if err != nil {
		return me, health, send, err
	}
	send, err = measure(ctx, msgs, s)
	return me, health, send, err
}

// measureBare runs the bare Gin server as a child process and loads its one route.
func measureBare(ctx context.Context, s settings) (Result, error) {
	p, url, err := startBare(ctx)
	if err != nil {
		return Result{}, err
	}
	defer p.Stop()
	return measure(ctx, target{name: "bare gin handler", url: url, header: http.Header{}}, s)
}

// interrupted replaces the context error of an interrupted run with a plain message.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errors.New("interrupted; the servers were stopped")
	}
	return err
}

func printReport(out io.Writer, rep Report) {
	m := rep.Machine
	fmt.Fprintf(out, "\nmachine: %s, database=%s\n", m.Describe("loadgen"), m.Database)
	fmt.Fprintf(out, "settings: -c %d -warmup %s -d %s; keep-alive HTTP/1.1 on 127.0.0.1; date %s\n\n",
		rep.Settings.Concurrency, rep.Settings.Warmup, rep.Settings.Duration, rep.Date.Format(time.RFC3339))
	tw := benchkit.Table(out)
	fmt.Fprintln(tw, "target\treq/s\tp50\tp99\trequests\tnon-2xx\terrors")
	for _, r := range rep.Results {
		fmt.Fprintf(tw, "%s\t%.0f\t%.3fms\t%.3fms\t%d\t%d\t%d\n", r.Target, r.RPS, r.P50ms, r.P99ms, r.Requests, r.Non2xx, r.Errors)
	}
	tw.Flush()
	fmt.Fprintf(out, "hub/bare throughput ratio: %.1f%%\n", rep.Ratio)
	fmt.Fprintf(out, "health_status/bare throughput ratio: %.1f%%\n", rep.KeyRatio)
	fmt.Fprintf(out, "messages/bare throughput ratio: %.1f%%\n", rep.SendRatio)
	for _, r := range rep.Results {
		if r.HitCap {
			fmt.Fprintf(out, "note: %s filled its sample buffer and ended after %.1fs\n", r.Target, r.Seconds)
		}
		if r.Failed() {
			fmt.Fprintf(out, "FAILED: %s: %d errors, %d non-2xx; first: %s\n", r.Target, r.Errors, r.Non2xx, r.FirstErr)
		}
	}
}
