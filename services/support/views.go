package support

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/ticketmessage"
	"github.com/partnerhub/partnerhub/ent/ticketslarecord"
	"github.com/partnerhub/partnerhub/ent/tickettimer"
)

// TicketView is a ticket as the API shows it.
type TicketView struct {
	ID               string            `json:"id" example:"a1B2c3D4e5TK"`
	RequesterUserID  string            `json:"requester_user_id"`
	RequesterKind    string            `json:"requester_kind" enums:"partner,client"`
	PartnerID        string            `json:"partner_id"`
	ClientID         *string           `json:"client_id"`
	ChannelID        *string           `json:"channel_id"`
	Source           string            `json:"source" enums:"hub_chat,email,whatsapp"`
	Topic            string            `json:"topic" example:"number_registration"`
	Severity         string            `json:"severity" enums:"critical,urgent,standard"`
	Language         string            `json:"language" example:"pt-BR"`
	Subject          string            `json:"subject"`
	Description      string            `json:"description"`
	Details          map[string]string `json:"details"`
	Status           string            `json:"status" enums:"new,open,waiting_on_customer,waiting_on_meta,resolved,closed"`
	AssigneeID       *string           `json:"assignee_id"`
	LanguageFallback bool              `json:"language_fallback"`
	Escalated        bool              `json:"escalated"`
	EscalationReason string            `json:"escalation_reason"`
	EscalatedAt      *time.Time        `json:"escalated_at"`
	Plan             string            `json:"plan" example:"premium"`
	Package          string            `json:"package" enums:"standard,premium"`
	PolicyVersion    int               `json:"policy_version"`
	OpenedAt         time.Time         `json:"opened_at"`
	EnteredBy        *string           `json:"entered_by"`
	FirstResponseAt  *time.Time        `json:"first_response_at"`
	ResolvedAt       *time.Time        `json:"resolved_at"`
	ClosedAt         *time.Time        `json:"closed_at"`
	Cycle            int               `json:"cycle"`
	NextDueAt        *time.Time        `json:"next_due_at"`
	Timers           []TimerView       `json:"timers"`
	CreatedAt        time.Time         `json:"created_at"`
	ModifiedAt       time.Time         `json:"modified_at"`
	// WhatsApp is set for tickets from the support desk's WhatsApp number: the user and
	// their customer-service window.
	WhatsApp *WhatsAppView `json:"whatsapp"`
}

// TimerView is one SLA timer of a ticket. State is as of the response: running, warning
// (past the warning instant), breached (past due unmet, or stopped at/after due), met
// (stopped strictly before due) or paused (waiting, due instant not yet known).
type TimerView struct {
	Metric            string     `json:"metric" enums:"first_response,resolution"`
	Cycle             int        `json:"cycle"`
	StartedAt         time.Time  `json:"started_at"`
	TargetSeconds     int64      `json:"target_seconds"`
	Calendar          string     `json:"calendar"`
	Soft              bool       `json:"soft"`
	DueAt             *time.Time `json:"due_at"`
	WarningAt         *time.Time `json:"warning_at"`
	PausedSince       *time.Time `json:"paused_since"`
	StoppedAt         *time.Time `json:"stopped_at"`
	Met               bool       `json:"met"`
	State             string     `json:"state" enums:"running,warning,breached,met,paused"`
	WarningRecordedAt *time.Time `json:"warning_recorded_at"`
	BreachRecordedAt  *time.Time `json:"breach_recorded_at"`
}

// MessageView is one message of a ticket's conversation.
type MessageView struct {
	ID           string    `json:"id"`
	TicketID     string    `json:"ticket_id"`
	Kind         string    `json:"kind" enums:"public_reply,internal_note,automated"`
	AuthorSide   string    `json:"author_side" enums:"requester,agent,system"`
	AuthorUserID *string   `json:"author_user_id"`
	Body         string    `json:"body"`
	KeysMasked   int       `json:"keys_masked"`
	CreatedAt    time.Time `json:"created_at"`
	// Delivery is set for support's public replies on tickets from the support desk's
	// WhatsApp number: how the WhatsApp message carrying the reply fared.
	Delivery *DeliveryView `json:"delivery"`
}

// TicketDetail is a ticket with its conversation (internal notes for support staff only).
type TicketDetail struct {
	TicketView
	Messages []MessageView `json:"messages"`
}

