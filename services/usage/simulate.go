package usage

import (
	"context"
	"hash/fnv"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/channelusage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// simulatedBatch bounds how many channels one sweep fills in.
const simulatedBatch = 500

// SimulateYesterday is the provider simulator's usage report: every running channel
// without a usage row for yesterday (UTC) gets one, with counts derived from a hash of
// the channel id and the day — deterministic, so reruns and other instances write the
// same numbers, and the unique (channel, day) key keeps one row. It returns how many rows
// it wrote.
func (s *Service) SimulateYesterday(ctx context.Context) (int, error) {
	// A background sweep: it reads the running channels of every tenant and writes their
	// simulated usage.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	day := truncDay(s.clock.Now()).AddDate(0, 0, -1)
	ids, err := s.db.Channel.Query().
		Where(channel.StatusEQ(channel.StatusRunning), func(sel *sql.Selector) {
			u := sql.Table(channelusage.Table)
			sel.Where(sql.NotExists(sql.Select(u.C(channelusage.FieldID)).From(u).
				Where(sql.And(sql.ColumnsEQ(u.C(channelusage.FieldChannelID), sel.C(channel.FieldID)), sql.EQ(u.C(channelusage.FieldDay), day)))))
		}).
		Limit(simulatedBatch).IDs(sys)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := s.store(sys, id, day, simulatedDay(id, day)); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// simulatedDay derives plausible counts for channel id on day.
func simulatedDay(id string, day time.Time) DayUsage {
	h := fnv.New64a()
	h.Write([]byte(id + day.Format("2006-01-02")))
	v := h.Sum64()
	pick := func(n uint64) int { r := int(v % n); v /= n; return r }
	d := DayUsage{Day: day.Format("2006-01-02"), Marketing: pick(40), Utility: pick(25), Authentication: pick(15), Service: pick(60)}
	d.Free = min(d.Service, 30)
	d.CostMicros = int64(d.Marketing)*45_000 + int64(d.Utility)*15_000 + int64(d.Authentication)*12_000
	return d
}
