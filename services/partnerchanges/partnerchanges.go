// Package partnerchanges moves clients between partners. A client admin asks to move all
// its numbers (a full move: the client itself changes partner) or some of them (a partial
// move into a clone client under the destination). The destination partner approves — in
// the UI, through the API, or automatically — or rejects; the client may cancel until
// then. Approved requests run as a background job, exactly once, immediately or at the
// end of the month as the destination chose.
//
// The states and the only transitions between them:
//
//	created ─approve→ pending ─execute→ completed
//	   │                  └──fail───→ failed (reason; nothing moved)
//	   ├─reject→ rejected (reason)
//	   └─cancel→ cancelled
//
// Every transition is a conditional update on the current status, audited, and written to
// the outbox for both partners in the same transaction (audit.RecordChange).
package partnerchanges

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/partnerchangerequest"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// TermsVersion is the version of the partner-change terms a client must accept.
const TermsVersion = "2026-11"

// Status is a request's state.
type Status = partnerchangerequest.Status

// transitions is the whole state machine: from → the states it may go to.
var transitions = map[Status][]Status{
	partnerchangerequest.StatusCreated: {partnerchangerequest.StatusPending, partnerchangerequest.StatusRejected, partnerchangerequest.StatusCancelled},
	partnerchangerequest.StatusPending: {partnerchangerequest.StatusCompleted, partnerchangerequest.StatusFailed},
}

// Allowed reports whether a request may go from → to.
func Allowed(from, to Status) bool { return slices.Contains(transitions[from], to) }

// Service runs partner change requests.
type Service struct {
	db    *ent.Client
	sql   storage.SQL
	clock clock.Clock
	// EndSessions ends every session of a user in tx (auth.Service.EndUserSessions): client
	// users who move to another partner sign in again, so no token names the old partner.
	EndSessions func(ctx context.Context, tx *ent.Client, userID string) error
}

// New returns the partner change service.
func New(db *ent.Client, d storage.SQL, clk clock.Clock) *Service {
	return &Service{db: db, sql: d, clock: clk}
}

// View is a partner change request as the API shows it. SourcePartnerName and
// TargetPartnerName are the partners' brand names (absent from event data).
type View struct {
	ID                string     `json:"id" example:"8fJ2kLmQ0aPCR"`
	Status            string     `json:"status" enums:"created,pending,completed,failed,rejected,cancelled"`
	IsFullMigration   bool       `json:"is_full_migration"`
	SourcePartnerID   string     `json:"source_partner_id"`
	SourceClientID    string     `json:"source_client_id"`
	TargetPartnerID   string     `json:"target_partner_id"`
	TargetClientID    *string    `json:"target_client_id"`
	ChannelIDs        []string   `json:"channel_ids"`
	Execution         string     `json:"execution" enums:"immediate,end_of_month"`
	ExecuteAfter      *time.Time `json:"execute_after"`
	TermsVersion      string     `json:"terms_version"`
	TermsAcceptedAt   time.Time  `json:"terms_accepted_at"`
	Reason            string     `json:"reason"`
	DecidedAt         *time.Time `json:"decided_at"`
	FinishedAt        *time.Time `json:"finished_at"`
	CreatedAt         time.Time  `json:"created_at"`
	ModifiedAt        time.Time  `json:"modified_at"`
	SourcePartnerName string     `json:"source_partner_name,omitempty"`
	TargetPartnerName string     `json:"target_partner_name,omitempty"`
}

