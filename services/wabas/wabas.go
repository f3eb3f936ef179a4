// Package wabas manages WhatsApp Business Accounts and their number limits:
// 25 numbers per WABA, 120 after an operator approves a limit-raise request, at most 2
// while the business is not verified; a client's max_channels applies as well.
package wabas

import (
	"context"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/limitraiserequest"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Number limits of a WABA.
const (
	DefaultLimit    = 25
	RaisedLimit     = 120
	UnverifiedLimit = 2
)

// Service manages WABAs.
type Service struct {
	db    *ent.Client
	clock clock.Clock
}

// New returns the WABA service.
func New(db *ent.Client, clk clock.Clock) *Service { return &Service{db: db, clock: clk} }

// View is a WABA as the API shows it (waba_account).
type View struct {
	ID              string    `json:"id" example:"DWLgd6WA"`
	ExternalID      *string   `json:"external_id"`
	Name            string    `json:"name"`
	Namespace       string    `json:"namespace"`
	ClientID        string    `json:"client_id"`
	PartnerID       string    `json:"partner_id"`
	FBAccountStatus string    `json:"fb_account_status"`
	Currency        string    `json:"currency"`
	Timezone        string    `json:"timezone"`
	NumberLimit     int       `json:"number_limit"`
	EffectiveLimit  int       `json:"effective_limit"`
	NumberCount     int       `json:"number_count"`
	CreatedAt       time.Time `json:"created_at"`
}

// EffectiveLimit is how many numbers w may hold now.
func EffectiveLimit(w *ent.WABA) int {
	if w.FbAccountStatus != waba.FbAccountStatusVerified {
		return min(w.NumberLimit, UnverifiedLimit)
	}
	return w.NumberLimit
}

// List returns the WABAs of client clientID with their number counts. The client must be
// visible to the viewer and, when partnerID is given, belong to that partner (404
// otherwise).
//
// Errors: not_found.
func (s *Service) List(ctx context.Context, partnerID, clientID string) ([]View, error) {
	cq := s.db.ClientAccount.Query().Where(clientaccount.ID(clientID))
	if partnerID != "" {
		cq.Where(clientaccount.PartnerID(partnerID))
	}
	c, err := cq.Only(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	ws, err := s.db.WABA.Query().Where(waba.PartnerID(c.PartnerID), waba.ClientID(c.ID)).Order(ent.Asc(waba.FieldCreatedAt)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := make([]View, len(ws))
	for i, w := range ws {
		n, err := s.db.Channel.Query().Where(channel.WabaID(w.ID), channel.StatusNEQ(channel.StatusTerminated)).Count(ctx)
		if err != nil {
			return nil, apperr.From(err)
		}
		out[i] = View{ID: w.ID, ExternalID: w.ExternalID, Name: w.Name, Namespace: w.Namespace, ClientID: w.ClientID,
			PartnerID: w.PartnerID, FBAccountStatus: string(w.FbAccountStatus), Currency: w.Currency, Timezone: w.Timezone,
			NumberLimit: w.NumberLimit, EffectiveLimit: EffectiveLimit(w), NumberCount: n, CreatedAt: w.CreatedAt.UTC()}
	}
	return out, nil
}

// CheckRoom refuses (409) adding one more number to w of client c when a limit is reached.
//
// Errors: waba_unverified_limit, waba_number_limit, client_max_channels.
func CheckRoom(ctx context.Context, tx *ent.Client, w *ent.WABA, c *ent.ClientAccount) error {
	inWABA, err := tx.Channel.Query().Where(channel.WabaID(w.ID), channel.StatusNEQ(channel.StatusTerminated)).Count(ctx)
	if err != nil {
		return err
	}
	if limit := EffectiveLimit(w); inWABA >= limit {
		if w.FbAccountStatus != waba.FbAccountStatusVerified && limit == UnverifiedLimit {
			return ErrUnverifiedLimit.Newf(
				"This WABA already holds %d numbers, the most a business that is not verified may have. Complete Meta business verification first.", inWABA)
		}
		return ErrNumberLimit.Newf(
			"This WABA already holds %d numbers, its limit. Use another WABA or request a limit raise to %d.", inWABA, RaisedLimit)
	}
	inClient, err := tx.Channel.Query().Where(channel.ClientID(c.ID), channel.StatusNEQ(channel.StatusTerminated)).Count(ctx)
	if err != nil {
		return err
	}
	if inClient >= c.MaxChannels {
		return ErrClientMaxChannels.Newf(
			"The client already has %d numbers, its max_channels. Ask the partner to raise max_channels.", inClient)
	}
	return nil
}

// LimitRaiseView is a limit-raise request as the API shows it.
type LimitRaiseView struct {
	ID             string     `json:"id"`
	PartnerID      string     `json:"partner_id"`
	ClientID       string     `json:"client_id"`
	WABAID         string     `json:"waba_id"`
	RequestedLimit int        `json:"requested_limit"`
	Reason         string     `json:"reason"`
	Status         string     `json:"status" enums:"pending,approved,rejected"`
	DecisionNote   string     `json:"decision_note"`
	CreatedAt      time.Time  `json:"created_at"`
	DecidedAt      *time.Time `json:"decided_at"`
}

// LimitRaiseViewOf renders r.
func LimitRaiseViewOf(r *ent.LimitRaiseRequest) LimitRaiseView {
	v := LimitRaiseView{ID: r.ID, PartnerID: r.PartnerID, ClientID: r.ClientID, WABAID: r.WabaID, RequestedLimit: r.RequestedLimit,
		Reason: r.Reason, Status: string(r.Status), DecisionNote: r.DecisionNote, CreatedAt: r.CreatedAt.UTC()}
	if r.DecidedAt != nil {
		t := r.DecidedAt.UTC()
		v.DecidedAt = &t
	}
	return v
}

// RequestLimitRaise asks operators to raise wabaID's limit to 120. Only partner admins
// (and their full-scope API keys) and platform admins may: the rule is here, not only in
// the route table, so that every way in keeps it. It returns the new request.
//
// Errors: forbidden, validation_failed, not_found, limit_already_raised, limit_raise_pending.
func (s *Service) RequestLimitRaise(ctx context.Context, partnerID, clientID, wabaID, reason string) (LimitRaiseView, error) {
	if v := tenancy.FromContext(ctx); !v.IsSystem() && (v == nil || (v.Role != tenancy.PartnerAdmin && v.Role != tenancy.PlatformAdmin)) {
		return LimitRaiseView{}, apperr.ErrForbidden.New("Only partner admins and platform admins may request a limit raise.")
	}
	if len(reason) > 1000 {
		return LimitRaiseView{}, apperr.Validation("reason: must be at most 1000 characters")
	}
	var out *ent.LimitRaiseRequest
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		w, err := tx.WABA.Query().Where(waba.ID(wabaID), waba.PartnerID(partnerID), waba.ClientID(clientID)).Only(ctx)
		if err != nil {
			return err
		}
		if w.NumberLimit >= RaisedLimit {
			return ErrLimitAlreadyRaised.Newf("This WABA's limit is already %d.", w.NumberLimit)
		}
		pending, err := tx.LimitRaiseRequest.Query().Where(limitraiserequest.WabaID(w.ID), limitraiserequest.StatusEQ(limitraiserequest.StatusPending)).Exist(ctx)
		if err != nil {
			return err
		}
		if pending {
			return ErrLimitRaisePending.New("A limit-raise request for this WABA is already waiting for an operator.")
		}
		c := tx.LimitRaiseRequest.Create().SetPartnerID(w.PartnerID).SetClientID(w.ClientID).SetWabaID(w.ID).
			SetRequestedLimit(RaisedLimit).SetReason(reason)
		if v := tenancy.FromContext(ctx); v != nil && v.UserID != "" {
			c.SetRequestedBy(v.UserID)
		}
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: "waba.limit_raise_requested", ObjectType: "waba", ObjectID: w.ID,
			PartnerID: &w.PartnerID, ClientID: &w.ClientID, Details: map[string]any{"request_id": out.ID}, At: s.clock.Now()})
	})
	if err != nil {
		return LimitRaiseView{}, apperr.From(err)
	}
	return LimitRaiseViewOf(out), nil
}

