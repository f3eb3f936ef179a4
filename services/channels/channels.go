package channels

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/predicate"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apikeys"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clients"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/outbound"
	"github.com/partnerhub/partnerhub/services/profile"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/webhookurl"
)

// Service manages channels.
type Service struct {
	db       *ent.Client
	clock    clock.Clock
	otp      *otp.Service
	provider provider.Provider
	webhooks webhookurl.Policy
	outbound outbound.Policy
	sql      storage.SQL
	health   sync.Map // channel id → cachedHealth
	// registration counts display-name changes against the number's registration limit
	// and tells views when a number is blocked.
	registration *registration.Service
	// Keys holds the API keys' rules; SetKeyPermission delegates to it (the hub sets it).
	Keys *apikeys.Service
}

// New returns the channels service; d is what differs about the store's database.
func New(db *ent.Client, d storage.SQL, clk clock.Clock, o *otp.Service, p provider.Provider, webhooks webhookurl.Policy, out outbound.Policy, reg *registration.Service) *Service {
	return &Service{db: db, clock: clk, otp: o, provider: p, webhooks: webhooks, outbound: out, sql: d, registration: reg}
}

// Scope narrows lookups to the objects a URL names: /partners/{pid}/clients/{cid}/… must
// find the channel under that partner and client, or answer 404. Empty fields do not narrow.
type Scope = scope.Scope

func where(sc Scope) []predicate.Channel {
	var ps []predicate.Channel
	if sc.PartnerID != "" {
		ps = append(ps, channel.PartnerID(sc.PartnerID))
	}
	if sc.ClientID != "" {
		ps = append(ps, channel.ClientID(sc.ClientID))
	}
	return ps
}

// Get returns the channel id within scope as the API shows it: with its client, its WABA
// and its registration block.
//
// Errors: not_found.
func (s *Service) Get(ctx context.Context, sc Scope, id string) (View, error) {
	ch, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return View{}, err
	}
	return s.view(ctx, ch)
}

