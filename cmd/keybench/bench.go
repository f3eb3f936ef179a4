package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
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
	Over1s      int       `json:"propagation_over_1s"`    // rotations whose propagation took more than 1 s
	SamplesMs   []float64 `json:"propagation_samples_ms"` // in rotation order
	Seconds     float64   `json:"seconds"`
	// Sessions is the sign-out measurement on the same two instances, after the
	// rotations; nil with -sessions 0.
	Sessions *SessionResult `json:"sessions,omitempty"`
}

// SessionResult is one database's session samples: each signs in on A, checks that B
// accepts the access token (GET /api/v2/me → 200), ends the session on A
// (DELETE /api/v2/auth/session → 200) and polls B with the token until 401.
type SessionResult struct {
	Samples int `json:"samples"`
	// Failures are samples whose token B still accepted after the timeout, or answered
	// with a status other than 200 or 401 for.
	Failures     int    `json:"failures"`
	FirstFailure string `json:"first_failure,omitempty"`
	// Propagation: from just before the DELETE was sent to A until B's first 401 for the
	// token, over the samples that did not fail.
	P50ms  float64 `json:"propagation_p50_ms"`
	P99ms  float64 `json:"propagation_p99_ms"`
	Maxms  float64 `json:"propagation_max_ms"`
	Over1s int     `json:"propagation_over_1s"` // samples whose propagation took more than 1 s
	// SignOut: the DELETE /api/v2/auth/session request on A itself, sent to fully read.
	SignOutP50ms float64   `json:"sign_out_p50_ms"`
	SignOutP99ms float64   `json:"sign_out_p99_ms"`
	SamplesMs    []float64 `json:"propagation_samples_ms"` // in sample order
	Seconds      float64   `json:"seconds"`
}

