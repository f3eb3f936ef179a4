// Package numbermigrations brings phone numbers into a client's WABA: port_in (from
// another BSP or from Meta, with an OTP to the number), waba_move (to another WABA of the
// same client, with an OTP) and hosting_change (on-premise → cloud, no OTP, completed by a
// background sweep). Every migration is checked up front, counts against the number's
// registration limit, follows one explicit status machine (lifecycle.go), holds the
// number's channel (channel.locked_by) while it is open, and expires 24 hours after it
// was started if it has not finished.
package numbermigrations

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/numbermigration"
	"github.com/partnerhub/partnerhub/ent/otpchallenge"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// TTL is how long a migration may stay unfinished: 24 hours after it was started it
// expires and releases its number. Long enough to fetch a code by SMS or voice a few
// times (each code lives 10 minutes), short enough that an abandoned migration does not
// hold a number for days.
const TTL = 24 * time.Hour

// otpPurpose names migration codes in the OTP service.
const otpPurpose = "migration"

// Kinds of migration.
const (
	PortIn        = numbermigration.KindPortIn
	WABAMove      = numbermigration.KindWabaMove
	HostingChange = numbermigration.KindHostingChange
)

// Service runs number migrations.
type Service struct {
	db           *ent.Client
	sql          storage.SQL
	clock        clock.Clock
	otp          *otp.Service
	provider     provider.Provider
	registration *registration.Service
	channels     *channels.Service
}

// New returns the migrations service; d is the store's SQL (its dialect's row locks).
func New(db *ent.Client, d storage.SQL, clk clock.Clock, o *otp.Service, p provider.Provider, reg *registration.Service, ch *channels.Service) *Service {
	return &Service{db: db, sql: d, clock: clk, otp: o, provider: p, registration: reg, channels: ch}
}

// Scope narrows lookups to the partner and client a path names; empty fields do not narrow.
type Scope = scope.Scope

func where(sc Scope) []predicate.NumberMigration {
	var ps []predicate.NumberMigration
	if sc.PartnerID != "" {
		ps = append(ps, numbermigration.PartnerID(sc.PartnerID))
	}
	if sc.ClientID != "" {
		ps = append(ps, numbermigration.ClientID(sc.ClientID))
	}
	return ps
}

// View is a migration as the API shows it and as migration events carry it.
type View struct {
	ID              string       `json:"id" example:"a1B2c3D4e5MG"`
	Kind            string       `json:"kind" enums:"port_in,waba_move,hosting_change"`
	Status          string       `json:"status" enums:"created,otp_requested,completed,failed,cancelled,expired"`
	PhoneNumber     string       `json:"phone_number" example:"+4915112345678"`
	ClientID        string       `json:"client_id"`
	PartnerID       string       `json:"partner_id"`
	TargetWABAID    string       `json:"target_waba_id"`
	SourceWABAID    *string      `json:"source_waba_id"`
	SourceChannelID *string      `json:"source_channel_id"`
	ChannelID       *string      `json:"channel_id"`
	DisplayName     string       `json:"display_name"`
	TwoStepDisabled bool         `json:"two_step_disabled"`
	OTPMethod       *string      `json:"otp_method" enums:"sms,voice"`
	Reason          string       `json:"reason"`
	CarriedOver     *CarriedOver `json:"carried_over"`
	RequestedBy     *string      `json:"requested_by"`
	ExpiresAt       time.Time    `json:"expires_at"`
	CreatedAt       time.Time    `json:"created_at"`
	ModifiedAt      time.Time    `json:"modified_at"`
	FinishedAt      *time.Time   `json:"finished_at"`
	// OTP describes the code waiting to be entered; only on single-migration answers
	// while the status is otp_requested.
	OTP *OTPInfo `json:"otp,omitempty"`
}

// OTPInfo is the code a migration waits for.
type OTPInfo struct {
	ID           string    `json:"id"`
	Method       string    `json:"method" enums:"sms,voice"`
	Status       string    `json:"status" enums:"pending,verified,failed,expired,superseded"`
	ExpiresAt    time.Time `json:"expires_at"`
	ResendAt     time.Time `json:"resend_at"`
	AttemptsLeft int       `json:"attempts_left"`
}

