package usage_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channelusage"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/usage"
)

// usageEnv is one client with a EUR WABA and a running channel, on a real database.
type usageEnv struct {
	db      *ent.Client
	clk     *clock.Manual
	svc     *usage.Service
	sys     context.Context
	partner *ent.Partner
	client  *ent.ClientAccount
	channel *ent.Channel
}

func newUsageEnv(t *testing.T) *usageEnv {
	t.Helper()
	st := storagetest.Open(t)
	clk := clock.NewManual(time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC))
	e := &usageEnv{db: st.Client, clk: clk, svc: usage.New(st.Client, clk), sys: tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)}
	var err error
	if e.partner, err = e.db.Partner.Create().SetBrandName("P").Save(e.sys); err != nil {
		t.Fatal(err)
	}
	if e.client, err = e.db.ClientAccount.Create().SetPartnerID(e.partner.ID).SetName("C").Save(e.sys); err != nil {
		t.Fatal(err)
	}
	e.channel = e.addChannel(t, "EUR", "+4915112345678")
	return e
}

func (e *usageEnv) addChannel(t *testing.T, currency, number string) *ent.Channel {
	t.Helper()
	w, err := e.db.WABA.Create().SetPartnerID(e.partner.ID).SetClientID(e.client.ID).SetName("W " + currency).SetCurrency(currency).Save(e.sys)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := e.db.Channel.Create().SetPartnerID(e.partner.ID).SetClientID(e.client.ID).SetWabaID(w.ID).SetPhoneNumber(number).
		SetStatus("running").SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: number}).Save(e.sys)
	if err != nil {
		t.Fatal(err)
	}
	return ch
}

// delivered is an outbound message of ch delivered at at.
func delivered(ch *ent.Channel, cat message.Category, billable bool, at time.Time) *ent.Message {
	return &ent.Message{ID: "wamid.x", ChannelID: ch.ID, PartnerID: ch.PartnerID, ClientID: ch.ClientID, Category: &cat,
		Billable: billable, DeliveredAt: &at, Direction: message.DirectionOutbound, Status: message.StatusDelivered}
}

func (e *usageEnv) record(t *testing.T, m *ent.Message, currency string) {
	t.Helper()
	err := storage.WithTx(context.Background(), e.db, func(tx *ent.Tx) error {
		return e.svc.RecordDelivered(context.Background(), tx.Client(), m, currency)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *usageEnv) row(t *testing.T, ch *ent.Channel, day time.Time) *ent.ChannelUsage {
	t.Helper()
	r, err := e.db.ChannelUsage.Query().Where(channelusage.ChannelID(ch.ID), channelusage.Day(day)).Only(e.sys)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func admin() context.Context {
	return tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "adminUS", Role: tenancy.PlatformAdmin})
}

func TestUsageRecordDeliveredCountsAndPrices(t *testing.T) {
	e := newUsageEnv(t)
	today := time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	at := today.Add(9 * time.Hour)
	e.record(t, delivered(e.channel, message.CategoryMarketing, true, at), "EUR")
	e.record(t, delivered(e.channel, message.CategoryMarketing, true, at), "EUR")
	e.record(t, delivered(e.channel, message.CategoryUtility, true, at), "EUR")
	e.record(t, delivered(e.channel, message.CategoryUtility, false, at), "EUR") // inside the window: free
	e.record(t, delivered(e.channel, message.CategoryService, false, at), "EUR")
	// The operator's price replaces the example from then on.
	auth := int64(5_000)
	if _, err := e.svc.SetPrices(admin(), "eur", usage.CategoryPrices{Authentication: &auth}); err != nil {
		t.Fatal(err)
	}
	e.record(t, delivered(e.channel, message.CategoryAuthentication, true, at), "EUR")
	// Delivered just after midnight: the next day's row.
	e.record(t, delivered(e.channel, message.CategoryMarketing, true, today.Add(24*time.Hour+time.Second)), "EUR")

	r := e.row(t, e.channel, today)
	if r.Marketing != 2 || r.Utility != 2 || r.Authentication != 1 || r.Service != 1 || r.Free != 2 || r.Simulated {
		t.Fatalf("counts: %+v", r)
	}
	if r.MarketingCostMicros != 46_000 || r.UtilityCostMicros != 3_700 || r.AuthenticationCostMicros != 5_000 || r.ServiceCostMicros != 0 ||
		r.CostMicros != 54_700 {
		t.Fatalf("costs: %+v", r)
	}
	if next := e.row(t, e.channel, today.Add(24*time.Hour)); next.Marketing != 1 || next.CostMicros != 23_000 {
		t.Fatalf("next day: %+v", next)
	}

	// The report prices each category and says nothing was simulated.
	viewer := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "u", Role: tenancy.PartnerAdmin, PartnerID: e.partner.ID})
	rep, err := e.svc.ChannelUsage(viewer, e.partner.ID, e.client.ID, e.channel.ID, usage.Period{
		StartDate: strconv.FormatInt(today.Unix(), 10), EndDate: strconv.FormatInt(today.Add(47*time.Hour).Unix(), 10), Granularity: "MONTH"})
	if err != nil {
		t.Fatal(err)
	}
	l := rep.Usage[0]
	if len(rep.Usage) != 1 || l.Quantity != 7 || l.MarketingPrice != 0.069 || l.UtilityPrice != 0.0037 || l.AuthenticationPrice != 0.005 ||
		l.ServicePrice != 0 || l.BusinessInitiatedPrice != 0.0777 || l.TotalPrice != 0.0777 || l.Simulated {
		t.Fatalf("report: %+v", rep.Usage)
	}
	if rep.Currency != "EUR" || rep.BIPriceForCurrencyAndClientCountry != 0.023 || rep.UIPriceForCurrencyAndClientCountry != 0 {
		t.Fatalf("report prices: %+v", rep)
	}
}

