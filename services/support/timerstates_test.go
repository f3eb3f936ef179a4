package support_test

import (
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/support"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(t time.Time) *time.Time { return &t }

func show(t *time.Time) string {
	if t == nil {
		return "none"
	}
	return t.UTC().Format(time.RFC3339)
}

// TestTimersFollowTheHistory works a partner ticket (growth plan, 4 h first response on
// "always"; standard package, urgent: 8 h of standard support hours; resolution 48 h
// soft) through pauses, a resolution, a reopen and an open-ended pause. Opened Fri 6 Feb
// 2026 20:00Z (21:00 CET): standard support hours end Fri 21:00Z, so the urgent rule runs
// 1 h Friday and 7 h from Mon 01:00Z → Mon 08:00Z; the plan's 4 h → Sat 00:00Z wins.
func TestTimersFollowTheHistory(t *testing.T) {
	p := sla.DefaultPolicy()
	h := support.History{
		Facts:    sla.Facts{RequesterKind: "partner", Plan: "growth", Package: "standard", Source: "hub_chat", Severity: "urgent"},
		OpenedAt: at("2026-02-06T20:00:00Z"),
		// Support answered Fri 23:59:59Z: one second before due.
		FirstResponseAt: ptr(at("2026-02-06T23:59:59Z")),
		Changes: []support.StatusChange{
			{At: at("2026-02-06T20:00:00Z"), To: "new"},
			{At: at("2026-02-06T23:59:59Z"), To: "open"},
			// Waiting on Meta Sat 10:00–Sat 12:00:30, then on the customer 12:00:30–13:00:30
			// (one pause of 3 h 0 m 30 s): cycle 1 due Sun 20:00Z + 3 h 0 m 30 s.
			{At: at("2026-02-07T10:00:00Z"), To: "waiting_on_meta"},
			{At: at("2026-02-07T12:00:30Z"), To: "waiting_on_customer"},
			{At: at("2026-02-07T13:00:30Z"), To: "open"},
			{At: at("2026-02-08T09:00:00Z"), To: "resolved"},
			{At: at("2026-02-08T10:00:00Z"), To: "closed"},
		},
	}
	timers, err := support.Timers(p, h)
	if err != nil {
		t.Fatal(err)
	}
	if len(timers) != 2 {
		t.Fatalf("%d timers, want first response and one resolution cycle", len(timers))
	}
	fr, res := timers[0], timers[1]
	if show(fr.DueAt) != "2026-02-07T00:00:00Z" || !fr.Met || show(fr.StoppedAt) != "2026-02-06T23:59:59Z" {
		t.Errorf("first response: due %s, met %v, stopped %s", show(fr.DueAt), fr.Met, show(fr.StoppedAt))
	}
	if show(res.DueAt) != "2026-02-08T23:00:30Z" || !res.Met || show(res.StoppedAt) != "2026-02-08T09:00:00Z" {
		t.Errorf("resolution 1: due %s, met %v, stopped %s", show(res.DueAt), res.Met, show(res.StoppedAt))
	}

	// Closed is final here, but a resolved ticket reopened Sun 11:00Z starts cycle 2 (due
	// Tue 11:00Z); waiting on the customer from Sun 12:00Z with no end yet leaves its due
	// instant open, while cycle 1 is untouched.
	h.Changes = append(h.Changes[:len(h.Changes)-1],
		support.StatusChange{At: at("2026-02-08T11:00:00Z"), To: "open"},
		support.StatusChange{At: at("2026-02-08T12:00:00Z"), To: "waiting_on_customer"})
	timers, err = support.Timers(p, h)
	if err != nil {
		t.Fatal(err)
	}
	if len(timers) != 3 {
		t.Fatalf("%d timers, want 3", len(timers))
	}
	c2 := timers[2]
	if c2.Cycle != 2 || !c2.StartedAt.Equal(at("2026-02-08T11:00:00Z")) || c2.DueAt != nil || c2.WarningAt != nil ||
		show(c2.PausedSince) != "2026-02-08T12:00:00Z" || c2.StoppedAt != nil {
		t.Errorf("cycle 2 while paused: %+v", c2)
	}
	if show(timers[1].DueAt) != "2026-02-08T23:00:30Z" {
		t.Errorf("cycle 1 moved: %s", show(timers[1].DueAt))
	}

	// A pause that starts after the due instant leaves it standing: the breach happened.
	late := support.History{Facts: h.Facts, OpenedAt: h.OpenedAt, Changes: []support.StatusChange{
		{At: h.OpenedAt, To: "new"}, {At: at("2026-02-10T00:00:00Z"), To: "waiting_on_meta"}}}
	timers, err = support.Timers(p, late)
	if err != nil {
		t.Fatal(err)
	}
	if r := timers[1]; show(r.DueAt) != "2026-02-08T20:00:00Z" || show(r.WarningAt) != "2026-02-08T10:24:00Z" || r.PausedSince == nil {
		t.Errorf("a pause after due: due %s, warning %s", show(r.DueAt), show(r.WarningAt))
	}
	// No reply at all: a resolution before any reply stops the first-response timer too
	// (met, since before its due instant).
	quick := support.History{Facts: h.Facts, OpenedAt: h.OpenedAt, Changes: []support.StatusChange{
		{At: h.OpenedAt, To: "new"}, {At: at("2026-02-06T21:00:00Z"), To: "resolved"}}}
	timers, _ = support.Timers(p, quick)
	if !timers[0].Met || show(timers[0].StoppedAt) != "2026-02-06T21:00:00Z" {
		t.Errorf("resolved without a reply: %+v", timers[0])
	}
}
