// Package migrations embeds the versioned SQL migrations of each dialect, generated from
// the ent schema by ./gen, and applies them with golang-migrate. Shipped files are never
// edited: a schema change adds a new file.
package migrations

import (
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	migratesqlite "github.com/golang-migrate/migrate/v4/database/sqlite"
	"github.com/golang-migrate/migrate/v4/source/iofs"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// Dialect names a SQL dialect with its own migration directory.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Apply brings db up to the newest embedded migration. It is safe to run on every start
// and from several processes at once (golang-migrate takes a database lock).
func Apply(db *sql.DB, d Dialect) error {
	m, err := newMigrate(db, d)
	if err != nil {
		return err
	}
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrations: apply %s: %w", d, err)
	}
	return nil
}

// Latest returns the version of the newest embedded migration of d.
func Latest(d Dialect) (uint, error) {
	v, err := versions(d)
	if err != nil {
		return 0, err
	}
	return v[len(v)-1], nil
}

// First returns the version of the oldest embedded migration of d.
func First(d Dialect) (uint, error) {
	v, err := versions(d)
	if err != nil {
		return 0, err
	}
	return v[0], nil
}

// MigrateTo moves db to exactly version (up or down); upgrade tests use it.
func MigrateTo(db *sql.DB, d Dialect, version uint) error {
	m, err := newMigrate(db, d)
	if err != nil {
		return err
	}
	if err := m.Migrate(version); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrations: migrate %s to %d: %w", d, version, err)
	}
	return nil
}

// versions lists the embedded migration versions of d, oldest first.
func versions(d Dialect) ([]uint, error) {
	entries, err := fs.ReadDir(files, string(d))
	if err != nil {
		return nil, err
	}
	var out []uint
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".up.sql") {
			continue
		}
		v, err := strconv.ParseUint(strings.SplitN(name, "_", 2)[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("migrations: bad file name %q", name)
		}
		out = append(out, uint(v))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("migrations: none embedded for %s", d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// Current reports the version db is at and whether the last migration failed half-way.
// It reads golang-migrate's schema_migrations table directly so that a readiness probe
// takes no migration lock.
func Current(db *sql.DB) (version uint, dirty bool, err error) {
	var v int64
	err = db.QueryRow(`SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&v, &dirty)
	if err != nil {
		return 0, false, fmt.Errorf("migrations: read version: %w", err)
	}
	return uint(v), dirty, nil
}

func newMigrate(db *sql.DB, d Dialect) (*migrate.Migrate, error) {
	sub, err := fs.Sub(files, string(d))
	if err != nil {
		return nil, err
	}
	src, err := iofs.New(sub, ".")
	if err != nil {
		return nil, fmt.Errorf("migrations: source: %w", err)
	}
	var drv database.Driver
	switch d {
	case SQLite:
		// Atlas rebuilds SQLite tables with PRAGMA foreign_keys=off, which is a no-op
		// inside a transaction; so files run without golang-migrate's transaction wrap.
		drv, err = migratesqlite.WithInstance(db, &migratesqlite.Config{NoTxWrap: true})
	case Postgres:
		drv, err = migratepgx.WithInstance(db, &migratepgx.Config{})
	default:
		return nil, fmt.Errorf("migrations: unknown dialect %q", d)
	}
	if err != nil {
		return nil, fmt.Errorf("migrations: driver: %w", err)
	}
	return migrate.NewWithInstance("iofs", src, string(d), drv)
}