// CarriedOver records what a completed migration moved: the number's display name,
// quality rating and messaging limit, its hosting, and which templates were copied.
type CarriedOver struct {
	DisplayName    string `json:"display_name"`
	QualityRating  string `json:"quality_rating" enums:"GREEN,YELLOW,RED,UNKNOWN"`
	MessagingLimit string `json:"messaging_limit" example:"TIER_1K"`
	// HostingType is the number's hosting after the migration; PreviousHostingType before.
	HostingType         string `json:"hosting_type,omitempty" enums:"cloud,on_premise"`
	PreviousHostingType string `json:"previous_hosting_type,omitempty" enums:"cloud,on_premise"`
	// APIKeysRevoked counts the channel keys a hosting change made invalid.
	APIKeysRevoked     int               `json:"api_keys_revoked"`
	TemplatesCopied    []TemplateOutcome `json:"templates_copied"`
	TemplatesNotCopied []TemplateOutcome `json:"templates_not_copied"`
}

// TemplateOutcome is one source template and what became of it.
type TemplateOutcome struct {
	Name         string `json:"name"`
	Language     string `json:"language"`
	Status       string `json:"status" example:"approved"`
	QualityScore string `json:"quality_score" example:"GREEN"`
	// TemplateID is the copy in the target WABA (copied templates only).
	TemplateID string `json:"template_id,omitempty"`
	// Reason says why a template was not copied.
	Reason string `json:"reason,omitempty"`
}

// ViewOf renders m.
func ViewOf(m *ent.NumberMigration) View {
	v := View{
		ID: m.ID, Kind: string(m.Kind), Status: string(m.Status), PhoneNumber: m.PhoneNumber, ClientID: m.ClientID,
		PartnerID: m.PartnerID, TargetWABAID: m.TargetWabaID, SourceWABAID: m.SourceWabaID, SourceChannelID: m.SourceChannelID,
		ChannelID: m.ChannelID, DisplayName: m.DisplayName, TwoStepDisabled: m.TwoStepDisabledConfirmed, Reason: m.Reason,
		RequestedBy: m.RequestedBy, ExpiresAt: m.ExpiresAt.UTC(), CreatedAt: m.CreatedAt.UTC(), ModifiedAt: m.ModifiedAt.UTC(),
	}
	if m.OtpMethod != nil {
		method := string(*m.OtpMethod)
		v.OTPMethod = &method
	}
	if m.FinishedAt != nil {
		t := m.FinishedAt.UTC()
		v.FinishedAt = &t
	}
	if len(m.CarriedOver) > 0 {
		var co CarriedOver
		if roundTrip(m.CarriedOver, &co) == nil {
			v.CarriedOver = &co
		}
	}
	return v
}

// ListSpec is what migration lists sort and filter on. created_at filters take a UTC
// date ("2026-03-27": that day) or an RFC 3339 instant (exactly then); created_at.from
// (inclusive) and created_at.to (exclusive) bound a range with either form.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"created_at": {Column: numbermigration.FieldCreatedAt}, "modified_at": {Column: numbermigration.FieldModifiedAt},
		"status": {Column: numbermigration.FieldStatus}, "phone_number": {Column: numbermigration.FieldPhoneNumber},
		"expires_at": {Column: numbermigration.FieldExpiresAt},
	},
	Filterable: map[string]listquery.Field{
		"id": {Column: numbermigration.FieldID}, "status": {Column: numbermigration.FieldStatus},
		"kind": {Column: numbermigration.FieldKind}, "phone_number": {Column: numbermigration.FieldPhoneNumber},
		"client_id": {Column: numbermigration.FieldClientID}, "partner_id": {Column: numbermigration.FieldPartnerID},
		"target_waba_id": {Column: numbermigration.FieldTargetWabaID}, "channel_id": {Column: numbermigration.FieldChannelID},
		"source_channel_id": {Column: numbermigration.FieldSourceChannelID},
		"created_at":        {Predicate: createdAtFilter("")},
		"created_at.from":   {Predicate: createdAtFilter("from")},
		"created_at.to":     {Predicate: createdAtFilter("to")},
	},
	DefaultSort: "-created_at",
}

var timeFilters = []string{"created_at", "created_at.from", "created_at.to"}

// parseInstant reads a filter value: a date (its first instant, and the day's length) or
// an RFC 3339 instant (a zero length).
func parseInstant(v any) (time.Time, time.Duration, bool) {
	s, _ := v.(string)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.UTC(), 24 * time.Hour, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), 0, true
	}
	return time.Time{}, 0, false
}

