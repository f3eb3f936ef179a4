package sla

import (
	"strings"
	"testing"
)

func TestDefaultPolicyEarliestRuleWins(t *testing.T) {
	p := DefaultPolicy()
	cases := []struct {
		name       string
		f          Facts
		start      string
		fr, frWarn string
		res        string
	}{
		// Premium client, critical, Sat 7 Feb 10:00 CET (09:00Z): the plan rule (30 min on
		// always) and the premium-package rule (30 min on premium_support, open Sat
		// 09:00–17:00) both give 09:30Z; warning at 80 % = 24 min → 09:24Z. Resolution 48 h.
		{"premium client, critical, Saturday", Facts{"client", "premium", "premium", "hub_chat", "critical"},
			"2026-02-07T09:00:00Z", "2026-02-07T09:30:00Z", "2026-02-07T09:24:00Z", "2026-02-09T09:00:00Z"},
		// Basic client, urgent, Fri 6 Feb 21:30 CET (20:30Z): the plan rule gives Sat 20:30Z
		// (24 h on always); the standard-package rule gives Mon 08:30Z (30 min on Friday,
		// then 7h30 from Mon 02:00 CET). The earlier wins; its warning is 80 % of 24 h =
		// 19h12 → Sat 15:42Z.
		{"basic client, urgent, Friday night", Facts{"client", "basic", "standard", "hub_chat", "urgent"},
			"2026-02-06T20:30:00Z", "2026-02-07T20:30:00Z", "2026-02-07T15:42:00Z", "2026-02-08T20:30:00Z"},
		// Growth partner, critical, Mon 9 Feb 08:00 CET (07:00Z): plan rule 4 h → 11:00Z;
		// standard-package critical 4 h on standard_support (open) → 11:00Z too.
		{"growth partner, critical, Monday", Facts{"partner", "growth", "standard", "hub_chat", "critical"},
			"2026-02-09T07:00:00Z", "2026-02-09T11:00:00Z", "2026-02-09T10:12:00Z", "2026-02-11T07:00:00Z"},
		// Email: 24 h on always for everyone.
		{"email", Facts{"client", "premium", "premium", "email", "critical"},
			"2026-02-09T07:00:00Z", "2026-02-10T07:00:00Z", "2026-02-10T02:12:00Z", "2026-02-11T07:00:00Z"},
	}
	for _, c := range cases {
		ev, err := p.Evaluate(c.f, utc(c.start), nil)
		if err != nil {
			t.Fatal(err)
		}
		fr, res := ev.Timers[FirstResponse], ev.Timers[Resolution]
		if fr == nil || !fr.DueAt.Equal(utc(c.fr)) || !fr.WarningAt.Equal(utc(c.frWarn)) {
			t.Errorf("%s: first response %+v, want due %s warning %s", c.name, fr, c.fr, c.frWarn)
		}
		if res == nil || !res.DueAt.Equal(utc(c.res)) || !res.Soft {
			t.Errorf("%s: resolution %+v, want %s (soft)", c.name, res, c.res)
		}
	}
}

func TestPausesApplyToResolutionOnly(t *testing.T) {
	p := DefaultPolicy()
	start := utc("2026-02-09T07:00:00Z")
	pause := []Interval{{utc("2026-02-09T08:00:00Z"), utc("2026-02-09T10:00:00Z")}}
	ev, _ := p.Evaluate(Facts{"client", "regular", "standard", "hub_chat", "standard"}, start, pause)
	if !ev.Timers[FirstResponse].DueAt.Equal(utc("2026-02-09T11:00:00Z")) {
		t.Errorf("first response must not pause: %v", ev.Timers[FirstResponse].DueAt)
	}
	if !ev.Timers[Resolution].DueAt.Equal(utc("2026-02-11T09:00:00Z")) {
		t.Errorf("resolution must pause 2 h: %v", ev.Timers[Resolution].DueAt)
	}
}

func TestDraftCompile(t *testing.T) {
	ratio := 0.5
	good := DraftPolicy{
		Calendars: map[string]DraftCalendar{"office": {TimeZone: "Europe/Lisbon", Windows: map[string][][2]string{
			"mon": {{"09:00", "12:00"}, {"13:00", "18:00"}}, "sat": {{"10:00", "24:00"}}}, Holidays: []string{"2026-12-25"}}},
		Rules: []DraftRule{{Metric: "first_response", TargetSeconds: 3600, Calendar: "office", WarningRatio: &ratio},
			{Metric: "resolution", TargetSeconds: 7200, Calendar: "always", When: When{Source: []string{"email"}}}},
	}
	p, problems := good.Compile()
	if len(problems) != 0 || len(p.Rules) != 2 || p.Calendars["office"] == nil {
		t.Fatalf("good draft: %v", problems)
	}
	bad := DraftPolicy{
		Calendars: map[string]DraftCalendar{
			"nozone":  {TimeZone: "Mars/Olympus", Windows: map[string][][2]string{"mon": {{"09:00", "10:00"}}}},
			"overlap": {TimeZone: "UTC", Windows: map[string][][2]string{"mon": {{"09:00", "11:00"}, {"10:00", "12:00"}}}},
			"empty":   {TimeZone: "UTC"},
			"gap":     {TimeZone: "Europe/Berlin", Windows: map[string][][2]string{"sun": {{"02:30", "05:00"}}}},
			"badtime": {TimeZone: "UTC", Windows: map[string][][2]string{"funday": {{"9", "25:00"}}}},
		},
		Rules: []DraftRule{{Metric: "speed", TargetSeconds: 0, Calendar: "nowhere", When: When{Severity: []string{"panic"}}}},
	}
	_, problems = bad.Compile()
	joined := strings.Join(problems, "\n")
	for _, want := range []string{"calendars.nozone.time_zone", "overlaps", "at least one window", "daylight-saving gap",
		"calendars.badtime.windows.funday", "rules[0].metric", "rules[0].target_seconds", "rules[0].calendar", "rules[0].when.severity"} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems lack %q:\n%s", want, joined)
		}
	}
}
