// Package webhooks delivers outbox events to partner webhooks: signed with
// HMAC-SHA256, at least once, retried with exponential back-off and jitter for a window
// (24 h by default, up to 7 days), then failed; with a per-partner concurrency bound, a
// delivery log, redelivery and a test event. Requests go out through the SSRF-guarded
// client of services/outbound.
package webhooks

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Header names of a delivery.
const (
	SignatureHeader = "X-PartnerHub-Signature"
	EventIDHeader   = "X-PartnerHub-Event-Id"
	EventHeader     = "X-PartnerHub-Event"
)

// secretPrefix marks webhook signing secrets so they are recognisable in a leak scan.
const secretPrefix = "whsec_"

// NewSecret returns a new signing secret: 256 random bits, base64url.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("webhooks: crypto/rand failed: " + err.Error())
	}
	return secretPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// Sign returns the signature header value for body sent at t: "t=<unix>,v1=<hex>" with one
// v1 per secret (two during a rotation window).
func Sign(t time.Time, body []byte, secrets ...string) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	var b strings.Builder
	b.WriteString("t=" + ts)
	for _, s := range secrets {
		b.WriteString(",v1=" + hex.EncodeToString(mac(s, ts, body)))
	}
	return b.String()
}

func mac(secret, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(ts))
	h.Write([]byte("."))
	h.Write(body)
	return h.Sum(nil)
}

// Verification errors.
var (
	ErrBadSignatureHeader = errors.New("webhooks: malformed signature header")
	ErrStaleSignature     = errors.New("webhooks: signature timestamp outside the tolerance")
	ErrNoMatchingSig      = errors.New("webhooks: no signature matches")
)

// Verify is what a receiver does: it checks that header signs body with secret, made
// within tolerance of now (to refuse replays). Any one matching v1 value is enough.
func Verify(header string, body []byte, secret string, now time.Time, tolerance time.Duration) error {
	var ts string
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return ErrBadSignatureHeader
		}
		switch k {
		case "t":
			ts = v
		case "v1":
			sig, err := hex.DecodeString(v)
			if err != nil {
				return ErrBadSignatureHeader
			}
			sigs = append(sigs, sig)
		}
	}
	unix, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return ErrBadSignatureHeader
	}
	if d := now.Sub(time.Unix(unix, 0)); d > tolerance || d < -tolerance {
		return ErrStaleSignature
	}
	want := mac(secret, ts, body)
	for _, sig := range sigs {
		if hmac.Equal(sig, want) {
			return nil
		}
	}
	return ErrNoMatchingSig
}
