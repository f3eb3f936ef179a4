package support

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Transitions is the ticket status table: from each status, the statuses it may become.
// resolved → open is a reopen (a new resolution cycle); closed is final.
var Transitions = map[string][]string{
	"new":                 {"open", "waiting_on_customer", "waiting_on_meta", "resolved"},
	"open":                {"waiting_on_customer", "waiting_on_meta", "resolved"},
	"waiting_on_customer": {"open", "waiting_on_meta", "resolved"},
	"waiting_on_meta":     {"open", "waiting_on_customer", "resolved"},
	"resolved":            {"open", "closed"},
	"closed":              {},
}

// stateConflict is the 409 for a transition the table does not allow, naming the state.
//
// Errors: ticket_state.
func stateConflict(from, to string) error {
	next := Transitions[from]
	allowed := "none: it is final"
	if len(next) > 0 {
		allowed = strings.Join(next, ", ")
	}
	return ErrTicketState.Newf("The ticket is %s and cannot become %s (from %s it may become: %s).", from, to, from, allowed)
}

// Result is the answer to an action on a ticket.
type Result struct {
	Ticket     TicketDetail `json:"ticket"`
	KeysMasked int          `json:"keys_masked"`
	Notice     string       `json:"notice,omitempty"`
}

// act runs fn on the ticket id in a transaction, with the ticket as the viewer may see it
// (another tenant's ticket is a 404), and answers with the ticket afterwards.
//
// Errors: not_found.
func (s *Service) act(ctx context.Context, id string, masked int, fn func(db *ent.Client, t *ent.Ticket, now time.Time) error) (*Result, error) {
	return s.actThen(ctx, id, masked, fn, nil)
}

// actThen is act with then run after the transaction committed, before the answer is read
// (a reply is sent on WhatsApp only once it is stored).
//
// Errors: not_found.
func (s *Service) actThen(ctx context.Context, id string, masked int, fn func(db *ent.Client, t *ent.Ticket, now time.Time) error, then func()) (*Result, error) {
	now := s.now()
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		t, err := db.Ticket.Get(ctx, id)
		if err != nil {
			return err
		}
		return fn(db, t, now)
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	if then != nil {
		then()
	}
	d, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return &Result{Ticket: *d, KeysMasked: masked, Notice: maskNotice(masked)}, nil
}

// transition moves t to status to by a conditional update (a concurrent change makes it
// a 409, never a lost update), records it in the history and recomputes the timers.
//
// Errors: ticket_state.
func (s *Service) transition(ctx context.Context, db *ent.Client, t *ent.Ticket, to string, now time.Time, reason string) (*ent.Ticket, error) {
	from := string(t.Status)
	if !slices.Contains(Transitions[from], to) {
		return nil, stateConflict(from, to)
	}
	u := db.Ticket.Update().Where(ticket.ID(t.ID), ticket.StatusEQ(t.Status)).SetStatus(ticket.Status(to)).SetModifiedAt(now)
	switch {
	case to == "resolved":
		u.SetResolvedAt(now)
	case to == "closed":
		u.SetClosedAt(now)
	case from == "resolved": // reopen
		u.AddCycle(1).ClearResolvedAt()
	}
	n, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		cur, err := db.Ticket.Get(ctx, t.ID)
		if err != nil {
			return nil, err
		}
		return nil, stateConflict(string(cur.Status), to)
	}
	if err := s.change(ctx, db, t, now, ticketChange{field: "status", from: from, to: to, reason: reason}); err != nil {
		return nil, err
	}
	t, err = db.Ticket.Get(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	if err := s.recompute(ctx, db, t); err != nil {
		return nil, err
	}
	return t, audit.Record(ctx, db, audit.Entry{Action: "ticket.status_changed", ObjectType: "ticket", ObjectID: t.ID,
		PartnerID: &t.PartnerID, ClientID: t.ClientID, At: now, Details: map[string]any{"from": from, "to": to, "reason": reason}})
}

