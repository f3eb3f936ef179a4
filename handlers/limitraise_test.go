package handlers_test

import (
	"context"
	"testing"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Limit-raise requests are for partner admins and platform admins; support agents and
// partner members are refused (the route guard and the WABA service both say so).
func TestOnlyAdminsRequestLimitRaises(t *testing.T) {
	e := newEnv(t)
	sys := tenancy.AsSystem(context.Background(), tenancy.PlatformSetup) // test fixtures
	for _, tc := range []struct {
		as     string
		status int
	}{
		{supportAgent, 403},
		{partnerMemberA, 403},
		{partnerAdminA, 201},
		{platformAdmin, 201},
	} {
		t.Run(tc.as, func(t *testing.T) {
			// A WABA of its own for each caller: the fixture's already has a pending request.
			w := e.hub.Store.Client.WABA.Create().SetPartnerID(e.f.PartnerA.ID).SetClientID(e.f.ClientA.ID).
				SetName("WABA for " + tc.as).SaveX(sys)
			path := "/api/v2/partners/" + e.f.PartnerA.ID + "/clients/" + e.f.ClientA.ID + "/waba_accounts/" + w.ID + "/limit_raise_requests"
			r := e.do("POST", path, map[string]string{"reason": "40 branches"}, tc.as)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.Status, tc.status, r.Body)
			}
			if tc.status == 403 {
				checkErrorEnvelope(t, r, 403, "forbidden")
			}
		})
	}
}
