package support

// This file computes a ticket's SLA timers from its history: a pure function (no
// database, no clock), so every instance derives the same timers from the same history.
// timerstore.go stores what it computes.

import (
	"time"

	"github.com/partnerhub/partnerhub/services/sla"
)

// StatusChange is one status transition of a ticket.
type StatusChange struct {
	At time.Time
	To string
}

// History is everything a ticket's SLA timers depend on: the contract and current
// severity (Facts), when it opened, the first public reply by support, and its status
// transitions in order. Timers are a pure function of it.
type History struct {
	Facts           sla.Facts
	OpenedAt        time.Time
	FirstResponseAt *time.Time
	Changes         []StatusChange
}

// TimerState is one timer — (metric, cycle) — as the history determines it.
type TimerState struct {
	Metric    sla.Metric
	Cycle     int
	StartedAt time.Time
	Target    time.Duration
	Calendar  string
	Rule      int
	Soft      bool
	// DueAt and WarningAt are nil while the timer is paused and has not reached them: the
	// pause has no end yet, so neither has the instant.
	DueAt, WarningAt *time.Time
	PausedSince      *time.Time
	// StoppedAt is the first public reply by support (first response; a resolution before
	// any reply stops it too) or the resolution (resolution cycles).
	StoppedAt *time.Time
	// Met is true when the timer stopped strictly before its due instant.
	Met bool
}

func waiting(status string) bool {
	return status == "waiting_on_customer" || status == "waiting_on_meta"
}

func finished(status string) bool { return status == "resolved" || status == "closed" }

// cycle is one resolution cycle: from opening (or a reopen) to the resolution.
type cycle struct {
	start      time.Time
	end        *time.Time
	pauses     []sla.Interval
	pauseStart *time.Time
}

// Timers computes every timer of a ticket from its history with policy p: first response
// from the opening, never paused; one resolution timer per cycle, paused (to the second)
// while the ticket waits on the customer or on Meta, a reopen starting the next cycle. A
// severity change is simply a different Facts: everything is recomputed from the start.
func Timers(p *sla.Policy, h History) ([]TimerState, error) {
	cycles := []*cycle{{start: h.OpenedAt}}
	var firstResolve *time.Time
	status := "new"
	for _, c := range h.Changes {
		cur := cycles[len(cycles)-1]
		at := c.At
		switch {
		case finished(status) && !finished(c.To):
			cycles = append(cycles, &cycle{start: at}) // reopened
			cur = cycles[len(cycles)-1]
		case cur.end != nil:
			// Resolved → closed, or a change after the cycle ended: nothing is timed.
		case finished(c.To):
			if cur.pauseStart != nil {
				cur.pauses = append(cur.pauses, sla.Interval{From: *cur.pauseStart, To: at})
				cur.pauseStart = nil
			}
			cur.end = &at
			if firstResolve == nil {
				firstResolve = &at
			}
		case waiting(c.To) && cur.pauseStart == nil:
			cur.pauseStart = &at
		case !waiting(c.To) && cur.pauseStart != nil:
			cur.pauses = append(cur.pauses, sla.Interval{From: *cur.pauseStart, To: at})
			cur.pauseStart = nil
		}
		if cur.end == nil && waiting(c.To) && cur.pauseStart == nil {
			cur.pauseStart = &at // the change that reopened went straight to waiting
		}
		status = c.To
	}

	var out []TimerState
	first, err := p.Evaluate(h.Facts, h.OpenedAt, nil)
	if err != nil {
		return nil, err
	}
	if t := first.Timers[sla.FirstResponse]; t != nil {
		m := p.Rules[t.Rule]
		st := TimerState{Metric: sla.FirstResponse, Cycle: 1, StartedAt: h.OpenedAt, Target: m.Target, Calendar: m.Calendar,
			Rule: t.Rule, Soft: t.Soft, DueAt: ptr(t.DueAt), WarningAt: ptr(t.WarningAt)}
		st.StoppedAt = earliest(h.FirstResponseAt, firstResolve)
		st.Met = st.StoppedAt != nil && st.StoppedAt.Before(t.DueAt)
		out = append(out, st)
	}
	for i, c := range cycles {
		ev, err := p.Evaluate(h.Facts, c.start, c.pauses)
		if err != nil {
			return nil, err
		}
		t := ev.Timers[sla.Resolution]
		if t == nil {
			continue
		}
		m := p.Rules[t.Rule]
		st := TimerState{Metric: sla.Resolution, Cycle: i + 1, StartedAt: c.start, Target: m.Target, Calendar: m.Calendar,
			Rule: t.Rule, Soft: t.Soft, DueAt: ptr(t.DueAt), WarningAt: ptr(t.WarningAt), StoppedAt: c.end}
		if c.pauseStart != nil {
			// Paused with no end yet: an instant before the pause stands, any later one is
			// not known until the ticket resumes.
			st.PausedSince = c.pauseStart
			if !t.DueAt.Before(*c.pauseStart) {
				st.DueAt = nil
			}
			if !t.WarningAt.Before(*c.pauseStart) {
				st.WarningAt = nil
			}
		}
		st.Met = st.StoppedAt != nil && st.DueAt != nil && st.StoppedAt.Before(*st.DueAt)
		out = append(out, st)
	}
	return out, nil
}

func ptr(t time.Time) *time.Time { return &t }

func earliest(a, b *time.Time) *time.Time {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case b.Before(*a):
		return b
	}
	return a
}
