package numbermigrations_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/numbermigrations"
	"github.com/partnerhub/partnerhub/services/otp"
	"github.com/partnerhub/partnerhub/services/outbound"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/registration"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/webhookurl"
)

type world struct {
	db     *ent.Client
	clock  *clock.Manual
	svc    *numbermigrations.Service
	client *ent.ClientAccount
	waba   *ent.WABA
	admin  context.Context
}

func setup(t *testing.T) world {
	t.Helper()
	store := storagetest.Open(t)
	db := store.Client
	clk := clock.NewManual(time.Date(2026, 3, 27, 12, 0, 0, 0, time.UTC))
	sim := provider.NewSimulator(db, clk)
	reg := registration.New(db, clk)
	ch := channels.New(db, store.SQL(), clk, otp.New(clk, sim), sim, webhookurl.Policy{}, outbound.Policy{}, reg)
	w := world{db: db, clock: clk, svc: numbermigrations.New(db, store.SQL(), clk, otp.New(clk, sim), sim, reg, ch)}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	p := db.Partner.Create().SetBrandName("P").SaveX(sys)
	w.client = db.ClientAccount.Create().SetPartnerID(p.ID).SetName("C").SaveX(sys)
	w.waba = db.WABA.Create().SetPartnerID(p.ID).SetClientID(w.client.ID).SetName("W").SetFbAccountStatus("verified").SaveX(sys)
	w.admin = tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: "admin", Role: tenancy.PlatformAdmin})
	return w
}

func (w world) onPremise(t *testing.T, number string) *ent.Channel {
	t.Helper()
	return w.db.Channel.Create().SetPartnerID(w.client.PartnerID).SetClientID(w.client.ID).SetWabaID(w.waba.ID).
		SetPhoneNumber(number).SetStatus(channel.StatusRunning).SetHostingType(channel.HostingTypeOnPremise).
		SetSetupInfo(fieldtype.SetupInfo{PhoneNumber: number, PhoneName: "Old Name"}).SaveX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
}

func (w world) scope() numbermigrations.Scope {
	return numbermigrations.Scope{PartnerID: w.client.PartnerID, ClientID: w.client.ID}
}

func (w world) count(t *testing.T, name string) int {
	t.Helper()
	n, err := w.db.Event.Query().Where(event.Event(name)).Count(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestConcurrentSweepsCompleteAHostingChangeOnce runs two hosting-change sweeps at the same
// time over the same migrations: each migration is completed by exactly one of them, with
// exactly one migration.completed event, and the channel is on the cloud and unlocked.
func TestConcurrentSweepsCompleteAHostingChangeOnce(t *testing.T) {
	w := setup(t)
	var chs []*ent.Channel
	for _, n := range []string{"+4915112345601", "+4915112345602", "+4915112345603"} {
		ch := w.onPremise(t, n)
		chs = append(chs, ch)
		if _, err := w.svc.Start(w.admin, w.scope(), numbermigrations.NewMigration{Kind: "hosting_change", ChannelID: ch.ID}); err != nil {
			t.Fatal(err)
		}
	}
	var (
		wg    sync.WaitGroup
		total [2]int
		errs  [2]error
	)
	for i := range 2 {
		wg.Go(func() { total[i], errs[i] = w.svc.CompleteHostingChanges(context.Background()) })
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("sweeps failed: %v, %v", errs[0], errs[1])
	}
	if total[0]+total[1] != 3 {
		t.Fatalf("sweeps completed %d + %d migrations, want 3 in all", total[0], total[1])
	}
	if n := w.count(t, events.MigrationCompleted); n != 3 {
		t.Fatalf("%d migration.completed events, want 3", n)
	}
	// A later sweep finds nothing left.
	if n, err := w.svc.CompleteHostingChanges(context.Background()); n != 0 || err != nil {
		t.Fatalf("third sweep: %d %v", n, err)
	}
	for _, ch := range chs {
		got := w.db.Channel.GetX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), ch.ID)
		if got.HostingType != channel.HostingTypeCloud || got.LockedBy != nil {
			t.Errorf("channel %s: hosting %s, locked_by %v; want cloud and unlocked", ch.ID, got.HostingType, got.LockedBy)
		}
	}
}

