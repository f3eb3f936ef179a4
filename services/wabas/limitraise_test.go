package wabas_test

import (
	"context"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/wabas"
)

// Only partner admins and platform admins may ask for a limit raise, whatever route calls
// the service.
func TestOnlyAdminsMayRequestALimitRaise(t *testing.T) {
	db := storagetest.Open(t).Client
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	p := db.Partner.Create().SetBrandName("Partner").SaveX(sys)
	cl := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Client").SaveX(sys)
	s := wabas.New(db, clock.NewManual(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)))
	as := func(role tenancy.Role, partnerID string) context.Context {
		return tenancy.NewContext(context.Background(), &tenancy.Viewer{UserID: string(role) + "US", Role: role, PartnerID: partnerID})
	}
	cases := []struct {
		name string
		ctx  context.Context
		code string
	}{
		{"support agent", as(tenancy.SupportAgent, ""), "forbidden"},
		{"partner member", as(tenancy.PartnerMember, p.ID), "forbidden"},
		{"client admin", as(tenancy.ClientAdmin, p.ID), "forbidden"},
		{"no viewer", context.Background(), "forbidden"},
		{"partner admin", as(tenancy.PartnerAdmin, p.ID), ""},
		{"platform admin", as(tenancy.PlatformAdmin, ""), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := db.WABA.Create().SetPartnerID(p.ID).SetClientID(cl.ID).SetName("WABA of " + tc.name).SaveX(sys)
			r, err := s.RequestLimitRaise(tc.ctx, p.ID, cl.ID, w.ID, "more numbers")
			if code := apperr.CodeOf(err); code != tc.code {
				t.Fatalf("code %q (%v), want %q", code, err, tc.code)
			}
			if tc.code == "" && r.RequestedLimit != wabas.RaisedLimit {
				t.Fatalf("request: %+v", r)
			}
			if tc.code != "" && apperr.KindOf(err) != apperr.Forbidden {
				t.Fatalf("kind %q, want forbidden", apperr.KindOf(err))
			}
		})
	}
}