func TestUsageRecordDeliveredResetsSimulatedDay(t *testing.T) {
	e := newUsageEnv(t)
	yesterday := time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC)
	if n, err := e.svc.SimulateYesterday(context.Background()); err != nil || n != 1 {
		t.Fatalf("simulate: %d %v", n, err)
	}
	sim := e.row(t, e.channel, yesterday)
	if !sim.Simulated || sim.Marketing+sim.Utility+sim.Authentication+sim.Service == 0 {
		t.Fatalf("simulated row: %+v", sim)
	}
	// Priced by the EUR rate card, split by category.
	if sim.MarketingCostMicros != int64(sim.Marketing)*23_000 || sim.UtilityCostMicros != int64(sim.Utility)*3_700 ||
		sim.CostMicros != sim.MarketingCostMicros+sim.UtilityCostMicros+sim.AuthenticationCostMicros+sim.ServiceCostMicros {
		t.Fatalf("simulated costs: %+v", sim)
	}
	viewer := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "u", Role: tenancy.ClientAdmin, PartnerID: e.partner.ID, ClientID: e.client.ID})
	rep, err := e.svc.ChannelUsage(viewer, e.partner.ID, e.client.ID, e.channel.ID, usage.Period{StartDate: strconv.FormatInt(yesterday.Unix(), 10), Granularity: "DAY"})
	if err != nil || len(rep.Usage) != 1 || !rep.Usage[0].Simulated {
		t.Fatalf("simulated report: %+v %v", rep, err)
	}
	// A delivered message on that day replaces the invented numbers.
	e.record(t, delivered(e.channel, message.CategoryUtility, true, yesterday.Add(23*time.Hour)), "EUR")
	r := e.row(t, e.channel, yesterday)
	if r.Simulated || r.Marketing != 0 || r.Utility != 1 || r.Authentication != 0 || r.Service != 0 || r.Free != 0 ||
		r.CostMicros != 3_700 || r.UtilityCostMicros != 3_700 || r.MarketingCostMicros != 0 {
		t.Fatalf("after a real delivery: %+v", r)
	}
	e.record(t, delivered(e.channel, message.CategoryUtility, true, yesterday.Add(23*time.Hour)), "EUR")
	if r := e.row(t, e.channel, yesterday); r.Utility != 2 || r.CostMicros != 7_400 {
		t.Fatalf("counted on: %+v", r)
	}
}

func TestUsageSimulateYesterdaySkipsChannelsWithMessages(t *testing.T) {
	e := newUsageEnv(t)
	busy := e.addChannel(t, "BRL", "+5511912345678")
	quiet := e.addChannel(t, "XAF", "+4915112345679") // no example prices: free
	_, err := e.db.Message.Create().SetID("wamid.busy").SetPartnerID(busy.PartnerID).SetClientID(busy.ClientID).SetChannelID(busy.ID).
		SetDirection(message.DirectionInbound).SetWaID("4915112345678").SetType("text").SetContent(map[string]any{"body": "hi"}).
		SetStatus(message.StatusReceived).SetCreatedAt(e.clk.Now().Add(-72 * time.Hour)).SetStatusAt(e.clk.Now().Add(-72 * time.Hour)).Save(e.sys)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.SimulateYesterday(context.Background()); err != nil || n != 2 {
		t.Fatalf("simulate: %d %v (want the two channels without messages)", n, err)
	}
	yesterday := time.Date(2026, 6, 14, 0, 0, 0, 0, time.UTC)
	if n, _ := e.db.ChannelUsage.Query().Where(channelusage.ChannelID(busy.ID)).Count(e.sys); n != 0 {
		t.Fatalf("a channel with messages got simulated usage")
	}
	if r := e.row(t, quiet, yesterday); r.CostMicros != 0 || !r.Simulated {
		t.Fatalf("unpriced currency: %+v", r)
	}
	if n, _ := e.svc.SimulateYesterday(context.Background()); n != 0 {
		t.Fatalf("second sweep wrote %d rows", n)
	}
}