// checkText checks a message body.
//
// Errors: validation_failed.
func checkText(field, body string, required bool) error {
	body = strings.TrimSpace(body)
	switch {
	case body == "" && required:
		return apperr.Validation(field + ": is required")
	case utf8.RuneCountInString(body) > maxBody:
		return apperr.Validation(fmt.Sprintf("%s: must be at most %d characters", field, maxBody))
	}
	return nil
}

// ReplyRequest is a public reply.
type ReplyRequest struct {
	Body string `json:"body"`
	// WhatsAppTemplate sends support's reply on a ticket from the support desk's WhatsApp
	// number as this approved template (needed once the user's 24-hour window has closed);
	// body stays empty: the reply is the template's text.
	WhatsAppTemplate *WhatsAppTemplateRequest `json:"whatsapp_template"`
}

// Reply adds a public reply. A requester's reply to a ticket waiting on them puts it back
// to open (the resolution timer runs again); a resolved or closed ticket must be reopened
// first. Support's first public reply is the first response (it stops that timer; strictly
// before the due instant meets it) and moves a new ticket to open. On a ticket from the
// support desk's WhatsApp number support's reply is also sent to the user on WhatsApp once
// stored: free-form while their window is open (else 422 whatsapp_window_closed), or as
// the whatsapp_template given; a refused send keeps the reply (its delivery: not_sent).
//
// Errors: validation_failed, not_found, ticket_state, whatsapp_window_closed.
func (s *Service) Reply(ctx context.Context, id string, r ReplyRequest) (*Result, error) {
	v := tenancy.FromContext(ctx)
	if r.WhatsAppTemplate == nil {
		if err := checkText("body", r.Body, true); err != nil {
			return nil, err
		}
	} else if !IsStaff(v) {
		return nil, apperr.Validation("whatsapp_template: support sends templates; reply with a body")
	}
	body, masked := keyformat.Redact(strings.TrimSpace(r.Body))
	var wa *whatsAppReply
	if IsStaff(v) {
		var err error
		if wa, err = s.planWhatsApp(ctx, id, "body", body, r.WhatsAppTemplate); err != nil {
			return nil, err
		}
		if wa != nil {
			body = wa.body
		}
	}
	var replyID string
	return s.actThen(ctx, id, masked, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		status := string(t.Status)
		if IsStaff(v) {
			if status == "closed" {
				return ErrTicketState.New("The ticket is closed; it takes no more replies.")
			}
			m, err := s.addMessage(ctx, db, t, "public_reply", "agent", &v.UserID, body, masked, now)
			if err != nil {
				return err
			}
			replyID = m.ID
			t, err = s.markFirstResponse(ctx, db, t, now)
			if err != nil {
				return err
			}
			if status == "new" {
				if t, err = s.transition(ctx, db, t, "open", now, "support replied"); err != nil {
					return err
				}
			} else if err = s.recompute(ctx, db, t); err != nil {
				return err
			}
			if err := db.Ticket.UpdateOne(t).SetModifiedAt(now).Exec(ctx); err != nil {
				return err
			}
			return s.emit(ctx, db, events.TicketReplied, t, now, nil)
		}
		if finished(status) {
			return ErrTicketState.Newf("The ticket is %s: reopen it to continue the conversation.", status)
		}
		return s.requesterReply(ctx, db, t, v.UserID, body, masked, now)
	}, func() { s.sendWhatsApp(ctx, id, replyID, wa) })
}

// markFirstResponse records support's first public reply at now unless one is recorded
// already (a conditional update: of two agents answering at once, the earlier commit
// wins), and returns the ticket as it now is.
func (s *Service) markFirstResponse(ctx context.Context, db *ent.Client, t *ent.Ticket, now time.Time) (*ent.Ticket, error) {
	if t.FirstResponseAt != nil {
		return t, nil
	}
	if err := db.Ticket.Update().Where(ticket.ID(t.ID), ticket.FirstResponseAtIsNil()).SetFirstResponseAt(now).Exec(ctx); err != nil {
		return nil, err
	}
	return db.Ticket.Get(ctx, t.ID)
}

