// Package usage answers the Partner API's balance and usage questions from the daily usage
// the provider reports per channel (the simulator records it), grouped by DAY or MONTH.
// Client balance is rate-limited to 5 requests per 30 s per client, across instances.
package usage

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelusage"
	"github.com/partnerhub/partnerhub/ent/clientaccount"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/ratelimit"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Balance rate limit.
const (
	BalanceLimit  = 5
	BalanceWindow = 30 * time.Second
)

// Service reads and records usage.
type Service struct {
	db    *ent.Client
	clock clock.Clock
}

// New returns the usage service.
func New(db *ent.Client, clk clock.Clock) *Service { return &Service{db: db, clock: clk} }

// Period is the query of a usage or balance request.
type Period struct {
	StartDate   string `form:"start_date"` // UNIX seconds, UTC
	EndDate     string `form:"end_date"`
	Granularity string `form:"granularity"` // DAY or MONTH (default)
}

// Line is the usage of one period (day or month), named as in the Partner API.
type Line struct {
	PeriodDate                time.Time `json:"period_date"`
	Quantity                  int       `json:"quantity"`
	FreeQuantity              int       `json:"free_quantity"`
	PaidQuantity              int       `json:"paid_quantity"`
	BusinessInitiatedQuantity int       `json:"business_initiated_quantity"`
	UserInitiatedQuantity     int       `json:"user_initiated_quantity"`
	MarketingQuantity         int       `json:"marketing_quantity"`
	UtilityQuantity           int       `json:"utility_quantity"`
	AuthenticationQuantity    int       `json:"authentication_quantity"`
	ServiceQuantity           int       `json:"service_quantity"`
	TotalPrice                float64   `json:"total_price"`
	// FreeTier counts the free conversations of the free tier (the reference's free_tier);
	// FreeEntryPoint those opened from a free entry point (click-to-WhatsApp ads), which
	// the provider's daily reports do not carry yet, so 0.
	FreeTier       int `json:"free_tier"`
	FreeEntryPoint int `json:"free_entry_point"`
	// The paid part of each category: the free conversations are service conversations
	// first (Meta's free tier covers service), any rest counts against utility,
	// authentication and marketing in that order.
	BusinessInitiatedPaidQuantity int `json:"business_initiated_paid_quantity"`
	UserInitiatedPaidQuantity     int `json:"user_initiated_paid_quantity"`
	MarketingPaidQuantity         int `json:"marketing_paid_quantity"`
	UtilityPaidQuantity           int `json:"utility_paid_quantity"`
	AuthenticationPaidQuantity    int `json:"authentication_paid_quantity"`
	ServicePaidQuantity           int `json:"service_paid_quantity"`
	// Per-category prices: what the period's messages of each category cost, priced by
	// the rate card when they were delivered (business-initiated = marketing, utility and
	// authentication; user-initiated = service). Usage recorded by an operator with one
	// total price only has 0 here; total_price is always the whole.
	BusinessInitiatedPrice float64 `json:"business_initiated_price"`
	UserInitiatedPrice     float64 `json:"user_initiated_price"`
	MarketingPrice         float64 `json:"marketing_price"`
	UtilityPrice           float64 `json:"utility_price"`
	AuthenticationPrice    float64 `json:"authentication_price"`
	ServicePrice           float64 `json:"service_price"`
	// Simulated is true when some of the period's usage was invented by the simulator (for
	// a number without messages, or recorded by an operator) rather than counted from
	// delivered messages.
	Simulated bool `json:"simulated"`
}

// Renewal is the last top-up of a prepaid balance ({date, amount}, as the reference).
type Renewal struct {
	Date   time.Time `json:"date"`
	Amount float64   `json:"amount"`
}

// Report is the answer of the balance and usage endpoints.
type Report struct {
	// Balance is the prepaid balance; prepayment is not modelled by the hub, so it is 0.
	Balance     float64   `json:"balance"`
	Currency    string    `json:"currency" example:"EUR"`
	Granularity string    `json:"granularity" enums:"DAY,MONTH"`
	StartDate   time.Time `json:"start_date"`
	EndDate     time.Time `json:"end_date"`
	LastRenewal *Renewal  `json:"last_renewal"`
	// The prices of one business- and one user-initiated message for the WABA's currency
	// and the client's country (the reference's bi_/ui_price_for_currency_and_client_country):
	// the rate card's marketing and service prices of the currency (the rate card has no
	// per-country prices).
	BIPriceForCurrencyAndClientCountry float64 `json:"bi_price_for_currency_and_client_country"`
	UIPriceForCurrencyAndClientCountry float64 `json:"ui_price_for_currency_and_client_country"`
	EstimatedTemplateCost              float64 `json:"estimated_template_cost"`
	Usage                              []Line  `json:"usage"`
}

type window struct {
	from, to    time.Time
	granularity string
}

