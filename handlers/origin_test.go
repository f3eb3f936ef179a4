package handlers_test

import (
	"strings"
	"testing"
)

// Login CSRF: a page on another site must not be able to sign the visitor's browser in —
// not with a foreign Origin, and not with a text/plain body (a "simple" request that needs
// no CORS preflight). Sign-in and sign-up are refused before anything happens, and no
// session cookie is set.
func TestSessionRoutesRefuseCrossOriginAndNonJSON(t *testing.T) {
	e := newEnv(t)
	login := `{"email":"` + e.f.Users[partnerMemberA].Email + `","password":"` + testPassword + `"}`
	signupPath := "/api/v2/onboarding/partners/" + e.f.PartnerA.ID + "/signup"
	signup := func(who string) string {
		return `{"email":"` + who + `@bluebird.example","password":"a sign-up password","name":"Bea","organisation":"Bluebird"}`
	}
	const evil = "https://evil.example"
	cases := []struct {
		name, path, body string
		headers          []string
		status           int
		code             string
	}{
		{"login as text/plain from another site", "/api/v2/auth/login", login,
			[]string{"Content-Type", "text/plain", "Origin", evil}, 403, "csrf_failed"},
		{"login as text/plain without Origin", "/api/v2/auth/login", login,
			[]string{"Content-Type", "text/plain"}, 415, "unsupported_media_type"},
		{"login as a form", "/api/v2/auth/login", "email=a%40b.example&password=x",
			[]string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"},
		{"login as JSON from another site", "/api/v2/auth/login", login,
			[]string{"Origin", evil}, 403, "csrf_failed"},
		{"login as JSON, cross-site by Sec-Fetch-Site", "/api/v2/auth/login", login,
			[]string{"Sec-Fetch-Site", "cross-site"}, 403, "csrf_failed"},
		{"login as JSON from a sibling site", "/api/v2/auth/login", login,
			[]string{"Sec-Fetch-Site", "same-site"}, 403, "csrf_failed"},
		{"sign-up as text/plain", signupPath, signup("plain"),
			[]string{"Content-Type", "text/plain"}, 415, "unsupported_media_type"},
		{"sign-up from another site", signupPath, signup("evil"),
			[]string{"Origin", evil}, 403, "csrf_failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do("POST", tc.path, tc.body, anonymous, tc.headers...)
			checkErrorEnvelope(t, r, tc.status, tc.code)
			if r.Status != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.Status, tc.status, r.Body)
			}
			if c := r.Header.Values("Set-Cookie"); len(c) > 0 {
				t.Errorf("refused, yet cookies were set: %v", c)
			}
		})
	}

	// The app's own pages, and API clients without Origin, still sign in.
	for name, headers := range map[string][]string{
		"same origin by Origin":         {"Origin", e.srv.URL},
		"same origin by Sec-Fetch-Site": {"Sec-Fetch-Site", "same-origin", "Origin", e.srv.URL},
		"no Origin (an API client)":     nil,
		"JSON with a charset":           {"Content-Type", "application/json; charset=UTF-8"},
	} {
		r := e.do("POST", "/api/v2/auth/login", login, anonymous, headers...)
		if r.Status != 200 || !strings.Contains(strings.Join(r.Header.Values("Set-Cookie"), ";"), "ph_refresh=") {
			t.Errorf("login, %s: %d %s", name, r.Status, r.Body)
		}
	}
	if r := e.do("POST", signupPath, signup("bea"), anonymous, "Origin", e.srv.URL); r.Status != 201 {
		t.Errorf("sign-up from the hub's own page: %d %s", r.Status, r.Body)
	}
}
