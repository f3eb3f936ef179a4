package support

// This file stores a ticket's SLA timers: the rows Timers (timerstates.go) computes from
// its history, kept so that the queue and the recorder find due instants by index.

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/ticketslarecord"
	"github.com/partnerhub/partnerhub/ent/tickettimer"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// recompute derives t's timers from its history with its snapshot policy and stores them
// with db (the transaction making the change), together with what the recorder still has
// to record: a warning or breach instant not yet recorded and not preceded by the timer's
// stop. It also refreshes the ticket's nearest due instant (the queue's order).
func (s *Service) recompute(ctx context.Context, db *ent.Client, t *ent.Ticket) error {
	// The timers, what the recorder still has to record and the ticket's next due instant
	// are the hub's bookkeeping of the change, which no tenant writes directly; reading the
	// ticket's history and SLA records with it too sees them whoever the viewer is.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	policy, err := s.policies.version(ctx, db, t.PolicyVersion)
	if err != nil {
		return err
	}
	h, err := historyOf(sys, db, t)
	if err != nil {
		return err
	}
	states, err := Timers(policy, h)
	if err != nil {
		return err
	}
	existing, err := db.TicketTimer.Query().Where(tickettimer.TicketID(t.ID)).All(sys)
	if err != nil {
		return err
	}
	records, err := db.TicketSLARecord.Query().Where(ticketslarecord.TicketID(t.ID)).All(sys)
	if err != nil {
		return err
	}
	type key struct {
		metric string
		cycle  int
	}
	recorded := map[key]map[string]bool{}
	for _, r := range records {
		k := key{string(r.Metric), r.Cycle}
		if recorded[k] == nil {
			recorded[k] = map[string]bool{}
		}
		recorded[k][string(r.Kind)] = true
	}
	byKey := map[key]*ent.TicketTimer{}
	for _, e := range existing {
		byKey[key{string(e.Metric), e.Cycle}] = e
	}
	var nextDue *time.Time
	for _, st := range states {
		k := key{string(st.Metric), st.Cycle}
		pending := func(at *time.Time, kind string) *time.Time {
			if at == nil || recorded[k][kind] || (st.StoppedAt != nil && st.StoppedAt.Before(*at)) {
				return nil
			}
			return at
		}
		nextWarning, nextBreach := pending(st.WarningAt, "warning"), pending(st.DueAt, "breach")
		if st.StoppedAt == nil && st.DueAt != nil && (nextDue == nil || st.DueAt.Before(*nextDue)) {
			nextDue = st.DueAt
		}
		if e := byKey[k]; e != nil {
			delete(byKey, k)
			u := e.Update().SetStartedAt(st.StartedAt).SetTargetSeconds(int64(st.Target / time.Second)).SetCalendar(st.Calendar).
				SetRule(st.Rule).SetSoft(st.Soft).SetMet(st.Met)
			setOrClear(st.DueAt, u.SetDueAt, u.ClearDueAt)
			setOrClear(st.WarningAt, u.SetWarningAt, u.ClearWarningAt)
			setOrClear(st.PausedSince, u.SetPausedSince, u.ClearPausedSince)
			setOrClear(st.StoppedAt, u.SetStoppedAt, u.ClearStoppedAt)
			setOrClear(nextWarning, u.SetNextWarningAt, u.ClearNextWarningAt)
			setOrClear(nextBreach, u.SetNextBreachAt, u.ClearNextBreachAt)
			err = u.Exec(sys)
		} else {
			err = db.TicketTimer.Create().SetTicketID(t.ID).SetPartnerID(t.PartnerID).SetNillableClientID(t.ClientID).
				SetMetric(tickettimer.Metric(st.Metric)).SetCycle(st.Cycle).SetStartedAt(st.StartedAt).
				SetTargetSeconds(int64(st.Target / time.Second)).SetCalendar(st.Calendar).SetRule(st.Rule).SetSoft(st.Soft).
				SetNillableDueAt(st.DueAt).SetNillableWarningAt(st.WarningAt).SetNillablePausedSince(st.PausedSince).
				SetNillableStoppedAt(st.StoppedAt).SetMet(st.Met).
				SetNillableNextWarningAt(nextWarning).SetNillableNextBreachAt(nextBreach).Exec(sys)
		}
		if err != nil {
			return err
		}
	}
	for _, stale := range byKey { // a timer no rule produces any more (recorded instants stay)
		if err := db.TicketTimer.DeleteOne(stale).Exec(sys); err != nil {
			return err
		}
	}
	upd := db.Ticket.UpdateOneID(t.ID).SetModifiedAt(s.clock.Now().UTC())
	if nextDue != nil {
		upd.SetNextDueAt(*nextDue)
	} else {
		upd.ClearNextDueAt()
	}
	return upd.Exec(sys)
}

func setOrClear(t *time.Time, set func(time.Time) *ent.TicketTimerUpdateOne, clear func() *ent.TicketTimerUpdateOne) {
	if t != nil {
		set(*t)
	} else {
		clear()
	}
}