func createdAtFilter(bound string) func(any) func(*sql.Selector) {
	return func(v any) func(*sql.Selector) {
		t, span, ok := parseInstant(v)
		switch {
		case !ok:
			return func(s *sql.Selector) { s.Where(sql.False()) } // refused by checkFilters first
		case bound == "from":
			return sql.FieldGTE(numbermigration.FieldCreatedAt, t)
		case bound == "to":
			return sql.FieldLT(numbermigration.FieldCreatedAt, t)
		case span == 0:
			return sql.FieldEQ(numbermigration.FieldCreatedAt, t)
		}
		return sql.AndPredicates(sql.FieldGTE(numbermigration.FieldCreatedAt, t), sql.FieldLT(numbermigration.FieldCreatedAt, t.Add(span)))
	}
}

// checkFilters refuses time filters that are not dates or instants (listquery checks only
// that a filter is known).
func checkFilters(q *listquery.Query) error {
	var details []string
	for _, name := range timeFilters {
		if v, ok := q.Filters[name]; ok {
			if _, _, ok := parseInstant(v); !ok {
				details = append(details, fmt.Sprintf("filters: %s: must be a date (2026-03-27) or an RFC 3339 time (2026-03-27T12:00:00Z)", name))
			}
		}
	}
	if len(details) > 0 {
		e := listquery.ErrInvalidListQuery.New("The list query is invalid.")
		e.Details = details
		return e
	}
	return nil
}

// List returns a page of the migrations in scope (all tenants for operators with an
// empty scope), as the API shows them, and the total. A created_at filter that is neither
// a date nor an RFC 3339 time is refused; a scope naming a partner or client the viewer
// cannot see is a 404.
//
// Errors: invalid_list_query, not_found.
func (s *Service) List(ctx context.Context, sc Scope, q *listquery.Query) ([]View, int, error) {
	if err := checkFilters(q); err != nil {
		return nil, 0, err
	}
	if err := sc.Check(ctx, s.db); err != nil {
		return nil, 0, err
	}
	items, total, err := listquery.Page(ctx, s.db.NumberMigration.Query().Where(where(sc)...), q)
	if err != nil {
		return nil, 0, err
	}
	views := make([]View, len(items))
	for i, m := range items {
		views[i] = ViewOf(m)
	}
	return views, total, nil
}

// Get returns migration id within scope, as the API shows it, with its pending code when
// it waits for one.
//
// Errors: not_found.
func (s *Service) Get(ctx context.Context, sc Scope, id string) (View, error) {
	m, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return View{}, err
	}
	return s.detailed(ctx, m)
}

func (s *Service) get(ctx context.Context, db *ent.Client, sc Scope, id string) (*ent.NumberMigration, error) {
	m, err := db.NumberMigration.Query().Where(append(where(sc), numbermigration.ID(id))...).Only(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	return m, nil
}

// lock reads migration id inside transaction tx and, on PostgreSQL, locks its row until
// tx ends, so that changes of one migration (a user's and a sweep's, two sweeps') run one
// after the other and each sees the other's outcome. SQLite transactions are serial anyway.
func (s *Service) lock(ctx context.Context, tx *ent.Client, sc Scope, id string) (*ent.NumberMigration, error) {
	q := tx.NumberMigration.Query().Where(append(where(sc), numbermigration.ID(id))...)
	q = storage.LockRows(s.sql, q)
	m, err := q.Only(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	return m, nil
}

// detailed renders m with its current code, if it waits for one.
func (s *Service) detailed(ctx context.Context, m *ent.NumberMigration) (View, error) {
	v := ViewOf(m)
	if m.Status != numbermigration.StatusOtpRequested || m.OtpChallengeID == nil {
		return v, nil
	}
	// The code belongs to the migration's tenant, so whoever reads m may read it.
	c, err := s.db.OTPChallenge.Query().Where(otpchallenge.ID(*m.OtpChallengeID)).Only(ctx)
	if err != nil {
		return v, apperr.From(err)
	}
	v.OTP = &OTPInfo{ID: c.ID, Method: string(c.Method), Status: string(c.Status), ExpiresAt: c.ExpiresAt.UTC(),
		ResendAt: c.ResendAt.UTC(), AttemptsLeft: max(c.MaxAttempts-c.Attempts, 0)}
	return v, nil
}

// mayWrite refuses support agents (read-only staff) and anybody without a viewer; the
// privacy rules decide which migrations the others reach.
func mayWrite(ctx context.Context) error {
	v := tenancy.FromContext(ctx)
	if v == nil || v.Role == tenancy.SupportAgent {
		return apperr.ErrForbidden.New("Your role may not start or change number migrations.")
	}
	return nil
}

func roundTrip(in any, out any) error {
	raw, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}
