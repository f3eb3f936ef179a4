package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/partnerhub/partnerhub/services/webhooks"
)

// receiver is the partner's webhook endpoint: an HTTP server on loopback in this process
// (so receive times and commit times come from one clock) that answers 200 at once and
// remembers, per event id, when it first arrived and how often.
type receiver struct {
	srv    *http.Server
	url    string
	secret string

	mu       sync.Mutex
	got      map[string]*receipt
	noID     int // deliveries without an X-PartnerHub-Event-Id header
	badSig   int // deliveries whose signature does not verify with secret
	requests int
}

// receipt is what arrived for one event id.
type receipt struct {
	first time.Time
	n     int
}

// startReceiver listens on a free loopback port.
func startReceiver(secret string) (*receiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &receiver{url: "http://" + ln.Addr().String() + "/webhook", secret: secret, got: map[string]*receipt{}}
	r.srv = &http.Server{
		Handler:           r,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	go r.srv.Serve(ln)
	return r, nil
}

// ServeHTTP records the delivery and answers 200. It checks the signature as a real
// receiver would (a few microseconds), so the run also proves every delivery is signed.
func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	at := time.Now()
	body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	id := req.Header.Get(webhooks.EventIDHeader)
	sigErr := webhooks.Verify(req.Header.Get(webhooks.SignatureHeader), body, r.secret, at, 5*time.Minute)
	r.mu.Lock()
	r.requests++
	switch {
	case id == "":
		r.noID++
	default:
		if sigErr != nil {
			r.badSig++
		}
		if rc := r.got[id]; rc != nil {
			rc.n++
		} else {
			r.got[id] = &receipt{first: at, n: 1}
		}
	}
	r.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// distinct returns how many different event ids have arrived.
func (r *receiver) distinct() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

// lookup returns the receipts of ids (a missing id has n == 0).
func (r *receiver) lookup(ids []string) []receipt {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]receipt, len(ids))
	for i, id := range ids {
		if rc := r.got[id]; rc != nil {
			out[i] = *rc
		}
	}
	return out
}

// problems returns the counts of malformed deliveries.
func (r *receiver) problems() (noID, badSig int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.noID, r.badSig
}

func (r *receiver) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.srv.Shutdown(ctx)
}
