// Command keybench measures how long a rotated channel API key, and an ended session's
// access token, keep working on another instance (docs/BENCHMARKS.md, "API keys"):
//
//	go run ./cmd/keybench -bin bin/partnerhub [-db sqlite|postgres|both] [-rotations 100]
//	    [-poll 2ms] [-sessions 50] [-session-poll 5ms] [-timeout 5s] [-jitter 250ms] [-json out.json]
//
// For each database it seeds a fresh one through the storage layer (a partner on partner
// payment, a client, a WABA, a running channel sharing the key permission, a
// partner_admin), starts two `partnerhub serve` processes A and B on it, and signs in on
// A. Then, -rotations times: it issues a channel key on A, checks that B accepts it
// (GET /health_status → 200, which also puts it in B's key cache), rotates on A (issues
// again, which revokes the old key at once), and polls B with the old key every -poll
// until B answers 401. The time from the rotation's response until that 401 is the
// propagation time; a key B still accepts after -timeout counts as a failure.
//
// Then, on the same two instances, -sessions times: it signs in on A as a second
// partner_admin (POST /api/v2/token), checks that B accepts the access token
// (GET /api/v2/me → 200), ends the session on A (DELETE /api/v2/auth/session with that
// token → 200) and polls B's /me with the token every -session-poll until B answers 401.
// The time from just before the DELETE was sent until that 401 is the session's
// propagation time; a token B still accepts after -timeout counts as a failure. The same
// -jitter pause comes before each sign-out.
//
// It prints p50/p99/max and the count over 1 s of both per database and exits with
// status 1 if any rotation or session sample failed.
//
// SQLite is a temporary file both processes open. PostgreSQL needs a server URL in
// PARTNERHUB_TEST_POSTGRES (.ci/with-postgres.sh sets one); each run creates its own
// database on it and drops it at the end; both instances get one random secret key
// (PARTNERHUB_SECRET_KEY), which serve requires with PostgreSQL. With -db both (the
// default) and no server, the PostgreSQL run is skipped with a line saying so. Every
// server listens on 127.0.0.1.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
)

// envPostgres names the PostgreSQL server to create the benchmark databases on.
const envPostgres = "PARTNERHUB_TEST_POSTGRES"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "keybench:", err)
		os.Exit(1)
	}
}

// Report is everything one run measured; -json writes it.
type Report struct {
	Date     time.Time `json:"date"`
	Machine  Machine   `json:"machine"`
	Settings Settings  `json:"settings"`
	Results  []Result  `json:"results"`
}

// Machine describes where the numbers come from.
type Machine struct {
	benchkit.Machine
	PostgresVersion string `json:"postgres_version,omitempty"`
}

