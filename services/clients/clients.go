// Package clients manages a partner's client organisations: the Partner API list, read
// and PATCH (partner_payload, max_channels). Partners that host their own Embedded Signup
// create clients through services/accountsharing.
package clients

import (
	"context"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
	"github.com/partnerhub/partnerhub/services/validate"
)

// Service manages clients.
type Service struct {
	db    *ent.Client
	clock clock.Clock
}

// New returns the clients service.
func New(db *ent.Client, clk clock.Clock) *Service { return &Service{db: db, clock: clk} }

// View is a client as the Partner API shows it (an item of clients).
type View struct {
	ID             string                    `json:"id" example:"3CpBg3xvCL"`
	Name           string                    `json:"name"`
	Organisation   string                    `json:"organisation"`
	Status         string                    `json:"status" enums:"active,inactive,suspended"`
	PartnerID      string                    `json:"partner_id"`
	PartnerPayload string                    `json:"partner_payload"`
	MaxChannels    int                       `json:"max_channels"`
	Plan           string                    `json:"plan" enums:"basic,regular,premium"`
	ChannelCount   int                       `json:"channel_count"`
	ContactInfo    fieldtype.ContactInfo     `json:"contact_info"`
	ContactUser    fieldtype.ContactUser     `json:"contact_user"`
	MetaInfo       fieldtype.MetaInfo        `json:"meta_info"`
	PointOfContact *fieldtype.PointOfContact `json:"point_of_contact"`
	Suspicious     bool                      `json:"suspicious"`
	CreatedAt      time.Time                 `json:"created_at"`
	ModifiedAt     time.Time                 `json:"modified_at"`
	// CreatedBy and ModifiedBy name who created and last changed the client, as the
	// reference does ({user_id, user_name}); null when nobody was recorded.
	CreatedBy  *users.Ref `json:"created_by"`
	ModifiedBy *users.Ref `json:"modified_by"`
}

// ViewOf renders c with its count of channels that are not terminated and the people who
// created and last changed it (refs, from users.Refs).
func ViewOf(c *ent.ClientAccount, channelCount int, refs map[string]users.Ref) View {
	return View{
		ID: c.ID, Name: c.Name, Organisation: c.Organisation, Status: string(c.Status), PartnerID: c.PartnerID,
		PartnerPayload: c.PartnerPayload, MaxChannels: c.MaxChannels, Plan: string(c.Plan), ChannelCount: channelCount,
		ContactInfo: c.ContactInfo, ContactUser: c.ContactUser, MetaInfo: c.MetaInfo, PointOfContact: c.PointOfContact,
		Suspicious: c.Suspicious, CreatedAt: c.CreatedAt.UTC(), ModifiedAt: c.ModifiedAt.UTC(), CreatedBy: users.RefOf(refs, c.CreatedBy), ModifiedBy: users.RefOf(refs, c.ModifiedBy),
	}
}

// ListSpec is what client lists sort and filter on.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"created_at": {Column: clientaccount.FieldCreatedAt}, "modified_at": {Column: clientaccount.FieldModifiedAt},
		"name": {Column: clientaccount.FieldName},
	},
	Filterable: map[string]listquery.Field{
		"id": {Column: clientaccount.FieldID}, "name": {Column: clientaccount.FieldName},
		"status": {Column: clientaccount.FieldStatus}, "plan": {Column: clientaccount.FieldPlan},
		"organisation": {Column: clientaccount.FieldOrganisation}, "partner_payload": {Column: clientaccount.FieldPartnerPayload},
		"meta_info.business_vertical": {Predicate: JSONEqual(clientaccount.FieldMetaInfo, "business_vertical")},
	},
	DefaultSort: "-created_at",
}

// ContactInfoKeys are the fields of a client's contact_info, each a filter
// (contact_info.<key>) as in the reference.
var ContactInfoKeys = []string{"webpage_url", "phone", "language", "country", "street_name", "city", "email", "full_name", "zip_code"}

func init() {
	for _, key := range ContactInfoKeys {
		ListSpec.Filterable["contact_info."+key] = listquery.Field{Predicate: JSONEqual(clientaccount.FieldContactInfo, key)}
	}
}

// JSONEqual filters rows whose JSON column holds value at key.
func JSONEqual(column, key string) func(any) func(*sql.Selector) {
	return func(v any) func(*sql.Selector) {
		return func(s *sql.Selector) { s.Where(sqljson.ValueEQ(column, v, sqljson.Path(key))) }
	}
}

// List returns a page of partnerID's clients, optionally searched by text in the name,
// organisation or partner_payload, with the total and each client's channel count.
//
// Errors: not_found, validation_failed.
func (s *Service) List(ctx context.Context, partnerID, search string, q *listquery.Query) ([]View, int, error) {
	if err := (scope.Scope{PartnerID: partnerID}).Check(ctx, s.db); err != nil {
		return nil, 0, err
	}
	query := s.db.ClientAccount.Query().Where(clientaccount.PartnerID(partnerID))
	if search = strings.TrimSpace(search); search != "" {
		if len(search) > 100 {
			return nil, 0, apperr.Validation("q: must be at most 100 characters")
		}
		query.Where(clientaccount.Or(clientaccount.NameContainsFold(search), clientaccount.OrganisationContainsFold(search),
			clientaccount.PartnerPayloadContainsFold(search)))
	}
	items, total, err := listquery.Page(ctx, query, q)
	if err != nil {
		return nil, 0, err
	}
	views, err := s.withCounts(ctx, items)
	return views, total, err
}

func (s *Service) withCounts(ctx context.Context, items []*ent.ClientAccount) ([]View, error) {
	ids := make([]string, len(items))
	for i, c := range items {
		ids[i] = c.ID
	}
	var rows []struct {
		ClientID string `json:"client_id"`
		Count    int    `json:"count"`
	}
	if len(ids) > 0 {
		err := s.db.Channel.Query().Where(channel.ClientIDIn(ids...), channel.StatusNEQ(channel.StatusTerminated)).
			GroupBy(channel.FieldClientID).Aggregate(ent.Count()).Scan(ctx, &rows)
		if err != nil {
			return nil, apperr.From(err)
		}
	}
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.ClientID] = r.Count
	}
	var people []string
	for _, c := range items {
		for _, id := range []*string{c.CreatedBy, c.ModifiedBy} {
			if id != nil {
				people = append(people, *id)
			}
		}
	}
	refs, err := users.Refs(ctx, s.db, people...)
	if err != nil {
		return nil, apperr.From(err)
	}
	views := make([]View, len(items))
	for i, c := range items {
		views[i] = ViewOf(c, counts[c.ID], refs)
	}
	return views, nil
}

// Get returns client id, which must belong to partnerID when that is given.
//
// Errors: not_found.
func (s *Service) Get(ctx context.Context, partnerID, id string) (View, error) {
	c, err := s.get(ctx, s.db, partnerID, id)
	if err != nil {
		return View{}, err
	}
	v, err := s.withCounts(ctx, []*ent.ClientAccount{c})
	if err != nil {
		return View{}, err
	}
	return v[0], nil
}

func (s *Service) get(ctx context.Context, db *ent.Client, partnerID, id string) (*ent.ClientAccount, error) {
	q := db.ClientAccount.Query().Where(clientaccount.ID(id))
	if partnerID != "" {
		q.Where(clientaccount.PartnerID(partnerID))
	}
	c, err := q.Only(ctx)
	return c, apperr.From(err)
}

// Patch is the Partner API's client update: only these two fields may change.
type Patch struct {
	PartnerPayload *string `json:"partner_payload,omitempty" validate:"omitempty,max=1024"`
	MaxChannels    *int    `json:"max_channels,omitempty" validate:"omitempty,min=0,max=10000"`
}

// Update applies p to client id of partnerID. max_channels cannot go below the number
// of channels the client already has.
//
// Errors: forbidden, validation_failed, not_found, max_channels_below_usage.
func (s *Service) Update(ctx context.Context, partnerID, id string, p Patch) (View, error) {
	if v := tenancy.FromContext(ctx); v == nil || !(v.Role == tenancy.PlatformAdmin || v.Role.IsPartner()) {
		return View{}, apperr.ErrForbidden.New("Only the client's partner changes these fields.")
	}
	if err := validate.Struct(p); err != nil {
		return View{}, err
	}
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		c, err := s.get(ctx, tx.Client(), partnerID, id)
		if err != nil {
			return err
		}
		upd := tx.ClientAccount.UpdateOne(c)
		details := map[string]any{}
		if p.PartnerPayload != nil {
			upd.SetPartnerPayload(*p.PartnerPayload)
			details["partner_payload"] = *p.PartnerPayload
		}
		if p.MaxChannels != nil {
			n, err := tx.Channel.Query().Where(channel.ClientID(c.ID), channel.StatusNEQ(channel.StatusTerminated)).Count(ctx)
			if err != nil {
				return err
			}
			if *p.MaxChannels < n {
				return ErrMaxChannelsBelowUsage.Newf("max_channels cannot be %d: the client already has %d channels.", *p.MaxChannels, n)
			}
			upd.SetMaxChannels(*p.MaxChannels)
			details["max_channels"] = *p.MaxChannels
		}
		if v := tenancy.FromContext(ctx); v.UserID != "" {
			upd.SetModifiedBy(v.UserID)
		}
		if c, err = upd.Save(ctx); err != nil {
			return err
		}
		now := s.clock.Now()
		if err := audit.Record(ctx, tx.Client(), audit.Entry{Action: "client.updated", ObjectType: "client", ObjectID: c.ID,
			PartnerID: &c.PartnerID, ClientID: &c.ID, Details: details, At: now}); err != nil {
			return err
		}
		return events.Emit(ctx, tx.Client(), events.Event{Name: events.ClientUpdated, PartnerID: c.PartnerID, ClientID: &c.ID,
			ObjectType: "client", ObjectID: c.ID, Data: map[string]any{"id": c.ID, "changes": details}, At: now})
	})
	if err != nil {
		return View{}, apperr.From(err)
	}
	return s.Get(ctx, partnerID, id)
}
