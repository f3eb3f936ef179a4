// Package hub wires PartnerHub's services together over one store, so the server and the
// tests build exactly the same thing.
package hub

import (
	"context"

	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/partners"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/users"
)

// Config configures the services.
type Config struct {
	Auth auth.Config
}

// Hub holds every service of one running instance.
type Hub struct {
	Store    *storage.Store
	Clock    clock.Clock
	Auth     *auth.Service
	Users    *users.Service
	Partners *partners.Service
}

// New builds the services over store.
func New(ctx context.Context, store *storage.Store, clk clock.Clock, cfg Config) (*Hub, error) {
	a, err := auth.New(ctx, store.Client, clk, cfg.Auth)
	if err != nil {
		return nil, err
	}
	return &Hub{
		Store:    store,
		Clock:    clk,
		Auth:     a,
		Users:    users.New(store.Client, clk, a.PasswordParams()),
		Partners: partners.New(store.Client, clk),
	}, nil
}
