package auth_test

import (
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/auth"
)

var cheap = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}

func TestPasswordHashRoundTrip(t *testing.T) {
	h := auth.HashPassword("correct horse battery", cheap)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash format: %s", h)
	}
	if !auth.VerifyPassword(h, "correct horse battery") {
		t.Fatal("the right password must verify")
	}
	for _, wrong := range []string{"correct horse batterY", "", "correct horse battery "} {
		if auth.VerifyPassword(h, wrong) {
			t.Errorf("%q must not verify", wrong)
		}
	}
	if first, second := auth.HashPassword("same", cheap), auth.HashPassword("same", cheap); first == second {
		t.Error("hashes must be salted")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AAAA$AAAA", h[:len(h)-4] + "!!!!"} {
		if auth.VerifyPassword(bad, "correct horse battery") {
			t.Errorf("malformed hash %q must not verify", bad)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	for pw, ok := range map[string]bool{
		strings.Repeat("a", 11):              false,
		strings.Repeat("a", 12):              true,
		strings.Repeat("é", 12):              true, // characters, not bytes
		strings.Repeat("🙂", 11):              false,
		strings.Repeat("a", 256):             true,
		strings.Repeat("a", 257):             false,
		"\xff\xfe" + strings.Repeat("a", 12): false,
	} {
		if err := auth.CheckPasswordPolicy("password", pw); (err == nil) != ok {
			t.Errorf("%q (%d bytes): err=%v, want ok=%v", pw, len(pw), err, ok)
		}
	}
}
