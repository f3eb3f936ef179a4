package support

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/sla"
)

// PreviewRequest is a hypothetical ticket.
type PreviewRequest struct {
	OpenedAt      *time.Time       `json:"opened_at" example:"2026-11-20T21:30:00Z"`
	RequesterKind string           `json:"requester_kind" enums:"partner,client"`
	Plan          string           `json:"plan" enums:"basic,regular,premium,sandbox,growth"`
	Source        string           `json:"source" enums:"hub_chat,email,whatsapp"`
	Severity      string           `json:"severity" enums:"critical,urgent,standard"`
	Pauses        []PreviewPause   `json:"pauses,omitempty"`
	Policy        *sla.DraftPolicy `json:"policy,omitempty"`
}

// PreviewPause is a span during which the resolution timer stands still.
type PreviewPause struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// TimerOut is one metric's instants.
type TimerOut struct {
	DueAt     time.Time `json:"due_at"`
	WarningAt time.Time `json:"warning_at"`
	Rule      int       `json:"rule"`
	Soft      bool      `json:"soft"`
}

// MatchOut is a rule that matched, with the instants it alone would give.
type MatchOut struct {
	Rule          int       `json:"rule"`
	Metric        string    `json:"metric"`
	Calendar      string    `json:"calendar"`
	TargetSeconds int64     `json:"target_seconds"`
	DueAt         time.Time `json:"due_at"`
	WarningAt     time.Time `json:"warning_at"`
	Soft          bool      `json:"soft"`
}

// PreviewResult is what the hypothetical ticket would get.
type PreviewResult struct {
	Package       string     `json:"package" enums:"standard,premium"`
	FirstResponse *TimerOut  `json:"first_response"`
	Resolution    *TimerOut  `json:"resolution"`
	MatchedRules  []MatchOut `json:"matched_rules"`
}

var plans = map[string][]string{"client": {"basic", "regular", "premium"}, "partner": {"sandbox", "growth", "premium"}}

// Preview evaluates the live policy — or the draft in the request, as the policy editor
// sends before saving — for a hypothetical ticket.
//
// Errors: validation_failed.
func (s *Service) Preview(ctx context.Context, r PreviewRequest) (*PreviewResult, error) {
	var problems []string
	if r.OpenedAt == nil {
		problems = append(problems, "opened_at: is required")
	}
	if ps, ok := plans[r.RequesterKind]; !ok {
		problems = append(problems, "requester_kind: must be partner or client")
	} else if !slices.Contains(ps, r.Plan) {
		problems = append(problems, "plan: a "+r.RequesterKind+"'s plan is one of "+strings.Join(ps, ", "))
	}
	if !slices.Contains([]string{"hub_chat", "email", "whatsapp"}, r.Source) {
		problems = append(problems, "source: must be hub_chat, email or whatsapp")
	}
	if !slices.Contains([]string{"critical", "urgent", "standard"}, r.Severity) {
		problems = append(problems, "severity: must be critical, urgent or standard")
	}
	if len(r.Pauses) > 100 {
		problems = append(problems, "pauses: at most 100")
	}
	pauses := make([]sla.Interval, 0, len(r.Pauses))
	for _, p := range r.Pauses {
		if !p.To.After(p.From) {
			problems = append(problems, "pauses: each pause must end after it starts")
			break
		}
		pauses = append(pauses, sla.Interval{From: p.From, To: p.To})
	}
	policy := s.policy()
	if r.Policy != nil {
		compiled, errs := r.Policy.Compile()
		for _, e := range errs {
			problems = append(problems, "policy."+e)
		}
		policy = compiled
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	facts := sla.Facts{RequesterKind: r.RequesterKind, Plan: r.Plan, Package: sla.PackageOf(r.Plan), Source: r.Source, Severity: r.Severity}
	ev, err := policy.Evaluate(facts, r.OpenedAt.UTC(), pauses)
	if err != nil {
		return nil, apperr.Validation("policy: " + err.Error())
	}
	out := &PreviewResult{Package: facts.Package, MatchedRules: []MatchOut{}}
	timer := func(t *sla.Timer) *TimerOut {
		if t == nil {
			return nil
		}
		return &TimerOut{DueAt: t.DueAt, WarningAt: t.WarningAt, Rule: t.Rule, Soft: t.Soft}
	}
	out.FirstResponse, out.Resolution = timer(ev.Timers[sla.FirstResponse]), timer(ev.Timers[sla.Resolution])
	for _, m := range ev.Matches {
		out.MatchedRules = append(out.MatchedRules, MatchOut{Rule: m.Rule, Metric: string(m.Metric), Calendar: m.Calendar,
			TargetSeconds: int64(m.Target / time.Second), DueAt: m.DueAt, WarningAt: m.WarningAt, Soft: m.Soft})
	}
	return out, nil
}