// ViewOf renders r without the partners' names, as events carry it.
func ViewOf(r *ent.PartnerChangeRequest) View {
	v := View{
		ID: r.ID, Status: string(r.Status), IsFullMigration: r.IsFullMigration,
		SourcePartnerID: r.PartnerID, SourceClientID: r.ClientID, TargetPartnerID: r.TargetPartnerID,
		TargetClientID: r.TargetClientID, ChannelIDs: r.ChannelIds, Execution: string(r.Execution),
		ExecuteAfter: utc(r.ExecuteAfter), TermsVersion: r.TermsVersion, TermsAcceptedAt: r.TermsAcceptedAt.UTC(),
		Reason: r.Reason, DecidedAt: utc(r.DecidedAt), FinishedAt: utc(r.FinishedAt),
		CreatedAt: r.CreatedAt.UTC(), ModifiedAt: r.ModifiedAt.UTC(),
	}
	if v.ChannelIDs == nil {
		v.ChannelIDs = []string{}
	}
	return v
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// NewRequest is what a client admin submits.
type NewRequest struct {
	TargetPartnerID string   `json:"target_partner_id" example:"f167CmAbcdPA"`
	ChannelIDs      []string `json:"channel_ids,omitempty"`
	AcceptTerms     bool     `json:"accept_terms"`
	TermsVersion    string   `json:"terms_version" example:"2026-11"`
}

// Create starts a request for clientID and returns it as the API shows it; a destination
// that auto-approves answers it already pending. Only client admins (and platform admins)
// ask. Each refusal has its own code: the destination must exist, be another partner, be
// active and use the same payment processor; the client must have numbers; each selected
// number must belong to the client and be free (not pending deletion, not migrating, not
// in another open request); the current terms must be accepted.
//
// Errors: forbidden, validation_failed, not_found, destination_unknown,
// destination_is_current, destination_inactive, different_billing_system, no_numbers,
// channel_pending_deletion, channel_migrating, channel_in_open_request, invalid_state.
func (s *Service) Create(ctx context.Context, clientID string, in NewRequest) (View, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || (v.Role != tenancy.ClientAdmin && v.Role != tenancy.PlatformAdmin) {
		return View{}, apperr.ErrForbidden.New("Only client admins ask to change partner.")
	}
	var problems []string
	if strings.TrimSpace(in.TargetPartnerID) == "" {
		problems = append(problems, "target_partner_id: required — ask the new partner for its partner id")
	}
	if !in.AcceptTerms {
		problems = append(problems, "accept_terms: the partner-change terms must be accepted")
	}
	if in.TermsVersion != TermsVersion {
		problems = append(problems, fmt.Sprintf("terms_version: must be the current version %s", TermsVersion))
	}
	if len(problems) > 0 {
		return View{}, apperr.Validation(problems...)
	}
	// The destination partner is another tenant: it is read as the system, and only its
	// id, status and billing settings decide anything here.
	sys := tenancy.AsSystem(ctx, tenancy.AcrossTenants)
	var out *ent.PartnerChangeRequest
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		c, err := tx.ClientAccount.Get(ctx, clientID)
		if err != nil {
			return err
		}
		src, err := tx.Partner.Get(ctx, c.PartnerID)
		if err != nil {
			return err
		}
		dst, err := tx.Partner.Get(sys, in.TargetPartnerID)
		switch {
		case ent.IsNotFound(err):
			return ErrDestinationUnknown.New("There is no partner with this id. Check the id with your new partner.")
		case err != nil:
			return err
		case dst.ID == src.ID:
			return ErrDestinationIsCurrent.New("This is already your partner.")
		case dst.Status != partner.StatusActive:
			return ErrDestinationInactive.New("The destination partner is not active and cannot take on clients.")
		case dst.BillingSystem != src.BillingSystem:
			return ErrDifferentBillingSystem.New("Destination partner is using a different payment processor; a partner change between them is not possible.")
		}
		owned, err := tx.Channel.Query().Where(channel.ClientID(c.ID), channel.StatusNEQ(channel.StatusTerminated)).All(ctx)
		if err != nil {
			return err
		}
		if len(owned) == 0 {
			return ErrNoNumbers.New("This client has no numbers to move.")
		}
		selected, full, err := pick(owned, in.ChannelIDs)
		if err != nil {
			return err
		}
		ids := make([]string, len(selected))
		for i, ch := range selected {
			ids[i] = ch.ID
			if err := movable(ch); err != nil {
				return err
			}
		}
		now := s.clock.Now()
		create := tx.PartnerChangeRequest.Create().
			SetPartnerID(src.ID).SetClientID(c.ID).SetTargetPartnerID(dst.ID).
			SetIsFullMigration(full).SetChannelIds(ids).SetTermsVersion(in.TermsVersion).SetTermsAcceptedAt(now)
		if v.UserID != "" {
			create.SetRequestedBy(v.UserID)
		}
		r, err := create.Save(ctx)
		if err != nil {
			return err
		}
		// Hold the numbers: a conditional update, so two requests (or a request and a
		// migration) racing for one number cannot both take it.
		n, err := tx.Channel.Update().Where(channel.IDIn(ids...), channel.LockedByIsNil()).SetLockedBy(r.ID).Save(ctx)
		if err != nil {
			return err
		}
		if n != len(ids) {
			return ErrChannelInOpenRequest.New("A selected number is already part of another open partner change or migration.")
		}
		if err := audit.RecordChange(ctx, tx.Client(), change(r, "partner_change_request.created", events.PartnerChangeCreated, nil, now)); err != nil {
			return err
		}
		if dst.AutoApprove {
			if r, err = s.approve(ctx, tx.Client(), r, dst, "auto_approve", now); err != nil {
				return err
			}
		}
		out = r
		return nil
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.view(ctx, out)
}

// pick returns the requested channels among owned (all of them when ids is empty) and
// whether that is every number of the client.
func pick(owned []*ent.Channel, ids []string) ([]*ent.Channel, bool, error) {
	if len(ids) == 0 {
		return owned, true, nil
	}
	byID := map[string]*ent.Channel{}
	for _, ch := range owned {
		byID[ch.ID] = ch
	}
	var out []*ent.Channel
	var unknown []string
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if ch, ok := byID[id]; ok {
			out = append(out, ch)
		} else {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return nil, false, apperr.Validation("channel_ids: not numbers of this client: " + strings.Join(unknown, ", "))
	}
	return out, len(out) == len(owned), nil
}

// movable refuses numbers that cannot change partner now: a number pending deletion, one
// being migrated (or held by a migration), or one already in another open request.
func movable(ch *ent.Channel) error {
	switch {
	case ch.Status == channel.StatusPendingDeletion:
		return ErrChannelPendingDeletion.Newf("The number %s is pending deletion; reactivate it before changing partner.", ch.PhoneNumber)
	case ch.Status == channel.StatusReadyForMigration || ch.Status == channel.StatusMigrationCodeRequested || ch.Status == channel.StatusMigrating ||
		(ch.LockedBy != nil && !strings.HasSuffix(*ch.LockedBy, "PCR")):
		return ErrChannelMigrating.Newf("The number %s is being migrated; finish or cancel the migration first.", ch.PhoneNumber)
	case ch.LockedBy != nil:
		return ErrChannelInOpenRequest.Newf("The number %s is already part of open partner change request %s.", ch.PhoneNumber, *ch.LockedBy)
	}
	return nil
}

// Approve approves request id as the destination partner partnerID (created → pending)
// and returns it as the API shows it.
//
// Errors: forbidden, not_found, outgoing_request, invalid_state.
func (s *Service) Approve(ctx context.Context, partnerID, id string) (View, error) {
	if err := requireDestinationAdmin(ctx); err != nil {
		return View{}, err
	}
	var out *ent.PartnerChangeRequest
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		r, err := s.incoming(ctx, tx.Client(), partnerID, id)
		if err != nil {
			return err
		}
		// incoming made the viewer the destination partner (or platform staff).
		dst, err := tx.Partner.Get(ctx, r.TargetPartnerID)
		if err != nil {
			return err
		}
		out, err = s.approve(ctx, tx.Client(), r, dst, "", s.clock.Now())
		return err
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.view(ctx, out)
}

func (s *Service) approve(ctx context.Context, tx *ent.Client, r *ent.PartnerChangeRequest, dst *ent.Partner, how string, now time.Time) (*ent.PartnerChangeRequest, error) {
	execution, after := partnerchangerequest.ExecutionImmediate, now
	if dst.PcrExecution == partner.PcrExecutionEndOfMonth {
		execution, after = partnerchangerequest.ExecutionEndOfMonth, clock.StartOfNextMonth(now)
	}
	upd := func(u *ent.PartnerChangeRequestUpdate) {
		u.SetExecution(execution).SetExecuteAfter(after).SetDecidedAt(now)
		if v := tenancy.FromContext(ctx); v != nil && v.UserID != "" && how == "" {
			u.SetDecidedBy(v.UserID)
		}
	}
	out, err := s.transition(ctx, tx, r, partnerchangerequest.StatusPending, upd)
	if err != nil {
		return nil, err
	}
	details := map[string]any{"execution": string(execution), "execute_after": after.UTC().Format(time.RFC3339)}
	if how != "" {
		details["by"] = how
	}
	return out, audit.RecordChange(ctx, tx, change(out, "partner_change_request.approved", events.PartnerChangeApproved, details, now))
}

// Reject rejects request id as the destination partner, with a reason the client sees,
// releases its numbers and returns it as the API shows it.
//
// Errors: forbidden, validation_failed, not_found, outgoing_request, invalid_state.
func (s *Service) Reject(ctx context.Context, partnerID, id, reason string) (View, error) {
	if err := requireDestinationAdmin(ctx); err != nil {
		return View{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 1000 {
		return View{}, apperr.Validation("reason: required, at most 1000 characters — the client sees it")
	}
	var out *ent.PartnerChangeRequest
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		r, err := s.incoming(ctx, tx.Client(), partnerID, id)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if out, err = s.transition(ctx, tx.Client(), r, partnerchangerequest.StatusRejected, func(u *ent.PartnerChangeRequestUpdate) {
			u.SetReason(reason).SetDecidedAt(now).SetFinishedAt(now)
			if v := tenancy.FromContext(ctx); v.UserID != "" {
				u.SetDecidedBy(v.UserID)
			}
		}); err != nil {
			return err
		}
		if err := s.release(ctx, tx.Client(), out); err != nil {
			return err
		}
		return audit.RecordChange(ctx, tx.Client(), change(out, "partner_change_request.rejected", events.PartnerChangeRejected, map[string]any{"reason": reason}, now))
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.view(ctx, out)
}

// Cancel withdraws request id of clientID (client admins, while it awaits the
// destination), releases its numbers and returns it as the API shows it.
//
// Errors: forbidden, not_found, invalid_state.
func (s *Service) Cancel(ctx context.Context, clientID, id string) (View, error) {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.ClientAdmin && v.Role != tenancy.PlatformAdmin) {
		return View{}, apperr.ErrForbidden.New("Only client admins cancel a partner change.")
	}
	return s.cancel(ctx, func(q *ent.PartnerChangeRequestQuery) { q.Where(partnerchangerequest.ClientID(clientID)) }, id, "")
}

// CancelAsOperator withdraws any request that awaits its destination, with an optional
// reason, and returns it as the API shows it. Platform admins only.
//
// Errors: forbidden, not_found, invalid_state.
func (s *Service) CancelAsOperator(ctx context.Context, id, reason string) (View, error) {
	if v := tenancy.FromContext(ctx); v == nil || v.Role != tenancy.PlatformAdmin {
		return View{}, apperr.ErrForbidden.New("Only platform admins cancel requests of others.")
	}
	return s.cancel(ctx, func(*ent.PartnerChangeRequestQuery) {}, id, strings.TrimSpace(reason))
}

func (s *Service) cancel(ctx context.Context, narrow func(*ent.PartnerChangeRequestQuery), id, reason string) (View, error) {
	var out *ent.PartnerChangeRequest
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		q := tx.PartnerChangeRequest.Query().Where(partnerchangerequest.ID(id))
		narrow(q)
		r, err := q.Only(ctx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if out, err = s.transition(ctx, tx.Client(), r, partnerchangerequest.StatusCancelled, func(u *ent.PartnerChangeRequestUpdate) {
			u.SetFinishedAt(now)
			if reason != "" {
				u.SetReason(reason)
			}
		}); err != nil {
			return err
		}
		if err := s.release(ctx, tx.Client(), out); err != nil {
			return err
		}
		return audit.RecordChange(ctx, tx.Client(), change(out, "partner_change_request.cancelled", events.PartnerChangeCancelled, nil, now))
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.view(ctx, out)
}

// transition moves r to `to` with a conditional update on r's current status; a request
// in any other state is a 409 naming that state.
func (s *Service) transition(ctx context.Context, tx *ent.Client, r *ent.PartnerChangeRequest, to Status, set func(*ent.PartnerChangeRequestUpdate)) (*ent.PartnerChangeRequest, error) {
	if !Allowed(r.Status, to) {
		return nil, notNow(r.Status, to)
	}
	// The request is seen by both partners, and either side (or the background job)
	// moves it; the conditional update below decides, as the system.
	sys := tenancy.AsSystem(ctx, tenancy.AcrossTenants)
	u := tx.PartnerChangeRequest.Update().Where(partnerchangerequest.ID(r.ID), partnerchangerequest.StatusEQ(r.Status)).SetStatus(to)
	if set != nil {
		set(u)
	}
	n, err := u.Save(sys)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		cur, err := tx.PartnerChangeRequest.Get(sys, r.ID)
		if err != nil {
			return nil, err
		}
		return nil, notNow(cur.Status, to)
	}
	return tx.PartnerChangeRequest.Get(sys, r.ID)
}

var verbs = map[Status]string{
	partnerchangerequest.StatusPending: "approved", partnerchangerequest.StatusRejected: "rejected",
	partnerchangerequest.StatusCancelled: "cancelled", partnerchangerequest.StatusCompleted: "executed",
	partnerchangerequest.StatusFailed: "executed",
}

func notNow(cur, to Status) error {
	e := apperr.ErrInvalidState.Newf(
		"This partner change request is %s and can no longer be %s.", cur, verbs[to])
	if cur == partnerchangerequest.StatusCreated {
		e.Message = fmt.Sprintf("This partner change request is %s and cannot be %s yet.", cur, verbs[to])
	}
	e.Details = []string{"status: " + string(cur)}
	return e
}

// release frees the numbers r held.
func (s *Service) release(ctx context.Context, tx *ent.Client, r *ent.PartnerChangeRequest) error {
	// The numbers belong to the source client, and the destination partner's decision
	// frees them too: written as the system.
	_, err := tx.Channel.Update().Where(channel.LockedBy(r.ID)).ClearLockedBy().Save(tenancy.AsSystem(ctx, tenancy.AcrossTenants))
	return err
}

// incoming reads request id addressed to partnerID; outgoing requests are read-only for
// their source partner, so acting on one is a 403, and anybody else's a 404.
func (s *Service) incoming(ctx context.Context, tx *ent.Client, partnerID, id string) (*ent.PartnerChangeRequest, error) {
	r, err := tx.PartnerChangeRequest.Query().Where(partnerchangerequest.ID(id),
		partnerchangerequest.Or(partnerchangerequest.TargetPartnerID(partnerID), partnerchangerequest.PartnerID(partnerID))).Only(ctx)
	if err != nil {
		return nil, err
	}
	// The caller's own partner decides, not the path's: the route guard already makes them
	// the same, and this keeps the rule true for any other caller of the service.
	v := tenancy.FromContext(ctx)
	if r.TargetPartnerID != partnerID || (v != nil && !v.IsSystem() && !v.Role.IsPlatform() && v.PartnerID != r.TargetPartnerID) {
		return nil, ErrOutgoingRequest.New("Only the destination partner decides on a partner change request; the current partner sees it read-only.")
	}
	return r, nil
}

func requireDestinationAdmin(ctx context.Context) error {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.PartnerAdmin && v.Role != tenancy.PlatformAdmin) {
		return apperr.ErrForbidden.New("Only partner admins approve or reject partner change requests.")
	}
	return nil
}

// change is a transition of r as audit.RecordChange writes it: an audit row for each
// partner (the source with its client, the destination with the target client, if any)
// and the event to both partners, not to a client.
func change(r *ent.PartnerChangeRequest, action, event string, details map[string]any, at time.Time) audit.Change {
	return audit.Change{Action: action, Event: event, ObjectType: "partner_change_request", ObjectID: r.ID,
		Sides:         []audit.Side{{PartnerID: r.PartnerID, ClientID: &r.ClientID}, {PartnerID: r.TargetPartnerID, ClientID: r.TargetClientID}},
		PartnerEvents: true, View: ViewOf(r), Details: details, At: at}
}

// Scope is which requests a list shows.
type Scope struct {
	PartnerID string // requests from or to this partner
	ClientID  string // requests of this client
}

// ListSpec is what request lists sort and filter on: q (free text over the request,
// client and partner ids), id, status, created_at, is_full_migration and the source and
// target client and partner ids.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"created_at": {Column: partnerchangerequest.FieldCreatedAt}, "modified_at": {Column: partnerchangerequest.FieldModifiedAt},
		"status": {Column: partnerchangerequest.FieldStatus},
	},
	Filterable: map[string]listquery.Field{
		"id": {Column: partnerchangerequest.FieldID}, "status": {Column: partnerchangerequest.FieldStatus},
		"created_at": {Column: partnerchangerequest.FieldCreatedAt}, "is_full_migration": {Column: partnerchangerequest.FieldIsFullMigration},
		"source_partner_id": {Column: partnerchangerequest.FieldPartnerID}, "target_partner_id": {Column: partnerchangerequest.FieldTargetPartnerID},
		"source_client_id": {Column: partnerchangerequest.FieldClientID}, "target_client_id": {Column: partnerchangerequest.FieldTargetClientID},
		"q": {Predicate: searchQ},
	},
	DefaultSort: "-created_at",
}

