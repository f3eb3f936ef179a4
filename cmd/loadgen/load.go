package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
)

// maxRequestsPerSecond bounds how many requests one measured phase may record: the
// sample buffers are preallocated for this rate over the whole phase, and a phase that
// fills them ends early instead of growing memory without limit. Loopback HTTP on a
// small machine is far below it.
const maxRequestsPerSecond = 200_000

// Result is one target's measured phase.
type Result struct {
	Target   string        `json:"target"`
	URL      string        `json:"url"`
	Requests int           `json:"requests"` // responses received in the measured phase
	Elapsed  time.Duration `json:"-"`
	Seconds  float64       `json:"seconds"`
	RPS      float64       `json:"requests_per_second"`
	P50      time.Duration `json:"-"`
	P99      time.Duration `json:"-"`
	P50ms    float64       `json:"p50_ms"`
	P99ms    float64       `json:"p99_ms"`
	Non2xx   int           `json:"non_2xx"`
	Errors   int           `json:"errors"` // transport errors: no response at all
	FirstErr string        `json:"first_error,omitempty"`
	// HitCap is true when the phase ended early because the sample buffers were full.
	HitCap bool `json:"hit_sample_cap"`
}

// Failed reports whether any request failed or answered outside 2xx.
func (r Result) Failed() bool { return r.Errors > 0 || r.Non2xx > 0 }

// target is what the workers request.
type target struct {
	name   string
	url    string
	header http.Header
	// bodies, when set, make the target a POST: worker i sends bodies[(i+n·workers) mod
	// len] as its n-th request, so workers spread over the bodies (recipients).
	bodies [][]byte
}

// settings are the load shape shared by every target, so the numbers are comparable.
type settings struct {
	Concurrency int           `json:"concurrency"`
	Warmup      time.Duration `json:"-"`
	Duration    time.Duration `json:"-"`
	WarmupSec   float64       `json:"warmup_seconds"`
	DurationSec float64       `json:"duration_seconds"`
}

// worker is one worker's tally for a phase; each worker owns its own so the hot loop
// shares nothing but the stop flag.
type worker struct {
	lat      []time.Duration
	attempts int
	non2xx   int
	errs     int
	firstErr error
	// bodies of a POST target, and the index of the next one and the stride.
	bodies     [][]byte
	next, step int
}

// newClient returns a keep-alive client with one idle connection slot per worker, so
// every worker reuses its connection and no request pays for a TCP handshake. Proxies
// are off: traffic goes straight to the loopback server.
func newClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			Proxy:               nil,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			MaxConnsPerHost:     conns,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
	}
}

// measure warms tgt up and then measures it with s.Concurrency workers.
func measure(ctx context.Context, tgt target, s settings) (Result, error) {
	client := newClient(s.Concurrency)
	defer client.CloseIdleConnections()
	// The warm-up opens the connections and lets both processes reach a steady state
	// (lazy initialisation, GC pacing, SQLite page cache); its numbers are discarded.
	if _, _, err := phase(ctx, client, tgt, s.Concurrency, s.Warmup, false); err != nil {
		return Result{}, err
	}
	ws, elapsed, err := phase(ctx, client, tgt, s.Concurrency, s.Duration, true)
	if err != nil {
		return Result{}, err
	}
	return summarize(tgt, ws, elapsed, perWorkerCap(s.Concurrency, s.Duration)), nil
}

// perWorkerCap is how many requests one worker may make in a phase of length d.
func perWorkerCap(workers int, d time.Duration) int {
	return int(d.Seconds()*maxRequestsPerSecond)/workers + 1
}

// phase runs n workers against tgt for d, or until a worker reaches its request cap, and
// returns their tallies and the wall time until the last of them stopped.
func phase(ctx context.Context, client *http.Client, tgt target, n int, d time.Duration, record bool) ([]worker, time.Duration, error) {
	limit := perWorkerCap(n, d)
	ws := make([]worker, n)
	if record {
		for i := range ws {
			ws[i].lat = make([]time.Duration, 0, limit)
		}
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for i := range ws {
		method := http.MethodGet
		if tgt.bodies != nil {
			method = http.MethodPost
		}
		req, err := http.NewRequestWithContext(ctx, method, tgt.url, nil)
		if err != nil {
			return nil, 0, err
		}
		req.Header = tgt.header.Clone()
		ws[i].bodies, ws[i].next, ws[i].step = tgt.bodies, i, n
		wg.Go(func() { ws[i].run(ctx, client, req, deadline, limit, record, &stop) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	return ws, elapsed, nil
}

// run sends requests one after another until the deadline, the cap, or cancellation.
// The request is reused: the previous response is fully read and closed before it goes
// out again, with a fresh reader over the next body for a POST target.
func (w *worker) run(ctx context.Context, client *http.Client, req *http.Request, deadline time.Time, limit int, record bool, stop *atomic.Bool) {
	for !stop.Load() && ctx.Err() == nil {
		if w.attempts >= limit {
			// Ending the whole phase keeps the workers' share of the time equal.
			stop.Store(true)
			return
		}
		t0 := time.Now()
		if !t0.Before(deadline) {
			return
		}
		w.attempts++
		if w.bodies != nil {
			b := w.bodies[w.next%len(w.bodies)]
			w.next += w.step
			req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}
		resp, err := client.Do(req)
		if err == nil {
			// Reading the whole body is part of the request, and lets the connection
			// be reused.
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		lat := time.Since(t0)
		if err != nil {
			if ctx.Err() != nil {
				return // interrupted, not a server failure
			}
			w.errs++
			if w.firstErr == nil {
				w.firstErr = err
			}
			continue
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			w.non2xx++
			if w.firstErr == nil {
				w.firstErr = fmt.Errorf("HTTP %s", resp.Status)
			}
		}
		if record {
			w.lat = append(w.lat, lat)
		}
	}
}

// summarize merges the workers' tallies and computes exact percentiles from every
// recorded latency.
func summarize(tgt target, ws []worker, elapsed time.Duration, limit int) Result {
	total := 0
	for _, w := range ws {
		total += len(w.lat)
	}
	all := make([]time.Duration, 0, total)
	r := Result{Target: tgt.name, URL: tgt.url, Elapsed: elapsed, Seconds: elapsed.Seconds()}
	for _, w := range ws {
		all = append(all, w.lat...)
		r.Non2xx += w.non2xx
		r.Errors += w.errs
		if r.FirstErr == "" && w.firstErr != nil {
			r.FirstErr = w.firstErr.Error()
		}
		if w.attempts >= limit {
			r.HitCap = true
		}
	}
	st := benchkit.Summarize(all)
	r.Requests = st.N
	if elapsed > 0 {
		r.RPS = float64(r.Requests) / elapsed.Seconds()
	}
	r.P50, r.P99 = st.P50, st.P99
	r.P50ms, r.P99ms = benchkit.Ms(r.P50), benchkit.Ms(r.P99)
	return r
}
