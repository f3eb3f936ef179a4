package messaging

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The status progression: what the Meta side does with a sent message — delivered to the
// user's phone DeliverAfter later (when the user is reachable), read ReadAfter after that
// (when the user sends read receipts) — applied by Advance to every due message, each
// change announced to the channel's webhook in the same transaction.

const (
	// progressBatch bounds the messages one progression transaction claims.
	progressBatch = 500
	// progressIdle is the longest RunProgress sleeps: a message that another instance
	// sent, due before anything this one knew of, waits at most this long.
	progressIdle = 100 * time.Millisecond
)

// recordDelivered books a delivered message's usage with tx, in the transaction that
// delivers it (usage.RecordDelivered: the channel's usage of the day, by pricing category,
// priced in currency, the WABA's).
func (s *Service) recordDelivered(ctx context.Context, tx *ent.Client, m *ent.Message, currency string) error {
	if s.usage == nil {
		return nil
	}
	return s.usage.RecordDelivered(ctx, tx, m, currency)
}

// RunProgress moves statuses on until ctx ends. It reads (never locks) when the next
// status is due, sleeps until then — at most progressIdle — and advances what is due.
// Any number of instances may run it: Advance claims each message once.
func (s *Service) RunProgress(ctx context.Context) {
	log := slog.Default()
	for ctx.Err() == nil {
		wait := progressIdle
		next, err := s.nextDue(ctx)
		now := s.clock.Now()
		switch {
		case err != nil:
			if ctx.Err() == nil {
				log.Error("message progression: cannot read due statuses", "error", err.Error())
			}
		case next.IsZero():
		case !next.After(now):
			if n, err := s.Advance(ctx); err != nil {
				if ctx.Err() == nil {
					log.Error("message progression failed", "error", err.Error())
				}
			} else if n > 0 {
				continue
			} else {
				wait = 10 * time.Millisecond // another instance holds them; it is about to commit
			}
		default:
			wait = min(max(next.Sub(now), time.Millisecond), progressIdle)
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
}

// nextDue is the earliest pending status change, zero when none is pending.
func (s *Service) nextDue(ctx context.Context) (time.Time, error) {
	// The progression's look-ahead, a background job: every tenant's messages.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	m, err := s.db.Message.Query().Where(message.NextStatusAtNotNil()).
		Order(ent.Asc(message.FieldNextStatusAt)).Select(message.FieldNextStatusAt).First(sys)
	if ent.IsNotFound(err) || (err == nil && m.NextStatusAt == nil) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return *m.NextStatusAt, nil
}

// Advance applies every status change that is due: a sent message becomes delivered (its
// usage recorded in the same transaction) when its user is reachable, else it stays sent
// until ResumeFor makes it due again; a delivered one becomes read when the user sends read
// receipts, else it stays delivered. Each change is a conditional update on the status it
// was read with and writes its status webhook in that transaction; due messages are
// claimed progressBatch at a time (skipping rows another instance holds, on PostgreSQL),
// so of several instances advancing at once each change happens, and is announced,
// exactly once. It returns how many statuses changed.
//
// Errors: concurrent_change.
func (s *Service) Advance(ctx context.Context) (int, error) {
	total := 0
	for {
		n, claimed, err := s.advanceBatch(ctx)
		total += n
		if err != nil || claimed < progressBatch {
			return total, err
		}
	}
}

// move is one group of claimed messages that change the same way.
type move struct {
	from, to message.Status
	next     time.Duration // 0: no further change (next_status_at cleared)
}

// advanceBatch advances up to progressBatch due messages in one transaction and says how
// many statuses changed and how many messages it claimed.
func (s *Service) advanceBatch(ctx context.Context) (changed, claimed int, err error) {
	// The progression is a background job: it claims every tenant's due messages and
	// writes their statuses, usage and webhooks, with no viewer asking.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	// The Meta side is asked before the transaction, about the users of the messages due
	// now: a call out of a transaction would hold its lock (on SQLite, the database's) and
	// one of the pool's connections while it waits, and under load wait for a connection
	// the transactions queued behind it hold. A message claimed below whose user was not
	// asked (due in between) waits for the next round.
	users, err := s.usersDue(sys)
	if err != nil {
		return 0, 0, apperr.From(err)
	}
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		now := s.clock.Now()
		q := db.Message.Query().Where(message.NextStatusAtLTE(now)).
			Order(ent.Asc(message.FieldNextStatusAt), ent.Asc(message.FieldID)).Limit(progressBatch)
		// Instances split the due messages instead of queueing on each other's rows.
		msgs, err := storage.ClaimRows(s.sql, q).All(sys)
		if err != nil || len(msgs) == 0 {
			return err
		}
		claimed = len(msgs)
		chs, err := s.channelsOf(sys, db, msgs)
		if err != nil {
			return err
		}
		groups := map[move][]*ent.Message{}
		for _, m := range msgs {
			if mv, ok := nextMove(s.cfg, m, users); ok {
				groups[mv] = append(groups[mv], m)
			}
		}
		var out []events.ChannelEvent
		for mv, ms := range groups {
			if err := s.apply(sys, db, mv, ms, now); err != nil {
				return err
			}
			if mv.from == mv.to {
				continue
			}
			for _, m := range ms {
				ch := chs[m.ChannelID]
				if ch == nil {
					continue // the channel is gone; nothing to announce to
				}
				if mv.to == message.StatusDelivered {
					if err := s.recordDelivered(sys, db, m, currencyOf(ch)); err != nil {
						return err
					}
				}
				out = append(out, statusEvent(ch, m))
			}
			changed += len(ms)
		}
		return events.EmitManyToChannel(sys, db, out)
	})
	if err != nil {
		return 0, 0, apperr.From(err)
	}
	return changed, claimed, nil
}

