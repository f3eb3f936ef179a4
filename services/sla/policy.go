package sla

import (
	"slices"
	"time"
)

// Metric is what an SLA rule times.
type Metric string

// The metrics.
const (
	FirstResponse Metric = "first_response"
	Resolution    Metric = "resolution"
)

// Facts are what rules match on: the ticket's contract, fixed when it opens.
type Facts struct {
	RequesterKind string // partner | client
	Plan          string // client: basic|regular|premium; partner: sandbox|growth|premium
	Package       string // standard | premium (premium when the plan is premium)
	Source        string // hub_chat | email | whatsapp
	Severity      string // critical | urgent | standard
}

// PackageOf is the support package of a plan: premium for a premium plan, else standard.
func PackageOf(plan string) string {
	if plan == "premium" {
		return "premium"
	}
	return "standard"
}

// When is a rule's conditions; an empty list matches anything.
type When struct {
	RequesterKind []string `json:"requester_kind,omitempty"`
	Plan          []string `json:"plan,omitempty"`
	Package       []string `json:"package,omitempty"`
	Source        []string `json:"source,omitempty"`
	Severity      []string `json:"severity,omitempty"`
}

func (w When) matches(f Facts) bool {
	in := func(list []string, v string) bool { return len(list) == 0 || slices.Contains(list, v) }
	return in(w.RequesterKind, f.RequesterKind) && in(w.Plan, f.Plan) && in(w.Package, f.Package) &&
		in(w.Source, f.Source) && in(w.Severity, f.Severity)
}

// Rule is one line of a policy.
type Rule struct {
	Metric       Metric
	Target       time.Duration
	Calendar     string
	When         When
	WarningRatio float64 // of the target, in calendar time; 0 means 0.8
	Soft         bool
}

// Policy is an ordered list of rules over named calendars (the built-ins are always
// available by name).
type Policy struct {
	Calendars map[string]*Calendar
	Rules     []Rule
}

// calendar resolves a calendar name in the policy, then among the built-ins.
func (p *Policy) calendar(name string) *Calendar {
	if c := p.Calendars[name]; c != nil {
		return c
	}
	return Builtin(name)
}

// Timer is a metric's due and warning instants and the rule that set them.
type Timer struct {
	DueAt     time.Time
	WarningAt time.Time
	Rule      int // index of the deciding rule
	Soft      bool
}

// Match is one matching rule with the instants it alone would give.
type Match struct {
	Rule      int
	Metric    Metric
	Calendar  string
	Target    time.Duration
	DueAt     time.Time
	WarningAt time.Time
	Soft      bool
}

// Evaluation is the result of applying a policy to a ticket.
type Evaluation struct {
	Timers  map[Metric]*Timer
	Matches []Match
}

// Evaluate applies every matching rule to a ticket opened at start and returns, per
// metric, the earliest due instant among them (the warning is that rule's). First
// response never pauses; resolution does, by pauses.
func (p *Policy) Evaluate(f Facts, start time.Time, pauses []Interval) (*Evaluation, error) {
	out := &Evaluation{Timers: map[Metric]*Timer{}}
	for i, r := range p.Rules {
		if !r.When.matches(f) {
			continue
		}
		cal := p.calendar(r.Calendar)
		var ps []Interval
		if r.Metric == Resolution {
			ps = pauses
		}
		due, err := Due(start, r.Target, cal, ps)
		if err != nil {
			return nil, err
		}
		ratio := r.WarningRatio
		if ratio <= 0 {
			ratio = 0.8
		}
		warn, err := Due(start, time.Duration(float64(r.Target)*ratio).Truncate(time.Second), cal, ps)
		if err != nil {
			return nil, err
		}
		out.Matches = append(out.Matches, Match{Rule: i, Metric: r.Metric, Calendar: cal.Name, Target: r.Target, DueAt: due, WarningAt: warn, Soft: r.Soft})
		if t := out.Timers[r.Metric]; t == nil || due.Before(t.DueAt) || (due.Equal(t.DueAt) && warn.Before(t.WarningAt)) {
			out.Timers[r.Metric] = &Timer{DueAt: due, WarningAt: warn, Rule: i, Soft: r.Soft}
		}
	}
	return out, nil
}

// DefaultPolicy is the seeded policy: the support desk's targets before an admin saves a
// version of their own (version 0).
func DefaultPolicy() *Policy {
	h := time.Hour
	hub := []string{"hub_chat"}
	rule := func(m Metric, d time.Duration, cal string, w When, soft bool) Rule {
		return Rule{Metric: m, Target: d, Calendar: cal, When: w, WarningRatio: 0.8, Soft: soft}
	}
	return &Policy{Rules: []Rule{
		// Hub chat, first response by plan, around the clock.
		rule(FirstResponse, 24*h, "always", When{Source: hub, RequesterKind: []string{"client"}, Plan: []string{"basic"}}, false),
		rule(FirstResponse, 4*h, "always", When{Source: hub, RequesterKind: []string{"client"}, Plan: []string{"regular"}}, false),
		rule(FirstResponse, 30*time.Minute, "always", When{Source: hub, RequesterKind: []string{"client"}, Plan: []string{"premium"}}, false),
		rule(FirstResponse, 24*h, "always", When{Source: hub, RequesterKind: []string{"partner"}, Plan: []string{"sandbox"}}, false),
		rule(FirstResponse, 4*h, "always", When{Source: hub, RequesterKind: []string{"partner"}, Plan: []string{"growth"}}, false),
		rule(FirstResponse, h, "always", When{Source: hub, RequesterKind: []string{"partner"}, Plan: []string{"premium"}}, false),
		// Hub chat, first response by severity, on the package's support hours.
		rule(FirstResponse, 4*h, "standard_support", When{Source: hub, Package: []string{"standard"}, Severity: []string{"critical"}}, false),
		rule(FirstResponse, 8*h, "standard_support", When{Source: hub, Package: []string{"standard"}, Severity: []string{"urgent"}}, false),
		rule(FirstResponse, 24*h, "standard_support", When{Source: hub, Package: []string{"standard"}, Severity: []string{"standard"}}, false),
		rule(FirstResponse, 30*time.Minute, "premium_support", When{Source: hub, Package: []string{"premium"}, Severity: []string{"critical"}}, false),
		rule(FirstResponse, 2*h, "premium_support", When{Source: hub, Package: []string{"premium"}, Severity: []string{"urgent"}}, false),
		rule(FirstResponse, 24*h, "premium_support", When{Source: hub, Package: []string{"premium"}, Severity: []string{"standard"}}, false),
		// Email and WhatsApp.
		rule(FirstResponse, 24*h, "always", When{Source: []string{"email", "whatsapp"}}, false),
		// Resolution, soft.
		rule(Resolution, 48*h, "always", When{}, true),
	}}
}
