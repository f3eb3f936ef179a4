package handlers_test

import (
	"testing"
)

func TestSLAPreview(t *testing.T) {
	e := newEnv(t)
	e.run([]scenario{
		// Basic client, urgent, Fri 6 Feb 21:30 CET: the 24 h plan rule (Sat 20:30Z) beats the
		// standard-package 8 h rule (Mon 08:30Z); resolution 48 h, paused 2 h → Sun 22:30Z.
		{name: "live policy", method: "POST", path: "/api/v2/support/sla/preview", as: clientMemberA, status: 200,
			body: map[string]any{"opened_at": "2026-02-06T20:30:00Z", "requester_kind": "client", "plan": "basic", "source": "hub_chat", "severity": "urgent",
				"pauses": []map[string]string{{"from": "2026-02-07T00:00:00Z", "to": "2026-02-07T02:00:00Z"}}},
			contains: []string{`"package":"standard"`, `"first_response":{"due_at":"2026-02-07T20:30:00Z","warning_at":"2026-02-07T15:42:00Z"`,
				`"resolution":{"due_at":"2026-02-08T22:30:00Z"`, `"calendar":"standard_support","target_seconds":28800,"due_at":"2026-02-09T08:30:00Z"`}},
		// A draft with its own calendar: Lisbon office hours Mon 09:00–12:00, 1 h target,
		// opened Mon 9 Feb 11:30 Lisbon (= UTC in winter): 30 min Monday, 30 min on the next
		// Monday → 16 Feb 09:30Z.
		{name: "draft policy", method: "POST", path: "/api/v2/support/sla/preview", as: partnerAdminA, status: 200,
			body: map[string]any{"opened_at": "2026-02-09T11:30:00Z", "requester_kind": "partner", "plan": "growth", "source": "email", "severity": "standard",
				"policy": map[string]any{
					"calendars": map[string]any{"lisbon": map[string]any{"time_zone": "Europe/Lisbon", "windows": map[string]any{"mon": [][]string{{"09:00", "12:00"}}}}},
					"rules":     []map[string]any{{"metric": "first_response", "target_seconds": 3600, "calendar": "lisbon", "when": map[string]any{"source": []string{"email"}}}},
				}},
			contains: []string{`"first_response":{"due_at":"2026-02-16T09:30:00Z"`, `"resolution":null`}},
		{name: "invalid draft lists every problem", method: "POST", path: "/api/v2/support/sla/preview", as: partnerAdminA, status: 422, code: "validation_failed",
			body: map[string]any{"opened_at": "2026-02-09T11:30:00Z", "requester_kind": "partner", "plan": "basic", "source": "fax", "severity": "standard",
				"policy": map[string]any{"calendars": map[string]any{"x": map[string]any{"time_zone": "Europe/Berlin", "windows": map[string]any{"sun": [][]string{{"02:30", "04:00"}}}}},
					"rules": []map[string]any{{"metric": "first_response", "target_seconds": -5, "calendar": "x"}}}},
			contains: []string{"plan: a partner's plan is one of", "source: must be", "daylight-saving gap", "target_seconds"}},
		{name: "opened_at required", method: "POST", path: "/api/v2/support/sla/preview", as: partnerAdminA, status: 422,
			body: map[string]any{"requester_kind": "client", "plan": "basic", "source": "hub_chat", "severity": "urgent"}, contains: []string{"opened_at: is required"}},
	})
}
