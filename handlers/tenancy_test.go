package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/ent/user"
	"github.com/partnerhub/partnerhub/ent/viewer"
)

// routeCase says how the cross-tenant test exercises one route. Every route registered on
// the engine must have one: a new route without a case fails TestCrossTenantAccess.
type routeCase struct {
	// public routes need no credentials and show no tenant data (skipped, with a reason).
	public string
	// body is a request body that would succeed for the owning tenant, so that a refusal
	// proves tenancy rather than validation.
	body any
}

// tenancyCases covers every route. Path parameters are filled with tenant A's objects.
var tenancyCases = map[string]routeCase{
	"GET /healthz":                            {public: "liveness, no data"},
	"GET /readyz":                             {public: "readiness, no data"},
	"GET /metrics":                            {public: "Prometheus metrics, no tenant data"},
	"GET /openapi.json":                       {public: "API description"},
	"GET /swagger/*any":                       {public: "API documentation UI"},
	"POST /api/v2/token":                      {public: "sign-in; returns only the caller's own token"},
	"POST /api/v2/auth/login":                 {public: "sign-in; returns only the caller's own session"},
	"POST /api/v2/auth/refresh":               {public: "acts only on the caller's own cookie"},
	"POST /api/v2/auth/logout":                {public: "acts only on the caller's own cookie"},
	"GET /api/v2/me":                          {},
	"POST /api/v2/auth/password":              {body: map[string]string{"current_password": testPassword, "new_password": "tenant-a-new-password"}},
	"GET /api/v2/partners":                    {},
	"POST /api/v2/partners":                   {body: map[string]string{"brand_name": "Intruder Co"}},
	"GET /api/v2/partners/:partner_id":        {},
	"GET /api/v2/partners/:partner_id/users":  {},
	"POST /api/v2/partners/:partner_id/users": {body: map[string]string{"email": "intruder@test.example", "role": "partner_member", "password": "intruder-password"}},
}

// TestCrossTenantAccess enumerates every route on the Gin engine and proves that another
// partner's and another client's credentials can neither read nor change tenant A's
// objects: routes naming A's objects answer 404 (or 403 for a kind of user the route is
// not for), and no response to them carries A's data.
func TestCrossTenantAccess(t *testing.T) {
	e := newEnv(t)
	params := map[string]string{
		":partner_id": e.f.PartnerA.ID,
		":client_id":  e.f.ClientA.ID,
		":channel_id": e.f.ChannelA.ID,
		":waba_id":    e.f.WABAA.ID,
	}
	// Strings that must never appear in a response to tenant B.
	secrets := []string{e.f.PartnerA.ID, e.f.ClientA.ID, e.f.ChannelA.ID, e.f.WABAA.ID, e.f.PartnerA.BrandName,
		e.f.Users[partnerAdminA].Email, e.f.Users[clientAdminA].Email}

	for _, rt := range e.server.Routes() {
		key := rt.Method + " " + rt.Path
		rc, ok := tenancyCases[key]
		if !ok {
			t.Errorf("route %s is not covered by the cross-tenant test: add it to tenancyCases", key)
			continue
		}
		if rc.public != "" {
			continue
		}
		path, namesA := rt.Path, false
		for p, id := range params {
			if strings.Contains(path, p) {
				path, namesA = strings.ReplaceAll(path, p, id), true
			}
		}
		if strings.Contains(path, ":") || strings.Contains(path, "*") {
			t.Errorf("route %s has a path parameter the test cannot fill: add it to params", key)
			continue
		}
		for _, intruder := range []string{partnerAdminB, clientAdminB} {
			t.Run(key+" as "+intruder, func(t *testing.T) {
				before := tenantAUserCount(t, e)
				r := e.do(rt.Method, path, rc.body, intruder)
				if namesA {
					want := http.StatusNotFound
					if strings.HasPrefix(intruder, "client") && strings.HasPrefix(rt.Path, "/api/v2/partners/") {
						want = http.StatusForbidden // a client user is never partner staff
					}
					if r.Status != want {
						t.Errorf("status %d, want %d\n%s", r.Status, want, r.Body)
					}
					checkErrorEnvelope(t, r, r.Status, "")
				}
				for _, s := range secrets {
					if strings.Contains(string(r.Body), s) {
						t.Errorf("response carries tenant A's %q:\n%s", s, r.Body)
					}
				}
				if after := tenantAUserCount(t, e); after != before {
					t.Errorf("tenant A's users changed from %d to %d", before, after)
				}
			})
		}
	}
	for key := range tenancyCases {
		found := false
		for _, rt := range e.server.Routes() {
			found = found || rt.Method+" "+rt.Path == key
		}
		if !found {
			t.Errorf("tenancyCases names %s, which is not a route any more", key)
		}
	}
}

// TestOwnerCanUseTenantRoutes is the control for TestCrossTenantAccess: the same requests
// by tenant A's own admin succeed, so the refusals above are about tenancy.
func TestOwnerCanUseTenantRoutes(t *testing.T) {
	e := newEnv(t)
	pid := e.f.PartnerA.ID
	e.run([]scenario{
		{name: "get own partner", method: "GET", path: "/api/v2/partners/" + pid, as: partnerAdminA, status: 200, contains: []string{pid}},
		{name: "list own users", method: "GET", path: "/api/v2/partners/" + pid + "/users", as: partnerMemberA, status: 200,
			contains: []string{e.f.Users[partnerAdminA].Email}, notContains: []string{e.f.Users[clientAdminA].Email}},
		{name: "add own user", method: "POST", path: "/api/v2/partners/" + pid + "/users", as: partnerAdminA, status: 201,
			body: tenancyCases["POST /api/v2/partners/:partner_id/users"].body},
	})
}

func tenantAUserCount(t *testing.T, e *env) int {
	t.Helper()
	n, err := e.hub.Store.Client.User.Query().Where(user.PartnerID(e.f.PartnerA.ID)).Count(viewer.SystemContext(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
