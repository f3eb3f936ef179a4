package handlers

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
)

// Requests with X-Forwarded-For while no proxy is trusted log one warning naming
// --trusted-proxies — once, however many such requests come; with trusted proxies, none.
func TestForwardedForWithoutTrustedProxiesWarnsOnce(t *testing.T) {
	h, err := hub.New(context.Background(), storagetest.Open(t), clock.Real{}, hub.Config{})
	if err != nil {
		t.Fatal(err)
	}
	serve := func(cfg Config, headers ...string) string {
		t.Helper()
		untrustedForwarding = new(sync.Once) // a fresh process, as far as the warning goes
		var logs bytes.Buffer
		s, err := New(h, cfg, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn})), nil)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
			for i := 0; i+1 < len(headers); i += 2 {
				req.Header.Set(headers[i], headers[i+1])
			}
			s.Handler().ServeHTTP(httptest.NewRecorder(), req)
		}
		return logs.String()
	}
	t.Cleanup(func() { untrustedForwarding = new(sync.Once) })

	logs := serve(Config{}, "X-Forwarded-For", "198.51.100.7")
	if n := strings.Count(logs, "level=WARN"); n != 1 {
		t.Fatalf("%d warnings after three forwarded requests, want 1:\n%s", n, logs)
	}
	for _, want := range []string{"--trusted-proxies", "X-Forwarded-For", "PARTNERHUB_TRUSTED_PROXIES"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the warning does not name %s:\n%s", want, logs)
		}
	}
	if logs := serve(Config{}, "X-Real-IP", "198.51.100.7"); !strings.Contains(logs, "X-Real-IP") {
		t.Errorf("X-Real-IP without trusted proxies: no warning:\n%s", logs)
	}
	if logs := serve(Config{}); strings.Contains(logs, "level=WARN") {
		t.Errorf("requests without the header warned:\n%s", logs)
	}
	if logs := serve(Config{TrustedProxies: []string{"10.0.0.1"}}, "X-Forwarded-For", "198.51.100.7"); strings.Contains(logs, "level=WARN") {
		t.Errorf("with a trusted proxy configured, it warned:\n%s", logs)
	}
}