func TestUsageRecordDeliveredConcurrently(t *testing.T) {
	e := newUsageEnv(t)
	at := time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)
	const n = 24
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			cat := []message.Category{message.CategoryMarketing, message.CategoryService}[i%2]
			errs <- storage.WithTx(context.Background(), e.db, func(tx *ent.Tx) error {
				return e.svc.RecordDelivered(context.Background(), tx.Client(), delivered(e.channel, cat, cat == message.CategoryMarketing, at), "USD")
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	r := e.row(t, e.channel, time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC))
	if r.Marketing != n/2 || r.Service != n/2 || r.Free != n/2 || r.CostMicros != n/2*25_000 {
		t.Fatalf("concurrent deliveries: %+v", r)
	}
}

func TestPriceCard(t *testing.T) {
	e := newUsageEnv(t)
	agent := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "agentUS", Role: tenancy.SupportAgent})
	all, err := e.svc.Prices(agent)
	if err != nil {
		t.Fatal(err)
	}
	if len(all)%4 != 0 || all[0].Currency != "AUD" || all[0].Category != "marketing" || !all[0].Example {
		t.Fatalf("example card: %+v", all[:4])
	}
	if _, err := e.svc.SetPrices(agent, "EUR", usage.CategoryPrices{}); apperr.CodeOf(err) != "forbidden" {
		t.Fatalf("agent sets prices: %v", err)
	}
	bad, neg := int64(usage.MaxPriceMicros+1), int64(-1)
	_, err = e.svc.SetPrices(admin(), "EURO", usage.CategoryPrices{Marketing: &bad, Service: &neg})
	if ae := apperr.As(err); ae == nil || ae.Code != "validation_failed" || len(ae.Details) != 3 {
		t.Fatalf("invalid prices: %+v", ae)
	}
	m, s := int64(30_000), int64(1_000)
	got, err := e.svc.SetPrices(admin(), "chf", usage.CategoryPrices{Marketing: &m, Service: &s})
	if err != nil {
		t.Fatal(err)
	}
	want := []usage.Price{{"CHF", "marketing", 30_000, false}, {"CHF", "utility", 0, true}, {"CHF", "authentication", 0, true}, {"CHF", "service", 1_000, false}}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("CHF prices: %+v", got)
		}
	}
	all, _ = e.svc.Prices(agent)
	found := 0
	for _, p := range all {
		if p.Currency == "CHF" {
			found++
			if p != want[map[string]int{"marketing": 0, "utility": 1, "authentication": 2, "service": 3}[p.Category]] {
				t.Errorf("listed: %+v", p)
			}
		}
	}
	if found != 4 {
		t.Fatalf("CHF listed %d times", found)
	}
	// Setting again replaces; a category left out goes back to its example price.
	m = 31_000
	if _, err := e.svc.SetPrices(admin(), "CHF", usage.CategoryPrices{Marketing: &m}); err != nil {
		t.Fatal(err)
	}
	eur, _ := e.svc.SetPrices(admin(), "EUR", usage.CategoryPrices{})
	if !eur[0].Example || eur[0].PriceMicros != 23_000 {
		t.Fatalf("EUR back to examples: %+v", eur)
	}
	all, _ = e.svc.Prices(agent)
	for _, p := range all {
		if p.Currency == "CHF" && p.Category == "service" && (!p.Example || p.PriceMicros != 0) {
			t.Fatalf("service not reset: %+v", p)
		}
		if p.Currency == "CHF" && p.Category == "marketing" && p.PriceMicros != 31_000 {
			t.Fatalf("marketing not replaced: %+v", p)
		}
	}
	// Tenants do not read the rate card.
	partner := tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "u", Role: tenancy.PartnerAdmin, PartnerID: e.partner.ID})
	if _, err := e.svc.Prices(partner); err == nil {
		t.Fatal("a partner read the rate card")
	}
}
