package sla

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestDueByHand(t *testing.T) {
	holidays := *StandardSupport
	holidays.Holidays = map[Date]bool{{2026, time.December, 25}: true}
	cases := []struct {
		name  string
		cal   *Calendar
		start string
		d     time.Duration
		due   string
	}{
		// 24 hours on "always" is 86 400 s, even across Berlin's spring-forward night.
		{"always: 24 h is 86 400 s", Always, "2026-03-28T12:00:00Z", 24 * time.Hour, "2026-03-29T12:00:00Z"},
		// Fri 21:00 CET (20:00Z): 1 h until 22:00; Mon 02:00 CET (01:00Z) + 3 h = 04:00Z.
		{"standard: over the weekend", StandardSupport, "2026-01-09T20:00:00Z", 4 * time.Hour, "2026-01-12T04:00:00Z"},
		// Spring forward on Sun 29 Mar 2026. Fri 27 Mar 21:30 CET (20:30Z): 30 min until
		// 22:00; Mon 30 Mar 02:00 CEST = 00:00Z, + 3h30 = 03:30Z (05:30 CEST).
		{"standard: across spring forward", StandardSupport, "2026-03-27T20:30:00Z", 4 * time.Hour, "2026-03-30T03:30:00Z"},
		// Sat 28 Mar 16:00 CET (15:00Z): 1 h until 17:00; Sun 29 Mar 09:00 is CEST (07:00Z)
		// + 1 h = 08:00Z. A midnight+9h computation would say 08:00Z + … wrongly.
		{"premium: the spring-forward Sunday", PremiumSupport, "2026-03-28T15:00:00Z", 2 * time.Hour, "2026-03-29T08:00:00Z"},
		// Fall back on Sun 25 Oct 2026. Sat 24 Oct 16:30 CEST (14:30Z): 30 min until 17:00;
		// Sun 09:00 is CET (08:00Z) + 30 min = 08:30Z.
		{"premium: the fall-back Sunday", PremiumSupport, "2026-10-24T14:30:00Z", time.Hour, "2026-10-25T08:30:00Z"},
		// Mon 2 Feb 02:00 CET (01:00Z): the 20-hour window is used up exactly at 22:00 CET
		// (21:00Z), the window's end — not at the next window's start.
		{"exactly exhausting a window ends at its end", StandardSupport, "2026-02-02T01:00:00Z", 20 * time.Hour, "2026-02-02T21:00:00Z"},
		// Opened at the window's end, Mon 22:00 CET (21:00Z): next window Tue 02:00 CET
		// (01:00Z) + 1 h = 02:00Z.
		{"opened exactly at a window's end", StandardSupport, "2026-02-02T21:00:00Z", time.Hour, "2026-02-03T02:00:00Z"},
		// Sat 10:00 CET: nothing until Mon 02:00 CET (01:00Z) + 1 h.
		{"opened outside hours", StandardSupport, "2026-02-07T09:00:00Z", time.Hour, "2026-02-09T02:00:00Z"},
		// Thu 24 Dec 21:00 CET (20:00Z): 1 h; Fri 25 Dec is a holiday; Mon 28 Dec 02:00 CET
		// (01:00Z) + 1 h = 02:00Z.
		{"holiday skipped", &holidays, "2026-12-24T20:00:00Z", 2 * time.Hour, "2026-12-28T02:00:00Z"},
		{"zero is the start", StandardSupport, "2026-02-07T09:00:00Z", 0, "2026-02-07T09:00:00Z"},
	}
	for _, c := range cases {
		got, err := Due(utc(c.start), c.d, c.cal, nil)
		if err != nil || !got.Equal(utc(c.due)) {
			t.Errorf("%s: Due = %v, %v; want %s", c.name, got, err, c.due)
		}
		if el := Elapsed(utc(c.start), got, c.cal, nil); el != c.d {
			t.Errorf("%s: Elapsed back = %v, want %v", c.name, el, c.d)
		}
	}
}

func TestPauses(t *testing.T) {
	start := utc("2026-05-04T10:00:00Z")
	pauses := []Interval{
		{utc("2026-05-04T10:30:00Z"), utc("2026-05-04T11:30:00Z")},
		{utc("2026-05-04T11:00:00Z"), utc("2026-05-04T11:45:00Z")}, // overlapping: merged
		{utc("2026-05-04T09:00:00Z"), utc("2026-05-04T09:30:00Z")}, // before the start: no effect
	}
	// 2 h of time with 1h15 paused in between: due at 13:15.
	got, err := Due(start, 2*time.Hour, Always, pauses)
	if err != nil || !got.Equal(utc("2026-05-04T13:15:00Z")) {
		t.Fatalf("Due with pauses = %v %v", got, err)
	}
	if el := Elapsed(start, got, Always, pauses); el != 2*time.Hour {
		t.Fatalf("Elapsed = %v", el)
	}
	// A pause at second precision counts exactly.
	p := []Interval{{utc("2026-05-04T10:00:01Z"), utc("2026-05-04T10:00:02Z")}}
	if got, _ := Due(start, 10*time.Second, Always, p); !got.Equal(utc("2026-05-04T10:00:11Z")) {
		t.Fatalf("one-second pause: %v", got)
	}
}

