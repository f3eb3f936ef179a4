package auth

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

const throttlePassword = "the right password"

// throttleEnv is an auth service on a fresh database with a manual clock and users
// alice, bob and carol (all with throttlePassword).
type throttleEnv struct {
	t     *testing.T
	s     *Service
	clock *clock.Manual
}

func newThrottleEnv(t *testing.T, cfg ThrottleConfig) *throttleEnv {
	t.Helper()
	ctx := context.Background()
	db := storagetest.Open(t).Client
	clk := clock.NewManual(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	cheap := PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	s, err := New(ctx, db, clk, Config{Secret: []byte("throttle-test-secret-0123456789ab"), PasswordParams: cheap, Throttle: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"alice", "bob", "carol"} {
		db.User.Create().SetEmail(name + "@test.example").SetRole(user.RolePlatformAdmin).
			SetPasswordHash(HashPassword(throttlePassword, cheap)).SaveX(tenancy.AsSystem(ctx, tenancy.PlatformSetup))
	}
	return &throttleEnv{t: t, s: s, clock: clk}
}

// login signs in as name (an email without its domain) from ip and returns the error code
// ("" on success).
func (e *throttleEnv) login(name, password, ip string) string {
	e.t.Helper()
	_, err := e.s.Login(context.Background(), name+"@test.example", password, Client{IP: ip})
	return apperr.CodeOf(err)
}

func (e *throttleEnv) fail(t *testing.T, n int, name, ip string) {
	t.Helper()
	for i := range n {
		if code := e.login(name, "a wrong password", ip); code != "invalid_credentials" {
			t.Fatalf("failure %d of %s from %s: %q, want invalid_credentials", i+1, name, ip, code)
		}
	}
}

func TestThrottleDefaults(t *testing.T) {
	c := ThrottleConfig{}.withDefaults()
	if c.MaxFailures != 5 || c.AccountMaxFailures != 10 || c.IPMaxFailures != 100 {
		t.Fatalf("thresholds %d/%d/%d, want 5 per account and IP, 10 per account, 100 per IP",
			c.MaxFailures, c.AccountMaxFailures, c.IPMaxFailures)
	}
}

// The probe's finding: five wrong passwords from one IP locked every account from that IP.
func TestWrongPasswordsOnOneAccountDoNotLockOthersFromTheSameIP(t *testing.T) {
	e := newThrottleEnv(t, ThrottleConfig{})
	const office = "203.0.113.7"
	e.fail(t, 5, "alice", office)
	if code := e.login("bob", throttlePassword, office); code != "" {
		t.Fatalf("bob's right password from the same IP: %q, want success", code)
	}
	// alice from this IP is locked, even with the right password: the fast back-off.
	if code := e.login("alice", throttlePassword, office); code != "login_throttled" {
		t.Fatalf("alice from the IP she failed from: %q, want login_throttled", code)
	}
	// Her account is not locked yet (5 of 10), so from elsewhere she gets in.
	if code := e.login("alice", throttlePassword, "198.51.100.1"); code != "" {
		t.Fatalf("alice from another IP: %q, want success", code)
	}
}

func TestAccountLockSpansIPs(t *testing.T) {
	e := newThrottleEnv(t, ThrottleConfig{})
	for i := range 10 {
		e.fail(t, 1, "alice", "198.51.100."+strconv.Itoa(i+1))
	}
	if code := e.login("alice", throttlePassword, "192.0.2.1"); code != "login_throttled" {
		t.Fatalf("alice after 10 failures from 10 IPs: %q, want login_throttled", code)
	}
	if code := e.login("bob", throttlePassword, "198.51.100.1"); code != "" {
		t.Fatalf("bob from one of those IPs: %q, want success", code)
	}
	e.clock.Advance(31 * time.Second)
	if code := e.login("alice", throttlePassword, "192.0.2.1"); code != "" {
		t.Fatalf("alice after the lock: %q, want success", code)
	}
}

func TestIPLockStopsSpraying(t *testing.T) {
	e := newThrottleEnv(t, ThrottleConfig{IPMaxFailures: 12})
	const sprayer = "203.0.113.66"
	// One guess each on many accounts, known or not: no account or pair gets near its limit.
	for i := range 11 {
		e.fail(t, 1, "user"+strconv.Itoa(i), sprayer)
	}
	if code := e.login("alice", throttlePassword, sprayer); code != "" {
		t.Fatalf("a right password below the IP's threshold: %q, want success", code)
	}
	e.fail(t, 1, "user-last", sprayer) // the 12th failure locks the IP
	for _, name := range []string{"bob", "carol"} {
		if code := e.login(name, throttlePassword, sprayer); code != "login_throttled" {
			t.Errorf("%s from the spraying IP: %q, want login_throttled", name, code)
		}
	}
	if code := e.login("bob", throttlePassword, "198.51.100.9"); code != "" {
		t.Errorf("bob from another IP: %q, want success", code)
	}
}

func TestSuccessClearsTheAccountsCountersNotTheIPs(t *testing.T) {
	e := newThrottleEnv(t, ThrottleConfig{IPMaxFailures: 8})
	const ip = "203.0.113.8"
	e.fail(t, 4, "alice", ip)
	if code := e.login("alice", throttlePassword, ip); code != "" {
		t.Fatalf("alice: %q", code)
	}
	// Alice's own count starts again: four more failures do not lock her from this IP...
	e.fail(t, 3, "alice", ip)
	if code := e.login("carol", throttlePassword, ip); code != "" {
		t.Fatalf("carol: %q", code)
	}
	// ...but the IP kept all seven, so the eighth locks it: a sprayer cannot reset the IP's
	// count by signing in to an account of their own.
	e.fail(t, 1, "bob", ip)
	if code := e.login("carol", throttlePassword, ip); code != "login_throttled" {
		t.Fatalf("after 8 failures from the IP: %q, want login_throttled", code)
	}
}

func TestUnknownAccountsAreThrottledLikeWrongPasswords(t *testing.T) {
	e := newThrottleEnv(t, ThrottleConfig{})
	e.fail(t, 5, "nobody", "203.0.113.9")
	if code := e.login("nobody", "whatever", "203.0.113.9"); code != "login_throttled" {
		t.Fatalf("unknown account after 5 failures: %q, want login_throttled like a real one", code)
	}
	// A failure writes the same counters for an unknown account as for a known one.
	rows := func(name string) int {
		e := newThrottleEnv(t, ThrottleConfig{})
		e.fail(t, 1, name, "203.0.113.10")
		return e.s.db.LoginThrottle.Query().CountX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	}
	if known, unknown := rows("alice"), rows("ghost"); known != unknown {
		t.Errorf("throttle rows after one failure: %d for a known account, %d for an unknown one", known, unknown)
	}
}

func TestOverlongEmailIsAnOrdinaryFailure(t *testing.T) {
	e := newThrottleEnv(t, ThrottleConfig{})
	long := strings.Repeat("x", 400)
	for i := range 5 {
		if code := e.login(long, "wrong", "203.0.113.11"); code != "invalid_credentials" {
			t.Fatalf("attempt %d with a 400-character email: %q, want invalid_credentials", i+1, code)
		}
	}
	if code := e.login(long, "wrong", "203.0.113.11"); code != "login_throttled" {
		t.Fatalf("6th attempt: %q, want login_throttled", code)
	}
}