// LimitRaiseSpec is what the operators' request list filters and sorts on.
var LimitRaiseSpec = listquery.Spec{
	Sortable:    map[string]listquery.Field{"created_at": {Column: limitraiserequest.FieldCreatedAt}},
	Filterable:  map[string]listquery.Field{"status": {Column: limitraiserequest.FieldStatus}, "partner_id": {Column: limitraiserequest.FieldPartnerID}},
	DefaultSort: "-created_at",
}

// ListLimitRaises returns a page of limit-raise requests visible to the viewer and the
// total.
func (s *Service) ListLimitRaises(ctx context.Context, q *listquery.Query) ([]LimitRaiseView, int, error) {
	items, total, err := listquery.Page(ctx, s.db.LimitRaiseRequest.Query(), q)
	if err != nil {
		return nil, 0, err
	}
	views := make([]LimitRaiseView, len(items))
	for i, r := range items {
		views[i] = LimitRaiseViewOf(r)
	}
	return views, total, nil
}

// DecideLimitRaise approves (raising the WABA to 120) or rejects a pending request.
// Platform admins only. It returns the decided request.
//
// Errors: forbidden, validation_failed, not_found, already_decided.
func (s *Service) DecideLimitRaise(ctx context.Context, id string, approve bool, note string) (LimitRaiseView, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || v.Role != tenancy.PlatformAdmin {
		return LimitRaiseView{}, apperr.ErrForbidden.New("Only platform admins decide limit raises.")
	}
	if len(note) > 1000 {
		return LimitRaiseView{}, apperr.Validation("note: must be at most 1000 characters")
	}
	var out *ent.LimitRaiseRequest
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		r, err := tx.LimitRaiseRequest.Get(ctx, id)
		if err != nil {
			return err
		}
		if r.Status != limitraiserequest.StatusPending {
			return ErrAlreadyDecided.Newf("This request was already %s.", r.Status)
		}
		now := s.clock.Now()
		status, action := limitraiserequest.StatusRejected, "waba.limit_raise_rejected"
		if approve {
			status, action = limitraiserequest.StatusApproved, "waba.limit_raise_approved"
			if err := tx.WABA.UpdateOneID(r.WabaID).SetNumberLimit(r.RequestedLimit).Exec(ctx); err != nil {
				return err
			}
			if err := events.Emit(ctx, tx.Client(), events.Event{Name: events.WABALimitRaised, PartnerID: r.PartnerID, ClientID: &r.ClientID,
				ObjectType: "waba", ObjectID: r.WabaID, Data: map[string]any{"id": r.WabaID, "number_limit": r.RequestedLimit}, At: now}); err != nil {
				return err
			}
		}
		if out, err = tx.LimitRaiseRequest.UpdateOne(r).SetStatus(status).SetDecidedBy(v.UserID).SetDecidedAt(now).
			SetDecisionNote(note).Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx.Client(), audit.Entry{Action: action, ObjectType: "waba", ObjectID: r.WabaID,
			PartnerID: &r.PartnerID, ClientID: &r.ClientID, Details: map[string]any{"request_id": r.ID, "note": note}, At: now})
	})
	if err != nil {
		return LimitRaiseView{}, apperr.From(err)
	}
	return LimitRaiseViewOf(out), nil
}