func TestDSTGapAndOverlapWindows(t *testing.T) {
	sunday := func(w Window) *Calendar {
		c := &Calendar{Name: "sunday", Location: berlin}
		c.Days[time.Sunday] = []Window{w}
		return c
	}
	// An edge inside the spring-forward gap (02:00–03:00 on the last Sunday of March) does
	// not exist and is refused at save time; on other weekdays the same window is fine.
	if p := sunday(Window{150, 300}).Validate(); len(p) == 0 || !strings.Contains(strings.Join(p, " "), "daylight-saving gap") {
		t.Fatalf("02:30 on Sunday accepted: %v", p)
	}
	if p := sunday(Window{120, 300}).Validate(); len(p) == 0 {
		t.Fatal("02:00 on Sunday accepted; it does not exist on the spring-forward Sunday")
	}
	monday := &Calendar{Location: berlin}
	monday.Days[time.Monday] = []Window{{150, 300}}
	if p := monday.Validate(); len(p) != 0 {
		t.Fatalf("02:30 on Monday refused: %v", p)
	}
	// 01:00–04:00 on the spring-forward Sunday holds only 2 real hours.
	c := sunday(Window{60, 240})
	if p := c.Validate(); len(p) != 0 {
		t.Fatalf("01:00–04:00 refused: %v", p)
	}
	if el := Elapsed(utc("2026-03-28T00:00:00Z"), utc("2026-03-30T00:00:00Z"), c, nil); el != 2*time.Hour {
		t.Fatalf("spring-forward Sunday 01:00–04:00 = %v, want 2h", el)
	}
	// 01:00–04:00 on the fall-back Sunday holds 4 real hours (02:00–03:00 twice).
	if el := Elapsed(utc("2026-10-24T00:00:00Z"), utc("2026-10-26T00:00:00Z"), c, nil); el != 4*time.Hour {
		t.Fatalf("fall-back Sunday 01:00–04:00 = %v, want 4h", el)
	}
	// An edge in the repeated hour takes its first occurrence: 02:30–04:00 = 2h30.
	c2 := sunday(Window{150, 240})
	c2.Days[time.Sunday] = []Window{{150, 240}}
	if el := Elapsed(utc("2026-10-24T00:00:00Z"), utc("2026-10-26T00:00:00Z"), c2, nil); el != 150*time.Minute {
		t.Fatalf("fall-back Sunday 02:30–04:00 = %v, want 2h30", el)
	}
}

func TestValidateRefusesEmptyAndOverlapping(t *testing.T) {
	if p := (&Calendar{Location: berlin}).Validate(); len(p) != 1 || !strings.Contains(p[0], "at least one window") {
		t.Fatalf("empty: %v", p)
	}
	c := &Calendar{Location: berlin}
	c.Days[time.Tuesday] = []Window{{600, 720}, {700, 800}, {900, 900}, {1400, 1441}}
	p := c.Validate()
	if len(p) != 3 {
		t.Fatalf("want overlap, empty and out-of-range reported: %v", p)
	}
	for _, b := range []*Calendar{Always, StandardSupport, PremiumSupport} {
		if p := b.Validate(); len(p) != 0 {
			t.Errorf("built-in %s invalid: %v", b.Name, p)
		}
	}
}

// TestProperties checks, over many random starts and durations on each built-in calendar,
// that Elapsed undoes Due, that Due is monotonic in the duration, and that results do not
// depend on the process's own time zone.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := utc("2025-01-01T00:00:00Z")
	for _, c := range []*Calendar{Always, StandardSupport, PremiumSupport} {
		for i := 0; i < 400; i++ {
			start := base.Add(time.Duration(r.Int64N(int64(2 * 365 * 24 * time.Hour)))).Truncate(time.Second)
			d1 := time.Duration(r.Int64N(int64(72 * time.Hour))).Truncate(time.Second)
			d2 := d1 + time.Duration(r.Int64N(int64(time.Hour))).Truncate(time.Second)
			due1, err1 := Due(start, d1, c, nil)
			due2, err2 := Due(start, d2, c, nil)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			if el := Elapsed(start, due1, c, nil); el != d1 {
				t.Fatalf("%s: Elapsed(%v, Due(%v)) = %v", c.Name, start, d1, el)
			}
			if due2.Before(due1) {
				t.Fatalf("%s: not monotonic at %v: %v → %v, %v → %v", c.Name, start, d1, due1, d2, due2)
			}
		}
	}
	saved := time.Local
	defer func() { time.Local = saved }()
	for _, tz := range []string{"UTC", "Europe/Berlin", "America/New_York"} {
		time.Local = mustLoad(tz)
		got, _ := Due(utc("2026-03-27T20:30:00Z"), 4*time.Hour, StandardSupport, nil)
		if !got.Equal(utc("2026-03-30T03:30:00Z")) {
			t.Fatalf("with TZ=%s: %v", tz, got)
		}
	}
}

func BenchmarkDueTypical(b *testing.B) {
	start := utc("2026-03-27T20:30:00Z")
	b.ReportAllocs()
	for b.Loop() {
		Due(start, 4*time.Hour, StandardSupport, nil)
	}
}

func BenchmarkDueYearHorizon(b *testing.B) {
	start := utc("2026-01-01T00:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		Due(start, 2000*time.Hour, StandardSupport, nil) // 100 working days: about five months
	}
}
