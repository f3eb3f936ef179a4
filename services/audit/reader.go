// Package auditlog lets each tenant read the audit trail of its own objects; the ent
// privacy rules keep partners to their partner's rows and clients to their client's.
package audit

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/auditlog"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/scope"
)

// Service reads the audit trail.
type Service struct{ db *ent.Client }

// New returns the audit-log reader.
func New(db *ent.Client) *Service { return &Service{db: db} }

// View is one audit record as the API shows it.
type View struct {
	ID          string         `json:"id"`
	OccurredAt  time.Time      `json:"occurred_at"`
	ActorUserID *string        `json:"actor_user_id"`
	ActorRole   string         `json:"actor_role"`
	Action      string         `json:"action" example:"channel.status_changed"`
	ObjectType  string         `json:"object_type" example:"channel"`
	ObjectID    string         `json:"object_id"`
	PartnerID   *string        `json:"partner_id"`
	ClientID    *string        `json:"client_id"`
	RequestID   string         `json:"request_id"`
	Details     map[string]any `json:"details"`
}

// ViewOf renders a.
func ViewOf(a *ent.AuditLog) View {
	return View{ID: a.ID, OccurredAt: a.OccurredAt.UTC(), ActorUserID: a.ActorUserID, ActorRole: a.ActorRole, Action: a.Action,
		ObjectType: a.ObjectType, ObjectID: a.ObjectID, PartnerID: a.PartnerID, ClientID: a.ClientID, RequestID: a.RequestID, Details: a.Details}
}

// ListSpec is what audit lists sort and filter on.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{"occurred_at": {Column: auditlog.FieldOccurredAt}},
	Filterable: map[string]listquery.Field{
		"object_type": {Column: auditlog.FieldObjectType}, "object_id": {Column: auditlog.FieldObjectID},
		"action": {Column: auditlog.FieldAction}, "client_id": {Column: auditlog.FieldClientID},
		"actor_user_id": {Column: auditlog.FieldActorUserID},
	},
	DefaultSort: "-occurred_at",
}

// List returns a page of the trail of the partner or client sc names, and the total.
//
// Errors: not_found, invalid_list_query.
func (s *Service) List(ctx context.Context, sc scope.Scope, q *listquery.Query) ([]View, int, error) {
	if err := sc.Check(ctx, s.db); err != nil {
		return nil, 0, err
	}
	query := s.db.AuditLog.Query()
	if sc.PartnerID != "" {
		query.Where(auditlog.PartnerID(sc.PartnerID))
	}
	if sc.ClientID != "" {
		query.Where(auditlog.ClientID(sc.ClientID))
	}
	items, total, err := listquery.Page(ctx, query, q)
	if err != nil {
		return nil, 0, err
	}
	out := make([]View, len(items))
	for i, a := range items {
		out[i] = ViewOf(a)
	}
	return out, total, nil
}
