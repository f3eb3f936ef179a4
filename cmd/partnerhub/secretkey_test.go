package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/secretbox"
)

// Master keys for the tests; testSecretKey is the one PostgreSQL runs share (TestMain).
const (
	testSecretKey  = "0Sz0CTXgfJjyLFlo8Zbfk+sP6FVrg2NJgX8Jam+IX9E="
	otherSecretKey = "5jktk5/ZD+xiUyWL5Rs+r3iKH2rJ0u1YwQX6PnOq244="
)

// sqliteDB returns a SQLite database path under a new data directory, with no secret key
// in the environment, so the key file beside it is used.
func sqliteDB(t *testing.T) (db, keyFile string) {
	t.Helper()
	t.Setenv(envName("secret-key"), "")
	t.Setenv(envName("new-secret-key"), "")
	dir := filepath.Join(t.TempDir(), "data")
	return filepath.Join(dir, "partnerhub.db"), filepath.Join(dir, "secret.key")
}

// refusal runs serve expecting it to refuse to start and returns its error.
func refusal(t *testing.T, args ...string) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out syncBuffer
	err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "error"}, args...), &out, &out)
	if err == nil {
		t.Fatalf("serve %v started; it must have refused\n%s", args, out.String())
	}
	return err
}

func keyID(t *testing.T, text string) string {
	t.Helper()
	k, err := secretbox.ParseKey(text)
	if err != nil {
		t.Fatal(err)
	}
	return k.ID()
}

func fileKeyID(t *testing.T, path string) string {
	t.Helper()
	k, err := secretbox.ReadKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return k.ID()
}

