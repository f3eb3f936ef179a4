package usage

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/messageprice"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Categories are the pricing categories of delivered messages, in the order answers list them.
var Categories = []string{"marketing", "utility", "authentication", "service"}

// MaxPriceMicros bounds one message's price (10,000 units of any currency).
const MaxPriceMicros = 10_000_000_000

// examplePrices is the rate card the hub ships with: per delivered message, in millionths
// of the currency unit. They are EXAMPLES in the range of Meta's published per-message
// rates (marketing the dearest, utility and authentication cheaper, service free), not
// Meta's price for any market; an operator's prices (message_prices) replace them per
// currency and category. A currency without an example and without operator prices is
// free until the operator prices it.
var examplePrices = map[string]map[string]int64{
	"USD": {"marketing": 25_000, "utility": 4_000, "authentication": 4_000, "service": 0},
	"EUR": {"marketing": 23_000, "utility": 3_700, "authentication": 3_700, "service": 0},
	"GBP": {"marketing": 20_000, "utility": 3_200, "authentication": 3_200, "service": 0},
	"BRL": {"marketing": 312_500, "utility": 40_000, "authentication": 40_000, "service": 0},
	"INR": {"marketing": 860_000, "utility": 115_000, "authentication": 115_000, "service": 0},
	"IDR": {"marketing": 680_000_000, "utility": 330_000_000, "authentication": 330_000_000, "service": 0},
	"MXN": {"marketing": 610_000, "utility": 130_000, "authentication": 130_000, "service": 0},
	"AUD": {"marketing": 66_000, "utility": 10_000, "authentication": 10_000, "service": 0},
}

// Price is one entry of the rate card: what one delivered message of a category costs in
// a currency.
type Price struct {
	Currency    string `json:"currency" example:"EUR"`
	Category    string `json:"category" enums:"marketing,utility,authentication,service"`
	PriceMicros int64  `json:"price_micros" example:"23000"`
	// Example is true for the shipped example price (no operator price is set).
	Example bool `json:"example"`
}

// CategoryPrices are the prices an operator sets for one currency, in millionths of the
// currency unit per delivered message. A category left out (or null) goes back to the
// example price.
type CategoryPrices struct {
	Marketing      *int64 `json:"marketing" example:"23000"`
	Utility        *int64 `json:"utility" example:"3700"`
	Authentication *int64 `json:"authentication" example:"3700"`
	Service        *int64 `json:"service" example:"0"`
}

func (p CategoryPrices) byCategory() map[string]*int64 {
	return map[string]*int64{"marketing": p.Marketing, "utility": p.Utility, "authentication": p.Authentication, "service": p.Service}
}

// card is one currency's prices by category.
type card map[string]int64

// rateCard reads the prices of currency: the operator's rows over the examples. db may be
// a transaction's client; ctx must pass the rate card's platform-only policy.
func rateCard(ctx context.Context, db *ent.Client, currency string) (card, error) {
	c := card{}
	for cat, p := range examplePrices[currency] {
		c[cat] = p
	}
	rows, err := db.MessagePrice.Query().Where(messageprice.Currency(currency)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		c[string(r.Category)] = r.PriceMicros
	}
	return c, nil
}

// Prices returns the rate card: every category of every currency that has example or
// operator prices, sorted by currency.
//
// Errors: not_found.
func (s *Service) Prices(ctx context.Context) ([]Price, error) {
	rows, err := s.db.MessagePrice.Query().All(ctx)
	if err != nil {
		return nil, apperr.From(err)
	}
	set := map[string]map[string]int64{}
	for cur := range examplePrices {
		set[cur] = nil
	}
	for _, r := range rows {
		if set[r.Currency] == nil {
			set[r.Currency] = map[string]int64{}
		}
		set[r.Currency][string(r.Category)] = r.PriceMicros
	}
	currencies := make([]string, 0, len(set))
	for cur := range set {
		currencies = append(currencies, cur)
	}
	sort.Strings(currencies)
	out := make([]Price, 0, len(currencies)*len(Categories))
	for _, cur := range currencies {
		out = append(out, pricesOf(cur, set[cur])...)
	}
	return out, nil
}

// pricesOf lists the four categories of currency given the operator's prices.
func pricesOf(currency string, operator map[string]int64) []Price {
	out := make([]Price, 0, len(Categories))
	for _, cat := range Categories {
		if p, ok := operator[cat]; ok {
			out = append(out, Price{Currency: currency, Category: cat, PriceMicros: p})
		} else {
			out = append(out, Price{Currency: currency, Category: cat, PriceMicros: examplePrices[currency][cat], Example: true})
		}
	}
	return out
}

var currencyCheck = validator.New()

// SetPrices sets the operator's prices of currency (ISO 4217) and returns its four
// prices. Messages delivered afterwards cost the new prices; recorded usage keeps its
// cost. Platform admins only.
//
// Errors: forbidden, validation_failed.
func (s *Service) SetPrices(ctx context.Context, currency string, p CategoryPrices) ([]Price, error) {
	v := tenancy.FromContext(ctx)
	if v == nil || (v.Role != tenancy.PlatformAdmin && !v.IsSystem()) {
		return nil, apperr.ErrForbidden.New("Only platform admins set message prices.")
	}
	currency = strings.ToUpper(strings.TrimSpace(currency))
	var problems []string
	if currencyCheck.Var(currency, "iso4217") != nil {
		problems = append(problems, "currency: must be an ISO 4217 currency code such as EUR or USD")
	}
	given := p.byCategory()
	for _, cat := range Categories {
		if g := given[cat]; g != nil && (*g < 0 || *g > MaxPriceMicros) {
			problems = append(problems, cat+": must be between 0 and 10000000000 (millionths of the currency unit)")
		}
	}
	if len(problems) > 0 {
		return nil, apperr.Validation(problems...)
	}
	now := s.clock.Now()
	err := storage.WithTx(ctx, s.db, func(tx *ent.Tx) error {
		for _, cat := range Categories {
			c := messageprice.Category(cat)
			if given[cat] == nil {
				if _, err := tx.MessagePrice.Delete().Where(messageprice.Currency(currency), messageprice.CategoryEQ(c)).Exec(ctx); err != nil {
					return err
				}
				continue
			}
			err := tx.MessagePrice.Create().SetCurrency(currency).SetCategory(c).SetPriceMicros(*given[cat]).
				SetUpdatedAt(now).SetUpdatedBy(v.UserID).
				OnConflictColumns(messageprice.FieldCurrency, messageprice.FieldCategory).UpdateNewValues().Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, apperr.From(err)
	}
	operator := map[string]int64{}
	for cat, g := range given {
		if g != nil {
			operator[cat] = *g
		}
	}
	return pricesOf(currency, operator), nil
}

// dayOf is the UTC day a message's usage counts on: the day it was delivered.
func (s *Service) dayOf(m *ent.Message) time.Time {
	if m.DeliveredAt != nil {
		return truncDay(*m.DeliveredAt)
	}
	return truncDay(s.clock.Now())
}
