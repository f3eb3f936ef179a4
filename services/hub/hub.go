// Package hub wires PartnerHub's services together over one store, so the server and the
// tests build exactly the same thing.
package hub

import (
	"context"
	"log/slog"
	"time"

	"github.com/partnerhub/partnerhub/services/accountsharing"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/auditlog"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/clients"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/migrations"
	"github.com/partnerhub/partnerhub/services/onboarding"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/outbound"
	"github.com/partnerhub/partnerhub/services/partnerchanges"
	"github.com/partnerhub/partnerhub/services/partners"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/templates"
	"github.com/partnerhub/partnerhub/services/usage"
	"github.com/partnerhub/partnerhub/services/users"
	"github.com/partnerhub/partnerhub/services/wabas"
	"github.com/partnerhub/partnerhub/services/webhooks"
	"github.com/partnerhub/partnerhub/services/webhookurl"
)

// Config configures the services.
type Config struct {
	Auth auth.Config
	// AllowInsecureWebhooks admits http:// and loopback webhook URLs (development only).
	AllowInsecureWebhooks bool
	// SimulatorStep is how long the provider simulator keeps a new channel in each
	// onboarding status; 0 turns the automatic progression off.
	SimulatorStep time.Duration
	// Webhooks tunes webhook delivery (retry window, concurrency); its Outbound policy
	// follows AllowInsecureWebhooks.
	Webhooks webhooks.Config
	// Logger receives background work's messages; nil discards them.
	Logger *slog.Logger
	// PublicURL is where this hub is reached; channel keys name it as their "address".
	PublicURL string
}

// Hub holds every service of one running instance.
type Hub struct {
	Store          *storage.Store
	Clock          clock.Clock
	Config         Config
	Auth           *auth.Service
	Users          *users.Service
	Partners       *partners.Service
	Clients        *clients.Service
	WABAs          *wabas.Service
	Channels       *channels.Service
	AccountSharing *accountsharing.Service
	Usage          *usage.Service
	AuditLog       *auditlog.Service
	Simulator      *provider.Simulator
	Webhooks       *webhooks.Service
	APIKeys        *apikeys.Service
	Support        *support.Service
	Registration   *registration.Service
	Migrations     *migrations.Service
	Templates      *templates.Service
	PartnerChanges *partnerchanges.Service
	Onboarding     *onboarding.Service
}

// New builds the services over store.
func New(ctx context.Context, store *storage.Store, clk clock.Clock, cfg Config) (*Hub, error) {
	a, err := auth.New(ctx, store.Client, clk, cfg.Auth)
	if err != nil {
		return nil, err
	}
	db := store.Client
	hooks := webhookurl.Policy{AllowInsecure: cfg.AllowInsecureWebhooks}
	sim := provider.NewSimulator(db, clk)
	out := outbound.Policy{AllowInsecure: cfg.AllowInsecureWebhooks}
	reg := registration.New(db, clk)
	ch := channels.New(db, string(store.Dialect), clk, otp.New(clk, sim), sim, hooks, out, reg)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Webhooks.Outbound = out
	keys, err := apikeys.New(ctx, db, string(store.Dialect), clk, apikeys.Config{Address: cfg.PublicURL, CheckPassword: a.CheckPassword}, cfg.Logger)
	if err != nil {
		return nil, err
	}
	return &Hub{
		Store:          store,
		Clock:          clk,
		Config:         cfg,
		Auth:           a,
		Users:          users.New(db, clk, a.PasswordParams()),
		Partners:       partners.New(db, clk, hooks),
		Clients:        clients.New(db, clk),
		WABAs:          wabas.New(db, clk),
		Channels:       ch,
		AccountSharing: accountsharing.New(db, clk, ch),
		Usage:          usage.New(db, clk),
		AuditLog:       auditlog.New(db),
		Simulator:      sim,
		Webhooks:       webhooks.New(db, clk, cfg.Webhooks, cfg.Logger),
		APIKeys:        keys,
		Registration:   reg,
		Migrations:     migrations.New(db, string(store.Dialect), clk, otp.New(clk, sim), sim, reg, ch),
		Templates:      templates.New(db),
		Support:        support.New(db, string(store.Dialect), clk, cfg.Logger),
		PartnerChanges: partnerchanges.New(db, string(store.Dialect), clk, apikeys.RevokeAllForChannel),
		Onboarding:     onboarding.New(db, clk, a, ch, keys, otp.New(clk, sim), reg, sim),
	}, nil
}
