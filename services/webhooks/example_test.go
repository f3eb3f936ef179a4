package webhooks_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/services/webhooks"
)

// A receiver verifies every delivery before trusting it: read the raw body, check the
// X-PartnerHub-Signature header with the partner's secret and a tolerance of a few
// minutes, answer 2xx quickly, and de-duplicate by X-PartnerHub-Event-Id (deliveries are
// at least once).
func ExampleVerify() {
	secret := "whsec_example-secret-shown-once-when-created"
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err := webhooks.Verify(r.Header.Get(webhooks.SignatureHeader), body, secret, time.Now(), 5*time.Minute)
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		fmt.Println("verified", r.Header.Get(webhooks.EventIDHeader))
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()

	// What PartnerHub sends:
	body := []byte(`{"id":"a1B2c3D4e5EV","event":"channel_running","created_at":"2026-11-21T10:00:00Z","data":{}}`)
	send := func(signature string) int {
		req, _ := http.NewRequest("POST", receiver.URL, strings.NewReader(string(body)))
		req.Header.Set(webhooks.SignatureHeader, signature)
		req.Header.Set(webhooks.EventIDHeader, "a1B2c3D4e5EV")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0
		}
		res.Body.Close()
		return res.StatusCode
	}
	fmt.Println(send(webhooks.Sign(time.Now(), body, secret)))
	fmt.Println(send(webhooks.Sign(time.Now(), body, "whsec_some-other-secret")))
	fmt.Println(send(webhooks.Sign(time.Now().Add(-time.Hour), body, secret)))
	// Output:
	// verified a1B2c3D4e5EV
	// 204
	// 401
	// 401
}