// usersDue asks the Meta side, once per user, about the users of the messages due now
// (at most one batch of them).
func (s *Service) usersDue(ctx context.Context) (map[string]provider.WhatsAppUser, error) {
	ids, err := s.db.Message.Query().Where(message.NextStatusAtLTE(s.clock.Now())).
		Order(ent.Asc(message.FieldNextStatusAt), ent.Asc(message.FieldID)).Limit(progressBatch).
		Select(message.FieldWaID).Strings(ctx)
	if err != nil {
		return nil, err
	}
	users := map[string]provider.WhatsAppUser{}
	for _, id := range ids {
		if _, ok := users[id]; ok {
			continue
		}
		u, err := s.wa.LookupUser(ctx, id)
		if err != nil {
			return nil, err
		}
		users[id] = u
	}
	return users, nil
}

// nextMove decides what happens to a due message from what the Meta side said of its
// user; ok is false when it was not asked (the message waits for the next round).
func nextMove(cfg Config, m *ent.Message, users map[string]provider.WhatsAppUser) (mv move, ok bool) {
	stay := move{from: m.Status, to: m.Status}
	if m.Direction != message.DirectionOutbound || (m.Status != message.StatusSent && m.Status != message.StatusDelivered) {
		return stay, true // final: nothing moves it on
	}
	u, ok := users[m.WaID]
	if !ok {
		return move{}, false
	}
	if !u.OnWhatsApp || !u.Reachable || u.BlocksBusiness {
		// The phone is away: the message stays as it is until the user is reachable again
		// (ResumeFor makes it due then).
		return stay, true
	}
	if m.Status == message.StatusSent {
		mv := move{from: message.StatusSent, to: message.StatusDelivered}
		if u.ReadReceipts {
			mv.next = cfg.ReadAfter
		}
		return mv, true
	}
	if !u.ReadReceipts {
		return stay, true // no read receipts: it ends at delivered
	}
	return move{from: message.StatusDelivered, to: message.StatusRead}, true
}

// apply writes one group's change with one conditional update — on the status read and
// still due, so no other transaction moved them meanwhile — and updates ms to match.
func (s *Service) apply(ctx context.Context, db *ent.Client, mv move, ms []*ent.Message, now time.Time) error {
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	upd := db.Message.Update().Where(message.IDIn(ids...), message.StatusEQ(mv.from), message.NextStatusAtLTE(now))
	var next *time.Time
	if mv.next > 0 {
		t := now.Add(mv.next)
		next = &t
		upd.SetNextStatusAt(t)
	} else {
		upd.ClearNextStatusAt()
	}
	if mv.to != mv.from {
		upd.SetStatus(mv.to).SetStatusAt(now)
		switch mv.to {
		case message.StatusDelivered:
			upd.SetDeliveredAt(now)
		case message.StatusRead:
			upd.SetReadAt(now)
		}
	}
	n, err := upd.Save(ctx)
	if err != nil {
		return err
	}
	if n != len(ms) {
		return apperr.ErrConcurrentChange.New(fmt.Sprintf("%d of %d messages changed meanwhile; they are advanced again later", len(ms)-n, len(ms)))
	}
	for _, m := range ms {
		m.NextStatusAt = next
		if mv.to != mv.from {
			m.Status, m.StatusAt = mv.to, now
			switch mv.to {
			case message.StatusDelivered:
				m.DeliveredAt = &now
			case message.StatusRead:
				m.ReadAt = &now
			}
		}
	}
	return nil
}

