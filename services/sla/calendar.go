// Package sla is the SLA timer engine of the support desk: business-hours calendars, the
// policy rules that give a ticket its targets, and the arithmetic of due instants over
// them. It is pure — no database, no clock — so it can be tested exhaustively and
// benchmarked. Durations are elapsed seconds inside calendar windows; windows are
// expanded per local date in the calendar's IANA zone (never "midnight + N hours", never
// fixed 24 h steps), so DST days are exact.
package sla

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Window is a half-open span of a day in minutes after local midnight: [Start, End), with
// End up to 1440 ("24:00").
type Window struct {
	Start, End int
}

// Calendar is a set of weekly windows in a time zone, minus holidays.
type Calendar struct {
	Name     string
	Location *time.Location
	// Days holds the windows of each weekday, indexed by time.Weekday (Sunday = 0).
	Days     [7][]Window
	Holidays map[Date]bool
}

// Date is a civil date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

func (d Date) next() Date {
	y, m, dd := time.Date(d.Year, d.Month, d.Day+1, 12, 0, 0, 0, time.UTC).Date()
	return Date{y, m, dd}
}

func (d Date) weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// String formats d as 2006-01-02.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// ParseDate reads "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, err
	}
	return DateOf(t, time.UTC), nil
}

// Validate lists what is wrong with c: no windows at all, windows out of range, empty or
// overlapping, and window edges that fall inside a DST gap on their weekday (a local time
// that does not exist on some date, such as 02:30 on the spring-forward Sunday in Berlin).
func (c *Calendar) Validate() []string {
	var problems []string
	if c.Location == nil {
		return []string{"time_zone: is required"}
	}
	total := 0
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		ws := slices.Clone(c.Days[wd])
		sort.Slice(ws, func(i, j int) bool { return ws[i].Start < ws[j].Start })
		for i, w := range ws {
			switch {
			case w.Start < 0 || w.End > 1440 || w.Start >= w.End:
				problems = append(problems, fmt.Sprintf("windows.%s: %s is not a window (start before end, within 00:00–24:00)", dayName(wd), w))
			case i > 0 && w.Start < ws[i-1].End:
				problems = append(problems, fmt.Sprintf("windows.%s: %s overlaps %s", dayName(wd), w, ws[i-1]))
			}
			total++
		}
	}
	if total == 0 {
		problems = append(problems, "windows: a calendar needs at least one window")
	}
	for _, g := range c.gaps() {
		for _, w := range c.Days[g.weekday] {
			for _, edge := range []int{w.Start, w.End} {
				if edge >= g.from && edge < g.to {
					problems = append(problems, fmt.Sprintf("windows.%s: %s has an edge at %s, which does not exist on %s (daylight-saving gap in %s)",
						dayName(g.weekday), w, clock(edge), g.date, c.Location))
				}
			}
		}
	}
	return dedupe(problems)
}

// gap is a span of local wall time that does not exist on one date.
type gap struct {
	weekday  time.Weekday
	date     Date
	from, to int // minutes after midnight
}

// gaps finds the zone's spring-forward gaps from 2000 to 2100.
func (c *Calendar) gaps() []gap {
	var out []gap
	t := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 1000 && t.Before(end); i++ {
		_, next := t.In(c.Location).ZoneBounds()
		if next.IsZero() || !next.Before(end) {
			break
		}
		if !next.After(t) { // at a boundary ZoneBounds may not advance: step past it
			t = t.Add(time.Hour)
			continue
		}
		_, before := next.Add(-time.Second).In(c.Location).Zone()
		_, after := next.In(c.Location).Zone()
		if after > before { // clocks jump forward: local times [wall, wall+jump) are skipped
			wall := next.Add(-time.Second).In(c.Location)
			from := wall.Hour()*60 + wall.Minute() + 1
			d := DateOf(wall, c.Location)
			out = append(out, gap{weekday: d.weekday(), date: d, from: from, to: from + (after-before)/60})
		}
		t = next
	}
	return out
}

func (w Window) String() string { return clock(w.Start) + "–" + clock(w.End) }

func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func dayName(wd time.Weekday) string { return dayNames[wd] }

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// intervals returns the UTC intervals of date d's windows (none on a holiday), in order.
func (c *Calendar) intervals(d Date) [][2]time.Time {
	if c.Holidays[d] {
		return nil
	}
	ws := c.Days[d.weekday()]
	out := make([][2]time.Time, 0, len(ws))
	for _, w := range ws {
		out = append(out, [2]time.Time{c.instant(d, w.Start), c.instant(d, w.End)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0].Before(out[j][0]) })
	return out
}

// instant is the UTC instant of local wall time minute m on date d. Where the wall time
// occurs twice (the fall-back hour), the earlier instant is taken, whatever TZ the
// process runs in.
func (c *Calendar) instant(d Date, m int) time.Time {
	t := time.Date(d.Year, d.Month, d.Day, m/60, m%60, 0, 0, c.Location)
	for _, back := range []time.Duration{time.Hour, 30 * time.Minute, 2 * time.Hour} {
		if e := t.Add(-back); e.In(c.Location).Hour() == t.In(c.Location).Hour() && e.In(c.Location).Minute() == t.In(c.Location).Minute() &&
			DateOf(e, c.Location) == DateOf(t, c.Location) {
			t = e
		}
	}
	return t.UTC()
}