// Settings are the rotation and sign-out loops' parameters.
type Settings struct {
	Rotations     int           `json:"rotations"`
	Poll          time.Duration `json:"-"`
	Sessions      int           `json:"sessions"`
	SessionPoll   time.Duration `json:"-"`
	Timeout       time.Duration `json:"-"`
	Jitter        time.Duration `json:"-"`
	PollMs        float64       `json:"poll_ms"`
	SessionPollMs float64       `json:"session_poll_ms"`
	TimeoutMs     float64       `json:"timeout_ms"`
	JitterMs      float64       `json:"jitter_ms"`
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("keybench", flag.ContinueOnError)
	bin := fs.String("bin", "bin/partnerhub", "partnerhub binary to run as instances A and B (make build)")
	db := fs.String("db", "both", "sqlite, postgres or both")
	rotations := fs.Int("rotations", 100, "rotations per database")
	poll := fs.Duration("poll", 2*time.Millisecond, "how often B is asked whether the old key still works")
	sessions := fs.Int("sessions", 50, "sign-outs per database, after the rotations (0: none)")
	sessionPoll := fs.Duration("session-poll", 5*time.Millisecond, "how often B is asked (GET /api/v2/me) whether an ended session's access token still works")
	timeout := fs.Duration("timeout", 5*time.Second, "a rotation whose old key, or a sign-out whose access token, still works on B after this is a failure")
	jitter := fs.Duration("jitter", 250*time.Millisecond,
		"random pause, uniform in [0, jitter), before each rotation and sign-out, so they fall at random points of B's 250 ms revocation polls (0: none)")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case *db != "sqlite" && *db != "postgres" && *db != "both":
		return errors.New("-db must be sqlite, postgres or both")
	case *rotations < 1 || *rotations > 100_000:
		return errors.New("-rotations must be from 1 to 100000")
	case *poll <= 0 || *poll > time.Second:
		return errors.New("-poll must be more than 0 and at most 1s")
	case *sessions < 0 || *sessions > 100_000:
		return errors.New("-sessions must be from 0 to 100000")
	case *sessionPoll <= 0 || *sessionPoll > time.Second:
		return errors.New("-session-poll must be more than 0 and at most 1s")
	case *timeout < *poll || *timeout < *sessionPoll || *timeout > 5*time.Minute:
		return errors.New("-timeout must be from -poll and -session-poll to 5m")
	case *jitter < 0 || *jitter > time.Minute:
		return errors.New("-jitter must be from 0 to 1m")
	}
	binPath, err := filepath.Abs(*bin)
	if err != nil {
		return err
	}
	m, err := benchkit.ReadMachine(*bin)
	if err != nil {
		return err
	}
	pgServer := os.Getenv(envPostgres)
	if *db == "postgres" && pgServer == "" {
		return errors.New(envPostgres + " is not set (run under .ci/with-postgres.sh)")
	}

	s := Settings{Rotations: *rotations, Poll: *poll, Sessions: *sessions, SessionPoll: *sessionPoll, Timeout: *timeout, Jitter: *jitter,
		PollMs: benchkit.Ms(*poll), SessionPollMs: benchkit.Ms(*sessionPoll), TimeoutMs: benchkit.Ms(*timeout), JitterMs: benchkit.Ms(*jitter)}
	rep := Report{
		Date:     time.Now().UTC().Truncate(time.Second),
		Machine:  Machine{Machine: m},
		Settings: s,
	}
	fmt.Fprintf(out, "keybench: two instances on one database; %d rotations on A per database; B polled every %s with the old key until 401 (give up after %s); 0–%s random pause before each rotation\n",
		s.Rotations, s.Poll, s.Timeout, s.Jitter)
	if s.Sessions > 0 {
		fmt.Fprintf(out, "keybench: then %d sign-outs on A per database (sign in, DELETE /api/v2/auth/session); B polled every %s with the access token (GET /api/v2/me) until 401 (give up after %s); 0–%s random pause before each sign-out\n",
			s.Sessions, s.SessionPoll, s.Timeout, s.Jitter)
	}

	var skipped []string
	if *db == "sqlite" || *db == "both" {
		r, err := runSQLite(ctx, binPath, s, out)
		if err != nil {
			return interrupted(ctx, fmt.Errorf("sqlite: %w", err))
		}
		rep.Results = append(rep.Results, r)
	}
	if *db == "postgres" || *db == "both" {
		if pgServer == "" {
			skipped = append(skipped, fmt.Sprintf("postgres: skipped, %s is not set (run under .ci/with-postgres.sh)", envPostgres))
		} else {
			r, version, err := runPostgres(ctx, binPath, pgServer, s, out)
			if err != nil {
				return interrupted(ctx, fmt.Errorf("postgres: %w", err))
			}
			rep.Machine.PostgresVersion = version
			rep.Results = append(rep.Results, r)
		}
	}
	printReport(out, rep, skipped)
	if *jsonOut != "" {
		if err := benchkit.WriteJSON(*jsonOut, rep); err != nil {
			return err
		}
	}
	for _, r := range rep.Results {
		if r.Failures > 0 {
			return fmt.Errorf("%s: %d of %d rotations failed (first: %s)", r.Database, r.Failures, r.Rotations, r.FirstFailure)
		}
		if ss := r.Sessions; ss != nil && ss.Failures > 0 {
			return fmt.Errorf("%s: %d of %d session samples failed (first: %s)", r.Database, ss.Failures, ss.Samples, ss.FirstFailure)
		}
	}
	return nil
}

