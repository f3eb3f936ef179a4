// Command gen writes a new versioned migration for one SQL dialect from the difference
// between the ent schema and the migrations already in migrations/<dialect>. It needs no
// Atlas CLI: the SQLite dev database is in memory, the PostgreSQL one is an empty
// throwaway database (see .ci/with-postgres.sh).
//
//	go run ./migrations/gen -dialect sqlite -name add_x
//	go run ./migrations/gen -dialect postgres -server postgres://… -name add_x
//	go run ./migrations/gen -dialect sqlite -check   # exit 1 if the schema has unmigrated changes
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

func main() {
	dialectName := flag.String("dialect", "sqlite", "sqlite or postgres")
	server := flag.String("server", os.Getenv("PARTNERHUB_TEST_POSTGRES"), "PostgreSQL server URL on which a temporary dev database is created (postgres only)")
	name := flag.String("name", "changes", "name of the migration")
	check := flag.Bool("check", false, "do not write: exit 1 if the ent schema has changes without a migration")
	flag.Parse()

	dir := filepath.Join("migrations", *dialectName)
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

	target := dir
	if *check {
		tmp, err := os.MkdirTemp("", "migcheck")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(tmp)
		if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
			log.Fatal(err)
		}
		target = tmp
	}
	if err := os.MkdirAll(target, 0o755); err != nil {
		log.Fatal(err)
	}
	mdir, err := sqltool.NewGolangMigrateDir(target)
	if err != nil {
		log.Fatalf("gen: open dir: %v", err)
	}
	before := countFiles(mdir)
	opts = append(opts,
		schema.WithDir(mdir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithFormatter(sqltool.GolangMigrateFormatter),
		schema.WithDropIndex(true),
		schema.WithDropColumn(true),
	)
	if err := migrate.NamedDiff(context.Background(), url, *name, opts...); err != nil {
		log.Printf("gen: diff: %v", err)
		exit(1)
	}
	after := countFiles(mdir)
	switch {
	case *check && after != before:
		fmt.Fprintf(os.Stderr, "gen: the ent schema has changes without a %s migration: run make generate\n", *dialectName)
		exit(1)
	case *check:
		fmt.Printf("gen: %s migrations match the ent schema\n", *dialectName)
	case after == before:
		fmt.Printf("gen: %s: no changes\n", *dialectName)
	default:
		fmt.Printf("gen: %s: wrote migration %q\n", *dialectName, *name)
	}
}

func countFiles(d atlasmigrate.Dir) int {
	files, err := d.Files()
	if err != nil {
		log.Fatal(err)
	}
	return len(files)
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
