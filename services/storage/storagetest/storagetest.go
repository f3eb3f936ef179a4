// Package storagetest gives each test its own real database with the migrations applied:
// a SQLite file in the test's temp dir, or — when PARTNERHUB_TEST_POSTGRES names a server —
// a fresh PostgreSQL database that is dropped when the test ends. The same suite therefore
// runs on both (make test runs it twice).
package storagetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/partnerhub/partnerhub/services/storage"
)

// EnvPostgres names the environment variable holding a PostgreSQL server URL for tests.
const EnvPostgres = "PARTNERHUB_TEST_POSTGRES"

// DSN returns a DSN for a new, empty database for t, cleaned up when t ends.
func DSN(t testing.TB) string {
	t.Helper()
	server := os.Getenv(EnvPostgres)
	if server == "" {
		return filepath.Join(t.TempDir(), "hub.db")
	}
	var b [6]byte
	rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Fatalf("storagetest: %v", err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatalf("storagetest: create database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("storagetest: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open returns a migrated store on a new database for t, closed when t ends.
func Open(t testing.TB) *storage.Store {
	t.Helper()
	st, err := storage.Open(context.Background(), DSN(t), storage.Options{})
	if err != nil {
		t.Fatalf("storagetest: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Postgres reports whether tests run against PostgreSQL.
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }
