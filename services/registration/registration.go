// Package registration enforces Meta's registration limit on phone numbers: every
// registration-type action on a phone number — number registration, display-name change,
// migration registration, hosting change, test-number registration — counts, at most 10 in
// any moving 72 hours. The attempt that would be the 11th is refused and blocks the number
// for 72 hours from that moment.
//
// Consume runs in its own transaction and commits before the action it guards: Meta counts
// requests, not successes, so an attempt counts even when the action then fails, and a block
// must survive the refusal it causes.
package registration

import (
	"context"
	"fmt"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/numberblock"
	"github.com/partnerhub/partnerhub/ent/registrationattempt"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The limit.
const (
	Window = 72 * time.Hour
	Limit  = 10
	Block  = 72 * time.Hour
)

// Kind is the kind of registration-type action.
type Kind = registrationattempt.Kind

// The kinds that count.
const (
	NumberRegistration     = registrationattempt.KindNumberRegistration
	DisplayNameChange      = registrationattempt.KindDisplayNameChange
	MigrationRegistration  = registrationattempt.KindMigrationRegistration
	HostingChange          = registrationattempt.KindHostingChange
	TestNumberRegistration = registrationattempt.KindTestNumberRegistration
)

// CodeLimited is the name of ErrLimitReached, for comparing codes.
const CodeLimited = "registration_limit_reached"

// Service counts registration attempts per phone number.
type Service struct {
	db    *ent.Client
	clock clock.Clock
}

// New returns the registration limiter.
func New(db *ent.Client, clk clock.Clock) *Service { return &Service{db: db, clock: clk} }

// Attempt is one registration-type action about to be made.
type Attempt struct {
	PhoneNumber string // E.164
	Kind        Kind
	PartnerID   string
	ObjectID    string // the channel or migration it is for
}

// Consume records a, or refuses it with a 429 (RetryAfter = until the block ends) when the
// number is blocked or a would be the 11th attempt within Window; the 11th also starts a
// Block-long block. It commits its own transaction; call it before the action.
//
// Errors: registration_limit_reached.
func (s *Service) Consume(ctx context.Context, a Attempt) error {
	// Attempts and blocks are the hub's own bookkeeping about a number, counted whichever
	// tenant acts on it; no tenant writes them directly.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	now := s.clock.Now().UTC()
	var refusal error
	err := storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		refusal = nil
		// Locking the number first serialises concurrent attempts on it, so the count
		// below is exact.
		if err := LockNumber(sys, tx.Client(), a.PhoneNumber, now); err != nil {
			return err
		}
		row, err := tx.NumberBlock.Get(sys, a.PhoneNumber)
		if err != nil {
			return err
		}
		if row.BlockedUntil != nil && row.BlockedUntil.After(now) {
			refusal = blocked(*row.BlockedUntil, now)
			return nil
		}
		n, err := tx.RegistrationAttempt.Query().Where(
			registrationattempt.PhoneNumber(a.PhoneNumber),
			registrationattempt.AtGT(now.Add(-Window)),
		).Count(sys)
		if err != nil {
			return err
		}
		if n >= Limit {
			until := now.Add(Block)
			if err := tx.NumberBlock.UpdateOneID(a.PhoneNumber).SetBlockedUntil(until).Exec(sys); err != nil {
				return err
			}
			refusal = blocked(until, now)
			return nil
		}
		create := tx.RegistrationAttempt.Create().SetPhoneNumber(a.PhoneNumber).SetKind(a.Kind).SetAt(now).SetObjectID(a.ObjectID)
		if a.PartnerID != "" {
			create.SetPartnerID(a.PartnerID)
		}
		return create.Exec(sys)
	})
	if err != nil {
		return err
	}
	return refusal
}

// LockNumber takes the per-number lock for the rest of tx: it touches the number's
// number_blocks row, which holds a row lock on PostgreSQL until tx ends (SQLite has one
// writer anyway). Whatever tx then reads about the number — attempts counted, a channel
// already carrying it — cannot change under it through another transaction that locks
// the number too.
func LockNumber(ctx context.Context, tx *ent.Client, phoneNumber string, now time.Time) error {
	return tx.NumberBlock.Create().SetID(phoneNumber).SetModifiedAt(now).
		OnConflictColumns(numberblock.FieldID).
		Update(func(u *ent.NumberBlockUpsert) { u.SetModifiedAt(now) }).
		// The number_blocks row is the hub's bookkeeping, shared by every tenant that acts on
		// the number.
		Exec(tenancy.AsSystem(ctx, tenancy.Bookkeeping))
}

// Status is a number's standing against the limit.
type Status struct {
	Used         int        `json:"used" example:"3"`
	Limit        int        `json:"limit" example:"10"`
	BlockedUntil *time.Time `json:"blocked_until"`
}

// StatusOf reports how many attempts phoneNumber used in the current window and whether
// it is blocked.
func (s *Service) StatusOf(ctx context.Context, phoneNumber string) (Status, error) {
	// The attempts and the block of a number are bookkeeping rows, counted across tenants.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	now := s.clock.Now().UTC()
	st := Status{Limit: Limit}
	n, err := s.db.RegistrationAttempt.Query().Where(
		registrationattempt.PhoneNumber(phoneNumber), registrationattempt.AtGT(now.Add(-Window)),
	).Count(sys)
	if err != nil {
		return st, err
	}
	st.Used = n
	row, err := s.db.NumberBlock.Get(sys, phoneNumber)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return st, err
	case row.BlockedUntil != nil && row.BlockedUntil.After(now):
		until := row.BlockedUntil.UTC()
		st.BlockedUntil = &until
	}
	return st, nil
}

// BlockedUntil returns when the blocks of the given numbers end, for numbers blocked now.
func (s *Service) BlockedUntil(ctx context.Context, phoneNumbers ...string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	if len(phoneNumbers) == 0 {
		return out, nil
	}
	// Blocks are bookkeeping rows about numbers, which no tenant reads directly.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	rows, err := s.db.NumberBlock.Query().Where(
		numberblock.IDIn(phoneNumbers...), numberblock.BlockedUntilGT(s.clock.Now().UTC()),
	).All(sys)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.BlockedUntil.UTC()
	}
	return out, nil
}

func blocked(until, now time.Time) error {
	e := ErrLimitReached.Limited(fmt.Sprintf(
		"This phone number reached Meta's limit of %d registrations in 72 hours and is blocked until %s. Try again after that.",
		Limit, until.UTC().Format(time.RFC3339)), until.Sub(now))
	e.Details = []string{"blocked_until: " + until.UTC().Format(time.RFC3339)}
	return e
}
