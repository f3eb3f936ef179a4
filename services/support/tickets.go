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
	"github.com/partnerhub/partnerhub/ent/kbarticle"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/ticketmessage"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/apikey"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/storage"
)

// Limits of ticket text.
const (
	maxSubject     = 200
	maxBody        = 10000
	maxDetails     = 30
	maxDetailValue = 2000
	minDescription = 20
	// maxReceivedAge bounds how far back an agent may date an email/WhatsApp ticket.
	maxReceivedAge = 90 * 24 * time.Hour
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

// now is the instant of a ticket event: whole seconds, like the due instants, so that
// "strictly before due" is decided exactly whatever the database's time precision.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Second) }

// maskNotice tells a requester that keys were masked.
func maskNotice(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "We masked an API key in your text before storing it. Never share full API keys: revoke that key and create a new one."
	}
	return fmt.Sprintf("We masked %d API keys in your text before storing it. Never share full API keys: revoke those keys and create new ones.", n)
}

func isStaff(v *viewer.Viewer) bool { return v != nil && v.Role.IsPlatform() }

// Open opens a ticket (see OpenRequest).
func (s *Service) Open(ctx context.Context, r OpenRequest) (*Opened, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() || !v.Role.Valid() {
		return nil, apperr.New(apperr.Forbidden, "forbidden", "Sign in as a requester or as support staff to open tickets.")
	}
	staff := isStaff(v)
	now := s.now()
	var problems []string
	topic, ok := TopicOf(r.Topic)
	if !ok {
		problems = append(problems, "topic: must be one of "+topicKeys)
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
	source := r.Source
	if staff {
		if source != "email" && source != "whatsapp" {
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
		if source != "" && source != "hub_chat" {
			problems = append(problems, "source: requesters open hub_chat tickets; email and WhatsApp tickets are entered by support staff")
		}
		source = "hub_chat"
		if r.Severity != "" {
			problems = append(problems, "severity: follows the topic; support staff may reclassify the ticket")
		}
	}
	if ok && source == "hub_chat" {
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
		return nil, apperr.Validation(problems...)
	}

	sys := viewer.SystemContext(ctx)
	// Who asks, and under which contract.
	requester := struct {
		id, kind, partnerID string
		clientID            *string
	}{id: v.UserID, partnerID: v.PartnerID}
	if staff {
		u, err := s.db.User.Get(sys, r.RequesterUserID)
		if ent.IsNotFound(err) || (err == nil && u.PartnerID == nil) {
			return nil, apperr.Validation("requester_user_id: must be a partner or client user")
		}
		if err != nil {
			return nil, apperr.From(err)
		}
		requester.id, requester.partnerID, requester.clientID = u.ID, *u.PartnerID, u.ClientID
	} else if v.Role.IsClient() {
		cid := v.ClientID
		requester.clientID = &cid
	}
	requester.kind = "partner"
	if requester.clientID != nil {
		requester.kind = "client"
	}
	var plan string
	if requester.clientID != nil {
		c, err := s.db.ClientAccount.Get(sys, *requester.clientID)
		if err != nil {
			return nil, apperr.From(err)
		}
		plan = string(c.Plan)
	} else {
		p, err := s.db.Partner.Get(sys, requester.partnerID)
		if err != nil {
			return nil, apperr.From(err)
		}
		plan = string(p.PartnerPlan)
	}
	pkg := packageOf(plan)
	if r.ChannelID != nil {
		q := s.db.Channel.Query().Where(channel.ID(*r.ChannelID), channel.PartnerID(requester.partnerID))
		if requester.clientID != nil {
			q.Where(channel.ClientID(*requester.clientID))
		}
		if n, err := q.Count(sys); err != nil {
			return nil, apperr.From(err)
		} else if n == 0 {
			return nil, apperr.Validation("channel_id: no number with this id belongs to the requester")
		}
	}

	// Mask API keys before anything is stored.
	masked := 0
	mask := func(text string) string {
		out, n := apikey.Redact(text)
		masked += n
		return out
	}
	subject, description := mask(r.Subject), mask(r.Description)
	for k, val := range details {
		details[k] = mask(val)
	}
	severity := topic.SeverityFor(pkg)
	if staff && r.Severity != "" {
		severity = r.Severity
	}
	openedAt := now
	var enteredBy *string
	if staff {
		openedAt = r.ReceivedAt.UTC().Truncate(time.Second)
		enteredBy = &v.UserID
	}

	var created *ent.Ticket
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		if source == "hub_chat" && !r.ConfirmNew {
			q := db.Ticket.Query().Where(ticket.RequesterUserID(requester.id), ticket.Topic(topic.Key),
				ticket.StatusNotIn(ticket.StatusResolved, ticket.StatusClosed))
			if r.ChannelID != nil {
				q.Where(ticket.ChannelID(*r.ChannelID))
			} else {
				q.Where(ticket.ChannelIDIsNil())
			}
			existing, err := q.Order(ent.Desc(ticket.FieldCreatedAt)).First(ctx)
			if err == nil {
				what := "on this topic"
				if r.ChannelID != nil {
					what += " for this number"
				}
				e := apperr.Newf(apperr.Conflict, "duplicate_open_ticket",
					"You already have an open ticket %s (%s): continue there, or send again with \"confirm_new\": true to open another.", what, existing.ID)
				e.Details = []string{"ticket_id: " + existing.ID}
				return e
			}
			if !ent.IsNotFound(err) {
				return err
			}
		}
		version, _, err := s.policies.current(ctx, db)
		if err != nil {
			return err
		}
		agent, fallback, err := s.route(ctx, db, language)
		if err != nil {
			return err
		}
		c := db.Ticket.Create().SetRequesterUserID(requester.id).SetRequesterKind(ticket.RequesterKind(requester.kind)).
			SetPartnerID(requester.partnerID).SetNillableClientID(requester.clientID).SetNillableChannelID(r.ChannelID).
			SetSource(ticket.Source(source)).SetTopic(topic.Key).SetSeverity(ticket.Severity(severity)).SetLanguage(language).
			SetSubject(subject).SetDescription(description).SetDetails(details).SetPlan(plan).SetSupportPackage(pkg).
			SetPolicyVersion(version).SetOpenedAt(openedAt).SetNillableEnteredBy(enteredBy).SetLanguageFallback(fallback).
			SetCreatedAt(now).SetModifiedAt(now)
		if agent != nil {
			c.SetAssigneeID(agent.ID)
		}
		if created, err = c.Save(ctx); err != nil {
			return err
		}
		if err := s.change(ctx, db, created, openedAt, ticketChange{field: "status", to: "new"}); err != nil {
			return err
		}
		if agent != nil {
			reason := "routed by language " + language
			if fallback {
				reason = "nobody speaks " + language + ": routed to English"
			}
			if err := s.change(ctx, db, created, now, ticketChange{field: "assignee", to: agent.ID, reason: reason, system: true}); err != nil {
				return err
			}
		}
		if err := s.suggestArticles(ctx, db, created, now); err != nil {
			return err
		}
		if err := s.recompute(ctx, db, created); err != nil {
			return err
		}
		if err := audit.Record(ctx, db, audit.Entry{Action: "ticket.created", ObjectType: "ticket", ObjectID: created.ID,
			PartnerID: &created.PartnerID, ClientID: created.ClientID, At: now,
			Details: map[string]any{"topic": topic.Key, "severity": severity, "source": source, "keys_masked": masked}}); err != nil {
			return err
		}
		return s.emit(ctx, db, events.TicketCreated, created, now, nil)
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	d, err := s.Get(ctx, created.ID)
	if err != nil {
		return nil, err
	}
	return &Opened{Ticket: *d, KeysMasked: masked, Notice: maskNotice(masked)}, nil
}

func packageOf(plan string) string {
	if plan == "premium" {
		return "premium"
	}
	return "standard"
}

// suggestArticles adds the automated knowledge-base message for the ticket's topic. It
// is not a reply by support, so it never stops the first-response timer.
func (s *Service) suggestArticles(ctx context.Context, db *ent.Client, t *ent.Ticket, at time.Time) error {
	arts, err := db.KBArticle.Query().Where(kbarticle.Topic(t.Topic), kbarticle.Published(true)).
		Order(ent.Asc(kbarticle.FieldTitle)).Limit(5).All(viewer.SystemContext(ctx))
	if err != nil || len(arts) == 0 {
		return err
	}
	var b strings.Builder
	b.WriteString("While support looks at your request, these articles may help:")
	for _, a := range arts {
		b.WriteString("\n- " + a.Title)
		if a.URL != nil {
			b.WriteString(" (" + *a.URL + ")")
		}
	}
	_, err = s.addMessage(ctx, db, t, "automated", "system", nil, b.String(), 0, at)
	return err
}

// addMessage appends a message to t's conversation, written with the caller's viewer (so
// the privacy rules check it).
func (s *Service) addMessage(ctx context.Context, db *ent.Client, t *ent.Ticket, kind, side string, author *string, body string, masked int, at time.Time) (*ent.TicketMessage, error) {
	n, err := db.TicketMessage.Query().Where(ticketmessage.TicketID(t.ID)).Count(viewer.SystemContext(ctx))
	if err != nil {
		return nil, err
	}
	wctx := ctx
	if side == "system" {
		wctx = viewer.SystemContext(ctx)
	}
	return db.TicketMessage.Create().SetTicketID(t.ID).SetPartnerID(t.PartnerID).SetNillableClientID(t.ClientID).
		SetKind(ticketmessage.Kind(kind)).SetAuthorSide(ticketmessage.AuthorSide(side)).SetNillableAuthorUserID(author).
		SetBody(body).SetKeysMasked(masked).SetCreatedAt(at).SetSeq(n + 1).Save(wctx)
}

// ticketChange is one entry of a ticket's history.
type ticketChange struct {
	field, from, to, reason string
	system                  bool // made by the hub, not by the viewer
}

// change records c in t's history (written as the system: it is the hub's bookkeeping).
func (s *Service) change(ctx context.Context, db *ent.Client, t *ent.Ticket, at time.Time, c ticketChange) error {
	var actor *string
	if v := viewer.FromContext(ctx); v != nil && v.UserID != "" && !c.system {
		actor = &v.UserID
	}
	return db.TicketChange.Create().SetTicketID(t.ID).SetPartnerID(t.PartnerID).SetNillableClientID(t.ClientID).SetAt(at).
		SetField(ticketchangeField(c.field)).SetFromValue(c.from).SetToValue(c.to).SetNillableActorUserID(actor).SetReason(c.reason).
		Exec(viewer.SystemContext(ctx))
}

// emit writes a ticket event for the ticket's partner in the caller's transaction.
func (s *Service) emit(ctx context.Context, db *ent.Client, name string, t *ent.Ticket, at time.Time, extra map[string]any) error {
	data := map[string]any{"ticket": eventTicket(t)}
	for k, v := range extra {
		data[k] = v
	}
	return events.Emit(viewer.SystemContext(ctx), db, events.Event{Name: name, PartnerID: t.PartnerID, ClientID: t.ClientID,
		ObjectType: "ticket", ObjectID: t.ID, Data: data, At: at})
}

// eventTicket is the ticket as events carry it: no conversation, no internal fields.
func eventTicket(t *ent.Ticket) map[string]any {
	return map[string]any{"id": t.ID, "partner_id": t.PartnerID, "client_id": t.ClientID, "channel_id": t.ChannelID,
		"requester_kind": string(t.RequesterKind), "source": string(t.Source), "topic": t.Topic, "severity": string(t.Severity),
		"status": string(t.Status), "subject": t.Subject, "escalated": t.Escalated, "opened_at": t.OpenedAt.UTC(), "cycle": t.Cycle}
}

// Get returns one ticket with its conversation, if the viewer may see it.
func (s *Service) Get(ctx context.Context, id string) (*TicketDetail, error) {
	t, err := s.db.Ticket.Get(ctx, id)
	if err != nil {
		return nil, apperr.From(err)
	}
	d, err := s.detail(ctx, s.db, t)
	return d, apperr.From(err)
}

// ListSpec is what the ticket list sorts and filters on.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{"created_at": {Column: ticket.FieldCreatedAt}, "modified_at": {Column: ticket.FieldModifiedAt},
		"opened_at": {Column: ticket.FieldOpenedAt}},
	Filterable: map[string]listquery.Field{"status": {Column: ticket.FieldStatus}, "topic": {Column: ticket.FieldTopic},
		"severity": {Column: ticket.FieldSeverity}, "source": {Column: ticket.FieldSource}, "client_id": {Column: ticket.FieldClientID},
		"channel_id": {Column: ticket.FieldChannelID}, "requester_user_id": {Column: ticket.FieldRequesterUserID},
		"escalated": {Column: ticket.FieldEscalated}},
	DefaultSort: "-created_at",
}

