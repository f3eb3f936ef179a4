// Package audit writes the audit trail: one immutable row per state change, written in the
// same transaction as the change itself, readable by each tenant for its own objects.
package audit

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Actor is who performed an action; zero means "the viewer in the context".
type Actor struct {
	UserID string
	Role   string
}

// Entry is one audit record.
type Entry struct {
	Actor      Actor
	Action     string // e.g. "partner.created"
	ObjectType string
	ObjectID   string
	PartnerID  *string
	ClientID   *string
	Details    map[string]any
	At         time.Time // when it happened, from the caller's clock
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the id of the HTTP request being served.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// Record writes e with db, which should be the transaction making the change.
func Record(ctx context.Context, db *ent.Client, e Entry) error {
	actor := e.Actor
	if actor.UserID == "" {
		if v := tenancy.FromContext(ctx); v != nil && !v.IsSystem() {
			actor = Actor{UserID: v.UserID, Role: string(v.Role)}
		}
	}
	if e.At.IsZero() {
		return fmt.Errorf("audit: entry %q has no time", e.Action)
	}
	c := db.AuditLog.Create().
		SetOccurredAt(e.At.UTC()).
		SetAction(e.Action).SetObjectType(e.ObjectType).SetObjectID(e.ObjectID).
		SetNillablePartnerID(e.PartnerID).SetNillableClientID(e.ClientID).
		SetActorRole(actor.Role).SetRequestID(RequestID(ctx))
	if actor.UserID != "" {
		c.SetActorUserID(actor.UserID)
	}
	if e.Details != nil {
		c.SetDetails(e.Details)
	}
	return c.Exec(ctx)
}