// bench seeds the database at dsn, runs instances A and B on it, and measures
// s.Rotations rotations, then s.Sessions sign-outs. The instances are stopped before it
// returns. On PostgreSQL both instances get one new random secret key through the
// environment; on SQLite the first start creates the key file beside the database and
// the second reads it, as in a deployment.
func bench(ctx context.Context, database, bin, dsn string, s Settings) (Result, error) {
	r := Result{Database: database, Rotations: s.Rotations}
	f, err := seed(ctx, dsn)
	if err != nil {
		return r, err
	}
	var env []string
	if database == "postgres" {
		env = append(env, benchkit.EnvSecretKey+"="+benchkit.NewSecretKey())
	}
	// One after the other: the first start creates the platform admin and the JWT secret.
	a, err := startInstance(ctx, "instance A", bin, dsn, env)
	if err != nil {
		return r, err
	}
	defer a.Stop()
	b, err := startInstance(ctx, "instance B", bin, dsn, env)
	if err != nil {
		return r, err
	}
	defer b.Stop()
	ca, cb := newClient(), newClient()
	defer ca.CloseIdleConnections()
	defer cb.CloseIdleConnections()
	tok, err := signIn(ctx, ca, a, f)
	if err != nil {
		return r, err
	}
	issueURL := a.Base + "/api/v2/partners/" + f.partnerID + "/channels/" + f.channelID + "/api_keys"
	issue := func() (string, error) {
		for attempt := 0; ; attempt++ {
			code, raw, err := do(ctx, ca, http.MethodPost, issueURL, http.Header{"Authorization": {"Bearer " + tok}}, nil)
			if err != nil {
				return "", fmt.Errorf("issue a key on A: %w%s", err, exited(a))
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
	healthURL := b.Base + "/health_status"
	onB := func(key string) (int, error) {
		code, _, err := do(ctx, cb, http.MethodGet, healthURL, http.Header{"D360-API-KEY": {key}}, nil)
		if err != nil {
			return 0, fmt.Errorf("GET /health_status on B: %w%s", err, exited(b))
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
		d, code, err := untilRefused(ctx, rotated, s.Poll, s.Timeout, func() (int, error) { return onB(old) })
		switch {
		case err != nil:
			return r, err
		case code == http.StatusUnauthorized:
			lat = append(lat, d)
			r.SamplesMs = append(r.SamplesMs, benchkit.Ms(d))
		case code == http.StatusOK:
			fail(i, "B still accepted the rotated key %s after the rotation", d.Round(time.Millisecond))
		default:
			fail(i, "B answered HTTP %d for the rotated key", code)
		}
	}
	r.Seconds = time.Since(start).Seconds()
	r.P50ms, r.P99ms, r.Maxms, r.Over1s = summarize(lat)
	rs := benchkit.Summarize(rot)
	r.RotateP50ms, r.RotateP99ms = benchkit.Ms(rs.P50), benchkit.Ms(rs.P99)
	if s.Sessions > 0 {
		sr, err := benchSessions(ctx, a, b, ca, cb, f, s)
		if err != nil {
			return r, fmt.Errorf("sessions: %w", err)
		}
		r.Sessions = &sr
	}
	return r, nil
}

// benchSessions measures s.Sessions sign-outs: for each, it signs in on A as the
// sessions user, checks that B accepts the access token (GET /api/v2/me → 200, which
// also has B verify it once), pauses up to -jitter, ends the session on A
// (DELETE /api/v2/auth/session with that token → 200) and polls B's /me with the token
// every s.SessionPoll until B answers 401. The propagation time runs from just before
// the DELETE was sent.
func benchSessions(ctx context.Context, a, b *benchkit.Hub, ca, cb *http.Client, f fixture, s Settings) (SessionResult, error) {
	r := SessionResult{Samples: s.Sessions}
	meURL, endURL := b.Base+"/api/v2/me", a.Base+"/api/v2/auth/session"
	bearer := func(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }
	onB := func(tok string) (int, error) {
		code, _, err := do(ctx, cb, http.MethodGet, meURL, bearer(tok), nil)
		if err != nil {
			return 0, fmt.Errorf("GET /api/v2/me on B: %w%s", err, exited(b))
		}
		return code, nil
	}
	fail := func(i int, format string, args ...any) {
		r.Failures++
		if r.FirstFailure == "" {
			r.FirstFailure = fmt.Sprintf("session %d: ", i+1) + fmt.Sprintf(format, args...)
		}
	}
	var lat, out []time.Duration
	start := time.Now()
	for i := range s.Sessions {
		tok, err := signInAs(ctx, ca, a, f.sessionEmail, f.sessionPassword)
		if err != nil {
			return r, fmt.Errorf("session %d: %w", i+1, err)
		}
		if code, err := onB(tok); err != nil {
			return r, err
		} else if code != http.StatusOK {
			return r, fmt.Errorf("session %d: the new access token is not valid on B: HTTP %d", i+1, code)
		}
		if s.Jitter > 0 {
			if err := sleep(ctx, rand.N(s.Jitter)); err != nil {
				return r, err
			}
		}
		t0 := time.Now()
		code, raw, err := do(ctx, ca, http.MethodDelete, endURL, bearer(tok), nil)
		if err != nil {
			return r, fmt.Errorf("session %d: sign out on A: %w%s", i+1, err, exited(a))
		}
		if code != http.StatusOK {
			return r, fmt.Errorf("session %d: sign out on A: HTTP %d: %s", i+1, code, raw)
		}
		out = append(out, time.Since(t0))
		d, code, err := untilRefused(ctx, t0, s.SessionPoll, s.Timeout, func() (int, error) { return onB(tok) })
		switch {
		case err != nil:
			return r, err
		case code == http.StatusUnauthorized:
			lat = append(lat, d)
			r.SamplesMs = append(r.SamplesMs, benchkit.Ms(d))
		case code == http.StatusOK:
			fail(i, "B still accepted the ended session's token %s after the sign-out was sent", d.Round(time.Millisecond))
		default:
			fail(i, "B answered HTTP %d for the ended session's token", code)
		}
	}
	r.Seconds = time.Since(start).Seconds()
	r.P50ms, r.P99ms, r.Maxms, r.Over1s = summarize(lat)
	so := benchkit.Summarize(out)
	r.SignOutP50ms, r.SignOutP99ms = benchkit.Ms(so.P50), benchkit.Ms(so.P99)
	return r, nil
}

// untilRefused calls probe until it answers 401, at once and then in the slots from+poll,
// from+2·poll, … (a slot already past when a probe returns is skipped rather than made
// up). It returns the time from from to the probe's answer and that answer's status:
// 401; or 200 when B still accepted at from+timeout; or the first other status.
func untilRefused(ctx context.Context, from time.Time, poll, timeout time.Duration, probe func() (int, error)) (time.Duration, int, error) {
	next := from
	for {
		code, err := probe()
		if err != nil {
			return 0, 0, err
		}
		now := time.Now()
		if code != http.StatusOK || now.Sub(from) >= timeout {
			return now.Sub(from), code, nil
		}
		for !next.After(now) {
			next = next.Add(poll)
		}
		if err := sleep(ctx, next.Sub(now)); err != nil {
			return 0, 0, err
		}
	}
}

// summarize sorts samples and returns their p50, p99 and maximum in milliseconds, and
// how many of them exceed one second.
func summarize(samples []time.Duration) (p50, p99, maxMs float64, over1s int) {
	s := benchkit.Summarize(samples)
	for _, d := range samples {
		if d > time.Second {
			over1s++
		}
	}
	return benchkit.Ms(s.P50), benchkit.Ms(s.P99), benchkit.Ms(s.Max), over1s
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