// Note adds an internal note, seen by support staff only. Support staff only.
//
// Errors: forbidden, validation_failed, not_found.
func (s *Service) Note(ctx context.Context, id string, r ReplyRequest) (*Result, error) {
	v := tenancy.FromContext(ctx)
	if !IsStaff(v) {
		return nil, apperr.ErrForbidden.New("Internal notes are for support staff.")
	}
	if err := checkText("body", r.Body, true); err != nil {
		return nil, err
	}
	if r.WhatsAppTemplate != nil {
		return nil, apperr.Validation("whatsapp_template: internal notes are not sent to anyone")
	}
	body, masked := keyformat.Redact(strings.TrimSpace(r.Body))
	return s.act(ctx, id, masked, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		if _, err := s.addMessage(ctx, db, t, "internal_note", "agent", &v.UserID, body, masked, now); err != nil {
			return err
		}
		// Audited for operators only: a note's existence is not the tenant's business.
		return audit.Record(ctx, db, audit.Entry{Action: "ticket.note_added", ObjectType: "ticket", ObjectID: t.ID, At: now})
	})
}

// EscalateRequest escalates a ticket.
type EscalateRequest struct {
	Reason string `json:"reason"`
}

// escalationTiers are the partner tiers with a growth manager.
var escalationTiers = []string{"silver", "gold", "platinum"}

// Escalate flags an unfinished ticket for the support managers, with the requester's
// reason. Only requesters may, and only when the client has a designated point of contact
// or the partner's tier is silver, gold or platinum. Escalated tickets head the queue.
//
// Errors: forbidden, validation_failed, not_found, ticket_state, already_escalated,
// escalation_not_available.
func (s *Service) Escalate(ctx context.Context, id string, r EscalateRequest) (*Result, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || IsStaff(v) || v.IsSystem() {
		return nil, apperr.ErrForbidden.New("Requesters escalate their tickets; support staff see escalations in the queue.")
	}
	if err := checkText("reason", r.Reason, true); err != nil {
		return nil, err
	}
	reason, masked := keyformat.Redact(strings.TrimSpace(r.Reason))
	if utf8.RuneCountInString(reason) > 2000 {
		return nil, apperr.Validation("reason: must be at most 2000 characters")
	}
	return s.act(ctx, id, masked, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		if finished(string(t.Status)) {
			return ErrTicketState.Newf("The ticket is %s: only an unfinished ticket can be escalated (reopen it first).", t.Status)
		}
		if t.Escalated {
			return ErrAlreadyEscalated.New("The ticket is already escalated.")
		}
		// The requester reads its own partner's tier and its client's point of contact (a
		// client user reads its partner; partner staff read their clients).
		p, err := db.Partner.Query().Where(partner.ID(t.PartnerID)).Only(ctx)
		if err != nil {
			return err
		}
		eligible := slices.Contains(escalationTiers, string(p.PartnerTier))
		hasPOC := false
		if t.ClientID != nil {
			c, err := db.ClientAccount.Get(ctx, *t.ClientID)
			if err != nil {
				return err
			}
			hasPOC = c.PointOfContact != nil && (strings.TrimSpace(c.PointOfContact.Name) != "" || strings.TrimSpace(c.PointOfContact.Email) != "")
		}
		if !eligible && !hasPOC {
			why := "the partner's tier is " + string(p.PartnerTier)
			if t.ClientID != nil {
				why = "the client has no designated point of contact and " + why
			}
			return ErrEscalationNotAvailable.New(
				"Escalation is available to clients with a designated point of contact and to partners in the Silver, Gold and Platinum tiers; " + why + ". Support answers this ticket within its SLA.")
		}
		n, err := db.Ticket.Update().Where(ticket.ID(t.ID), ticket.Escalated(false)).
			SetEscalated(true).SetEscalationReason(reason).SetEscalatedAt(now).SetModifiedAt(now).Save(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrAlreadyEscalated.New("The ticket is already escalated.")
		}
		if err := s.change(ctx, db, t, now, ticketChange{field: "escalated", from: "false", to: "true", reason: reason}); err != nil {
			return err
		}
		// The support managers' notice, in the ticket (staff only) and as the event.
		if _, err := s.addMessage(ctx, db, t, "internal_note", "system", nil, "Escalated by the requester — for the support managers. Reason: "+reason, 0, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, db, audit.Entry{Action: "ticket.escalated", ObjectType: "ticket", ObjectID: t.ID,
			PartnerID: &t.PartnerID, ClientID: t.ClientID, At: now, Details: map[string]any{"reason": reason}}); err != nil {
			return err
		}
		s.log.Info("ticket escalated", "ticket", t.ID, "partner", t.PartnerID)
		t.Escalated, t.EscalationReason = true, reason
		return s.emit(ctx, db, events.TicketEscalated, t, now, map[string]any{"reason": reason})
	})
}