// channelsOf loads the channels of msgs with their WABAs, in one query.
func (s *Service) channelsOf(ctx context.Context, db *ent.Client, msgs []*ent.Message) (map[string]*ent.Channel, error) {
	seen := map[string]bool{}
	var ids []string
	for _, m := range msgs {
		if !seen[m.ChannelID] {
			seen[m.ChannelID] = true
			ids = append(ids, m.ChannelID)
		}
	}
	chs, err := db.Channel.Query().Where(channel.IDIn(ids...)).WithWaba().All(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ent.Channel, len(chs))
	for _, ch := range chs {
		out[ch.ID] = ch
	}
	return out, nil
}

// currencyOf is the currency ch's usage is priced in: its WABA's.
func currencyOf(ch *ent.Channel) string {
	if ch.Edges.Waba != nil && ch.Edges.Waba.Currency != "" {
		return ch.Edges.Waba.Currency
	}
	return "USD"
}

// statusRank orders the statuses of a sent message: a report of an earlier status than
// the message has is old news (Meta does not promise order).
var statusRank = map[message.Status]int{message.StatusSent: 1, message.StatusDelivered: 2, message.StatusRead: 3, message.StatusFailed: 4}

// ApplyStatus applies a status the Meta side reported for outbound message wamid —
// delivered, read, or failed with Meta's errorCode — as Advance would: conditionally on
// the status read, with its usage (when first delivered; a read implies delivered) and
// its status webhook in the same transaction. A relay to the Cloud API reports statuses
// this way. A status the message has passed already (Meta does not promise order), or
// any report about a read or failed message, changes nothing.
//
// Errors: not_found, validation_failed, concurrent_change.
func (s *Service) ApplyStatus(ctx context.Context, wamid, status string, errorCode int) error {
	to := message.Status(status)
	if to != message.StatusDelivered && to != message.StatusRead && to != message.StatusFailed && to != message.StatusSent {
		return apperr.Validation("status: must be sent, delivered, read or failed")
	}
	// A relay reports Meta's statuses of any tenant's messages: a background job.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		m, err := storage.LockRows(s.sql, db.Message.Query().
			Where(message.ID(wamid), message.DirectionEQ(message.DirectionOutbound))).Only(sys)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("No message %s was sent.", wamid)
		}
		if err != nil {
			return err
		}
		if m.Status == message.StatusRead || m.Status == message.StatusFailed || statusRank[to] <= statusRank[m.Status] {
			return nil
		}
		now := s.clock.Now()
		from := m.Status
		upd := db.Message.Update().Where(message.ID(m.ID), message.StatusEQ(from)).
			SetStatus(to).SetStatusAt(now).ClearNextStatusAt()
		firstDelivery := from == message.StatusSent && to != message.StatusFailed
		if firstDelivery {
			upd.SetDeliveredAt(now)
			m.DeliveredAt = &now
		}
		if to == message.StatusRead {
			upd.SetReadAt(now)
			m.ReadAt = &now
		}
		if to == message.StatusFailed {
			f := failureOf(errorCode)
			upd.SetErrorCode(f.Code).SetErrorTitle(f.Title).SetErrorDetails(f.Details)
			m.ErrorCode, m.ErrorTitle, m.ErrorDetails = &f.Code, f.Title, f.Details
		}
		n, err := upd.Save(sys)
		if err != nil {
			return err
		}
		if n != 1 {
			return apperr.ErrConcurrentChange.New("The message's status changed meanwhile.")
		}
		m.Status, m.StatusAt, m.NextStatusAt = to, now, nil
		ch, err := db.Channel.Query().Where(channel.ID(m.ChannelID)).WithWaba().Only(sys)
		if err != nil {
			return err
		}
		if firstDelivery {
			if err := s.recordDelivered(sys, db, m, currencyOf(ch)); err != nil {
				return err
			}
		}
		return s.emitStatus(sys, db, ch, m)
	})
	return apperr.From(err)
}

// failureOf is Meta's title and details for a failed status with code.
func failureOf(code int) failure {
	switch code {
	case failUndeliverable.Code:
		return failUndeliverable
	case failReEngagement.Code:
		return failReEngagement
	case 131048:
		return failure{131048, "Spam rate limit hit", "Message failed to send because there are restrictions on how many messages can be sent from this phone number."}
	case 131049:
		return failure{131049, "This message was not delivered to maintain healthy ecosystem engagement.", "Meta chose not to deliver this marketing message."}
	case 131053:
		return failure{131053, "Media upload error", "Unable to upload the media used in the message."}
	case 0, 131000:
		return failure{131000, "Something went wrong", "Message failed to send because of an unknown error."}
	}
	return failure{code, "Message failed to send", fmt.Sprintf("Meta reported error %d.", code)}
}