func (s *Service) parse(p Period, startRequired bool) (window, error) {
	var w window
	var problems []string
	now := s.clock.Now()
	// Any case: clients send "day" as often as "DAY".
	w.granularity = strings.ToUpper(strings.TrimSpace(p.Granularity))
	if w.granularity == "" {
		w.granularity = "MONTH"
	}
	if w.granularity != "DAY" && w.granularity != "MONTH" {
		problems = append(problems, "granularity: must be DAY or MONTH")
	}
	unix := func(field, v string, def time.Time) time.Time {
		if v == "" {
			return def
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > 1<<34 {
			problems = append(problems, field+": must be a UNIX timestamp in seconds")
			return def
		}
		return time.Unix(n, 0).UTC()
	}
	if startRequired && p.StartDate == "" {
		problems = append(problems, "start_date: is required")
	}
	w.from = unix("start_date", p.StartDate, time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC))
	w.to = unix("end_date", p.EndDate, now)
	if len(problems) == 0 && w.to.Before(w.from) {
		problems = append(problems, "end_date: must not be before start_date")
	}
	if len(problems) == 0 && w.to.Sub(w.from) > 400*24*time.Hour {
		problems = append(problems, "end_date: the period may span at most 400 days")
	}
	if len(problems) > 0 {
		return w, apperr.Validation(problems...)
	}
	return w, nil
}

