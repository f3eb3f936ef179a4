package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"
)

// Result is one database's rotations.
type Result struct {
	Database  string `json:"database"`
	Rotations int    `json:"rotations"`
	// Failures are rotations whose old key B still accepted after the timeout, or
	// answered with a status other than 200 or 401 for.
	Failures     int    `json:"failures"`
	FirstFailure string `json:"first_failure,omitempty"`
	// Propagation: from the rotation's response on A until B's first 401 for the old
	// key, over the rotations that did not fail.
	P50ms float64 `json:"propagation_p50_ms"`
	P99ms float64 `json:"propagation_p99_ms"`
	Maxms float64 `json:"propagation_max_ms"`
	// Rotate: the rotation request on A itself (POST …/api_keys, sent to fully read).
	RotateP50ms float64   `json:"rotate_p50_ms"`
	RotateP99ms float64   `json:"rotate_p99_ms"`
	SamplesMs   []float64 `json:"propagation_samples_ms"` // in rotation order
	Seconds     float64   `json:"seconds"`
}

// bench seeds the database at dsn, runs instances A and B on it, and measures
// s.Rotations rotations. The instances are stopped before it returns.
func bench(ctx context.Context, database, bin, dsn string, s Settings) (Result, error) {
	r := Result{Database: database, Rotations: s.Rotations}
	f, err := seed(ctx, dsn)
	if err != nil {
		return r, err
	}
	// One after the other: the first start creates the platform admin and the JWT secret.
	a, err := startInstance(ctx, "instance A", bin, dsn)
	if err != nil {
		return r, err
	}
	defer a.stop()
	b, err := startInstance(ctx, "instance B", bin, dsn)
	if err != nil {
		return r, err
	}
	defer b.stop()
	ca, cb := newClient(), newClient()
	defer ca.CloseIdleConnections()
	defer cb.CloseIdleConnections()
	tok, err := signIn(ctx, ca, a, f)
	if err != nil {
		return r, err
	}
	issueURL := a.base + "/api/v2/partners/" + f.partnerID + "/channels/" + f.channelID + "/api_keys"
	issue := func() (string, error) {
		for attempt := 0; ; attempt++ {
			code, raw, err := do(ctx, ca, http.MethodPost, issueURL, http.Header{"Authorization": {"Bearer " + tok}}, nil)
			if err != nil {
				return "", fmt.Errorf("issue a key on A: %w%s", err, a.exited())
			}
			if code == http.StatusUnauthorized && attempt == 0 { // the access token expired on a long run
				if tok, err = signIn(ctx, ca, a, f); err != nil {
					return "", err
				}
				continue
			}
			if code != http.StatusCreated {
				return "", fmt.Errorf("issue a key on A: HTTP %d: %s", code, raw)
			}
			var k struct {
				APIKey string `json:"api_key"`
			}
			if err := json.Unmarshal(raw, &k); err != nil || k.APIKey == "" {
				return "", fmt.Errorf("issue a key on A: no api_key in %s", raw)
			}
			return k.APIKey, nil
		}
	}
	healthURL := b.base + "/health_status"
	onB := func(key string) (int, error) {
		code, _, err := do(ctx, cb, http.MethodGet, healthURL, http.Header{"D360-API-KEY": {key}}, nil)
		if err != nil {
			return 0, fmt.Errorf("GET /health_status on B: %w%s", err, b.exited())
		}
		return code, nil
	}

	var lat, rot []time.Duration
	fail := func(i int, format string, args ...any) {
		r.Failures++
		if r.FirstFailure == "" {
			r.FirstFailure = fmt.Sprintf("rotation %d: ", i+1) + fmt.Sprintf(format, args...)
		}
	}
	start := time.Now()
	for i := range s.Rotations {
		old, err := issue()
		if err != nil {
			return r, err
		}
		// B has not seen this key: it loads it from the database and caches it.
		if code, err := onB(old); err != nil {
			return r, err
		} else if code != http.StatusOK {
			return r, fmt.Errorf("rotation %d: the new key is not valid on B: HTTP %d", i+1, code)
		}
		if s.Jitter > 0 {
			if err := sleep(ctx, rand.N(s.Jitter)); err != nil {
				return r, err
			}
		}
		t0 := time.Now()
		if _, err := issue(); err != nil { // revokes old at once (no grace)
			return r, err
		}
		rotated := time.Now()
		rot = append(rot, rotated.Sub(t0))
		// Poll B at rotated, rotated+poll, rotated+2·poll, …; a slot already past when a
		// poll returns is skipped rather than made up.
		next := rotated
		for {
			code, err := onB(old)
			if err != nil {
				return r, err
			}
			now := time.Now()
			if code == http.StatusUnauthorized {
				lat = append(lat, now.Sub(rotated))
				r.SamplesMs = append(r.SamplesMs, ms(now.Sub(rotated)))
				break
			}
			if code != http.StatusOK {
				fail(i, "B answered HTTP %d for the rotated key", code)
				break
			}
			if now.Sub(rotated) >= s.Timeout {
				fail(i, "B still accepted the rotated key %s after the rotation", now.Sub(rotated).Round(time.Millisecond))
				break
			}
			for !next.After(now) {
				next = next.Add(s.Poll)
			}
			if err := sleep(ctx, next.Sub(now)); err != nil {
				return r, err
			}
		}
	}
	r.Seconds = time.Since(start).Seconds()
	slices.Sort(lat)
	slices.Sort(rot)
	r.P50ms, r.P99ms = ms(percentile(lat, 50)), ms(percentile(lat, 99))
	if len(lat) > 0 {
		r.Maxms = ms(lat[len(lat)-1])
	}
	r.RotateP50ms, r.RotateP99ms = ms(percentile(rot, 50)), ms(percentile(rot, 99))
	return r, nil
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// percentile returns the nearest-rank p-th percentile of sorted: the smallest sample
// that at least p % of the samples do not exceed.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 · n)
	return sorted[max(rank, 1)-1]
}
