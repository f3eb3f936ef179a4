package channels

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/outbound"
)

// webhookTimeout bounds a test delivery, as partner webhook deliveries are bounded: a
// receiver that has not answered in 10 seconds counts as failed.
const webhookTimeout = 10 * time.Second

// WebhookTestResult is what the receiver did with a test event.
type WebhookTestResult struct {
	Delivered  bool   `json:"delivered"`
	StatusCode int    `json:"status_code,omitempty"`
	LatencyMS  int64  `json:"latency_ms"`
	Error      string `json:"error,omitempty"`
	Response   string `json:"response,omitempty"` // the first 1 KB of the receiver's answer
}

// TestWebhook sends a test notification, shaped like a Cloud API webhook, to the channel's
// webhook with its custom headers, through the SSRF-guarded client, and reports what
// happened. It changes nothing; receivers recognise it by "partnerhub_test": true.
//
// Errors: forbidden, not_found, no_webhook, validation_failed.
func (s *Service) TestWebhook(ctx context.Context, sc Scope, id string) (*WebhookTestResult, error) {
	if err := mayWrite(ctx); err != nil {
		return nil, err
	}
	ch, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return nil, err
	}
	if ch.WebhookURL == nil {
		return nil, ErrNoWebhook.New("Set a webhook URL first.")
	}
	payload, _ := json.Marshal(map[string]any{
		"object":          "whatsapp_business_account",
		"partnerhub_test": true,
		"entry": []any{map[string]any{"id": ch.WabaID, "changes": []any{map[string]any{"field": "messages", "value": map[string]any{
			"messaging_product": "whatsapp",
			"metadata":          map[string]any{"display_phone_number": ch.PhoneNumber, "phone_number_id": ch.ID},
			"statuses":          []any{map[string]any{"id": "partnerhub-test", "status": "sent", "timestamp": s.clock.Now().Unix()}},
		}}}}},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, *ch.WebhookURL, bytes.NewReader(payload))
	if err != nil {
		return nil, apperr.Validation("url: " + err.Error())
	}
	for k, v := range ch.WebhookHeaders {
		req.Header.Set(k, v)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "PartnerHub-Webhook-Test/1")
	start := time.Now()
	res, err := s.outbound.Client(webhookTimeout).Do(req)
	out := &WebhookTestResult{LatencyMS: time.Since(start).Milliseconds()}
	if err != nil {
		out.Error = "the receiver could not be reached"
		if outbound.IsForbidden(err) {
			out.Error = "the URL resolves to an address that is not public"
		}
		return out, nil
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	if !utf8.Valid(body) {
		body = []byte("(binary response)")
	}
	out.StatusCode, out.Response = res.StatusCode, string(body)
	out.Delivered = res.StatusCode >= 200 && res.StatusCode < 300
	if !out.Delivered {
		out.Error = "the receiver answered " + res.Status
	}
	return out, nil
}
