package support

import "time"

// The dashboard's API shapes. Package reports computes the dashboard; the shapes are
// declared here, with the rest of the support desk's, so the API names them support.….

// Attainment is how one group of tickets fared against its SLA. A timer counts once it is
// decided: met (stopped strictly before due) or breached (stopped at or after due, or due
// passed unmet); running timers are left out. Percentages are null when nothing is decided.
type Attainment struct {
	Key                        string   `json:"key" example:"premium"`
	Tickets                    int      `json:"tickets"`
	FirstResponseMet           int      `json:"first_response_met"`
	FirstResponseBreached      int      `json:"first_response_breached"`
	FirstResponseAttainmentPct *float64 `json:"first_response_attainment_pct" example:"97.5"`
	ResolutionMet              int      `json:"resolution_met"`
	ResolutionBreached         int      `json:"resolution_breached"`
	ResolutionAttainmentPct    *float64 `json:"resolution_attainment_pct"`
	// MedianFirstResponseSeconds is the median wall-clock time from opening to support's
	// first public reply, over tickets that have one.
	MedianFirstResponseSeconds *int64 `json:"median_first_response_seconds"`
}

// DayCount is the warnings and breaches recorded for instants of one UTC day.
type DayCount struct {
	Day                   string `json:"day" example:"2026-11-20"`
	FirstResponseBreaches int    `json:"first_response_breaches"`
	ResolutionBreaches    int    `json:"resolution_breaches"`
	Warnings              int    `json:"warnings"`
}

// Report is the support dashboard: SLA attainment and median first response of tickets
// opened in [from, to) by plan, severity and source; breaches per day in the period; and
// the unfinished tickets by status now. Partner staff get their partner's numbers only.
type Report struct {
	From           time.Time      `json:"from"`
	To             time.Time      `json:"to"`
	Overall        Attainment     `json:"overall"`
	ByPlan         []Attainment   `json:"by_plan"`
	BySeverity     []Attainment   `json:"by_severity"`
	BySource       []Attainment   `json:"by_source"`
	BreachesPerDay []DayCount     `json:"breaches_per_day"`
	OpenByStatus   map[string]int `json:"open_by_status"`
}
