package support

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/ticketchange"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/sla"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// A ticket's history is what happened to it, as the hub records it: its changes (status,
// assignee, topic, severity, escalation), from which its SLA timers are computed, and the
// events announcing them. Every action of the desk and the SLA recorder writes it here.

// ticketChange is one entry of a ticket's history.
type ticketChange struct {
	field, from, to, reason string
	system                  bool // made by the hub, not by the viewer
}

// change records c in t's history with db (the transaction making the change). The actor
// is the viewer, unless the hub made the change.
func (s *Service) change(ctx context.Context, db *ent.Client, t *ent.Ticket, at time.Time, c ticketChange) error {
	var actor *string
	if v := tenancy.FromContext(ctx); v != nil && v.UserID != "" && !c.system {
		actor = &v.UserID
	}
	// The history is the hub's record of the change, not the viewer's own write: a
	// requester's reply or reopen is recorded the same way as an agent's.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	return db.TicketChange.Create().SetTicketID(t.ID).SetPartnerID(t.PartnerID).SetNillableClientID(t.ClientID).SetAt(at).
		SetField(ticketchange.Field(c.field)).SetFromValue(c.from).SetToValue(c.to).SetNillableActorUserID(actor).SetReason(c.reason).
		Exec(sys)
}

// emit writes a ticket event for the ticket's partner with db (the caller's transaction).
func (s *Service) emit(ctx context.Context, db *ent.Client, name string, t *ent.Ticket, at time.Time, extra map[string]any) error {
	data := map[string]any{"ticket": eventTicket(t)}
	for k, v := range extra {
		data[k] = v
	}
	// The event is the hub's announcement of the change, written whoever made it (a
	// requester, an agent, or the SLA recorder).
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	return events.Emit(sys, db, events.Event{Name: name, PartnerID: t.PartnerID, ClientID: t.ClientID,
		ObjectType: "ticket", ObjectID: t.ID, Data: data, At: at})
}

// eventTicket is the ticket as events carry it: no conversation, no internal fields.
func eventTicket(t *ent.Ticket) map[string]any {
	return map[string]any{"id": t.ID, "partner_id": t.PartnerID, "client_id": t.ClientID, "channel_id": t.ChannelID,
		"requester_kind": string(t.RequesterKind), "source": string(t.Source), "topic": t.Topic, "severity": string(t.Severity),
		"status": string(t.Status), "subject": t.Subject, "escalated": t.Escalated, "opened_at": t.OpenedAt.UTC(), "cycle": t.Cycle}
}

// factsOf is the contract a ticket's timers run under: its snapshot plus its current
// severity.
func factsOf(t *ent.Ticket) sla.Facts {
	return sla.Facts{RequesterKind: string(t.RequesterKind), Plan: t.Plan, Package: t.SupportPackage,
		Source: string(t.Source), Severity: string(t.Severity)}
}

// historyOf reads what t's SLA timers depend on — its contract and its status changes in
// order — with db (the caller's transaction) and ctx, which must be able to read the
// ticket's history (recompute passes its bookkeeping context).
func historyOf(ctx context.Context, db *ent.Client, t *ent.Ticket) (History, error) {
	changes, err := db.TicketChange.Query().
		Where(ticketchange.TicketID(t.ID), ticketchange.FieldEQ(ticketchange.FieldStatus)).
		Order(ent.Asc(ticketchange.FieldAt), ent.Asc(ticketchange.FieldID)).All(ctx)
	if err != nil {
		return History{}, err
	}
	h := History{Facts: factsOf(t), OpenedAt: t.OpenedAt.UTC(), FirstResponseAt: utcPtr(t.FirstResponseAt)}
	for _, c := range changes {
		h.Changes = append(h.Changes, StatusChange{At: c.At.UTC(), To: c.ToValue})
	}
	return h, nil
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
