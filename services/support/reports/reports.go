// Package reports computes the support dashboard: SLA attainment and median first
// response of the tickets opened in a period, grouped by plan, severity and source; the
// warnings and breaches recorded per day; and the unfinished tickets by status. It reads
// the support desk's tickets, timers and SLA records with the caller's viewer, so partner
// staff get their partner's numbers only.
package reports

import (
	"context"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/ticketslarecord"
	"github.com/partnerhub/partnerhub/ent/tickettimer"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Service computes the dashboard.
type Service struct {
	db    *ent.Client
	clock clock.Clock
}

// New returns the dashboard service over db.
func New(db *ent.Client, clk clock.Clock) *Service {
	return &Service{db: db, clock: clk}
}

// maxReportRange bounds a report's period.
const maxReportRange = 366 * 24 * time.Hour

// group is one row of the dashboard being counted: its attainment so far and the first
// response times whose median it shows.
type group struct {
	a        support.Attainment
	firstRes []int64
}

// finish computes g's percentages and median.
func (g *group) finish() support.Attainment {
	pct := func(met, breached int) *float64 {
		if met+breached == 0 {
			return nil
		}
		p := math.Round(1000*float64(met)/float64(met+breached)) / 10
		return &p
	}
	g.a.FirstResponseAttainmentPct = pct(g.a.FirstResponseMet, g.a.FirstResponseBreached)
	g.a.ResolutionAttainmentPct = pct(g.a.ResolutionMet, g.a.ResolutionBreached)
	if n := len(g.firstRes); n > 0 {
		slices.Sort(g.firstRes)
		m := g.firstRes[n/2]
		if n%2 == 0 {
			m = (g.firstRes[n/2-1] + g.firstRes[n/2]) / 2
		}
		g.a.MedianFirstResponseSeconds = &m
	}
	return g.a
}

// Dashboard computes the dashboard for [from, to) (default: the last 30 days). Support
// staff and partner staff; the privacy rules scope partner staff to their partner.
//
// Errors: forbidden, validation_failed.
func (s *Service) Dashboard(ctx context.Context, from, to *time.Time) (*support.Report, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || !(v.Role.IsPlatform() || v.Role.IsPartner()) {
		return nil, apperr.ErrForbidden.New("Reports are for support staff and partner staff.")
	}
	now := s.clock.Now().UTC()
	end := now
	if to != nil {
		end = to.UTC()
	}
	start := end.Add(-30 * 24 * time.Hour)
	if from != nil {
		start = from.UTC()
	}
	switch {
	case !end.After(start):
		return nil, apperr.Validation("to: must be after from")
	case end.Sub(start) > maxReportRange:
		return nil, apperr.Validation("from: the period may span at most 366 days")
	}
	inRange := []predicate.Ticket{ticket.OpenedAtGTE(start), ticket.OpenedAtLT(end)}
	tickets, err := s.db.Ticket.Query().Where(inRange...).
		Select(ticket.FieldID, ticket.FieldPlan, ticket.FieldSeverity, ticket.FieldSource, ticket.FieldOpenedAt, ticket.FieldFirstResponseAt).
		All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	timers, err := s.db.TicketTimer.Query().Where(tickettimer.HasTicketWith(inRange...)).
		Select(tickettimer.FieldTicketID, tickettimer.FieldMetric, tickettimer.FieldDueAt, tickettimer.FieldStoppedAt, tickettimer.FieldMet).
		All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	byTicket := map[string][]*ent.TicketTimer{}
	for _, t := range timers {
		byTicket[t.TicketID] = append(byTicket[t.TicketID], t)
	}
	overall := &group{a: support.Attainment{Key: "all"}}
	groups := map[string]map[string]*group{"plan": {}, "severity": {}, "source": {}}
	for _, t := range tickets {
		keys := map[string]string{"plan": t.Plan, "severity": string(t.Severity), "source": string(t.Source)}
		gs := []*group{overall}
		for dim, k := range keys {
			g := groups[dim][k]
			if g == nil {
				g = &group{a: support.Attainment{Key: k}}
				groups[dim][k] = g
			}
			gs = append(gs, g)
		}
		for _, g := range gs {
			g.a.Tickets++
			if t.FirstResponseAt != nil {
				g.firstRes = append(g.firstRes, int64(t.FirstResponseAt.Sub(t.OpenedAt)/time.Second))
			}
		}
		for _, tm := range byTicket[t.ID] {
			met := tm.Met
			breached := !met && tm.DueAt != nil && (tm.StoppedAt != nil || !now.Before(*tm.DueAt))
			for _, g := range gs {
				switch {
				case tm.Metric == tickettimer.MetricFirstResponse && met:
					g.a.FirstResponseMet++
				case tm.Metric == tickettimer.MetricFirstResponse && breached:
					g.a.FirstResponseBreached++
				case tm.Metric == tickettimer.MetricResolution && met:
					g.a.ResolutionMet++
				case tm.Metric == tickettimer.MetricResolution && breached:
					g.a.ResolutionBreached++
				}
			}
		}
	}
	out := &support.Report{From: start, To: end, Overall: overall.finish(), OpenByStatus: map[string]int{}, BreachesPerDay: []support.DayCount{}}
	ordered := func(dim string, order []string) []support.Attainment {
		res := []support.Attainment{}
		keys := make([]string, 0, len(groups[dim]))
		for k := range groups[dim] {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			a, b := slices.Index(order, keys[i]), slices.Index(order, keys[j])
			if a != b {
				return a < b
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			res = append(res, groups[dim][k].finish())
		}
		return res
	}
	out.ByPlan = ordered("plan", []string{"basic", "regular", "sandbox", "growth", "premium"})
	out.BySeverity = ordered("severity", support.Severities)
	out.BySource = ordered("source", support.Sources)

	records, err := s.db.TicketSLARecord.Query().Where(ticketslarecord.IntendedAtGTE(start), ticketslarecord.IntendedAtLT(end)).
		Select(ticketslarecord.FieldIntendedAt, ticketslarecord.FieldKind, ticketslarecord.FieldMetric).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	days := map[string]*support.DayCount{}
	for _, r := range records {
		day := r.IntendedAt.UTC().Format("2006-01-02")
		d := days[day]
		if d == nil {
			d = &support.DayCount{Day: day}
			days[day] = d
		}
		switch {
		case r.Kind == ticketslarecord.KindWarning:
			d.Warnings++
		case r.Metric == ticketslarecord.MetricFirstResponse:
			d.FirstResponseBreaches++
		default:
			d.ResolutionBreaches++
		}
	}
	for _, d := range days {
		out.BreachesPerDay = append(out.BreachesPerDay, *d)
	}
	sort.Slice(out.BreachesPerDay, func(i, j int) bool { return out.BreachesPerDay[i].Day < out.BreachesPerDay[j].Day })

	var counts []struct {
		Status string `json:"status"`
		Count  int    `json:"count"`
	}
	if err := s.db.Ticket.Query().Where(ticket.StatusNotIn(ticket.StatusResolved, ticket.StatusClosed)).
		GroupBy(ticket.FieldStatus).Aggregate(ent.Count()).Scan(ctx, &counts); err != nil {
		return nil, apperr.From(err)
	}
	for _, st := range []string{"new", "open", "waiting_on_customer", "waiting_on_meta"} {
		out.OpenByStatus[st] = 0
	}
	for _, c := range counts {
		out.OpenByStatus[c.Status] = c.Count
	}
	return out, nil
}
