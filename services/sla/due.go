package sla

import (
	"errors"
	"sort"
	"time"
)

// Interval is a half-open span of time [From, To), e.g. a pause.
type Interval struct {
	From, To time.Time
}

// horizonDays bounds the search for a due instant (a calendar with one short window a
// week still reaches years ahead).
const horizonDays = 3 * 366

// ErrBeyondHorizon is returned when a duration does not fit in the calendar within the
// search horizon (three years).
var ErrBeyondHorizon = errors.New("sla: due instant beyond the three-year horizon")

// Due returns the instant at which d of calendar time has elapsed after start, not counting
// pauses. A duration that exactly exhausts a window ends at that window's end; d = 0 is
// start itself.
func Due(start time.Time, d time.Duration, c *Calendar, pauses []Interval) (time.Time, error) {
	if d <= 0 {
		return start.UTC(), nil
	}
	remaining := d
	ps := normalise(pauses)
	date := DateOf(start, c.Location)
	for i := 0; i < horizonDays; i++ {
		for _, w := range c.intervals(date) {
			from := maxTime(w[0], start)
			for _, seg := range subtract(from, w[1], ps) {
				if length := seg.To.Sub(seg.From); length >= remaining {
					return seg.From.Add(remaining).UTC(), nil
				} else {
					remaining -= length
				}
			}
		}
		date = date.next()
	}
	return time.Time{}, ErrBeyondHorizon
}

// Elapsed returns how much calendar time passed between start and end, not counting
// pauses.
func Elapsed(start, end time.Time, c *Calendar, pauses []Interval) time.Duration {
	if !end.After(start) {
		return 0
	}
	ps := normalise(pauses)
	var total time.Duration
	last := DateOf(end, c.Location)
	for date := DateOf(start, c.Location); ; date = date.next() {
		for _, w := range c.intervals(date) {
			from, to := maxTime(w[0], start), minTime(w[1], end)
			for _, seg := range subtract(from, to, ps) {
				total += seg.To.Sub(seg.From)
			}
		}
		if date == last {
			return total
		}
	}
}

// normalise sorts pauses and merges overlapping ones.
func normalise(ps []Interval) []Interval {
	if len(ps) == 0 {
		return nil
	}
	out := make([]Interval, 0, len(ps))
	for _, p := range ps {
		if p.To.After(p.From) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	merged := out[:0]
	for _, p := range out {
		if n := len(merged); n > 0 && !p.From.After(merged[n-1].To) {
			merged[n-1].To = maxTime(merged[n-1].To, p.To)
			continue
		}
		merged = append(merged, p)
	}
	return merged
}

// subtract returns [from, to) minus the (sorted, merged) pauses.
func subtract(from, to time.Time, pauses []Interval) []Interval {
	if !to.After(from) {
		return nil
	}
	if len(pauses) == 0 {
		return []Interval{{from, to}}
	}
	var out []Interval
	cur := from
	for _, p := range pauses {
		if !p.To.After(cur) {
			continue
		}
		if !p.From.Before(to) {
			break
		}
		if p.From.After(cur) {
			out = append(out, Interval{cur, p.From})
		}
		cur = maxTime(cur, p.To)
		if !cur.Before(to) {
			return out
		}
	}
	if cur.Before(to) {
		out = append(out, Interval{cur, to})
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