// List returns a page of the tickets the viewer may see: support staff every ticket,
// partner staff their partner's, client users their client's.
func (s *Service) List(ctx context.Context, q *listquery.Query) ([]TicketView, int, error) {
	query := s.db.Ticket.Query()
	for _, w := range q.Where() {
		query.Where(predicate.Ticket(w))
	}
	total, err := query.Clone().Count(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	for _, o := range q.Order() {
		query.Order(ticket.OrderOption(o))
	}
	items, err := query.Order(ent.Asc(ticket.FieldID)).Limit(q.Limit).Offset(q.Offset).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	out, err := s.views(ctx, s.db, items)
	return out, total, apperr.From(err)
}

// QueueFilter narrows the agents' queue.
type QueueFilter struct {
	Status   []string // default: every state that still needs support
	Assignee string   // "me", "none" or a user id
	Severity string
	Language string
	Limit    int
	Offset   int
}

// Queue returns the agents' queue: escalated tickets first, then by the nearest due
// instant of a running timer (tickets without one last), oldest first among equals.
func (s *Service) Queue(ctx context.Context, f QueueFilter) ([]TicketView, int, error) {
	v := viewer.FromContext(ctx)
	if !isStaff(v) {
		return nil, 0, apperr.New(apperr.Forbidden, "forbidden", "The queue is for support staff.")
	}
	var problems []string
	statuses := f.Status
	if len(statuses) == 0 {
		statuses = []string{"new", "open", "waiting_on_customer", "waiting_on_meta"}
	}
	var st []ticket.Status
	for _, x := range statuses {
		if ticket.StatusValidator(ticket.Status(x)) != nil {
			problems = append(problems, "status: "+x+" is not one of new, open, waiting_on_customer, waiting_on_meta, resolved, closed")
			continue
		}
		st = append(st, ticket.Status(x))
	}
	q := s.db.Ticket.Query().Where(ticket.StatusIn(st...))
	switch f.Assignee {
	case "":
	case "none":
		q.Where(ticket.AssigneeIDIsNil())
	case "me":
		q.Where(ticket.AssigneeID(v.UserID))
	default:
		q.Where(ticket.AssigneeID(f.Assignee))
	}
	if f.Severity != "" {
		if !slices.Contains(Severities, f.Severity) {
			problems = append(problems, "severity: must be critical, urgent or standard")
		}
		q.Where(ticket.SeverityEQ(ticket.Severity(f.Severity)))
	}
	if f.Language != "" {
		l := NormaliseLanguage(f.Language)
		if l == "" {
			problems = append(problems, "language: must be one of "+strings.Join(Languages, ", "))
		}
		q.Where(ticket.Language(l))
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 1 || f.Limit > 500 {
		problems = append(problems, "limit: must be from 1 to 500")
	}
	if f.Offset < 0 {
		problems = append(problems, "offset: must be 0 or more")
	}
	if len(problems) > 0 {
		return nil, 0, apperr.Validation(problems...)
	}
	total, err := q.Clone().Count(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	items, err := q.Order(ticket.ByEscalated(sqlDesc()), ticket.ByNextDueAt(sqlNullsLast()), ticket.ByOpenedAt(), ticket.ByID()).
		Limit(f.Limit).Offset(f.Offset).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	out, err := s.views(ctx, s.db, items)
	return out, total, apperr.From(err)
}

// staffUser returns the support staff member with id, for assignment.
func staffUser(ctx context.Context, db *ent.Client, id string) (*ent.User, error) {
	u, err := db.User.Query().Where(user.ID(id), user.RoleIn(user.RoleSupportAgent, user.RolePlatformAdmin), user.Disabled(false)).
		Only(viewer.SystemContext(ctx))
	if ent.IsNotFound(err) {
		return nil, apperr.Validation("assignee_id: must be an active support agent or platform admin")
	}
	return u, err
}
