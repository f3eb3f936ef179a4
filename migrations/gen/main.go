// Command gen writes a new versioned migration for one SQL dialect from the difference
// between the ent schema and the migrations already in migrations/<dialect>. It needs no
// Atlas CLI: the SQLite dev database is in memory, the PostgreSQL one is an empty
// throwaway database (see .ci/with-postgres.sh). `make generate NAME=…` runs it for both
// dialects with one -version, so that a change has the same version number in both
// (migrations/README.md has the rules).
//
//	go run ./migrations/gen -dialect sqlite -name add_x -version 20261203120000
//	go run ./migrations/gen -dialect postgres -server postgres://… -name add_x -version 20261203120000
//	go run ./migrations/gen -dialect sqlite -check   # exit 1 if the schema has unmigrated changes
//	go run ./migrations/gen -dialect sqlite -sum     # rewrite atlas.sum after a hand-written data migration
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	neturl "net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"github.com/partnerhub/partnerhub/ent/migrate"
)

func init() {
	// Atlas opens dev databases by URL with these driver names.
	sql.Register("sqlite3", &sqlite.Driver{})
	sql.Register("postgres", stdlib.GetDefaultDriver())
}

// A migration's name says what it changes, in lower snake case (add_ticket_priority).
var validName = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// versionLayout is golang-migrate's and Atlas's version format: the UTC time, to the second.
const versionLayout = "20060102150405"

