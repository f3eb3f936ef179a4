package usage

import (
	"context"
	"hash/fnv"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelusage"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/waba"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// simulatedBatch bounds how many channels one sweep fills in.
const simulatedBatch = 500

// SimulateYesterday is the provider simulator's usage report for numbers without
// traffic: every running channel that has no message at all and no usage row for
// yesterday (UTC) gets one, marked simulated, with counts derived from a hash of the
// channel id and the day — deterministic, so reruns and other instances write the same
// numbers, and the unique (channel, day) key keeps one row — priced by the rate card in
// the WABA's currency. Channels with messages have their usage counted from delivered
// messages (RecordDelivered) instead. It returns how many rows it wrote.
func (s *Service) SimulateYesterday(ctx context.Context) (int, error) {
	// A background sweep: it reads the running channels of every tenant and writes their
	// simulated usage.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	day := truncDay(s.clock.Now()).AddDate(0, 0, -1)
	chs, err := s.db.Channel.Query().
		Where(channel.StatusEQ(channel.StatusRunning), func(sel *sql.Selector) {
			u, m := sql.Table(channelusage.Table), sql.Table(message.Table)
			sel.Where(sql.And(
				sql.NotExists(sql.Select(u.C(channelusage.FieldID)).From(u).
					Where(sql.And(sql.ColumnsEQ(u.C(channelusage.FieldChannelID), sel.C(channel.FieldID)), sql.EQ(u.C(channelusage.FieldDay), day)))),
				sql.NotExists(sql.Select(m.C(message.FieldID)).From(m).
					Where(sql.ColumnsEQ(m.C(message.FieldChannelID), sel.C(channel.FieldID)))),
			))
		}).
		Select(channel.FieldID, channel.FieldWabaID).Limit(simulatedBatch).All(sys)
	if err != nil {
		return 0, err
	}
	wabaIDs := make([]string, 0, len(chs))
	for _, ch := range chs {
		wabaIDs = append(wabaIDs, ch.WabaID)
	}
	wabas, err := s.db.WABA.Query().Where(waba.IDIn(wabaIDs...)).Select(waba.FieldID, waba.FieldCurrency).All(sys)
	if err != nil {
		return 0, err
	}
	currencyOf := map[string]string{}
	for _, w := range wabas {
		currencyOf[w.ID] = w.Currency
	}
	cards := map[string]card{}
	for _, ch := range chs {
		cur := currencyOf[ch.WabaID]
		if cur == "" {
			cur = "USD"
		}
		if cards[cur] == nil {
			if cards[cur], err = rateCard(sys, s.db, cur); err != nil {
				return 0, err
			}
		}
		if err := s.store(sys, ch.ID, day, simulatedDay(ch.ID, day, cards[cur])); err != nil {
			return 0, err
		}
	}
	return len(chs), nil
}

// simulatedDay derives plausible counts for channel id on day, priced by prices (the free
// service messages cost nothing).
func simulatedDay(id string, day time.Time, prices card) DayUsage {
	h := fnv.New64a()
	h.Write([]byte(id + day.Format("2006-01-02")))
	v := h.Sum64()
	pick := func(n uint64) int { r := int(v % n); v /= n; return r }
	d := DayUsage{Day: day.Format("2006-01-02"), Marketing: pick(40), Utility: pick(25), Authentication: pick(15), Service: pick(60)}
	d.Free = min(d.Service, 30)
	d.MarketingCostMicros = int64(d.Marketing) * prices["marketing"]
	d.UtilityCostMicros = int64(d.Utility) * prices["utility"]
	d.AuthenticationCostMicros = int64(d.Authentication) * prices["authentication"]
	d.ServiceCostMicros = int64(d.Service-d.Free) * prices["service"]
	d.CostMicros = d.MarketingCostMicros + d.UtilityCostMicros + d.AuthenticationCostMicros + d.ServiceCostMicros
	return d
}