// ReasonRequest carries an optional reason or message.
type ReasonRequest struct {
	Reason string `json:"reason"`
}

// Reopen reopens a resolved ticket: it becomes open and a new resolution cycle starts.
// The requester's reason, if any, is added as their public reply. Closed tickets are
// final: open a new one. Support's reason on a ticket from the support desk's WhatsApp
// number is also sent to the user, as a reply is (whatsapp_window_closed once their
// window has closed).
//
// Errors: validation_failed, not_found, ticket_state, whatsapp_window_closed.
func (s *Service) Reopen(ctx context.Context, id string, r ReasonRequest) (*Result, error) {
	if err := checkText("reason", r.Reason, false); err != nil {
		return nil, err
	}
	v := tenancy.FromContext(ctx)
	reason, masked := keyformat.Redact(strings.TrimSpace(r.Reason))
	var wa *whatsAppReply
	if reason != "" && IsStaff(v) {
		var err error
		if wa, err = s.planWhatsApp(ctx, id, "reason", reason, nil); err != nil {
			return nil, err
		}
	}
	var replyID string
	return s.actThen(ctx, id, masked, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		if t.Status != ticket.StatusResolved {
			return stateConflict(string(t.Status), "open")
		}
		t, err := s.transition(ctx, db, t, "open", now, "reopened")
		if err != nil {
			return err
		}
		if reason != "" {
			side := "requester"
			if IsStaff(v) {
				side = "agent"
			}
			m, err := s.addMessage(ctx, db, t, "public_reply", side, &v.UserID, reason, masked, now)
			if err != nil {
				return err
			}
			replyID = m.ID
		}
		return s.emit(ctx, db, events.TicketReopened, t, now, map[string]any{"cycle": t.Cycle})
	}, func() { s.sendWhatsApp(ctx, id, replyID, wa) })
}

// Close closes a resolved ticket (requester or support); closed is final.
//
// Errors: not_found, ticket_state.
func (s *Service) Close(ctx context.Context, id string) (*Result, error) {
	return s.act(ctx, id, 0, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		_, err := s.transition(ctx, db, t, "closed", now, "")
		return err
	})
}

// ResolveRequest resolves a ticket, optionally with a final public reply.
type ResolveRequest struct {
	Message string `json:"message"`
}

