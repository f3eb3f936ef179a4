package hub

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/partnerhub/partnerhub/migrations"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/provider"
)

// sweepInterval is how often the background sweeps look for due work.
const sweepInterval = 5 * time.Second

// sweep is one kind of periodic work; run reports how many objects it changed.
type sweep struct {
	name string
	run  func(context.Context) (int, error)
}

// RunBackground runs the background work of an instance until ctx ends: webhook
// delivery, the SLA recorder (warnings and breaches, exactly once across instances), the
// simulated WhatsApp's message status progression (sent → delivered → read), the
// watch that applies key and session revocations made on any instance (see watchKeys),
// and, every sweepInterval (the first time after a random part of it), these sweeps:
//   - month-end termination of cancelled channels;
//   - approved partner changes whose time has come, executed;
//   - number migrations: hosting changes completed, and unfinished migrations past
//     their expiry (24 hours after the start) expired, releasing their numbers;
//   - Messaging API media older than 30 days deleted;
//   - when the provider simulator runs (SimulatorStep > 0), its onboarding progression,
//     its review of submitted message templates and the daily usage reports.
//
// Each sweep changes rows with conditional updates, so any number of instances may run it
// and every effect happens once.
//
// It returns when ctx has ended and every part has stopped — in particular when the
// dispatcher has recorded its last attempts — so the caller may then close the store.
func (h *Hub) RunBackground(ctx context.Context, log *slog.Logger) {
	sweeps := []sweep{{"terminate_cancelled_channels", h.Channels.TerminateDue}, {"partner_changes", h.PartnerChanges.RunDue}}
	sweeps = append(sweeps, sweep{"migration_hosting_changes", h.Migrations.CompleteHostingChanges},
		sweep{"migration_expiry", h.Migrations.ExpireDue}, sweep{"media_expiry", h.Media.PurgeExpired})
	if h.Config.SimulatorStep > 0 {
		sweeps = append(sweeps,
			sweep{"simulator_progression", func(ctx context.Context) (int, error) { return h.Channels.Progress(ctx, h.Config.SimulatorStep) }},
			sweep{"simulator_template_review", func(ctx context.Context) (int, error) {
				return h.Templates.ReviewDue(ctx, h.Config.SimulatorStep, provider.ReviewTemplate)
			}},
			sweep{"simulator_usage", h.Usage.SimulateYesterday})
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	wg.Go(func() { h.Webhooks.Run(ctx) })
	wg.Go(func() { h.Support.RunRecorder(ctx) })
	wg.Go(func() { h.Messaging.RunProgress(ctx) })
	h.watchKeys(ctx, log, &wg)
	// Jitter keeps instances started together from sweeping in lockstep.
	timer := time.NewTimer(time.Duration(rand.Int64N(int64(sweepInterval))))
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		for _, s := range sweeps {
			n, err := s.run(ctx)
			switch {
			case err != nil && ctx.Err() == nil:
				log.Error("background sweep failed", "sweep", s.name, "error", err.Error())
			case n > 0:
				log.Info("background sweep", "sweep", s.name, "changed", n)
			}
		}
		timer.Reset(sweepInterval)
	}
}

// watchKeys keeps this instance's key cache and its list of ended sessions in step with
// revocations made anywhere: it reads the key_events and session_events outboxes from
// where they stood at start-up, then applies new events when PostgreSQL notifies (if the
// store is PostgreSQL, over one LISTEN connection) and every 250 ms regardless.
func (h *Hub) watchKeys(ctx context.Context, log *slog.Logger, wg *sync.WaitGroup) {
	v := h.APIKeys.Verifier()
	if err := v.Start(ctx); err != nil {
		log.Error("key events: cannot read the outbox position", "error", err.Error())
	}
	wake, sessionWake := make(chan struct{}, 1), make(chan struct{}, 1)
	if h.Store.Dialect == migrations.Postgres {
		wg.Go(func() {
			apikeys.ListenAll(ctx, h.Store.DSN, map[string]chan<- struct{}{apikeys.NotifyChannel: wake, auth.NotifyChannel: sessionWake}, log)
		})
	}
	wg.Go(func() { v.Watch(ctx, wake) })
	wg.Go(func() { h.Auth.WatchSessions(ctx, sessionWake, log) })
}
