package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
)

// TestPanicBecomesA500EnvelopeLoggedWithRequestID registers a panicking route on a real
// server and checks the client sees no internals while the log has them with the id.
func TestPanicBecomesA500EnvelopeLoggedWithRequestID(t *testing.T) {
	h, err := hub.New(context.Background(), storagetest.Open(t), clock.Real{}, hub.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	s, err := New(h, Config{}, slog.New(slog.NewJSONHandler(&logs, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	s.engine.GET("/api/v2/test-panic", func(*gin.Context) { panic("secret internal detail") })
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/v2/test-panic", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	var body MetaEnvelope
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Meta.HTTPCode != 500 || body.Meta.Success {
		t.Fatalf("not a 500 envelope: %s", rec.Body)
	}
	if strings.Contains(rec.Body.String(), "secret internal detail") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Fatalf("internals leaked: %s", rec.Body)
	}
	id := rec.Header().Get("X-Request-Id")
	if id == "" || !strings.Contains(body.Meta.DeveloperMessage, id) {
		t.Errorf("the message should quote the request id %q: %s", id, body.Meta.DeveloperMessage)
	}
	if !strings.Contains(logs.String(), "secret internal detail") || !strings.Contains(logs.String(), `"request_id":"`+id+`"`) {
		t.Errorf("the log must hold the panic and the request id:\n%s", logs.String())
	}
}
