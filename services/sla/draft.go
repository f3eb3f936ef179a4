package sla

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DraftPolicy is a policy as JSON sends it (the policy editor's draft and the preview's
// optional "policy").
type DraftPolicy struct {
	Calendars map[string]DraftCalendar `json:"calendars,omitempty"`
	Rules     []DraftRule              `json:"rules"`
}

// DraftCalendar is a calendar as JSON sends it.
type DraftCalendar struct {
	TimeZone string                 `json:"time_zone" example:"Europe/Berlin"`
	Windows  map[string][][2]string `json:"windows"`
	Holidays []string               `json:"holidays,omitempty" example:"2026-12-25"`
}

// DraftRule is a rule as JSON sends it.
type DraftRule struct {
	Metric        string   `json:"metric" enums:"first_response,resolution"`
	TargetSeconds int64    `json:"target_seconds" example:"14400"`
	Calendar      string   `json:"calendar" example:"standard_support"`
	When          When     `json:"when"`
	WarningRatio  *float64 `json:"warning_ratio,omitempty" example:"0.8"`
	Soft          bool     `json:"soft"`
}

var dayIndex = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

var allowed = map[string][]string{
	"requester_kind": {"partner", "client"},
	"plan":           {"basic", "regular", "premium", "sandbox", "growth"},
	"package":        {"standard", "premium"},
	"source":         {"hub_chat", "email", "whatsapp"},
	"severity":       {"critical", "urgent", "standard"},
}

// Compile checks a draft and turns it into a Policy, listing every problem.
func (d DraftPolicy) Compile() (*Policy, []string) {
	var problems []string
	p := &Policy{Calendars: map[string]*Calendar{}}
	for name, dc := range d.Calendars {
		field := "calendars." + name
		if name == "" || len(name) > 64 {
			problems = append(problems, field+": a calendar needs a name of at most 64 characters")
			continue
		}
		if Builtin(name) != nil {
			problems = append(problems, field+": is a built-in calendar's name")
			continue
		}
		c, errs := dc.compile(name)
		for _, e := range errs {
			problems = append(problems, field+"."+e)
		}
		if len(errs) == 0 {
			p.Calendars[name] = c
		}
	}
	if len(d.Rules) == 0 {
		problems = append(problems, "rules: a policy needs at least one rule")
	}
	if len(d.Rules) > 500 {
		problems = append(problems, "rules: at most 500")
	}
	for i, r := range d.Rules {
		field := fmt.Sprintf("rules[%d]", i)
		rule := Rule{Metric: Metric(r.Metric), Target: time.Duration(r.TargetSeconds) * time.Second, Calendar: r.Calendar, When: r.When, Soft: r.Soft, WarningRatio: 0.8}
		if rule.Metric != FirstResponse && rule.Metric != Resolution {
			problems = append(problems, field+".metric: must be first_response or resolution")
		}
		if r.TargetSeconds <= 0 || r.TargetSeconds > 365*24*3600 {
			problems = append(problems, field+".target_seconds: must be from 1 to 31536000")
		}
		if p.Calendars[r.Calendar] == nil && Builtin(r.Calendar) == nil {
			if _, declared := d.Calendars[r.Calendar]; !declared {
				problems = append(problems, field+".calendar: "+strconv.Quote(r.Calendar)+" is neither a built-in nor a calendar of this policy")
			}
		}
		if r.WarningRatio != nil {
			if *r.WarningRatio <= 0 || *r.WarningRatio >= 1 {
				problems = append(problems, field+".warning_ratio: must be between 0 and 1")
			}
			rule.WarningRatio = *r.WarningRatio
		}
		for key, values := range map[string][]string{"requester_kind": r.When.RequesterKind, "plan": r.When.Plan,
			"package": r.When.Package, "source": r.When.Source, "severity": r.When.Severity} {
			for _, v := range values {
				if !slices.Contains(allowed[key], v) {
					problems = append(problems, fmt.Sprintf("%s.when.%s: %q is not one of %s", field, key, v, strings.Join(allowed[key], ", ")))
				}
			}
		}
		p.Rules = append(p.Rules, rule)
	}
	slices.Sort(problems)
	return p, problems
}

func (dc DraftCalendar) compile(name string) (*Calendar, []string) {
	var problems []string
	c := &Calendar{Name: name, Holidays: map[Date]bool{}}
	loc, err := time.LoadLocation(dc.TimeZone)
	if dc.TimeZone == "" || err != nil || dc.TimeZone == "Local" {
		return nil, []string{"time_zone: must be an IANA time zone such as Europe/Berlin"}
	}
	c.Location = loc
	for day, spans := range dc.Windows {
		wd, ok := dayIndex[strings.ToLower(day)]
		if !ok {
			problems = append(problems, "windows."+day+": must be one of sun, mon, tue, wed, thu, fri, sat")
			continue
		}
		for _, span := range spans {
			start, err1 := minutes(span[0])
			end, err2 := minutes(span[1])
			if err1 != nil || err2 != nil {
				problems = append(problems, fmt.Sprintf("windows.%s: [%q, %q] must be two times HH:MM (24:00 allowed as an end)", day, span[0], span[1]))
				continue
			}
			c.Days[wd] = append(c.Days[wd], Window{start, end})
		}
	}
	for _, h := range dc.Holidays {
		d, err := ParseDate(h)
		if err != nil {
			problems = append(problems, fmt.Sprintf("holidays: %q must be a date such as 2026-12-25", h))
			continue
		}
		c.Holidays[d] = true
	}
	if len(problems) == 0 {
		problems = c.Validate()
	}
	return c, problems
}

func minutes(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 {
		return 0, fmt.Errorf("bad time")
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || mm < 0 || mm > 59 || hh < 0 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad time")
	}
	return hh*60 + mm, nil
}
