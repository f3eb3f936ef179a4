package audit

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Side is one tenant that sees a change: its audit row (and its event) belong to this
// partner and, where set, this client.
type Side struct {
	PartnerID string
	ClientID  *string
}

// Change is one state change of an object, as its audit rows and its event record it.
type Change struct {
	Action     string // the audit action, e.g. "channel.status_changed"
	Event      string // the event name, e.g. "channel.running"; "" writes no event
	ObjectType string
	ObjectID   string
	// Sides are the tenants that see the change, the owner first. A change seen by two
	// partners (a partner change) writes a row and an event for each.
	Sides []Side
	// PartnerEvents leaves the client out of the events (each partner sees the event, not
	// through a client); the audit rows keep it.
	PartnerEvents bool
	View          any // the object as the API shows it: the event's data
	Details       map[string]any
	Actor         Actor // zero: the viewer in ctx
	At            time.Time
}

// RecordChange writes c's audit rows and event with tx, the transaction that makes the
// change, so both exist exactly when the change commits.
func RecordChange(ctx context.Context, tx *ent.Client, c Change) error {
	if c.Actor.UserID == "" {
		if v := tenancy.FromContext(ctx); v != nil && !v.IsSystem() {
			c.Actor = Actor{UserID: v.UserID, Role: string(v.Role)}
		}
	}
	if len(c.Sides) > 1 {
		// The other side's rows are outside the viewer's tenant; they are written as the
		// system, naming the real actor.
		ctx = tenancy.AsSystem(ctx, tenancy.AcrossTenants)
	}
	for _, side := range c.Sides {
		if err := Record(ctx, tx, Entry{Actor: c.Actor, Action: c.Action, ObjectType: c.ObjectType, ObjectID: c.ObjectID,
			PartnerID: &side.PartnerID, ClientID: side.ClientID, Details: c.Details, At: c.At}); err != nil {
			return err
		}
	}
	if c.Event == "" {
		return nil
	}
	data, err := events.DataOf(c.View)
	if err != nil {
		return err
	}
	for _, side := range c.Sides {
		client := side.ClientID
		if c.PartnerEvents {
			client = nil
		}
		if err := events.Emit(ctx, tx, events.Event{Name: c.Event, PartnerID: side.PartnerID, ClientID: client,
			ObjectType: c.ObjectType, ObjectID: c.ObjectID, Data: data, At: c.At}); err != nil {
			return err
		}
	}
	return nil
}