func TestSQLiteKeyFileIsCreatedOnceBesideTheDatabase(t *testing.T) {
	db, keyFile := sqliteDB(t)
	_, out, stop := startServe(t, "--db", db)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(keyFile)
	if err != nil {
		t.Fatalf("no key file beside the database: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o, want 0600", fi.Mode().Perm())
	}
	kid := fileKeyID(t, keyFile)
	if !strings.Contains(out.String(), "secret key: created "+keyFile+" (kid "+kid+")") {
		t.Errorf("the first start must say it created the key file:\n%s", out)
	}
	before, _ := os.ReadFile(keyFile)
	_, out2, stop2 := startServe(t, "--db", db)
	if err := stop2(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(keyFile); !bytes.Equal(before, after) || strings.Contains(out2.String(), "secret key: created") {
		t.Error("a later start must read the key file, not create another")
	}

	if err := os.Chmod(keyFile, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := refusal(t, "--db", db); !strings.Contains(err.Error(), "has mode 0644") || !strings.Contains(err.Error(), "chmod 600 "+keyFile) {
		t.Errorf("a readable key file: %v", err)
	}
	if err := os.WriteFile(keyFile, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Chmod(keyFile, 0o600)
	if err := refusal(t, "--db", db); !strings.Contains(err.Error(), "secret key file "+keyFile+" is malformed") {
		t.Errorf("a malformed key file: %v", err)
	}
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	if err := refusal(t, "--db", db); !strings.Contains(err.Error(), "sealed with secret key kid "+kid+", but its key file "+keyFile+" is missing") {
		t.Errorf("a lost key file: %v", err)
	}
	if _, err := os.Stat(keyFile); err == nil {
		t.Error("a new key file must not be created for a database sealed with another key")
	}
	if err := os.WriteFile(keyFile, before, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := refusal(t, "--db", db, "--secret-key", otherSecretKey); !strings.Contains(err.Error(),
		"this database was sealed with a different secret key (kid "+kid+"; this instance's key is kid "+keyID(t, otherSecretKey)+"); start every instance with the same PARTNERHUB_SECRET_KEY") {
		t.Errorf("another key: %v", err)
	}
}

func TestPostgresNeedsAGivenSecretKey(t *testing.T) {
	t.Setenv(envName("secret-key"), "")
	// Refused before any connection is tried: nothing listens on this port.
	err := refusal(t, "--db", "postgres://hub@127.0.0.1:1/hub")
	if !strings.Contains(err.Error(), "--secret-key (PARTNERHUB_SECRET_KEY) is required with PostgreSQL") {
		t.Errorf("postgres without a key: %v", err)
	}
	if err := refusal(t, "--db", "postgres://hub@127.0.0.1:1/hub", "--secret-key", "too short"); !strings.Contains(err.Error(), "--secret-key (PARTNERHUB_SECRET_KEY): a secret key is 32 random bytes") ||
		strings.Contains(err.Error(), "too short") {
		t.Errorf("a malformed key: %v", err)
	}
}

func TestHelpDoesNotEchoTheSecretKeyFromTheEnvironment(t *testing.T) {
	t.Setenv(envName("secret-key"), otherSecretKey)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), otherSecretKey) {
		t.Error("--help printed the secret key from the environment")
	}
	if !regexp.MustCompile(`--secret-key .*\n\s+PARTNERHUB_SECRET_KEY\s+default: ""`).MatchString(out.String()) {
		t.Errorf("--help must list --secret-key with its variable and default:\n%s", out.String())
	}
}

func TestRotateSecretKeyReplacesTheKeyFile(t *testing.T) {
	db, keyFile := sqliteDB(t)
	_, _, stop := startServe(t, "--db", db)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	oldText, _ := os.ReadFile(keyFile)
	oldID := fileKeyID(t, keyFile)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"rotate-secret-key", "--db", db}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	newID := fileKeyID(t, keyFile)
	if newID == oldID {
		t.Fatal("the key file still holds the old key")
	}
	if fi, _ := os.Stat(keyFile); fi.Mode().Perm() != 0o600 {
		t.Errorf("new key file mode %04o", fi.Mode().Perm())
	}
	for _, want := range []string{"re-sealed 3 settings", "with the new secret key kid " + newID + " (was kid " + oldID + ")", "the new key replaced " + keyFile,
		"backups taken before now still need the old key (kid " + oldID + ")"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), strings.TrimSpace(string(oldText))) {
		t.Error("the output shows the old key")
	}
	if left, _ := filepath.Glob(keyFile + ".*"); len(left) != 0 {
		t.Errorf("files left beside the key: %v", left)
	}
	if err := refusal(t, "--db", db, "--secret-key", strings.TrimSpace(string(oldText))); !strings.Contains(err.Error(), "sealed with a different secret key (kid "+newID) {
		t.Errorf("the old key after rotation: %v", err)
	}
	_, _, stop = startServe(t, "--db", db)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestRotateSecretKeyWithGivenKeysTellsTheOperatorWhatToSet(t *testing.T) {
	db, keyFile := sqliteDB(t)
	_, _, stop := startServe(t, "--db", db, "--secret-key", testSecretKey)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(keyFile); err == nil {
		t.Error("a given key must not write a key file")
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"rotate-secret-key", "--db", db, "--secret-key", otherSecretKey}, &out, &out); err == nil ||
		!strings.Contains(err.Error(), "sealed with a different secret key") {
		t.Fatalf("rotating from a wrong current key: %v", err)
	}
	if err := run(context.Background(), []string{"rotate-secret-key", "--db", db, "--secret-key", testSecretKey, "--new-secret-key", testSecretKey}, &out, &out); err == nil {
		t.Fatal("rotating to the same key must be refused")
	}
	out.Reset()
	// The new key from the environment, as an operator would pass it.
	t.Setenv(envName("new-secret-key"), otherSecretKey)
	if err := run(context.Background(), []string{"rotate-secret-key", "--db", db, "--secret-key", testSecretKey}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "next: set PARTNERHUB_SECRET_KEY (or --secret-key) to the new key on every instance") ||
		strings.Contains(out.String(), otherSecretKey) {
		t.Errorf("output:\n%s", out.String())
	}
	if err := refusal(t, "--db", db, "--secret-key", testSecretKey); !strings.Contains(err.Error(), "sealed with a different secret key (kid "+keyID(t, otherSecretKey)) {
		t.Errorf("the old key after rotation: %v", err)
	}
	// Without a new key one is generated and shown once.
	t.Setenv(envName("new-secret-key"), "")
	out.Reset()
	if err := run(context.Background(), []string{"rotate-secret-key", "--db", db, "--secret-key", otherSecretKey}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	m := regexp.MustCompile(`new secret key \(shown only now\): (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("the generated key is not shown:\n%s", out.String())
	}
	_, _, stop = startServe(t, "--db", db, "--secret-key", m[1])
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
