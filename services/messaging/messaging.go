// Package messaging is the Messaging API behind the channel keys, as 360dialog exposes
// Meta's Cloud API: sending messages (and marking received ones read) with Meta's bodies,
// answers and error codes, the rules WhatsApp applies (the 24-hour customer-service
// window, approved templates with matching parameters, the messaging-limit tier,
// throughput per number, the pair rate limit, sandbox keys), the status progression
// sent → delivered → read (or failed) and inbound messages, each announced to the
// channel's webhook URL in Meta's envelope through the outbox, and the usage of delivered
// messages by pricing category.
//
// The Meta side is the provider's (provider.WhatsApp): the shipped simulator's directory
// of WhatsApp users decides who is on WhatsApp, reachable or blocking, and its
// progression moves statuses on; a relay to the real Cloud API would implement the same
// interface and report statuses through ApplyStatus.
package messaging

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/usage"
)

// Meta's limits the sandbox applies.
const (
	// Window is the customer-service window a user's message opens.
	Window = 24 * time.Hour
	// DefaultThroughput is the messages per second a number may send (Cloud API default).
	DefaultThroughput = 80
	// PairBurst messages may go to one user within PairWindow: one every 6 seconds on
	// average, with Meta's burst allowance.
	PairBurst  = 45
	PairWindow = 45 * 6 * time.Second
	// SandboxMessageLimit is how many messages one sandbox key may send.
	SandboxMessageLimit = 200
)

// Config tunes the simulator's status progression; zero fields take the defaults.
type Config struct {
	DeliverAfter time.Duration // sent → delivered: default 1 s
	ReadAfter    time.Duration // delivered → read: default 2 s
	Throughput   int           // messages per second per number: default 80
}

func (c Config) withDefaults() Config {
	if c.DeliverAfter <= 0 {
		c.DeliverAfter = time.Second
	}
	if c.ReadAfter <= 0 {
		c.ReadAfter = 2 * time.Second
	}
	if c.Throughput <= 0 {
		c.Throughput = DefaultThroughput
	}
	return c
}

// InboundHook is told of every inbound message after it committed: the support desk
// (messages to the platform's support number) and the sandbox (START to the sandbox
// number) listen. A hook's error is logged; the message stays received.
type InboundHook func(ctx context.Context, m Inbound) error

// Service is the Messaging API.
type Service struct {
	db    *ent.Client
	sql   storage.SQL
	clock clock.Clock
	wa    provider.WhatsApp
	usage *usage.Service
	cfg   Config
	hooks []InboundHook
	media MediaLookup
}

// New returns the messaging service.
func New(db *ent.Client, d storage.SQL, clk clock.Clock, wa provider.WhatsApp, u *usage.Service, cfg Config) *Service {
	return &Service{db: db, sql: d, clock: clk, wa: wa, usage: u, cfg: cfg.withDefaults()}
}

// SetMediaLookup tells the service how to find a channel's uploaded media (media.Exists).
func (s *Service) SetMediaLookup(f MediaLookup) { s.media = f }

func (s *Service) mediaLookup() MediaLookup { return s.media }

// OnInbound registers a hook for inbound messages (see InboundHook).
func (s *Service) OnInbound(h InboundHook) { s.hooks = append(s.hooks, h) }
