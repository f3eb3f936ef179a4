package tenancy_test

import (
	"context"
	"errors"
	"testing"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/privacy"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

type tenants struct {
	db                 *ent.Client
	partnerA, partnerB *ent.Partner
	clientA, clientB   *ent.ClientAccount
	wabaA, wabaB       *ent.WABA
}

func setup(t *testing.T) tenants {
	t.Helper()
	db := storagetest.Open(t).Client
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	var x tenants
	x.db = db
	x.partnerA = db.Partner.Create().SetBrandName("A").SaveX(sys)
	x.partnerB = db.Partner.Create().SetBrandName("B").SaveX(sys)
	x.clientA = db.ClientAccount.Create().SetPartnerID(x.partnerA.ID).SetName("CA").SaveX(sys)
	x.clientB = db.ClientAccount.Create().SetPartnerID(x.partnerB.ID).SetName("CB").SaveX(sys)
	x.wabaA = db.WABA.Create().SetPartnerID(x.partnerA.ID).SetClientID(x.clientA.ID).SetName("WA").SaveX(sys)
	x.wabaB = db.WABA.Create().SetPartnerID(x.partnerB.ID).SetClientID(x.clientB.ID).SetName("WB").SaveX(sys)
	for _, w := range []*ent.WABA{x.wabaA, x.wabaB} {
		db.Channel.Create().SetPartnerID(w.PartnerID).SetClientID(w.ClientID).SetWabaID(w.ID).SetPhoneNumber("+4915100000001").SaveX(sys)
	}
	return x
}

func as(v *tenancy.Viewer) context.Context { return tenancy.NewContext(context.Background(), v) }

func TestNoViewerIsDenied(t *testing.T) {
	x := setup(t)
	if _, err := x.db.Partner.Query().All(context.Background()); !errors.Is(err, privacy.Deny) {
		t.Fatalf("query without a viewer: %v, want privacy.Deny", err)
	}
	if _, err := x.db.Partner.Create().SetBrandName("X").Save(context.Background()); !errors.Is(err, privacy.Deny) {
		t.Fatalf("create without a viewer: %v, want privacy.Deny", err)
	}
}

func TestPartnerStaffSeeOnlyTheirPartner(t *testing.T) {
	x := setup(t)
	ctx := as(&tenancy.Viewer{UserID: "u", Role: tenancy.PartnerMember, PartnerID: x.partnerA.ID})
	for name, count := range map[string]func() (int, error){
		"partners": func() (int, error) { return x.db.Partner.Query().Count(ctx) },
		"clients":  func() (int, error) { return x.db.ClientAccount.Query().Count(ctx) },
		"wabas":    func() (int, error) { return x.db.WABA.Query().Count(ctx) },
		"channels": func() (int, error) { return x.db.Channel.Query().Count(ctx) },
	} {
		n, err := count()
		if err != nil || n != 1 {
			t.Errorf("%s visible to partner A: %d (%v), want 1", name, n, err)
		}
	}
	if _, err := x.db.ClientAccount.Get(ctx, x.clientB.ID); !ent.IsNotFound(err) {
		t.Errorf("get another partner's client: %v, want not found", err)
	}
	if err := x.db.ClientAccount.UpdateOneID(x.clientB.ID).SetName("hijacked").Exec(ctx); !ent.IsNotFound(err) {
		t.Errorf("update another partner's client: %v, want not found", err)
	}
	if n, err := x.db.ClientAccount.Update().SetName("renamed").Save(ctx); err != nil || n != 1 {
		t.Errorf("bulk update as partner A changed %d (%v), want only its own 1", n, err)
	}
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup)
	if c, err := x.db.ClientAccount.Get(sys, x.clientB.ID); err != nil || c.Name != "CB" {
		t.Errorf("partner B's client must be untouched by partner A's bulk update: %v %v", c, err)
	}
}

func TestWritesCannotPlaceRowsInAnotherTenant(t *testing.T) {
	x := setup(t)
	ctx := as(&tenancy.Viewer{UserID: "u", Role: tenancy.PartnerAdmin, PartnerID: x.partnerA.ID})
	if _, err := x.db.ClientAccount.Create().SetPartnerID(x.partnerB.ID).SetName("planted").Save(ctx); !errors.Is(err, privacy.Deny) {
		t.Errorf("create a client under partner B as partner A: %v, want deny", err)
	}
	if err := x.db.ClientAccount.UpdateOneID(x.clientA.ID).SetPartnerID(x.partnerB.ID).Exec(ctx); !errors.Is(err, privacy.Deny) {
		t.Errorf("move own client to partner B: %v, want deny", err)
	}
	if _, err := x.db.Partner.Create().SetBrandName("self-made").Save(ctx); !errors.Is(err, privacy.Deny) {
		t.Errorf("partner staff creating a partner: %v, want deny", err)
	}
	if _, err := x.db.ClientAccount.Create().SetPartnerID(x.partnerA.ID).SetName("own").Save(ctx); err != nil {
		t.Errorf("create a client under its own partner: %v", err)
	}
}

func TestClientUsersSeeOnlyTheirClient(t *testing.T) {
	x := setup(t)
	ctx := as(&tenancy.Viewer{UserID: "u", Role: tenancy.ClientAdmin, PartnerID: x.partnerA.ID, ClientID: x.clientA.ID})
	if n := x.db.ClientAccount.Query().CountX(ctx); n != 1 {
		t.Errorf("clients visible: %d, want 1", n)
	}
	if n := x.db.Channel.Query().CountX(ctx); n != 1 {
		t.Errorf("channels visible: %d, want 1", n)
	}
	p, err := x.db.Partner.Query().Only(ctx)
	if err != nil || p.ID != x.partnerA.ID {
		t.Errorf("a client user reads its own partner: %v %v", p, err)
	}
	if err := x.db.Partner.UpdateOneID(x.partnerA.ID).SetBrandName("defaced").Exec(ctx); !errors.Is(err, privacy.Deny) {
		t.Errorf("a client user writing its partner: %v, want deny", err)
	}
	if _, err := x.db.WABA.Get(ctx, x.wabaB.ID); !ent.IsNotFound(err) {
		t.Errorf("another client's WABA: %v, want not found", err)
	}
}

func TestInternalTablesAreSystemOnly(t *testing.T) {
	x := setup(t)
	for _, v := range []*tenancy.Viewer{{Role: tenancy.PlatformAdmin}, {Role: tenancy.PartnerAdmin, PartnerID: x.partnerA.ID}} {
		if _, err := x.db.RefreshToken.Query().All(as(v)); !errors.Is(err, privacy.Deny) {
			t.Errorf("%s reading refresh tokens: %v, want deny", v.Role, err)
		}
		if _, err := x.db.SystemSetting.Query().All(as(v)); !errors.Is(err, privacy.Deny) {
			t.Errorf("%s reading system settings: %v, want deny", v.Role, err)
		}
	}
}

func TestPlatformStaffSeeEverything(t *testing.T) {
	x := setup(t)
	ctx := as(&tenancy.Viewer{UserID: "u", Role: tenancy.SupportAgent})
	if n := x.db.Channel.Query().CountX(ctx); n != 2 {
		t.Errorf("channels visible to support: %d, want 2", n)
	}
}