func ticketView(t *ent.Ticket) TicketView {
	details := t.Details
	if details == nil {
		details = map[string]string{}
	}
	return TicketView{ID: t.ID, RequesterUserID: t.RequesterUserID, RequesterKind: string(t.RequesterKind), PartnerID: t.PartnerID,
		ClientID: t.ClientID, ChannelID: t.ChannelID, Source: string(t.Source), Topic: t.Topic, Severity: string(t.Severity),
		Language: t.Language, Subject: t.Subject, Description: t.Description, Details: details, Status: string(t.Status),
		AssigneeID: t.AssigneeID, LanguageFallback: t.LanguageFallback, Escalated: t.Escalated, EscalationReason: t.EscalationReason,
		EscalatedAt: utcPtr(t.EscalatedAt), Plan: t.Plan, Package: t.SupportPackage, PolicyVersion: t.PolicyVersion,
		OpenedAt: t.OpenedAt.UTC(), EnteredBy: t.EnteredBy, FirstResponseAt: utcPtr(t.FirstResponseAt), ResolvedAt: utcPtr(t.ResolvedAt),
		ClosedAt: utcPtr(t.ClosedAt), Cycle: t.Cycle, NextDueAt: utcPtr(t.NextDueAt), Timers: []TimerView{},
		CreatedAt: t.CreatedAt.UTC(), ModifiedAt: t.ModifiedAt.UTC()}
}

func messageView(m *ent.TicketMessage) MessageView {
	return MessageView{ID: m.ID, TicketID: m.TicketID, Kind: string(m.Kind), AuthorSide: string(m.AuthorSide),
		AuthorUserID: m.AuthorUserID, Body: m.Body, KeysMasked: m.KeysMasked, CreatedAt: m.CreatedAt.UTC()}
}

// timerState names a timer's state at now.
func timerState(t *ent.TicketTimer, now time.Time) string {
	switch {
	case t.Met:
		return "met"
	case t.DueAt != nil && (t.StoppedAt != nil || !now.Before(*t.DueAt)):
		return "breached"
	case t.DueAt == nil && t.PausedSince != nil:
		if t.WarningAt != nil && !now.Before(*t.WarningAt) {
			return "warning"
		}
		return "paused"
	case t.WarningAt != nil && !now.Before(*t.WarningAt):
		return "warning"
	}
	return "running"
}

// views renders tickets with their timers and recorded instants, read with the caller's
// context (so a tenant sees only its own).
func (s *Service) views(ctx context.Context, db *ent.Client, tickets []*ent.Ticket) ([]TicketView, error) {
	out := make([]TicketView, len(tickets))
	if len(tickets) == 0 {
		return out, nil
	}
	ids := make([]string, len(tickets))
	index := map[string]int{}
	for i, t := range tickets {
		ids[i] = t.ID
		index[t.ID] = i
		out[i] = ticketView(t)
	}
	timers, err := db.TicketTimer.Query().Where(tickettimer.TicketIDIn(ids...)).
		Order(ent.Asc(tickettimer.FieldMetric), ent.Asc(tickettimer.FieldCycle)).All(ctx)
	if err != nil {
		return nil, err
	}
	records, err := db.TicketSLARecord.Query().Where(ticketslarecord.TicketIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	type key struct {
		ticket, metric, kind string
		cycle                int
	}
	recorded := map[key]time.Time{}
	for _, r := range records {
		recorded[key{r.TicketID, string(r.Metric), string(r.Kind), r.Cycle}] = r.RecordedAt.UTC()
	}
	at := func(k key) *time.Time {
		if t, ok := recorded[k]; ok {
			return &t
		}
		return nil
	}
	if err := s.whatsAppViews(ctx, tickets, out); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	for _, t := range timers {
		i := index[t.TicketID]
		out[i].Timers = append(out[i].Timers, TimerView{Metric: string(t.Metric), Cycle: t.Cycle, StartedAt: t.StartedAt.UTC(),
			TargetSeconds: t.TargetSeconds, Calendar: t.Calendar, Soft: t.Soft, DueAt: utcPtr(t.DueAt), WarningAt: utcPtr(t.WarningAt),
			PausedSince: utcPtr(t.PausedSince), StoppedAt: utcPtr(t.StoppedAt), Met: t.Met, State: timerState(t, now),
			WarningRecordedAt: at(key{t.TicketID, string(t.Metric), "warning", t.Cycle}),
			BreachRecordedAt:  at(key{t.TicketID, string(t.Metric), "breach", t.Cycle})})
	}
	return out, nil
}

// detail renders one ticket with its conversation. Internal notes are excluded for
// anyone but support staff by the message table's privacy policy itself.
func (s *Service) detail(ctx context.Context, db *ent.Client, t *ent.Ticket) (*TicketDetail, error) {
	vs, err := s.views(ctx, db, []*ent.Ticket{t})
	if err != nil {
		return nil, err
	}
	msgs, err := db.TicketMessage.Query().Where(ticketmessage.TicketID(t.ID)).
		Order(ent.Asc(ticketmessage.FieldCreatedAt), ent.Asc(ticketmessage.FieldSeq), ent.Asc(ticketmessage.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	d := &TicketDetail{TicketView: vs[0], Messages: make([]MessageView, len(msgs))}
	for i, m := range msgs {
		d.Messages[i] = messageView(m)
	}
	if err := s.deliveries(ctx, t, msgs, d.Messages); err != nil {
		return nil, err
	}
	return d, nil
}
