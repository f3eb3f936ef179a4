// Package benchkit holds what the benchmark commands share.
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

	"github.com/partnerhub/partnerhub/services/storage"
)

// OpenFresh opens a new, migrated database of kind ("sqlite" or "postgres"; a new database
// named prefix_<random> on the server at postgresURL) and returns it with its server
// version and a clean-up that closes and removes it — unless keep, when it says on out
// where the database was kept.
func OpenFresh(ctx context.Context, kind, prefix, postgresURL string, keep bool, out io.Writer) (*storage.Store, string, func(), error) {
	var (
		dsn     string
		cleanup = func() {}
	)
	if kind == "sqlite" {
		dir, err := os.MkdirTemp("", prefix+"-")
		if err != nil {
			return nil, "", nil, err
		}
		dsn = filepath.Join(dir, "hub.db")
		cleanup = func() {
			if keep {
				fmt.Fprintf(out, "kept the SQLite database: %s\n", dsn)
				return
			}
			os.RemoveAll(dir)
		}
	} else {
		var b [6]byte
		rand.Read(b[:])
		name := prefix + "_" + hex.EncodeToString(b[:])
		admin, err := sql.Open("pgx", postgresURL)
		if err != nil {
			return nil, "", nil, err
		}
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			admin.Close()
			return nil, "", nil, fmt.Errorf("create database: %w", err)
		}
		cleanup = func() {
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
			return nil, "", nil, err
		}
		// .ci/with-postgres.sh's throwaway server commits asynchronously; ask for the default
		// a production server has. It matters: until the commit of a row is flushed, VACUUM
		// cannot mark its page all-visible, and index-only scans need that.
		u.Path = "/" + name
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
	versionSQL := "SELECT 'SQLite ' || sqlite_version()"
	if kind == "postgres" {
		versionSQL = "SELECT 'PostgreSQL ' || current_setting('server_version')"
	}
	var version string
	if err := store.DB.QueryRowContext(ctx, versionSQL).Scan(&version); err != nil {
		store.Close()
		cleanup()
		return nil, "", nil, err
	}
	return store, version, func() { store.Close(); cleanup() }, nil
}
