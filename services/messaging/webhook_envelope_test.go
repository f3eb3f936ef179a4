package messaging

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
)

// TestWebhookEnvelopeShapes holds the status webhooks to Meta's statuses reference:
// strings of UNIX seconds, the conversation's expiry on sent only, pricing on every
// status but failed, errors on failed only.
func TestWebhookEnvelopeShapes(t *testing.T) {
	at := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
	ext := "104148"
	ch := &ent.Channel{ID: "chanCH", WabaID: "wabaWA", PhoneNumber: "+4930123456"}
	cat := message.CategoryMarketing
	expires := at.Add(Window)
	m := &ent.Message{ID: "wamid.X", WaID: "4915112345678", Status: message.StatusSent, StatusAt: at, Category: &cat,
		Billable: true, PricingType: "regular", ConversationID: "c0ffee", ConversationExpiresAt: &expires}

	raw, _ := json.Marshal(StatusEnvelope(ch, m))
	want := `{"entry":[{"changes":[{"field":"messages","value":{"messaging_product":"whatsapp",` +
		`"metadata":{"display_phone_number":"4930123456","phone_number_id":"chanCH"},` +
		`"statuses":[{"conversation":{"expiration_timestamp":"1781604000","id":"c0ffee","origin":{"type":"marketing"}},` +
		`"id":"wamid.X","pricing":{"billable":true,"category":"marketing","pricing_model":"PMP","type":"regular"},` +
		`"recipient_id":"4915112345678","status":"sent","timestamp":"1781517600"}]}}],"id":"wabaWA"}],"object":"whatsapp_business_account"}`
	if string(raw) != want {
		t.Fatalf("sent envelope:\n%s\nwant\n%s", raw, want)
	}

	ch.Edges.Waba = &ent.WABA{ID: "wabaWA", ExternalID: &ext}
	m.Status = message.StatusRead
	st := firstOf(t, roundTrip(t, StatusEnvelope(ch, m)), "statuses")
	if st["conversation"].(map[string]any)["expiration_timestamp"] != nil || st["pricing"] == nil {
		t.Fatalf("read status: %v", st)
	}
	if id := roundTrip(t, StatusEnvelope(ch, m))["entry"].([]any)[0].(map[string]any)["id"]; id != ext {
		t.Fatalf("entry id %v, want the WABA's Meta id", id)
	}

	code := 131026
	f := &ent.Message{ID: "wamid.F", WaID: "971501234567", Status: message.StatusFailed, StatusAt: at, Category: &cat,
		ErrorCode: &code, ErrorTitle: "Message Undeliverable", ErrorDetails: "Message Undeliverable."}
	st = firstOf(t, roundTrip(t, StatusEnvelope(ch, f)), "statuses")
	errs := st["errors"].([]any)[0].(map[string]any)
	if st["pricing"] != nil || st["conversation"] != nil || errs["code"] != float64(131026) || errs["title"] != "Message Undeliverable" ||
		errs["message"] != "Message Undeliverable" || errs["error_data"].(map[string]any)["details"] != "Message Undeliverable." {
		t.Fatalf("failed status: %v", st)
	}

	// A free message without a stored pricing type is free_customer_service.
	svc := message.CategoryService
	free := &ent.Message{ID: "wamid.S", WaID: "1", Status: message.StatusDelivered, StatusAt: at, Category: &svc}
	if p := firstOf(t, roundTrip(t, StatusEnvelope(ch, free)), "statuses")["pricing"].(map[string]any); p["type"] != "free_customer_service" || p["billable"] != false {
		t.Fatalf("free pricing: %v", p)
	}
}

func roundTrip(t *testing.T, v map[string]any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