// searchQ matches the free-text q against request, client and partner ids.
func searchQ(value any) func(*sql.Selector) {
	q, _ := value.(string)
	return func(s *sql.Selector) {
		like := "%" + q + "%"
		s.Where(sql.Or(
			sql.Like(s.C(partnerchangerequest.FieldID), like),
			sql.Like(s.C(partnerchangerequest.FieldClientID), like),
			sql.Like(s.C(partnerchangerequest.FieldTargetClientID), like),
			sql.Like(s.C(partnerchangerequest.FieldPartnerID), like),
			sql.Like(s.C(partnerchangerequest.FieldTargetPartnerID), like),
		))
	}
}

// List returns a page of the requests sc names, as the API shows them, and the total; a
// scope naming a client or partner the viewer cannot see is a 404.
//
// Errors: not_found.
func (s *Service) List(ctx context.Context, sc Scope, q *listquery.Query) ([]View, int, error) {
	query := s.db.PartnerChangeRequest.Query()
	switch {
	case sc.ClientID != "":
		if _, err := s.db.ClientAccount.Get(ctx, sc.ClientID); err != nil {
			return nil, 0, apperr.From(err)
		}
		query.Where(partnerchangerequest.ClientID(sc.ClientID))
	case sc.PartnerID != "":
		if _, err := s.db.Partner.Get(ctx, sc.PartnerID); err != nil {
			return nil, 0, apperr.From(err)
		}
		query.Where(partnerchangerequest.Or(partnerchangerequest.PartnerID(sc.PartnerID), partnerchangerequest.TargetPartnerID(sc.PartnerID)))
	}
	rows, total, err := listquery.Page(ctx, query, q)
	if err != nil {
		return nil, 0, err
	}
	views, err := s.views(ctx, rows)
	return views, total, apperr.From(err)
}