// TestExpiryHappensOnceAndReleasesTheNumber lets a waiting hosting change and a port_in
// pass their 24 hours: two concurrent expiry sweeps expire each exactly once, the channel
// is unlocked, and the number can start a new migration.
func TestExpiryHappensOnceAndReleasesTheNumber(t *testing.T) {
	w := setup(t)
	ch := w.onPremise(t, "+4915112345611")
	hc, err := w.svc.Start(w.admin, w.scope(), numbermigrations.NewMigration{Kind: "hosting_change", ChannelID: ch.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Start(w.admin, w.scope(), numbermigrations.NewMigration{Kind: "port_in", PhoneNumber: "+4915112345612",
		TargetWABAID: w.waba.ID, TwoStepDisabled: true}); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(numbermigrations.TTL - time.Second)
	if n, err := w.svc.ExpireDue(context.Background()); n != 0 || err != nil {
		t.Fatalf("a second before the expiry: expired %d (%v)", n, err)
	}
	w.clock.Advance(time.Second)
	// Past its expiry a hosting change is no longer completed.
	if n, _ := w.svc.CompleteHostingChanges(context.Background()); n != 0 {
		t.Fatalf("an expired hosting change was completed")
	}
	var (
		wg    sync.WaitGroup
		total [2]int
	)
	for i := range 2 {
		wg.Go(func() {
			n, err := w.svc.ExpireDue(context.Background())
			if err != nil {
				t.Error(err)
			}
			total[i] = n
		})
	}
	wg.Wait()
	if total[0]+total[1] != 2 || w.count(t, events.MigrationExpired) != 2 {
		t.Fatalf("expired %d + %d, %d events; want 2 and 2", total[0], total[1], w.count(t, events.MigrationExpired))
	}
	v, err := w.svc.Get(w.admin, w.scope(), hc.ID)
	if err != nil || v.Status != "expired" || v.FinishedAt == nil || v.Reason == "" {
		t.Fatalf("hosting change after expiry: %+v %v", v, err)
	}
	if got := w.db.Channel.GetX(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), ch.ID); got.LockedBy != nil {
		t.Fatalf("the channel is still locked by %s", *got.LockedBy)
	}
	if _, err := w.svc.Start(w.admin, w.scope(), numbermigrations.NewMigration{Kind: "port_in", PhoneNumber: "+4915112345612",
		TargetWABAID: w.waba.ID, TwoStepDisabled: true}); err != nil {
		t.Fatalf("a new migration of the released number: %v", err)
	}
}

// TestOneOpenMigrationPerNumber starts the same port_in from many goroutines at once: the
// database's unique open_number lets exactly one through; the others get
// number_in_open_request.
func TestOneOpenMigrationPerNumber(t *testing.T) {
	w := setup(t)
	const tries = 8
	var (
		wg   sync.WaitGroup
		errs [tries]error
	)
	for i := range tries {
		wg.Go(func() {
			_, errs[i] = w.svc.Start(w.admin, w.scope(), numbermigrations.NewMigration{Kind: "port_in", PhoneNumber: "+4915112345621",
				TargetWABAID: w.waba.ID, TwoStepDisabled: true})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch apperr.CodeOf(err) {
		case "":
			ok++
		case "number_in_open_request":
		default:
			t.Errorf("unexpected refusal: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d migrations started, want exactly 1", ok)
	}
}

// TestTransitionTable checks the status machine: final statuses move nowhere, a code can
// be re-requested, and a completion needs an open migration.
func TestTransitionTable(t *testing.T) {
	all := []numbermigrations.Status{numbermigrations.Created, numbermigrations.OTPRequested, numbermigrations.Completed, numbermigrations.Failed, numbermigrations.Cancelled, numbermigrations.Expired}
	allowed := map[[2]numbermigrations.Status]bool{
		{numbermigrations.Created, numbermigrations.OTPRequested}: true, {numbermigrations.Created, numbermigrations.Completed}: true,
		{numbermigrations.Created, numbermigrations.Cancelled}: true, {numbermigrations.Created, numbermigrations.Expired}: true,
		{numbermigrations.Created, numbermigrations.Failed}:            true, // a hosting change that cannot be made
		{numbermigrations.OTPRequested, numbermigrations.OTPRequested}: true, {numbermigrations.OTPRequested, numbermigrations.Completed}: true,
		{numbermigrations.OTPRequested, numbermigrations.Failed}: true, {numbermigrations.OTPRequested, numbermigrations.Cancelled}: true,
		{numbermigrations.OTPRequested, numbermigrations.Expired}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := numbermigrations.CanTransition(from, to); got != allowed[[2]numbermigrations.Status{from, to}] {
				t.Errorf("%s → %s allowed = %v", from, to, got)
			}
		}
	}
}

// TestCopyRule: only approved templates of high quality (GREEN) are copied.
func TestCopyRule(t *testing.T) {
	for _, tc := range []struct {
		status, quality string
		copied          bool
	}{
		{"approved", "GREEN", true},
		{"approved", "YELLOW", false},
		{"approved", "RED", false},
		{"approved", "UNKNOWN", false},
		{"submitted", "GREEN", false},
		{"rejected", "UNKNOWN", false},
		{"PAUSED", "GREEN", false},
	} {
		ok, why := numbermigrations.CopyRule(tc.status, tc.quality)
		if ok != tc.copied || (!ok && why == "") {
			t.Errorf("%s/%s: copied=%v (%q), want %v with a reason when not", tc.status, tc.quality, ok, why, tc.copied)
		}
	}
}