func (s *Service) get(ctx context.Context, db *ent.Client, sc Scope, id string) (*ent.Channel, error) {
	ch, err := db.Channel.Query().Where(append(where(sc), channel.ID(id))...).WithClient().WithWaba().Only(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	return ch, nil
}

// ListSpec is what channel lists sort and filter on; dotted names follow the Partner API.
var ListSpec = listquery.Spec{
	Sortable: map[string]listquery.Field{
		"created_at": {Column: channel.FieldCreatedAt}, "modified_at": {Column: channel.FieldModifiedAt},
		"status": {Column: channel.FieldStatus}, "setup_info.phone_number": {Column: channel.FieldPhoneNumber},
	},
	Filterable: map[string]listquery.Field{
		"id": {Column: channel.FieldID}, "status": {Column: channel.FieldStatus},
		"account_mode": {Column: channel.FieldAccountMode}, "client_id": {Column: channel.FieldClientID},
		"external_id": {Column: channel.FieldExternalID}, "waba_account.id": {Column: channel.FieldWabaID},
		"waba_account_id":         {Column: channel.FieldWabaID},
		"setup_info.phone_number": {Column: channel.FieldPhoneNumber},
		"current_quality_rating":  {Column: channel.FieldCurrentQualityRating},
		"hosting_type":            {Column: channel.FieldHostingType},
		"key_permission":          {Column: channel.FieldKeyPermission},
		"is_migrated":             {Column: channel.FieldIsMigrated},
		"client.partner_payload": {Predicate: func(v any) func(*sql.Selector) {
			return channel.HasClientWith(clientaccount.PartnerPayload(asString(v)))
		}},
		"client.id":   {Column: channel.FieldClientID},
		"client.name": {Predicate: func(v any) func(*sql.Selector) { return channel.HasClientWith(clientaccount.Name(asString(v))) }},
		"waba_account.fb_account_status": {Predicate: func(v any) func(*sql.Selector) {
			return channel.HasWabaWith(waba.FbAccountStatusEQ(waba.FbAccountStatus(asString(v))))
		}},
	},
	DefaultSort: "-created_at",
}

// The reference's filters on the embedded client's contact details
// (client.contact_info.email, …), as the .NET client and the reference's examples send them.
func init() {
	for _, key := range clients.ContactInfoKeys {
		ListSpec.Filterable["client.contact_info."+key] = listquery.Field{Predicate: func(v any) func(*sql.Selector) {
			return channel.HasClientWith(predicate.ClientAccount(clients.JSONEqual(clientaccount.FieldContactInfo, key)(v)))
		}}
	}
}

// List returns a page of the channels in scope, as the API shows them, and the total.
//
// Errors: not_found.
func (s *Service) List(ctx context.Context, sc Scope, q *listquery.Query) ([]View, int, error) {
	if err := sc.Check(ctx, s.db); err != nil {
		return nil, 0, err
	}
	// Deferred join: the page's ids come from the index alone, then only those rows are
	// read. PostgreSQL would otherwise fetch every skipped row of a deep offset.
	ids, total, err := listquery.PageIDs(ctx, s.db.Channel.Query().Where(where(sc)...), q)
	if err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Channel.Query().Where(channel.IDIn(ids...)).WithClient().WithWaba().All(ctx)
	if err != nil {
		return nil, 0, apperr.From(err)
	}
	byID := make(map[string]*ent.Channel, len(rows))
	for _, ch := range rows {
		byID[ch.ID] = ch
	}
	items := make([]*ent.Channel, 0, len(ids))
	for _, id := range ids {
		if ch := byID[id]; ch != nil {
			items = append(items, ch)
		}
	}
	views, err := s.views(ctx, items...)
	if err != nil {
		return nil, 0, err
	}
	return views, total, nil
}

// mayWrite refuses support agents (read-only staff) and anybody without a viewer; the
// privacy rules decide which channels the others reach.
func mayWrite(ctx context.Context) error {
	v := tenancy.FromContext(ctx)
	if v == nil || v.Role == tenancy.SupportAgent {
		return apperr.ErrForbidden.New("Your role may not change channels.")
	}
	return nil
}

// Profile returns the business profile of channel id within scope.
//
// Errors: not_found.
func (s *Service) Profile(ctx context.Context, sc Scope, id string) (fieldtype.ProfileInfo, error) {
	ch, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return fieldtype.ProfileInfo{}, err
	}
	return profileOf(ch.ProfileInfo), nil
}

// UpdateProfile applies a partial business-profile change and returns the profile.
//
// Errors: forbidden, not_found, channel_terminated, validation_failed.
func (s *Service) UpdateProfile(ctx context.Context, sc Scope, id string, u profile.Update) (fieldtype.ProfileInfo, error) {
	if err := mayWrite(ctx); err != nil {
		return fieldtype.ProfileInfo{}, err
	}
	ch, err := s.change(ctx, sc, id, func(tx *ent.Client, ch *ent.Channel) (*ent.Channel, map[string]any, error) {
		next, err := profile.Apply(ch.ProfileInfo, u)
		if err != nil {
			return nil, nil, err
		}
		ch, err = tx.Channel.UpdateOne(ch).SetProfileInfo(next).Save(ctx)
		return ch, map[string]any{"profile_info": next}, err
	}, "channel.profile_updated")
	if err != nil {
		return fieldtype.ProfileInfo{}, err
	}
	return profileOf(ch.ProfileInfo), nil
}

// profileOf is p as the API shows it: websites is a list, never null.
func profileOf(p fieldtype.ProfileInfo) fieldtype.ProfileInfo {
	if p.Websites == nil {
		p.Websites = []string{}
	}
	return p
}

// Webhook is a channel's webhook: where the channel's messages and statuses are sent.
type Webhook struct {
	URL     string            `json:"url" example:"https://hooks.example.com/whatsapp"`
	Headers map[string]string `json:"headers,omitempty"`
}

// Webhook returns the webhook of channel id within scope.
//
// Errors: not_found.
func (s *Service) Webhook(ctx context.Context, sc Scope, id string) (Webhook, error) {
	ch, err := s.get(ctx, s.db, sc, id)
	if err != nil {
		return Webhook{}, err
	}
	return WebhookOf(ch), nil
}