// Get returns request id as sc sees it, as the API shows it.
//
// Errors: not_found.
func (s *Service) Get(ctx context.Context, sc Scope, id string) (View, error) {
	query := s.db.PartnerChangeRequest.Query().Where(partnerchangerequest.ID(id))
	if sc.ClientID != "" {
		query.Where(partnerchangerequest.ClientID(sc.ClientID))
	}
	if sc.PartnerID != "" {
		query.Where(partnerchangerequest.Or(partnerchangerequest.PartnerID(sc.PartnerID), partnerchangerequest.TargetPartnerID(sc.PartnerID)))
	}
	r, err := query.Only(ctx)
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.view(ctx, r)
}

// view renders r as the API shows it, with both partners' brand names.
func (s *Service) view(ctx context.Context, r *ent.PartnerChangeRequest) (View, error) {
	views, err := s.views(ctx, []*ent.PartnerChangeRequest{r})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return views[0], nil
}

// views renders rows with both partners' brand names.
func (s *Service) views(ctx context.Context, rows []*ent.PartnerChangeRequest) ([]View, error) {
	ids := map[string]bool{}
	for _, r := range rows {
		ids[r.PartnerID], ids[r.TargetPartnerID] = true, true
	}
	names := map[string]string{}
	if len(ids) > 0 {
		list := make([]string, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		// Read as the system: each side sees the brand name of the other partner (a client
		// sees the name of the partner it is moving to), and nothing else of it.
		ps, err := s.db.Partner.Query().Where(partner.IDIn(list...)).Select(partner.FieldID, partner.FieldBrandName).All(tenancy.AsSystem(ctx, tenancy.AcrossTenants))
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			names[p.ID] = p.BrandName
		}
	}
	out := make([]View, len(rows))
	for i, r := range rows {
		out[i] = ViewOf(r)
		out[i].SourcePartnerName, out[i].TargetPartnerName = names[r.PartnerID], names[r.TargetPartnerID]
	}
	return out, nil
}
