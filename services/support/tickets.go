package support

import (
	"context"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/ticket"
	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/tenancy"
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

// Get returns one ticket with its conversation, if the viewer may see it.
//
// Errors: not_found.
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
	// q's order ends with the id, so pages are stable.
	items, total, err := listquery.Page(ctx, s.db.Ticket.Query(), q)
	if err != nil {
		return nil, 0, err
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
// Support staff only.
//
// Errors: forbidden, validation_failed.
func (s *Service) Queue(ctx context.Context, f QueueFilter) ([]TicketView, int, error) {
	v := tenancy.FromContext(ctx)
	if !IsStaff(v) {
		return nil, 0, apperr.ErrForbidden.New("The queue is for support staff.")
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
	items, err := q.Order(ticket.ByEscalated(sql.OrderDesc()), ticket.ByNextDueAt(sql.OrderNullsLast()), ticket.ByOpenedAt(), ticket.ByID()).
		Limit(f.Limit).Offset(f.Offset).All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	out, err := s.views(ctx, s.db, items)
	return out, total, apperr.From(err)
}

// staffUser returns the active support staff member with id, for assignment, read with
// the caller's viewer (support staff, who read every user).
//
// Errors: validation_failed.
func staffUser(ctx context.Context, db *ent.Client, id string) (*ent.User, error) {
	u, err := db.User.Query().Where(user.ID(id), user.RoleIn(user.RoleSupportAgent, user.RolePlatformAdmin), user.Disabled(false)).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.Validation("assignee_id: must be an active support agent or platform admin")
	}
	return u, err
}
