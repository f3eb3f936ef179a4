package support

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// OpenRequest opens a ticket. Requesters (partner staff, client users) open hub-chat
// tickets; support staff enter email and WhatsApp tickets on a requester's behalf with the
// time the message was received.
type OpenRequest struct {
	Topic       string            `json:"topic" example:"number_registration"`
	Subject     string            `json:"subject" example:"Registration fails with error 2388091"`
	Description string            `json:"description"`
	ChannelID   *string           `json:"channel_id" example:"a1B2c3D4e5CH"`
	Language    string            `json:"language" example:"de"`
	Details     map[string]string `json:"details"`
	// ConfirmNew opens a new ticket even though the requester has an open one on the same
	// topic and number (otherwise 409 duplicate_open_ticket offers that one).
	ConfirmNew bool `json:"confirm_new"`
	// Support staff only:
	Source          string     `json:"source" enums:"email,whatsapp"`
	ReceivedAt      *time.Time `json:"received_at" example:"2026-11-20T08:15:00Z"`
	RequesterUserID string     `json:"requester_user_id"`
	Severity        string     `json:"severity" enums:"critical,urgent,standard"`
}

// Opened is the answer to opening a ticket.
type Opened struct {
	Ticket TicketDetail `json:"ticket"`
	// KeysMasked counts API keys found in the text and masked before storage; Notice
	// tells the requester in words.
	KeysMasked int    `json:"keys_masked"`
	Notice     string `json:"notice,omitempty"`
}

// Open opens a ticket (see OpenRequest): it checks the request, finds whose ticket it is
// and under which contract, offers the requester's open ticket on the same topic and
// number instead unless ConfirmNew, and creates the ticket with its routing, history,
// suggestions, timers, audit row and event in one transaction. API keys in the text are
// masked before anything is stored.
//
// Errors: forbidden, validation_failed, duplicate_open_ticket.
func (s *Service) Open(ctx context.Context, r OpenRequest) (*Opened, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.IsSystem() || !v.Role.Valid() {
		return nil, apperr.ErrForbidden.New("Sign in as a requester or as support staff to open tickets.")
	}
	staff := IsStaff(v)
	now := s.now()
	in, err := validateOpen(r, staff, now)
	if err != nil {
		return nil, err
	}
	who, err := s.resolveRequester(ctx, v, in)
	if err != nil {
		return nil, err
	}
	nt := newTicket(in, who, staff, v, now)
	var created *ent.Ticket
	err = storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		if nt.source == "hub_chat" && !in.ConfirmNew {
			existing, err := findDuplicate(ctx, db, nt)
			if err != nil {
				return err
			}
			if existing != nil {
				return duplicateOpen(existing, nt)
			}
		}
		var err error
		created, err = s.create(ctx, db, nt, now)
		return err
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	d, err := s.Get(ctx, created.ID)
	if err != nil {
		return nil, err
	}
	return &Opened{Ticket: *d, KeysMasked: nt.masked, Notice: maskNotice(nt.masked)}, nil
}

// openInput is an OpenRequest that passed validateOpen: trimmed, with the topic looked
// up, the language normalised, empty details dropped and the source decided.
type openInput struct {
	OpenRequest
	topic    Topic
	language string
	details  map[string]string
}

