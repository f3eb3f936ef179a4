package apikeys

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listen holds a dedicated PostgreSQL connection LISTENing on NotifyChannel and signals
// wake on every notification, until ctx ends. It is ListenAll for the key channel alone.
func Listen(ctx context.Context, dsn string, wake chan<- struct{}, log *slog.Logger) {
	ListenAll(ctx, dsn, map[string]chan<- struct{}{NotifyChannel: wake}, log)
}

// ListenAll holds one dedicated PostgreSQL connection LISTENing on every channel of wakes
// and signals a channel's wake on each of its notifications (and all of them after every
// reconnection), until ctx ends. A dropped connection is re-established with
// back-off; meanwhile the verifier's poll keeps revocations flowing (slower, never stale
// beyond the poll interval).
func ListenAll(ctx context.Context, dsn string, wakes map[string]chan<- struct{}, log *slog.Logger) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := listenOnce(ctx, dsn, wakes)
		if ctx.Err() != nil {
			return
		}
		log.Warn("event listener disconnected; polling continues", "error", err.Error(), "retry_in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

func listenOnce(ctx context.Context, dsn string, wakes map[string]chan<- struct{}) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for name := range wakes {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{name}.Sanitize()); err != nil {
			return err
		}
	}
	for _, wake := range wakes {
		signal(wake) // catch up on anything missed while disconnected
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if wake, ok := wakes[n.Channel]; ok {
			signal(wake)
		}
	}
}

func signal(wake chan<- struct{}) {
	select {
	case wake <- struct{}{}:
	default:
	}
}