// Resolve resolves a ticket (support staff): the resolution timer of the current cycle
// stops. A message is sent as a public reply first (and counts as the first response if
// none was given); on a ticket from the support desk's WhatsApp number it is also sent to
// the user, as a reply is (whatsapp_window_closed once their window has closed: reply
// with a template first).
//
// Errors: forbidden, validation_failed, not_found, ticket_state, whatsapp_window_closed.
func (s *Service) Resolve(ctx context.Context, id string, r ResolveRequest) (*Result, error) {
	v := tenancy.FromContext(ctx)
	if !IsStaff(v) {
		return nil, apperr.ErrForbidden.New("Support staff resolve tickets.")
	}
	if err := checkText("message", r.Message, false); err != nil {
		return nil, err
	}
	msg, masked := keyformat.Redact(strings.TrimSpace(r.Message))
	var wa *whatsAppReply
	if msg != "" {
		var err error
		if wa, err = s.planWhatsApp(ctx, id, "message", msg, nil); err != nil {
			return nil, err
		}
	}
	var replyID string
	return s.actThen(ctx, id, masked, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		if !slices.Contains(Transitions[string(t.Status)], "resolved") {
			return stateConflict(string(t.Status), "resolved")
		}
		if msg != "" {
			m, err := s.addMessage(ctx, db, t, "public_reply", "agent", &v.UserID, msg, masked, now)
			if err != nil {
				return err
			}
			replyID = m.ID
			if t, err = s.markFirstResponse(ctx, db, t, now); err != nil {
				return err
			}
		}
		t, err := s.transition(ctx, db, t, "resolved", now, "")
		if err != nil {
			return err
		}
		return s.emit(ctx, db, events.TicketResolved, t, now, nil)
	}, func() { s.sendWhatsApp(ctx, id, replyID, wa) })
}

// StatusRequest sets a ticket's working status.
type StatusRequest struct {
	Status string `json:"status" enums:"open,waiting_on_customer,waiting_on_meta"`
	Reason string `json:"reason"`
}

// SetWorkingStatus moves a ticket between open and the waiting states (support staff).
// While it waits on the customer or on Meta its resolution timer stands still. (Resolve,
// Reopen and Close make the other transitions.)
//
// Errors: forbidden, validation_failed, not_found, ticket_state.
func (s *Service) SetWorkingStatus(ctx context.Context, id string, r StatusRequest) (*Result, error) {
	if !IsStaff(tenancy.FromContext(ctx)) {
		return nil, apperr.ErrForbidden.New("Support staff set a ticket's status.")
	}
	if !slices.Contains([]string{"open", "waiting_on_customer", "waiting_on_meta"}, r.Status) {
		return nil, apperr.Validation("status: must be open, waiting_on_customer or waiting_on_meta (resolve, reopen and close have their own actions)")
	}
	if utf8.RuneCountInString(r.Reason) > 2000 {
		return nil, apperr.Validation("reason: must be at most 2000 characters")
	}
	return s.act(ctx, id, 0, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		if t.Status == ticket.StatusResolved && r.Status == "open" {
			return ErrTicketState.New("The ticket is resolved: reopen it instead.")
		}
		_, err := s.transition(ctx, db, t, r.Status, now, r.Reason)
		return err
	})
}

// ReclassifyRequest changes a ticket's topic and/or severity, with a reason.
type ReclassifyRequest struct {
	Topic    string `json:"topic" example:"number_migration"`
	Severity string `json:"severity" enums:"critical,urgent,standard"`
	Reason   string `json:"reason"`
}

