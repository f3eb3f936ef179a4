package support

import (
	"context"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/tickettimer"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// defaultRecordBatch bounds the timers one recording transaction claims.
const defaultRecordBatch = 200

// recorderIdle is the longest the recorder sleeps: a timer created by another instance
// with an earlier instant than any this one knew of waits at most this long.
const recorderIdle = 500 * time.Millisecond

// DBNow reads the database's clock: warnings and breaches are decided and stamped in
// database time, so every instance agrees whatever its own clock says.
func (s *Service) DBNow(ctx context.Context, db *ent.Client) (time.Time, error) {
	return storage.Now(ctx, s.sql, db)
}

// RecordDue records every warning and breach whose instant has come in database time,
// each exactly once per (ticket, metric, cycle, kind): the record's unique key decides
// which of several racing instances wins (INSERT … ON CONFLICT DO NOTHING), and only the
// winner emits ticket.sla_warning / ticket.sla_breached, in the same transaction. It
// returns how many it recorded.
func (s *Service) RecordDue(ctx context.Context) (int, error) {
	total := 0
	for _, kind := range []string{"warning", "breach"} {
		for {
			n, claimed, err := s.recordBatch(ctx, kind)
			total += n
			if err != nil || claimed < s.batch {
				if err != nil {
					return total, err
				}
				break
			}
		}
	}
	return total, nil
}

// recordBatch records up to s.batch due instants of kind ("warning" or "breach") in one
// transaction and says how many it recorded and how many timers it claimed.
func (s *Service) recordBatch(ctx context.Context, kind string) (recorded, claimed int, err error) {
	// The recorder is a background job: it claims every tenant's due timers and writes
	// their SLA records and events, with no viewer asking.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	col := tickettimer.FieldNextWarningAt
	if kind == "breach" {
		col = tickettimer.FieldNextBreachAt
	}
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		now, err := s.DBNow(sys, db)
		if err != nil {
			return err
		}
		q := db.TicketTimer.Query().Where(func(sel *sql.Selector) { sel.Where(sql.LTE(sel.C(col), now)) }).
			Order(ent.Asc(col), ent.Asc(tickettimer.FieldID)).Limit(s.batch)
		// Instances split the due work instead of queueing on each other's rows.
		q = storage.ClaimRows(s.sql, q)
		timers, err := q.All(sys)
		if err != nil || len(timers) == 0 {
			return err
		}
		claimed = len(timers)
		ids := make([]string, 0, len(timers))
		for _, t := range timers {
			ids = append(ids, t.TicketID)
		}
		tickets, err := db.Ticket.Query().Where(ticket.IDIn(ids...)).All(sys)
		if err != nil {
			return err
		}
		byID := map[string]*ent.Ticket{}
		for _, t := range tickets {
			byID[t.ID] = t
		}
		for _, tm := range timers {
			intended := tm.NextWarningAt
			if kind == "breach" {
				intended = tm.NextBreachAt
			}
			won, err := storage.InsertIgnoringConflict(sys, s.sql, db, "ticket_sla_records",
				[]string{"ticket_id", "partner_id", "client_id", "metric", "cycle", "kind", "intended_at", "recorded_at", "soft", "recorded_by"},
				[]any{tm.TicketID, tm.PartnerID, tm.ClientID, string(tm.Metric), tm.Cycle, kind, intended.UTC(), now, tm.Soft, s.instance},
				"ticket_id", "metric", "cycle", "kind")
			if err != nil {
				return err
			}
			upd := db.TicketTimer.UpdateOneID(tm.ID)
			if kind == "breach" {
				upd.ClearNextBreachAt()
			} else {
				upd.ClearNextWarningAt()
			}
			if err := upd.Exec(sys); err != nil {
				return err
			}
			if !won {
				continue // another instance recorded it first
			}
			recorded++
			name := events.TicketSLAWarning
			if kind == "breach" {
				name = events.TicketSLABreached
			}
			if t := byID[tm.TicketID]; t != nil {
				data := map[string]any{"metric": string(tm.Metric), "cycle": tm.Cycle, "kind": kind, "soft": tm.Soft,
					"intended_at": intended.UTC(), "recorded_at": now}
				if tm.DueAt != nil {
					data["due_at"] = tm.DueAt.UTC()
				}
				if err := s.emit(sys, db, name, t, now, data); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return recorded, claimed, nil
}

// NextInstant is the earliest warning or breach instant still to be recorded, or zero
// when there is none; the recorder sleeps until it.
func (s *Service) NextInstant(ctx context.Context) (time.Time, error) {
	// The recorder's look-ahead, a background job: the earliest pending instant of any
	// tenant's timers.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	var next time.Time
	for _, col := range []string{tickettimer.FieldNextWarningAt, tickettimer.FieldNextBreachAt} {
		t, err := s.db.TicketTimer.Query().Where(func(sel *sql.Selector) { sel.Where(sql.NotNull(sel.C(col))) }).
			Order(ent.Asc(col)).First(sys)
		if ent.IsNotFound(err) {
			continue
		}
		if err != nil {
			return time.Time{}, err
		}
		at := t.NextWarningAt
		if col == tickettimer.FieldNextBreachAt {
			at = t.NextBreachAt
		}
		if at != nil && (next.IsZero() || at.Before(next)) {
			next = *at
		}
	}
	return next, nil
}

// RunRecorder records warnings and breaches until ctx ends. It reads (never locks) when
// the next pending instant is, by database time, sleeps until then — never longer than
// recorderIdle, so an earlier instant written by another instance waits at most that long
// — and records when it has come, so each record lands well within the 5 seconds after
// its instant that a warning or breach may take to be recorded. Any number of instances
// may run it.
func (s *Service) RunRecorder(ctx context.Context) {
	for ctx.Err() == nil {
		wait := recorderIdle
		next, err := s.NextInstant(ctx)
		var now time.Time
		if err == nil {
			now, err = s.DBNow(ctx, s.db)
		}
		switch {
		case err != nil:
			if ctx.Err() == nil {
				s.log.Error("sla recorder: cannot read pending instants", "error", err.Error())
			}
		case next.IsZero():
		case !next.After(now):
			if n, err := s.RecordDue(ctx); err != nil {
				if ctx.Err() == nil {
					s.log.Error("sla recorder failed", "error", err.Error())
				}
			} else if n > 0 {
				s.log.Debug("sla recorder", "recorded", n)
				continue
			} else {
				wait = 10 * time.Millisecond // another instance holds them; it is about to commit
			}
		default:
			wait = min(max(next.Sub(now), time.Millisecond), recorderIdle)
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
}
