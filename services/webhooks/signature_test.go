package webhooks_test

import (
	"strings"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/webhooks"
)

func TestSignAndVerify(t *testing.T) {
	now := time.Unix(1795000000, 0)
	body := []byte(`{"id":"x"}`)
	h := webhooks.Sign(now, body, "old", "new")
	if !strings.HasPrefix(h, "t=1795000000,v1=") || strings.Count(h, "v1=") != 2 {
		t.Fatalf("header %q", h)
	}
	for _, secret := range []string{"old", "new"} {
		if err := webhooks.Verify(h, body, secret, now, time.Minute); err != nil {
			t.Errorf("%s: %v", secret, err)
		}
	}
	cases := map[string]error{
		"other secret": webhooks.Verify(h, body, "other", now, time.Minute),
		"changed body": webhooks.Verify(h, []byte(`{"id":"y"}`), "new", now, time.Minute),
		"too old":      webhooks.Verify(h, body, "new", now.Add(2*time.Minute), time.Minute),
		"no signature": webhooks.Verify("t=1795000000", body, "new", now, time.Minute),
		"garbage":      webhooks.Verify("nonsense", body, "new", now, time.Minute),
		"bad hex":      webhooks.Verify("t=1795000000,v1=zz", body, "new", now, time.Minute),
	}
	for name, err := range cases {
		if err == nil {
			t.Errorf("%s: verified", name)
		}
	}
	if s := webhooks.NewSecret(); !strings.HasPrefix(s, "whsec_") || len(s) < 40 || s == webhooks.NewSecret() {
		t.Errorf("secret %q", s)
	}
}