func main() {
	dialectName := flag.String("dialect", "sqlite", "sqlite or postgres")
	server := flag.String("server", os.Getenv("PARTNERHUB_TEST_POSTGRES"), "PostgreSQL server URL on which a temporary dev database is created (postgres only)")
	name := flag.String("name", "", "what the migration changes, in lower snake case (add_ticket_priority); needed when there is a change")
	version := flag.String("version", "", "version number of the new migration (YYYYMMDDhhmmss, UTC); give both dialects the same one; default: now")
	check := flag.Bool("check", false, "do not write: exit 1 if the ent schema has changes without a migration")
	sum := flag.Bool("sum", false, "only rewrite atlas.sum from the files (after writing a data migration by hand)")
	flag.Parse()

	dir := filepath.Join("migrations", *dialectName)
	if *sum {
		if err := writeSum(dir); err != nil {
			log.Fatalf("gen: %v", err)
		}
		fmt.Printf("gen: %s: rewrote %s\n", *dialectName, atlasmigrate.HashFileName)
		return
	}
	var opts []schema.MigrateOption
	var url string
	switch *dialectName {
	case "sqlite":
		url = "sqlite://dev?mode=memory&_pragma=foreign_keys(1)"
		opts = append(opts, schema.WithDialect(dialect.SQLite))
	case "postgres":
		dev, drop, err := createDevDatabase(*server)
		if err != nil {
			log.Fatalf("gen: %v", err)
		}
		defer drop()
		url = dev
		opts = append(opts, schema.WithDialect(dialect.Postgres))
	default:
		log.Fatalf("gen: unknown dialect %q", *dialectName)
	}
	if *version == "" {
		*version = time.Now().UTC().Format(versionLayout)
	}
	if _, err := time.Parse(versionLayout, *version); err != nil {
		log.Printf("gen: -version %q is not YYYYMMDDhhmmss", *version)
		exit(1)
	}

	// The diff is written into a copy of the directory; only a migration that passes the
	// checks below is copied back.
	tmp, err := os.MkdirTemp("", "migplan")
	if err != nil {
		log.Fatal(err)
	}
	deferred = append(deferred, func() { os.RemoveAll(tmp) })
	defer os.RemoveAll(tmp)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
		log.Fatal(err)
	}
	mdir, err := sqltool.NewGolangMigrateDir(tmp)
	if err != nil {
		log.Fatalf("gen: open dir: %v", err)
	}
	before := sqlFiles(tmp)
	opts = append(opts,
		schema.WithDir(mdir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithFormatter(versioned{sqltool.GolangMigrateFormatter, *version}),
		schema.WithDropIndex(true),
		schema.WithDropColumn(true),
	)
	if err := migrate.NamedDiff(context.Background(), url, *name, opts...); err != nil {
		log.Printf("gen: diff: %v", err)
		exit(1)
	}
	var added []string
	for f := range sqlFiles(tmp) {
		if !before[f] {
			added = append(added, f)
		}
	}
	sort.Strings(added)
	switch {
	case *check && len(added) > 0:
		fmt.Fprintf(os.Stderr, "gen: the ent schema has changes without a %s migration: run make generate NAME=…\n", *dialectName)
		exit(1)
	case *check:
		fmt.Printf("gen: %s migrations match the ent schema\n", *dialectName)
		return
	case len(added) == 0:
		fmt.Printf("gen: %s: no changes\n", *dialectName)
		return
	case !validName.MatchString(*name) || *name == "changes":
		fmt.Fprintf(os.Stderr, "gen: the ent schema changed: name the %s migration by what it changes, in lower snake case: make generate NAME=add_ticket_priority\n", *dialectName)
		exit(1)
	}
	newest := uint64(0)
	for f := range before {
		if v, ok := fileVersion(f); ok && v > newest {
			newest = v
		}
	}
	if v, _ := strconv.ParseUint(*version, 10, 64); v <= newest {
		fmt.Fprintf(os.Stderr, "gen: version %s is not newer than %d, the newest %s migration\n", *version, newest, *dialectName)
		exit(1)
	}
	for _, f := range append(added, atlasmigrate.HashFileName) {
		data, err := os.ReadFile(filepath.Join(tmp, f))
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Printf("gen: %s: wrote migration %s_%s\n", *dialectName, *version, *name)
}

// writeSum rewrites dir's atlas.sum from its files. A data migration (rows changed, no
// schema change) is written by hand and has no diff for gen to find; its files still belong
// in the checksums.
func writeSum(dir string) error {
	mdir, err := sqltool.NewGolangMigrateDir(dir)
	if err != nil {
		return err
	}
	hash, err := mdir.Checksum()
	if err != nil {
		return err
	}
	return atlasmigrate.WriteSumFile(mdir, hash)
}

// versioned names the files that Formatter writes with a version of its own instead of the
// time of the run, so that both dialects' files of one change carry the same number.
type versioned struct {
	atlasmigrate.Formatter
	version string
}

func (v versioned) Format(plan *atlasmigrate.Plan) ([]atlasmigrate.File, error) {
	files, err := v.Formatter.Format(plan)
	if err != nil {
		return nil, err
	}
	out := make([]atlasmigrate.File, len(files))
	for i, f := range files {
		out[i] = atlasmigrate.NewLocalFile(v.version+strings.TrimLeft(f.Name(), "0123456789"), f.Bytes())
	}
	return out, nil
}

// sqlFiles lists the migration files (*.up.sql and *.down.sql) in dir.
func sqlFiles(dir string) map[string]bool {
	names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		log.Fatal(err)
	}
	out := map[string]bool{}
	for _, n := range names {
		out[filepath.Base(n)] = true
	}
	return out
}

// fileVersion reads the version number at the start of a migration file's name.
func fileVersion(name string) (uint64, bool) {
	digits, _, _ := strings.Cut(name, "_")
	v, err := strconv.ParseUint(digits, 10, 64)
	return v, err == nil
}

// deferred holds cleanups that must run before the process exits with a failure status.
var deferred []func()

func exit(code int) {
	for _, f := range deferred {
		f()
	}
	os.Exit(code)
}

// createDevDatabase makes an empty database on server for Atlas to replay migrations into
// and returns its URL and a func that drops it.
func createDevDatabase(server string) (string, func(), error) {
	if server == "" {
		return "", nil, fmt.Errorf("-server (or PARTNERHUB_TEST_POSTGRES) is required for postgres")
	}
	u, err := neturl.Parse(server)
	if err != nil {
		return "", nil, fmt.Errorf("bad -server URL: %w", err)
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("partnerhub_migdev_%d", os.Getpid())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create dev database: %w", err)
	}
	drop := func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	}
	deferred = append(deferred, drop)
	u.Path = "/" + name
	q := u.Query()
	q.Set("search_path", "public")
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
