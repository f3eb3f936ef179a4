package numbermigrations

import (
	"context"
	"slices"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/numbermigration"
	"github.com/partnerhub/partnerhub/ent/otpchallenge"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/events"
)

// Status is a migration's status.
type Status = numbermigration.Status

// The statuses: created → otp_requested → completed | failed | cancelled | expired. A hosting change needs no code and completes (or fails) from created.
const (
	Created      = numbermigration.StatusCreated
	OTPRequested = numbermigration.StatusOtpRequested
	Completed    = numbermigration.StatusCompleted
	Failed       = numbermigration.StatusFailed
	Cancelled    = numbermigration.StatusCancelled
	Expired      = numbermigration.StatusExpired
)

// transitions lists, for each status, the statuses a migration may move to; the four
// final statuses move nowhere. otp_requested → otp_requested is a new code.
var transitions = map[Status][]Status{
	Created:      {OTPRequested, Completed, Failed, Cancelled, Expired},
	OTPRequested: {OTPRequested, Completed, Failed, Cancelled, Expired},
}

// eventOf names the partner event of entering a status.
var eventOf = map[Status]string{
	OTPRequested: events.MigrationOTPRequested,
	Completed:    events.MigrationCompleted,
	Failed:       events.MigrationFailed,
	Cancelled:    events.MigrationCancelled,
	Expired:      events.MigrationExpired,
}

// CanTransition reports whether a migration in from may move to to.
func CanTransition(from, to Status) bool { return slices.Contains(transitions[from], to) }

// Open reports whether a migration in status st still holds its number.
func Open(st Status) bool { return st == Created || st == OTPRequested }

// move changes m to status `to` inside tx. The row changes only if it still has the status
// it was read with, so two instances (or a user and a sweep) cannot both apply a
// transition: the loser gets a 409. Entering a final status releases the number (the
// open_number slot and the channel's lock). The change is audited under action and its
// event emitted; mutate adds kind-specific fields.
func (s *Service) move(ctx context.Context, tx *ent.Client, m *ent.NumberMigration, to Status, action string, details map[string]any, mutate func(*ent.NumberMigrationUpdate)) (*ent.NumberMigration, error) {
	if !CanTransition(m.Status, to) {
		return nil, apperr.ErrInvalidTransition.Newf("This migration is %s; it cannot become %s.", m.Status, to)
	}
	now := s.clock.Now()
	upd := tx.NumberMigration.Update().Where(numbermigration.ID(m.ID), numbermigration.StatusEQ(m.Status)).
		SetStatus(to).SetModifiedAt(now)
	if !Open(to) {
		upd.SetFinishedAt(now).ClearOpenNumber()
	}
	if mutate != nil {
		mutate(upd)
	}
	n, err := upd.Save(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		cur, err := tx.NumberMigration.Get(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		return nil, apperr.ErrConcurrentChange.Newf("This migration became %s meanwhile; reload it.", cur.Status)
	}
	if !Open(to) {
		if err := s.release(ctx, tx, m.ID, to); err != nil {
			return nil, err
		}
	}
	out, err := tx.NumberMigration.Get(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	if details == nil {
		details = map[string]any{}
	}
	details["from"], details["to"] = string(m.Status), string(to)
	return out, record(ctx, tx, out, action, eventOf[to], details, now)
}

// release lets go of what an ended migration held: its channel's lock and a code still
// waiting to be entered.
func (s *Service) release(ctx context.Context, tx *ent.Client, id string, to Status) error {
	if err := tx.Channel.Update().Where(channel.LockedBy(id)).ClearLockedBy().Exec(ctx); err != nil {
		return err
	}
	if to == Completed {
		return nil
	}
	return tx.OTPChallenge.Update().
		Where(otpchallenge.Purpose(otpPurpose), otpchallenge.SubjectID(id), otpchallenge.StatusEQ(otpchallenge.StatusPending)).
		SetStatus(otpchallenge.StatusExpired).Exec(ctx)
}

// record audits a change of m and writes its event (when event is not ""), both with tx,
// in m's tenant.
func record(ctx context.Context, tx *ent.Client, m *ent.NumberMigration, action, event string, details map[string]any, at time.Time) error {
	return audit.RecordChange(ctx, tx, audit.Change{Action: action, Event: event, ObjectType: "migration", ObjectID: m.ID,
		Sides: []audit.Side{{PartnerID: m.PartnerID, ClientID: &m.ClientID}}, View: ViewOf(m), Details: details, At: at})
}

// refuseUnless answers 409 naming m's status when it is not one of allowed.
func refuseUnless(m *ent.NumberMigration, what string, allowed ...Status) error {
	if slices.Contains(allowed, m.Status) {
		return nil
	}
	names := make([]string, len(allowed))
	for i, st := range allowed {
		names[i] = string(st)
	}
	return apperr.ErrInvalidState.Newf("Only a migration that is %s can %s; this one is %s.", orList(names), what, m.Status)
}

func orList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	out := names[0]
	for _, n := range names[1 : len(names)-1] {
		out += ", " + n
	}
	return out + " or " + names[len(names)-1]
}