// SetWebhook stores the channel webhook after checking the URL rules and the headers, and
// returns it.
//
// Errors: forbidden, validation_failed, not_found, channel_terminated.
func (s *Service) SetWebhook(ctx context.Context, sc Scope, id string, w Webhook) (Webhook, error) {
	if err := mayWrite(ctx); err != nil {
		return Webhook{}, err
	}
	if err := s.webhooks.Check("url", w.URL); err != nil {
		return Webhook{}, err
	}
	if err := checkHeaders(w.Headers); err != nil {
		return Webhook{}, err
	}
	ch, err := s.change(ctx, sc, id, func(tx *ent.Client, ch *ent.Channel) (*ent.Channel, map[string]any, error) {
		ch, err := tx.Channel.UpdateOne(ch).SetWebhookURL(w.URL).SetWebhookHeaders(w.Headers).Save(ctx)
		return ch, map[string]any{"url": w.URL, "header_names": headerNames(w.Headers)}, err
	}, "channel.webhook_set")
	if err != nil {
		return Webhook{}, err
	}
	return WebhookOf(ch), nil
}

// WebhookOf returns the stored webhook of ch.
func WebhookOf(ch *ent.Channel) Webhook {
	w := Webhook{Headers: ch.WebhookHeaders}
	if ch.WebhookURL != nil {
		w.URL = *ch.WebhookURL
	}
	return w
}

// change runs fn on the channel id (re-read inside a transaction), then audits the
// change under action and emits channel.updated.
//
// Errors: not_found, channel_terminated.
func (s *Service) change(ctx context.Context, sc Scope, id string, fn func(tx *ent.Client, ch *ent.Channel) (*ent.Channel, map[string]any, error), action string) (*ent.Channel, error) {
	var out *ent.Channel
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		ch, err := s.get(ctx, tx.Client(), sc, id)
		if err != nil {
			return err
		}
		if ch.Status == channel.StatusTerminated {
			return ErrTerminated.New("This channel is terminated and cannot be changed.")
		}
		updated, details, err := fn(tx.Client(), ch)
		if err != nil {
			return err
		}
		if out, err = s.get(ctx, tx.Client(), Scope{}, updated.ID); err != nil {
			return err
		}
		return s.record(ctx, tx.Client(), out, action, "channel.updated", details, s.clock.Now())
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	return out, nil
}

// maxHeaders bounds the custom headers a webhook may carry.
const maxHeaders = 10

// reservedHeaders may not be overridden: the delivery sets them itself.
var reservedHeaders = []string{"host", "content-length", "content-type", "transfer-encoding", "connection", "user-agent", "x-partnerhub-signature", "x-partnerhub-event-id"}

func checkHeaders(h map[string]string) error {
	var problems []string
	if len(h) > maxHeaders {
		problems = append(problems, "headers: at most 10")
	}
	for name, value := range h {
		switch {
		case name == "" || len(name) > 64 || strings.IndexFunc(name, func(r rune) bool { return !isTokenChar(r) }) >= 0:
			problems = append(problems, "headers: "+trimmed(name)+" is not a valid header name")
		case slices.Contains(reservedHeaders, strings.ToLower(name)):
			problems = append(problems, "headers: "+name+" is set by PartnerHub and cannot be overridden")
		case len(value) > 1024 || strings.ContainsAny(value, "\r\n\x00"):
			problems = append(problems, "headers: the value of "+name+" must be one line of at most 1024 characters")
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return apperr.Validation(problems...)
	}
	return nil
}

func isTokenChar(r rune) bool {
	return r < 127 && r > 32 && !strings.ContainsRune("()<>@,;:\\\"/[]?={}", r)
}

func headerNames(h map[string]string) []string {
	out := make([]string, 0, len(h))
	for k := range h {
		out = append(out, http.CanonicalHeaderKey(k))
	}
	slices.Sort(out)
	return out
}

func trimmed(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}
