package usage

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channelusage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// counterColumns are the channel_usages columns a delivered message adds to.
var counterColumns = []string{
	channelusage.FieldMarketing, channelusage.FieldUtility, channelusage.FieldAuthentication, channelusage.FieldService,
	channelusage.FieldFree, channelusage.FieldCostMicros,
	channelusage.FieldMarketingCostMicros, channelusage.FieldUtilityCostMicros,
	channelusage.FieldAuthenticationCostMicros, channelusage.FieldServiceCostMicros,
}

// RecordDelivered counts the delivered message m in its channel's usage of the day it was
// delivered (UTC), with tx — the transaction that marks it delivered, so a message is
// counted exactly when its status changes. Its category counts one more; a message that
// is not billable (service, utility inside the customer-service window) also counts as
// free; a billable one adds the rate card's price of its category in currency (the WABA's)
// to the day's cost and the category's cost. A day the simulator had invented usage for
// (simulated) is reset first: from then on the day is counted from messages. One upsert,
// so concurrent deliveries on several instances all count.
func (s *Service) RecordDelivered(ctx context.Context, tx *ent.Client, m *ent.Message, currency string) error {
	// Usage rows and the rate card are the hub's bookkeeping of delivered messages, written
	// by the status progression whoever sent the message; no tenant writes them.
	sys := tenancy.AsSystem(ctx, tenancy.Bookkeeping)
	cat := "service"
	if m.Category != nil {
		cat = string(*m.Category)
	}
	if currency == "" {
		currency = "USD"
	}
	var price int64
	if m.Billable {
		c, err := rateCard(sys, tx, currency)
		if err != nil {
			return fmt.Errorf("usage: rate card: %w", err)
		}
		price = c[cat]
	}
	create := tx.ChannelUsage.Create().SetChannelID(m.ChannelID).SetClientID(m.ClientID).SetPartnerID(m.PartnerID).
		SetDay(s.dayOf(m)).SetCostMicros(price).SetSimulated(false)
	switch cat {
	case "marketing":
		create.SetMarketing(1).SetMarketingCostMicros(price)
	case "utility":
		create.SetUtility(1).SetUtilityCostMicros(price)
	case "authentication":
		create.SetAuthentication(1).SetAuthenticationCostMicros(price)
	default:
		create.SetService(1).SetServiceCostMicros(price)
	}
	if !m.Billable {
		create.SetFree(1)
	}
	t, sim := channelusage.Table, channelusage.FieldSimulated
	err := create.OnConflict(
		sql.ConflictColumns(channelusage.FieldChannelID, channelusage.FieldDay),
		sql.ResolveWith(func(u *sql.UpdateSet) {
			for _, col := range counterColumns {
				// A simulated day starts again from this message; a counted day adds it.
				u.Set(col, sql.Expr(fmt.Sprintf("CASE WHEN %[1]s.%[2]s THEN excluded.%[3]s ELSE %[1]s.%[3]s + excluded.%[3]s END", t, sim, col)))
			}
			u.Set(sim, sql.Expr("excluded."+sim))
		}),
	).Exec(sys)
	if err != nil {
		return fmt.Errorf("usage: record delivered message: %w", err)
	}
	return nil
}