// Reclassify changes topic and/or severity (support staff, audited). A severity change
// recomputes every timer from the ticket's start: a due instant already past is a breach
// at that instant; breaches already recorded stay recorded.
//
// Errors: forbidden, validation_failed, not_found, ticket_state, nothing_to_change.
func (s *Service) Reclassify(ctx context.Context, id string, r ReclassifyRequest) (*Result, error) {
	if !IsStaff(tenancy.FromContext(ctx)) {
		return nil, apperr.ErrForbidden.New("Support staff reclassify tickets.")
	}
	var problems []string
	if r.Topic == "" && r.Severity == "" {
		problems = append(problems, "topic: give a topic or a severity to change")
	}
	if _, ok := TopicOf(r.Topic); r.Topic != "" && !ok {
		problems = append(problems, "topic: must be one of "+TopicKeys)
	}
	if r.Severity != "" && !slices.Contains(Severities, r.Severity) {
		problems = append(problems, "severity: must be critical, urgent or standard")
	}
	if strings.TrimSpace(r.Reason) == "" {
		problems = append(problems, "reason: is required (reclassification is audited)")
	} else if utf8.RuneCountInString(r.Reason) > 2000 {
		problems = append(problems, "reason: must be at most 2000 characters")
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	return s.act(ctx, id, 0, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		if t.Status == ticket.StatusClosed {
			return ErrTicketState.New("The ticket is closed; it cannot be reclassified.")
		}
		details := map[string]any{"reason": r.Reason}
		u := db.Ticket.UpdateOne(t).SetModifiedAt(now)
		changed := false
		if r.Topic != "" && r.Topic != t.Topic {
			details["topic"] = map[string]string{"from": t.Topic, "to": r.Topic}
			if err := s.change(ctx, db, t, now, ticketChange{field: "topic", from: t.Topic, to: r.Topic, reason: r.Reason}); err != nil {
				return err
			}
			u.SetTopic(r.Topic)
			changed = true
		}
		if r.Severity != "" && r.Severity != string(t.Severity) {
			details["severity"] = map[string]string{"from": string(t.Severity), "to": r.Severity}
			if err := s.change(ctx, db, t, now, ticketChange{field: "severity", from: string(t.Severity), to: r.Severity, reason: r.Reason}); err != nil {
				return err
			}
			u.SetSeverity(ticket.Severity(r.Severity))
			changed = true
		}
		if !changed {
			return ErrNothingToChange.New("The ticket already has this topic and severity.")
		}
		t, err := u.Save(ctx)
		if err != nil {
			return err
		}
		if err := s.recompute(ctx, db, t); err != nil {
			return err
		}
		return audit.Record(ctx, db, audit.Entry{Action: "ticket.reclassified", ObjectType: "ticket", ObjectID: t.ID,
			PartnerID: &t.PartnerID, ClientID: t.ClientID, At: now, Details: details})
	})
}

// AssignRequest assigns a ticket; an empty assignee_id lets language routing choose.
type AssignRequest struct {
	AssigneeID string `json:"assignee_id"`
}

// Assign gives a ticket to a support agent or platform admin (support staff). Without an
// assignee, routing picks an agent speaking the ticket's language, else an English
// speaker (language_fallback).
//
// Errors: forbidden, validation_failed, not_found, ticket_state, no_agents.
func (s *Service) Assign(ctx context.Context, id string, r AssignRequest) (*Result, error) {
	if !IsStaff(tenancy.FromContext(ctx)) {
		return nil, apperr.ErrForbidden.New("Support staff assign tickets.")
	}
	return s.act(ctx, id, 0, func(db *ent.Client, t *ent.Ticket, now time.Time) error {
		if t.Status == ticket.StatusClosed {
			return ErrTicketState.New("The ticket is closed; it cannot be assigned.")
		}
		var agent *ent.User
		var fallback bool
		var err error
		if r.AssigneeID == "" {
			if agent, fallback, err = s.route(ctx, db, t.Language); err != nil {
				return err
			}
			if agent == nil {
				return ErrNoAgents.New("There is no active support agent to assign.")
			}
		} else {
			if agent, err = staffUser(ctx, db, r.AssigneeID); err != nil {
				return err
			}
			fallback = !speaks(agent, t.Language)
		}
		from := ""
		if t.AssigneeID != nil {
			from = *t.AssigneeID
		}
		if err := db.Ticket.UpdateOne(t).SetAssigneeID(agent.ID).SetLanguageFallback(fallback).SetModifiedAt(now).Exec(ctx); err != nil {
			return err
		}
		if err := s.change(ctx, db, t, now, ticketChange{field: "assignee", from: from, to: agent.ID}); err != nil {
			return err
		}
		return audit.Record(ctx, db, audit.Entry{Action: "ticket.assigned", ObjectType: "ticket", ObjectID: t.ID,
			PartnerID: &t.PartnerID, ClientID: t.ClientID, At: now, Details: map[string]any{"from": from, "to": agent.ID, "language_fallback": fallback}})
	})
}
