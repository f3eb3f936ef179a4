// Package hub wires PartnerHub's services together over one store, so the server and the
// tests build exactly the same thing.
package hub

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/partnerhub/partnerhub/services/accountsharing"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/clients"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/media"
	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/numbermigrations"
	"github.com/partnerhub/partnerhub/services/onboarding"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/outbound"
	"github.com/partnerhub/partnerhub/services/partnerchanges"
	"github.com/partnerhub/partnerhub/services/partners"
	"github.com/partnerhub/partnerhub/services/platformnumbers"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/secrets"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/support/kb"
	"github.com/partnerhub/partnerhub/services/support/reports"
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
	// WebhookLookup resolves webhook host names when a URL is saved; nil uses the system
	// resolver. Tests inject one so they need no DNS.
	WebhookLookup webhookurl.LookupFunc
	// SimulatorStep is how long the provider simulator keeps a new channel in each
	// onboarding status; 0 turns the automatic progression off.
	SimulatorStep time.Duration
	// Webhooks tunes webhook delivery (retry window, concurrency); its Outbound policy
	// follows AllowInsecureWebhooks.
	Webhooks webhooks.Config
	// Messaging tunes the simulator's message status progression.
	Messaging messaging.Config
	// Logger receives background work's messages; nil discards them.
	Logger *slog.Logger
	// PublicURL is where this hub is reached; channel keys name it as their "address".
	PublicURL string
	// SecretKey is the master key (secretbox.ParseKey text) that seals the secrets kept
	// in the database; every instance of one database needs the same. Empty: a random key
	// for this process only, for tests and benchmarks on a throwaway database — a later
	// start with any other key is refused.
	SecretKey string
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
	AuditLog       *audit.Service
	Simulator      *provider.Simulator
	Webhooks       *webhooks.Service
	APIKeys        *apikeys.Service
	Support        *support.Service
	KnowledgeBase  *kb.Service
	SupportReports *reports.Service
	Registration   *registration.Service
	Migrations     *numbermigrations.Service
	Templates      *templates.Service
	PartnerChanges *partnerchanges.Service
	Onboarding     *onboarding.Service
	Messaging      *messaging.Service
	Media          *media.Service
	Platform       *platformnumbers.Service
}

// New builds the services over store.
func New(ctx context.Context, store *storage.Store, clk clock.Clock, cfg Config) (*Hub, error) {
	ring, err := keyring(cfg.SecretKey)
	if err != nil {
		return nil, err
	}
	// Before any service reads a secret: the key must be the database's, and plaintext
	// left by an older version is sealed.
	if err := secrets.Prepare(ctx, store.Client, ring, clk); err != nil {
		return nil, err
	}
	cfg.Auth.Keyring, cfg.Webhooks.Keyring = ring, ring
	cfg.Auth.SQL = store.SQL()
	a, err := auth.New(ctx, store.Client, clk, cfg.Auth)
	if err != nil {
		return nil, err
	}
	db := store.Client
	hooks := webhookurl.Policy{AllowInsecure: cfg.AllowInsecureWebhooks, Lookup: cfg.WebhookLookup}
	sim := provider.NewSimulator(db, clk)
	out := outbound.Policy{AllowInsecure: cfg.AllowInsecureWebhooks}
	reg := registration.New(db, clk)
	ch := channels.New(db, store.SQL(), clk, otp.New(clk, sim), sim, hooks, out, reg)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Webhooks.Outbound = out
	keys, err := apikeys.New(ctx, db, store.SQL(), clk, apikeys.Config{Address: cfg.PublicURL, CheckPassword: a.CheckPassword, Keyring: ring}, cfg.Logger)
	if err != nil {
		return nil, err
	}
	ch.Keys = keys
	us := users.New(db, clk, a.PasswordParams())
	us.EndSessions = a.EndUserSessions
	a.OnSessionsEnded(us.Forget)
	pcs := partnerchanges.New(db, store.SQL(), clk)
	pcs.EndSessions = a.EndUserSessions
	use := usage.New(db, clk)
	msg := messaging.New(db, store.SQL(), clk, sim, use, cfg.Messaging)
	med := media.New(db, clk, cfg.PublicURL)
	msg.SetMediaLookup(med.Exists)
	// The simulated WhatsApp: its directory of users exists on every start (idempotent,
	// safe for instances starting together), and messages waiting for a user who comes
	// back are delivered then.
	if err := sim.EnsureDirectory(ctx); err != nil {
		return nil, fmt.Errorf("simulator directory: %w", err)
	}
	sim.OnReachable(msg.ResumeFor)
	sup := support.New(db, store.SQL(), clk, cfg.Logger)
	return &Hub{
		Store:          store,
		Clock:          clk,
		Config:         cfg,
		Auth:           a,
		Users:          us,
		Partners:       partners.New(db, clk, hooks),
		Clients:        clients.New(db, clk),
		WABAs:          wabas.New(db, clk),
		Channels:       ch,
		AccountSharing: accountsharing.New(db, clk, ch),
		Usage:          use,
		AuditLog:       audit.New(db),
		Simulator:      sim,
		Webhooks:       webhooks.New(db, clk, cfg.Webhooks, cfg.Logger),
		APIKeys:        keys,
		Registration:   reg,
		Migrations:     numbermigrations.New(db, store.SQL(), clk, otp.New(clk, sim), sim, reg, ch),
		Templates:      templates.New(db, store.SQL(), clk, sim),
		Support:        sup,
		KnowledgeBase:  kb.New(db, clk),
		SupportReports: reports.New(db, clk),
		PartnerChanges: pcs,
		Onboarding:     onboarding.New(db, clk, a, ch, keys, otp.New(clk, sim), reg, sim),
		Messaging:      msg,
		Media:          med,
		Platform:       platformnumbers.New(db, store.SQL(), clk, keys, msg, sup),
	}, nil
}

// keyring is the keyring of the master key text, or of a random key when text is empty.
func keyring(text string) (*secretbox.Keyring, error) {
	if text == "" {
		k, err := secretbox.GenerateKey()
		if err != nil {
			return nil, err
		}
		return secretbox.NewKeyring(k), nil
	}
	k, err := secretbox.ParseKey(text)
	if err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	return secretbox.NewKeyring(k), nil
}
