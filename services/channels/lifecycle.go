package channels

import (
	"context"
	"slices"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
)

// transitions lists, for each status, the statuses a channel may move to.
var transitions = map[channel.Status][]channel.Status{
	channel.StatusCreated:         {channel.StatusSubmitted, channel.StatusPendingDeletion, channel.StatusTerminated},
	channel.StatusSubmitted:       {channel.StatusReady, channel.StatusPendingDeletion, channel.StatusTerminated},
	channel.StatusReady:           {channel.StatusRunning, channel.StatusPendingDeletion, channel.StatusTerminated},
	channel.StatusRunning:         {channel.StatusPendingDeletion, channel.StatusReadyForMigration},
	channel.StatusPendingDeletion: {channel.StatusCreated, channel.StatusSubmitted, channel.StatusReady, channel.StatusRunning, channel.StatusTerminated},
}

// eventOf names the partner event of entering a status through an ordinary transition.
var eventOf = map[channel.Status]string{
	channel.StatusCreated:         events.ChannelCreated,
	channel.StatusSubmitted:       events.ChannelSubmitted,
	channel.StatusReady:           events.ChannelReady,
	channel.StatusRunning:         events.ChannelRunning,
	channel.StatusPendingDeletion: events.CancellationRequest,
	channel.StatusTerminated:      events.CancellationProcessed,
}

// CanTransition reports whether a channel in from may move to to.
func CanTransition(from, to channel.Status) bool {
	return slices.Contains(transitions[from], to)
}

// transition moves ch to status `to` inside tx: the row changes only if it still has the
// status it was read with (so two instances cannot both apply one transition), and the
// change is audited and emitted. It returns the updated channel.
//
// Errors: invalid_transition, concurrent_change.
func (s *Service) transition(ctx context.Context, tx *ent.Client, ch *ent.Channel, to channel.Status, event string, mutate func(*ent.ChannelUpdate)) (*ent.Channel, error) {
	if !CanTransition(ch.Status, to) {
		return nil, apperr.ErrInvalidTransition.Newf("A channel that is %s cannot become %s.", ch.Status, to)
	}
	now := s.clock.Now()
	upd := tx.Channel.Update().Where(channel.ID(ch.ID), channel.StatusEQ(ch.Status)).
		SetStatus(to).SetStatusChangedAt(now)
	if mutate != nil {
		mutate(upd)
	}
	n, err := upd.Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.ErrConcurrentChange.New("The channel changed meanwhile; reload and try again.")
	}
	updated, err := tx.Channel.Query().Where(channel.ID(ch.ID)).WithClient().WithWaba().Only(ctx)
	if err != nil {
		return nil, err
	}
	if event == "" {
		event = eventOf[to]
	}
	return updated, s.record(ctx, tx, updated, "channel.status_changed", event,
		map[string]any{"from": string(ch.Status), "to": string(to)}, now)
}

// Record audits a change another service made to channel id and writes its event with
// the channel as channel events carry it, both with tx (the transaction of the change).
// It returns the channel as changed.
//
// Errors: not_found.
func (s *Service) Record(ctx context.Context, tx *ent.Client, id, action, event string, details map[string]any, at time.Time) (*ent.Channel, error) {
	ch, err := s.get(ctx, tx, Scope{}, id)
	if err != nil {
		return nil, err
	}
	return ch, s.record(ctx, tx, ch, action, event, details, at)
}

// record audits a change of ch and writes its event (none when event is ""), both with
// tx. The channel's partner and client see it; the event carries the channel as channel
// events do.
func (s *Service) record(ctx context.Context, tx *ent.Client, ch *ent.Channel, action, event string, details map[string]any, at time.Time) error {
	return audit.RecordChange(ctx, tx, audit.Change{
		Action: action, Event: event, ObjectType: "channel", ObjectID: ch.ID,
		Sides: []audit.Side{{PartnerID: ch.PartnerID, ClientID: &ch.ClientID}},
		View:  ViewOf(ch), Details: details, At: at,
	})
}
