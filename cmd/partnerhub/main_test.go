package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/storage/storagetest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

var listening = regexp.MustCompile(`listening on (https?://\S+)`)

// startServe runs "partnerhub serve args…" in-process and returns its base URL, its
// stdout, and a stop func that cancels it (as SIGTERM does) and returns its error.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...), stdout, stderr)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := listening.FindStringSubmatch(stdout.String()); m != nil {
			stop := func() error {
				cancel()
				select {
				case err := <-done:
					return err
				case <-time.After(15 * time.Second):
					t.Fatal("serve did not stop within 15 s of cancellation")
					return nil
				}
			}
			return m[1], stdout, stop
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve exited early: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not start\nstderr:\n%s", stderr)
		}
	}
}

var loginLine = regexp.MustCompile(`(?m)^login: (\S+) (\S+) (\S+)$`)

func TestServeDemoPrintsLoginsAndStopsGracefully(t *testing.T) {
	db := storagetest.DSN(t)
	url, out, stop := startServe(t, "--demo", "--db", db)
	res, err := http.Get(url + "/readyz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", res, err)
	}
	res.Body.Close()
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	if !regexp.MustCompile(`(?m)^first admin: created platform admin admin@partnerhub\.local with one-time password \S{20} `).MatchString(out.String()) {
		t.Errorf("first start must print the admin's one-time password:\n%s", out)
	}
	logins := loginLine.FindAllStringSubmatch(out.String(), -1)
	var roles []string
	for _, l := range logins {
		roles = append(roles, l[1])
	}
	want := "platform_admin support_agent partner_admin partner_member client_admin client_member partner_admin client_admin"
	if strings.Join(roles, " ") != want {
		t.Fatalf("login lines in order %q, want %q\n%s", strings.Join(roles, " "), want, out)
	}

	// A second start on the same database: no new admin, the same demo logins.
	_, out2, stop2 := startServe(t, "--demo", "--db", db)
	if err := stop2(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out2.String(), "first admin") {
		t.Error("a second start must not create another admin")
	}
	if n := len(loginLine.FindAllString(out2.String(), -1)); n != 8 {
		t.Errorf("second start printed %d logins, want 8", n)
	}
}

func TestConfigFromEnvironmentAndFlags(t *testing.T) {
	db := storagetest.DSN(t)
	t.Setenv("PARTNERHUB_DB", db)
	t.Setenv("PARTNERHUB_ADMIN_EMAIL", "boss@env.example")
	_, out, stop := startServe(t)
	stop()
	if !strings.Contains(out.String(), "boss@env.example") {
		t.Errorf("PARTNERHUB_ADMIN_EMAIL was not used:\n%s", out)
	}
	t.Setenv("PARTNERHUB_DEMO", "maybe")
	if err := run(context.Background(), []string{"serve"}, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "PARTNERHUB_DEMO") {
		t.Errorf("a bad environment value must be reported by name: %v", err)
	}
}

func TestHelpListsEveryOptionWithDefaultAndVariable(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, opt := range []string{"addr", "db", "jwt-secret", "admin-email", "demo", "secure-cookies", "trusted-proxies", "log-level", "log-format", "shutdown-timeout", "allow-insecure-webhooks", "simulator-step", "webhook-retry-window", "webhook-timeout", "public-url", "webhook-concurrency", "secret-key"} {
		if !strings.Contains(out.String(), "--"+opt) || !strings.Contains(out.String(), envName(opt)) {
			t.Errorf("help lacks --%s / %s", opt, envName(opt))
		}
	}
	for _, cmd := range []string{"serve", "migrate", "user create", "rotate-secret-key", "version"} {
		if !strings.Contains(out.String(), cmd) {
			t.Errorf("help lacks the %q command", cmd)
		}
	}
}

func TestMigrateAndUserCreate(t *testing.T) {
	db := storagetest.DSN(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate", "--db", db}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "database is at migration") {
		t.Errorf("migrate output: %s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"user", "create", "--db", db, "--email", "ops@test.example"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "created platform_admin ops@test.example") || !strings.Contains(out.String(), "one-time password") {
		t.Errorf("user create output: %s", out.String())
	}
	if err := run(context.Background(), []string{"user", "create", "--db", db, "--email", "ops@test.example", "--password", "long enough password"}, &out, &out); err == nil {
		t.Error("a duplicate email must fail")
	}
	if err := run(context.Background(), []string{"user", "create", "--db", db, "--email", "x@test.example", "--role", "client_admin", "--password", "long enough password"}, &out, &out); err == nil {
		t.Error("user create makes platform staff only")
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &out, &out); err != nil || !strings.HasPrefix(out.String(), "partnerhub ") {
		t.Fatalf("%q %v", out.String(), err)
	}
}

func TestDefaultDatabaseIsUnderData(t *testing.T) {
	if defaultDB != "./data/partnerhub.db" {
		t.Fatalf("default database %q", defaultDB)
	}
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	_, _, stop := startServe(t)
	stop()
	if _, err := os.Stat(filepath.Join(dir, "data", "partnerhub.db")); err != nil {
		t.Fatalf("no SQLite file under ./data: %v", err)
	}
}