// ClientBalance reports the usage of clientID (of partnerID) in the period, rate-limited.
//
// Errors: not_found, validation_failed, rate_limited.
func (s *Service) ClientBalance(ctx context.Context, partnerID, clientID string, p Period) (*Report, error) {
	c, err := s.db.ClientAccount.Query().Where(clientaccount.ID(clientID), clientaccount.PartnerID(partnerID)).Only(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	w, err := s.parse(p, false)
	if err != nil {
		return nil, err
	}
	if err := ratelimit.Allow(ctx, s.db, "balance:"+c.ID, s.clock.Now(), BalanceLimit, BalanceWindow,
		"At most 5 balance requests per 30 seconds per client."); err != nil {
		return nil, err
	}
	rows, err := s.db.ChannelUsage.Query().Where(channelusage.ClientID(c.ID), channelusage.DayGTE(truncDay(w.from)), channelusage.DayLTE(w.to)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	return s.report(ctx, c.ID, w, rows)
}

// ChannelUsage reports one channel's usage in the period.
//
// Errors: not_found, validation_failed.
func (s *Service) ChannelUsage(ctx context.Context, partnerID, clientID, channelID string, p Period) (*Report, error) {
	ch, err := s.db.Channel.Query().Where(channel.ID(channelID), channel.PartnerID(partnerID), channel.ClientID(clientID)).Only(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	w, err := s.parse(p, true)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.ChannelUsage.Query().Where(channelusage.ChannelID(ch.ID), channelusage.DayGTE(truncDay(w.from)), channelusage.DayLTE(w.to)).All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	return s.report(ctx, ch.ClientID, w, rows)
}

func (s *Service) report(ctx context.Context, clientID string, w window, rows []*ent.ChannelUsage) (*Report, error) {
	currency := "USD"
	if first, err := s.db.WABA.Query().Where(waba.ClientID(clientID)).Order(ent.Asc(waba.FieldCreatedAt)).First(ctx); err == nil {
		currency = first.Currency
	}
	lines := map[time.Time]*Line{}
	costs := map[time.Time]*[5]int64{} // total, marketing, utility, authentication, service
	for _, r := range rows {
		key := truncDay(r.Day)
		if w.granularity == "MONTH" {
			key = time.Date(key.Year(), key.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		l := lines[key]
		if l == nil {
			l = &Line{PeriodDate: key}
			lines[key] = l
		}
		total := r.Marketing + r.Utility + r.Authentication + r.Service
		l.Quantity += total
		l.FreeQuantity += min(r.Free, total)
		l.PaidQuantity += total - min(r.Free, total)
		l.BusinessInitiatedQuantity += r.Marketing + r.Utility + r.Authentication
		l.UserInitiatedQuantity += r.Service
		l.MarketingQuantity += r.Marketing
		l.UtilityQuantity += r.Utility
		l.AuthenticationQuantity += r.Authentication
		l.ServiceQuantity += r.Service
		// Money is summed in micros and converted once, so sums carry no float error.
		c := costs[key]
		if c == nil {
			c = &[5]int64{}
			costs[key] = c
		}
		c[0] += r.CostMicros
		c[1] += r.MarketingCostMicros
		c[2] += r.UtilityCostMicros
		c[3] += r.AuthenticationCostMicros
		c[4] += r.ServiceCostMicros
		l.Simulated = l.Simulated || r.Simulated
		free := min(r.Free, total)
		l.FreeTier += free
		paid := func(n int) int { used := min(free, n); free -= used; return n - used }
		service, utility, authentication, marketing := paid(r.Service), paid(r.Utility), paid(r.Authentication), paid(r.Marketing)
		l.ServicePaidQuantity += service
		l.UtilityPaidQuantity += utility
		l.AuthenticationPaidQuantity += authentication
		l.MarketingPaidQuantity += marketing
		l.UserInitiatedPaidQuantity += service
		l.BusinessInitiatedPaidQuantity += utility + authentication + marketing
	}
	// The rate card is platform data; every tenant's report shows its currency's prices.
	prices, err := rateCard(tenancy.AsSystem(ctx, tenancy.Bookkeeping), s.db, currency)
	if err != nil {
		return nil, apperr.From(err)
	}
	out := &Report{Currency: currency, Granularity: w.granularity, StartDate: w.from, EndDate: w.to, Usage: []Line{},
		BIPriceForCurrencyAndClientCountry: float64(prices["marketing"]) / 1e6,
		UIPriceForCurrencyAndClientCountry: float64(prices["service"]) / 1e6}
	units := func(micros int64) float64 { return float64(micros) / 1e6 }
	for key, l := range lines {
		c := costs[key]
		l.TotalPrice, l.MarketingPrice, l.UtilityPrice, l.AuthenticationPrice, l.ServicePrice = units(c[0]), units(c[1]), units(c[2]), units(c[3]), units(c[4])
		l.BusinessInitiatedPrice, l.UserInitiatedPrice = units(c[1]+c[2]+c[3]), units(c[4])
		out.Usage = append(out.Usage, *l)
	}
	sort.Slice(out.Usage, func(i, j int) bool { return out.Usage[i].PeriodDate.Before(out.Usage[j].PeriodDate) })
	return out, nil
}

// DayUsage is one day's usage of a channel, as the provider reports it.
type DayUsage struct {
	Day            string `json:"day" example:"2026-11-20"`
	Marketing      int    `json:"marketing" validate:"min=0"`
	Utility        int    `json:"utility"`
	Authentication int    `json:"authentication"`
	Service        int    `json:"service"`
	Free           int    `json:"free"`
	CostMicros     int64  `json:"cost_micros"`
	// The split of cost_micros by category (optional; cost_micros left 0 is their sum).
	MarketingCostMicros      int64 `json:"marketing_cost_micros"`
	UtilityCostMicros        int64 `json:"utility_cost_micros"`
	AuthenticationCostMicros int64 `json:"authentication_cost_micros"`
	ServiceCostMicros        int64 `json:"service_cost_micros"`
}

// Record stores (replaces) one day's usage of channelID, marked simulated: messages
// delivered that day replace it with what they count. Operators only (simulator).
//
// Errors: forbidden, validation_failed, not_found.
func (s *Service) Record(ctx context.Context, channelID string, d DayUsage) error {
	if v := tenancy.FromContext(ctx); v == nil || (v.Role != tenancy.PlatformAdmin && !v.IsSystem()) {
		return apperr.ErrForbidden.New("Only platform admins record simulated usage.")
	}
	day, err := time.Parse("2006-01-02", d.Day)
	if err != nil {
		return apperr.Validation("day: must be a date such as 2026-11-20")
	}
	for name, v := range map[string]int64{"marketing": int64(d.Marketing), "utility": int64(d.Utility), "authentication": int64(d.Authentication),
		"service": int64(d.Service), "free": int64(d.Free), "cost_micros": d.CostMicros,
		"marketing_cost_micros": d.MarketingCostMicros, "utility_cost_micros": d.UtilityCostMicros,
		"authentication_cost_micros": d.AuthenticationCostMicros, "service_cost_micros": d.ServiceCostMicros} {
		if v < 0 || v > 1e12 {
			return apperr.Validation(name + ": must be between 0 and 10^12")
		}
	}
	if d.CostMicros == 0 {
		d.CostMicros = d.MarketingCostMicros + d.UtilityCostMicros + d.AuthenticationCostMicros + d.ServiceCostMicros
	}
	return s.store(ctx, channelID, day, d)
}

// store writes d, checked, as the simulated usage of channelID on day.
func (s *Service) store(ctx context.Context, channelID string, day time.Time, d DayUsage) error {
	ch, err := s.db.Channel.Get(ctx, channelID)
	if err != nil {
		return apperr.From(err)
	}
	return apperr.From(s.db.ChannelUsage.Create().SetChannelID(ch.ID).SetClientID(ch.ClientID).SetPartnerID(ch.PartnerID).
		SetDay(day).SetMarketing(d.Marketing).SetUtility(d.Utility).SetAuthentication(d.Authentication).
		SetService(d.Service).SetFree(d.Free).SetCostMicros(d.CostMicros).
		SetMarketingCostMicros(d.MarketingCostMicros).SetUtilityCostMicros(d.UtilityCostMicros).
		SetAuthenticationCostMicros(d.AuthenticationCostMicros).SetServiceCostMicros(d.ServiceCostMicros).SetSimulated(true).
		OnConflictColumns(channelusage.FieldChannelID, channelusage.FieldDay).UpdateNewValues().Exec(ctx))
}

func truncDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