// runSQLite measures on a SQLite file in a temporary directory that both instances open.
func runSQLite(ctx context.Context, bin string, s Settings, out io.Writer) (Result, error) {
	dsn, remove, err := benchkit.FreshDatabase(ctx, "sqlite", "keybench", "", false, nil)
	if err != nil {
		return Result{}, err
	}
	defer remove()
	fmt.Fprintln(out, "sqlite: seeding, starting two instances…")
	return bench(ctx, "sqlite", bin, dsn, s)
}

// runPostgres measures on a new database on server, dropped at the end, and returns the
// server's version too.
func runPostgres(ctx context.Context, bin, server string, s Settings, out io.Writer) (Result, string, error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return Result{}, "", err
	}
	defer admin.Close()
	var version string
	if err := admin.QueryRowContext(ctx, "SHOW server_version").Scan(&version); err != nil {
		return Result{}, "", fmt.Errorf("connect to %s: %w", envPostgres, err)
	}
	if f := strings.Fields(version); len(f) > 0 {
		version = f[0] // "15.18", without the packager's suffix
	}
	dsn, drop, err := benchkit.FreshDatabase(ctx, "postgres", "keybench", server, false, nil)
	if err != nil {
		return Result{}, "", err
	}
	defer drop()
	fmt.Fprintf(out, "postgres %s: seeding, starting two instances…\n", version)
	r, err := bench(ctx, "postgres", bin, dsn, s)
	return r, version, err
}

// interrupted replaces the error of an interrupted run with a plain message.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return errors.New("interrupted; the servers were stopped")
	}
	return err
}

func printReport(out io.Writer, rep Report, skipped []string) {
	m := rep.Machine
	pg := ""
	if m.PostgresVersion != "" {
		pg = ", PostgreSQL " + m.PostgresVersion
	}
	fmt.Fprintf(out, "\nmachine: %s%s; date %s\n\n", m.Describe("keybench"), pg, rep.Date.Format(time.RFC3339))
	tw := benchkit.Table(out)
	fmt.Fprintln(tw, "database\trevoked\tsamples\tpropagation p50\tp99\tmax\tover 1s\tfailures\trevoke on A p50\tp99")
	for _, r := range rep.Results {
		fmt.Fprintf(tw, "%s\tAPI key\t%d\t%.1fms\t%.1fms\t%.1fms\t%d\t%d\t%.1fms\t%.1fms\n", r.Database, r.Rotations,
			r.P50ms, r.P99ms, r.Maxms, r.Over1s, r.Failures, r.RotateP50ms, r.RotateP99ms)
		if ss := r.Sessions; ss != nil {
			fmt.Fprintf(tw, "%s\tsession\t%d\t%.1fms\t%.1fms\t%.1fms\t%d\t%d\t%.1fms\t%.1fms\n", r.Database, ss.Samples,
				ss.P50ms, ss.P99ms, ss.Maxms, ss.Over1s, ss.Failures, ss.SignOutP50ms, ss.SignOutP99ms)
		}
	}
	tw.Flush()
	if len(rep.Results) > 0 {
		fmt.Fprintln(out, "API key: rotation on A (POST …/api_keys), propagation from its response; session: sign-out on A (DELETE /api/v2/auth/session), propagation from just before it was sent")
	}
	for _, line := range skipped {
		fmt.Fprintln(out, line)
	}
	for _, r := range rep.Results {
		if r.Failures > 0 {
			fmt.Fprintf(out, "FAILED: %s: %d rotations; first: %s\n", r.Database, r.Failures, r.FirstFailure)
		}
		if ss := r.Sessions; ss != nil && ss.Failures > 0 {
			fmt.Fprintf(out, "FAILED: %s: %d session samples; first: %s\n", r.Database, ss.Failures, ss.FirstFailure)
		}
	}
}
