// Package benchkit holds what the benchmark commands share: fresh databases (OpenFresh,
// FreshDatabase), child processes and hubs on loopback (StartProcess, StartHub, FreeAddr),
// percentiles (Summarize, Percentile, Ms) and the parts of a report every command prints
// or writes the same way (Machine, Table, WriteJSON).
package benchkit

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for the admin connection

	"github.com/partnerhub/partnerhub/migrations"
	"github.com/partnerhub/partnerhub/services/storage"
)

// OpenFresh opens a new, migrated database of kind ("sqlite" or "postgres"; a new database
// named prefix_<random> on the server at postgresURL) and returns it with its server
// version and a clean-up that closes and removes it — unless keep, when it says on out
// where the database was kept.
func OpenFresh(ctx context.Context, kind, prefix, postgresURL string, keep bool, out io.Writer) (*storage.Store, string, func(), error) {
	dsn, cleanup, err := FreshDatabase(ctx, kind, prefix, postgresURL, keep, out)
	if err != nil {
		return nil, "", nil, err
	}
	if kind != "sqlite" {
		u, err := url.Parse(dsn)
		if err != nil {
			cleanup()
			return nil, "", nil, err
		}
		// .ci/with-postgres.sh's throwaway server commits asynchronously; ask for the default
		// a production server has. It matters: until the commit of a row is flushed, VACUUM
		// cannot mark its page all-visible, and index-only scans need that.
		q := u.Query()
		q.Set("synchronous_commit", "on")
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	store, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		cleanup()
		return nil, "", nil, err
	}
	version, err := Version(ctx, store)
	if err != nil {
		store.Close()
		cleanup()
		return nil, "", nil, err
	}
	return store, version, func() { store.Close(); cleanup() }, nil
}

// FreshDatabase creates a new, empty database of kind and returns its DSN and a clean-up
// that removes it: for "sqlite" a hub.db in a new temporary directory prefix-<random>, for
// "postgres" a database prefix_<random> on the server at postgresURL, with the server's
// URL parameters. With keep the clean-up leaves the database and says on out where it is.
// Nothing is migrated: storage.Open (or a hub started on the DSN) does that.
func FreshDatabase(ctx context.Context, kind, prefix, postgresURL string, keep bool, out io.Writer) (string, func(), error) {
	if kind == "sqlite" {
		dir, err := os.MkdirTemp("", prefix+"-")
		if err != nil {
			return "", nil, err
		}
		dsn := filepath.Join(dir, "hub.db")
		return dsn, func() {
			if keep {
				fmt.Fprintf(out, "kept the SQLite database: %s\n", dsn)
				return
			}
			os.RemoveAll(dir)
		}, nil
	}
	var b [6]byte
	rand.Read(b[:])
	name := prefix + "_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", postgresURL)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create database: %w", err)
	}
	// Not ctx: the database is dropped after an interrupt too.
	cleanup := func() {
		if keep {
			fmt.Fprintf(out, "kept the PostgreSQL database: %s\n", name)
		} else {
			admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		}
		admin.Close()
	}
	u, err := url.Parse(postgresURL)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), cleanup, nil
}

// Version is the database engine and its version, as the reports print it: "SQLite 3.x"
// or "PostgreSQL 15.x (…)".
func Version(ctx context.Context, store *storage.Store) (string, error) {
	q := "SELECT 'SQLite ' || sqlite_version()"
	if store.Dialect == migrations.Postgres {
		q = "SELECT 'PostgreSQL ' || current_setting('server_version')"
	}
	var v string
	err := store.DB.QueryRowContext(ctx, q).Scan(&v)
	return v, err
}
