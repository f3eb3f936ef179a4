package apikeys

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listen holds a dedicated PostgreSQL connection LISTENing on NotifyChannel and signals
// wake on every notification, until ctx ends. A dropped connection is re-established with
// back-off; meanwhile the verifier's poll keeps revocations flowing (slower, never stale
// beyond the poll interval).
func Listen(ctx context.Context, dsn string, wake chan<- struct{}, log *slog.Logger) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := listenOnce(ctx, dsn, wake)
		if ctx.Err() != nil {
			return
		}
		log.Warn("key-event listener disconnected; polling continues", "error", err.Error(), "retry_in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
}

func listenOnce(ctx context.Context, dsn string, wake chan<- struct{}) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+NotifyChannel); err != nil {
		return err
	}
	signal(wake) // catch up on anything missed while disconnected
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		signal(wake)
	}
}

func signal(wake chan<- struct{}) {
	select {
	case wake <- struct{}{}:
	default:
	}
}
