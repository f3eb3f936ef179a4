package sla

import "time"

// The built-in calendars, the support hours the seeded policy names. "CET" in the support
// rules means Europe/Berlin civil time, so CET in winter and CEST in summer.
var (
	berlin = mustLoad("Europe/Berlin")

	// Always is 24/7.
	Always = &Calendar{Name: "always", Location: time.UTC, Days: every(Window{0, 1440})}
	// StandardSupport is Monday to Friday 02:00–22:00 Berlin time.
	StandardSupport = &Calendar{Name: "standard_support", Location: berlin,
		Days: weekdays(Window{2 * 60, 22 * 60}, nil)}
	// PremiumSupport is Monday to Friday all day, Saturday and Sunday 09:00–17:00 Berlin time.
	PremiumSupport = &Calendar{Name: "premium_support", Location: berlin,
		Days: weekdays(Window{0, 1440}, []Window{{9 * 60, 17 * 60}})}
)

// Builtin returns the built-in calendar called name, or nil.
func Builtin(name string) *Calendar {
	switch name {
	case Always.Name:
		return Always
	case StandardSupport.Name:
		return StandardSupport
	case PremiumSupport.Name:
		return PremiumSupport
	}
	return nil
}

func every(w Window) (d [7][]Window) {
	for i := range d {
		d[i] = []Window{w}
	}
	return d
}

func weekdays(w Window, weekend []Window) (d [7][]Window) {
	for i := time.Monday; i <= time.Friday; i++ {
		d[i] = []Window{w}
	}
	d[time.Saturday], d[time.Sunday] = weekend, weekend
	return d
}

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("sla: time zone " + name + ": " + err.Error())
	}
	return loc
}