// validateOpen checks r for a requester (staff false) or for support staff entering a
// ticket at now, listing every problem at once: the text's limits, the topic's minimum
// information for hub-chat tickets, and who may set source, received_at, requester and
// severity.
//
// Errors: validation_failed.
func validateOpen(r OpenRequest, staff bool, now time.Time) (openInput, error) {
	var problems []string
	topic, ok := TopicOf(r.Topic)
	if !ok {
		problems = append(problems, "topic: must be one of "+TopicKeys)
	}
	r.Subject = strings.TrimSpace(r.Subject)
	r.Description = strings.TrimSpace(r.Description)
	switch {
	case r.Subject == "":
		problems = append(problems, "subject: is required")
	case utf8.RuneCountInString(r.Subject) > maxSubject:
		problems = append(problems, fmt.Sprintf("subject: must be at most %d characters", maxSubject))
	}
	if utf8.RuneCountInString(r.Description) > maxBody {
		problems = append(problems, fmt.Sprintf("description: must be at most %d characters", maxBody))
	}
	language := Fallback
	if r.Language != "" {
		if language = NormaliseLanguage(r.Language); language == "" {
			problems = append(problems, "language: must be one of "+strings.Join(Languages, ", "))
		}
	}
	details := map[string]string{}
	if len(r.Details) > maxDetails {
		problems = append(problems, fmt.Sprintf("details: at most %d entries", maxDetails))
	}
	for k, val := range r.Details {
		val = strings.TrimSpace(val)
		switch {
		case k == "" || len(k) > 64:
			problems = append(problems, "details: keys must be 1 to 64 characters")
		case utf8.RuneCountInString(val) > maxDetailValue:
			problems = append(problems, fmt.Sprintf("details.%s: must be at most %d characters", k, maxDetailValue))
		case val != "":
			details[k] = val
		}
	}
	if r.ChannelID != nil && strings.TrimSpace(*r.ChannelID) == "" {
		r.ChannelID = nil
	}
	if staff {
		if r.Source != "email" && r.Source != "whatsapp" {
			problems = append(problems, "source: support staff enter email and whatsapp tickets; hub_chat tickets are opened by requesters")
		}
		switch {
		case r.ReceivedAt == nil:
			problems = append(problems, "received_at: is required (when the email or WhatsApp message arrived)")
		case r.ReceivedAt.After(now.Add(time.Minute)):
			problems = append(problems, "received_at: must not be in the future")
		case r.ReceivedAt.Before(now.Add(-maxReceivedAge)):
			problems = append(problems, "received_at: must be within the last 90 days")
		}
		if r.RequesterUserID == "" {
			problems = append(problems, "requester_user_id: is required (the partner or client user who wrote)")
		}
		if r.Severity != "" && !slices.Contains(Severities, r.Severity) {
			problems = append(problems, "severity: must be critical, urgent or standard")
		}
	} else {
		if r.Source != "" && r.Source != "hub_chat" {
			problems = append(problems, "source: requesters open hub_chat tickets; email and WhatsApp tickets are entered by support staff")
		}
		r.Source = "hub_chat"
		if r.Severity != "" {
			problems = append(problems, "severity: follows the topic; support staff may reclassify the ticket")
		}
	}
	if ok && r.Source == "hub_chat" {
		// The topic's minimum information: every missing item is listed.
		if utf8.RuneCountInString(r.Description) < minDescription {
			problems = append(problems, fmt.Sprintf("description: describe the issue in at least %d characters", minDescription))
		}
		for _, item := range topic.Required {
			if item.Key == "channel_id" {
				if r.ChannelID == nil {
					problems = append(problems, fmt.Sprintf("channel_id: %s is required for %s", strings.ToLower(item.Label), topic.Name))
				}
				continue
			}
			if details[item.Key] == "" {
				problems = append(problems, fmt.Sprintf("details.%s: %s is required for %s", item.Key, item.Label, topic.Name))
			}
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return openInput{}, apperr.Validation(problems...)
	}
	return openInput{OpenRequest: r, topic: topic, language: language, details: details}, nil
}

// requester is whose ticket it is and the contract it opens under.
type requester struct {
	id, kind, partnerID string
	clientID            *string
	// plan is the client's or partner's plan; pkg the support package it gives.
	plan, pkg string
}

// resolveRequester finds whose ticket in is: the viewer's own, or — for support staff —
// the partner or client user named by requester_user_id; reads the plan of the
// requester's client (or partner) for the contract; and checks that the affected number,
// if any, is the requester's. The viewer reads all of it itself: support staff read any
// tenant, a requester their own user, client or partner and numbers.
//
// Errors: validation_failed.
func (s *Service) resolveRequester(ctx context.Context, v *tenancy.Viewer, in openInput) (requester, error) {
	who := requester{id: v.UserID, partnerID: v.PartnerID}
	if IsStaff(v) {
		u, err := s.db.User.Get(ctx, in.RequesterUserID)
		if ent.IsNotFound(err) || (err == nil && u.PartnerID == nil) {
			return requester{}, apperr.Validation("requester_user_id: must be a partner or client user")
		}
		if err != nil {
			return requester{}, apperr.From(err)
		}
		who.id, who.partnerID, who.clientID = u.ID, *u.PartnerID, u.ClientID
	} else if v.Role.IsClient() {
		cid := v.ClientID
		who.clientID = &cid
	}
	who.kind = "partner"
	if who.clientID != nil {
		who.kind = "client"
	}
	if who.clientID != nil {
		c, err := s.db.ClientAccount.Get(ctx, *who.clientID)
		if err != nil {
			return requester{}, apperr.From(err)
		}
		who.plan = string(c.Plan)
	} else {
		p, err := s.db.Partner.Get(ctx, who.partnerID)
		if err != nil {
			return requester{}, apperr.From(err)
		}
		who.plan = string(p.PartnerPlan)
	}
	who.pkg = sla.PackageOf(who.plan)
	if in.ChannelID != nil {
		q := s.db.Channel.Query().Where(channel.ID(*in.ChannelID), channel.PartnerID(who.partnerID))
		if who.clientID != nil {
			q.Where(channel.ClientID(*who.clientID))
		}
		if n, err := q.Count(ctx); err != nil {
			return requester{}, apperr.From(err)
		} else if n == 0 {
			return requester{}, apperr.Validation("channel_id: no number with this id belongs to the requester")
		}
	}
	return who, nil
}

// openTicket is a ticket ready to be stored: the checked request with API keys masked,
// its requester, severity and opening instant.
type openTicket struct {
	requester
	topic                      Topic
	source, language, severity string
	subject, description       string
	details                    map[string]string
	channelID                  *string
	openedAt                   time.Time
	enteredBy                  *string
	masked                     int
	// whatsAppWAID is the WhatsApp user a ticket from the support number came from.
	whatsAppWAID *string
}

// newTicket assembles the ticket that in opens for who at now: API keys in its text masked,
// severity from the topic under the requester's package (or the staff's choice), and for
// an entered ticket the instant the message was received and who entered it.
func newTicket(in openInput, who requester, staff bool, v *tenancy.Viewer, now time.Time) openTicket {
	t := openTicket{requester: who, topic: in.topic, source: in.Source, language: in.language, details: in.details,
		channelID: in.ChannelID, openedAt: now}
	mask := func(text string) string {
		out, n := keyformat.Redact(text)
		t.masked += n
		return out
	}
	t.subject, t.description = mask(in.Subject), mask(in.Description)
	for k, val := range t.details {
		t.details[k] = mask(val)
	}
	t.severity = in.topic.SeverityFor(who.pkg)
	if staff && in.Severity != "" {
		t.severity = in.Severity
	}
	if staff {
		t.openedAt = in.ReceivedAt.UTC().Truncate(time.Second)
		t.enteredBy = &v.UserID
	}
	return t
}

// findDuplicate returns the requester's newest unfinished ticket on t's topic and number
// (or without a number, when t has none), read with db (the opening transaction), or nil.
func findDuplicate(ctx context.Context, db *ent.Client, t openTicket) (*ent.Ticket, error) {
	q := db.Ticket.Query().Where(ticket.RequesterUserID(t.id), ticket.Topic(t.topic.Key),
		ticket.StatusNotIn(ticket.StatusResolved, ticket.StatusClosed))
	if t.channelID != nil {
		q.Where(ticket.ChannelID(*t.channelID))
	} else {
		q.Where(ticket.ChannelIDIsNil())
	}
	existing, err := q.Order(ent.Desc(ticket.FieldCreatedAt)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return existing, err
}

// duplicateOpen is the 409 that offers the requester's open ticket existing instead of
// opening t, naming it in the details.
//
// Errors: duplicate_open_ticket.
func duplicateOpen(existing *ent.Ticket, t openTicket) error {
	what := "on this topic"
	if t.channelID != nil {
		what += " for this number"
	}
	e := ErrDuplicateOpenTicket.Newf("You already have an open ticket %s (%s): continue there, or send again with \"confirm_new\": true to open another.", what, existing.ID)
	e.Details = []string{"ticket_id: " + existing.ID}
	return e
}

// create stores t with db (the opening transaction) under the live policy version,
// assigned to the agent language routing picks, and writes what follows from it: the
// first history entries (status new, the routing), the knowledge-base suggestions, the
// timers, the audit row and the ticket.created event.
func (s *Service) create(ctx context.Context, db *ent.Client, t openTicket, now time.Time) (*ent.Ticket, error) {
	version, _, err := s.policies.current(ctx, db)
	if err != nil {
		return nil, err
	}
	agent, fallback, err := s.route(ctx, db, t.language)
	if err != nil {
		return nil, err
	}
	c := db.Ticket.Create().SetRequesterUserID(t.id).SetRequesterKind(ticket.RequesterKind(t.kind)).
		SetPartnerID(t.partnerID).SetNillableClientID(t.clientID).SetNillableChannelID(t.channelID).
		SetSource(ticket.Source(t.source)).SetTopic(t.topic.Key).SetSeverity(ticket.Severity(t.severity)).SetLanguage(t.language).
		SetSubject(t.subject).SetDescription(t.description).SetDetails(t.details).SetPlan(t.plan).SetSupportPackage(t.pkg).
		SetPolicyVersion(version).SetOpenedAt(t.openedAt).SetNillableEnteredBy(t.enteredBy).SetLanguageFallback(fallback).
		SetNillableWhatsappWaID(t.whatsAppWAID).SetCreatedAt(now).SetModifiedAt(now)
	if agent != nil {
		c.SetAssigneeID(agent.ID)
	}
	created, err := c.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.change(ctx, db, created, t.openedAt, ticketChange{field: "status", to: "new"}); err != nil {
		return nil, err
	}
	if agent != nil {
		reason := "routed by language " + t.language
		if fallback {
			reason = "nobody speaks " + t.language + ": routed to English"
		}
		if err := s.change(ctx, db, created, now, ticketChange{field: "assignee", to: agent.ID, reason: reason, system: true}); err != nil {
			return nil, err
		}
	}
	if err := s.suggestArticles(ctx, db, created, now); err != nil {
		return nil, err
	}
	if err := s.recompute(ctx, db, created); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, db, audit.Entry{Action: "ticket.created", ObjectType: "ticket", ObjectID: created.ID,
		PartnerID: &created.PartnerID, ClientID: created.ClientID, At: now,
		Details: map[string]any{"topic": t.topic.Key, "severity": t.severity, "source": t.source, "keys_masked": t.masked}}); err != nil {
		return nil, err
	}
	return created, s.emit(ctx, db, events.TicketCreated, created, now, nil)
}
