// Package storage opens PartnerHub's database — an embedded SQLite file by default, or
// PostgreSQL for several instances — applies the embedded migrations and hands out the ent
// client with the privacy policies installed.
package storage

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/partnerhub/partnerhub/ent"
	_ "github.com/partnerhub/partnerhub/ent/runtime" // installs the privacy policies
	"github.com/partnerhub/partnerhub/migrations"
)

// Store is an open database with its ent client.
type Store struct {
	Client  *ent.Client
	DB      *sql.DB
	Dialect migrations.Dialect
	// DSN is what the store was opened with; PostgreSQL listeners open their own connection.
	DSN string
}

// Options tune Open.
type Options struct {
	// SkipMigrations leaves the schema as it is (the migrate subcommand applies them itself).
	SkipMigrations bool
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn — a SQLite file path or a postgres:// URL — and, unless told not
// to, applies the embedded migrations.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	var (
		db  *sql.DB
		d   migrations.Dialect
		err error
	)
	if IsPostgres(dsn) {
		d = migrations.Postgres
		db, err = sql.Open("pgx", dsn)
		if err == nil {
			db.SetMaxOpenConns(32)
			db.SetMaxIdleConns(16)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	} else {
		d = migrations.SQLite
		db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: open: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("storage: connect: %w", err)
	}
	if !opts.SkipMigrations {
		if err := migrations.Apply(db, d); err != nil {
			db.Close()
			return nil, err
		}
	}
	entDialect := dialect.SQLite
	if d == migrations.Postgres {
		entDialect = dialect.Postgres
	}
	client := ent.NewClient(ent.Driver(entsql.OpenDB(entDialect, db)))
	return &Store{Client: client, DB: db, Dialect: d, DSN: dsn}, nil
}

// openSQLite opens the file at path in WAL mode with foreign keys on. Writers never see
// SQLITE_BUSY: transactions take the write lock up front (_txlock=immediate), so a waiting
// writer queues on the busy timeout instead of failing a lock upgrade.
func openSQLite(path string) (*sql.DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	path = strings.TrimPrefix(path, "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return nil, fmt.Errorf("empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
	}
	q := url.Values{}
	for _, p := range []string{"foreign_keys(1)", "journal_mode(WAL)", "busy_timeout(30000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	return db, nil
}

// Close closes the ent client and the database.
func (s *Store) Close() error {
	return s.Client.Close()
}

// WithTx runs fn inside a transaction on s, committing when fn returns nil.
func (s *Store) WithTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	return WithTx(ctx, s.Client, fn)
}

// WithTx runs fn inside a transaction on client, committing when fn returns nil and
// rolling back on an error or panic.
func WithTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) (err error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("storage: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storage: commit: %w", err)
	}
	return nil
}

// MigrationsCurrent reports whether the database is at the newest embedded migration and
// not left dirty by a failed one.
func (s *Store) MigrationsCurrent(ctx context.Context) error {
	latest, err := migrations.Latest(s.Dialect)
	if err != nil {
		return err
	}
	cur, dirty, err := migrations.Current(s.DB)
	if err != nil {
		return err
	}
	if dirty {
		return fmt.Errorf("migration %d is dirty", cur)
	}
	if cur != latest {
		return fmt.Errorf("database at migration %d, binary expects %d", cur, latest)
	}
	return nil
}
