package handlers_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

func TestTokenEndpoint(t *testing.T) {
	e := newEnv(t)
	admin := e.f.Users[partnerAdminA]
	e.run([]scenario{
		{name: "valid credentials give a bearer token pair", method: "POST", path: "/api/v2/token",
			body: map[string]string{"username": admin.Email, "password": testPassword}, status: 200,
			contains: []string{`"token_type":"bearer"`, `"expires_in":900`, `"access_token":"`, `"refresh_token":"`}},
		{name: "email is case-insensitive", method: "POST", path: "/api/v2/token",
			body: map[string]string{"username": strings.ToUpper(admin.Email), "password": testPassword}, status: 200},
		{name: "wrong password is an OAuth invalid_grant", method: "POST", path: "/api/v2/token",
			body: map[string]string{"username": admin.Email, "password": "wrong password!"}, status: 401,
			contains: []string{`"error":"invalid_grant"`, `"error_description":"`}, notContains: []string{`"meta"`}},
		{name: "unknown user looks the same as a wrong password", method: "POST", path: "/api/v2/token",
			body: map[string]string{"username": "nobody@test.example", "password": testPassword}, status: 401,
			contains: []string{`"error":"invalid_grant"`, `"error_description":"The email or password is wrong."`}},
		{name: "malformed JSON is an OAuth invalid_request", method: "POST", path: "/api/v2/token",
			body: `{"username":`, status: 400, contains: []string{`"error":"invalid_request"`}},
		{name: "empty body is an OAuth invalid_request", method: "POST", path: "/api/v2/token",
			body: `{}`, status: 400, contains: []string{`"error":"invalid_request"`}},
		{name: "wrong types are an OAuth invalid_request", method: "POST", path: "/api/v2/token",
			body: `{"username":5,"password":true}`, status: 400, contains: []string{`"error":"invalid_request"`}},
	})
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	e := newEnv(t)
	tok := e.token(partnerAdminA)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		r := e.do("GET", "/api/v2/me", nil, anonymous, "Authorization", scheme+" "+tok)
		if r.Status != 200 {
			t.Errorf("scheme %q: status %d", scheme, r.Status)
		}
	}
	for _, h := range []string{"", "Basic " + tok, "Bearer", "Bearer ", tok, "Token " + tok} {
		r := e.do("GET", "/api/v2/me", nil, anonymous, "Authorization", h)
		if r.Status != 401 {
			t.Errorf("header %q: status %d, want 401", h, r.Status)
		}
		checkErrorEnvelope(t, r, 401, "unauthenticated")
	}
}

func TestMe(t *testing.T) {
	e := newEnv(t)
	for name, want := range map[string][3]string{
		platformAdmin: {"platform_admin", "", ""},
		partnerAdminA: {"partner_admin", e.f.PartnerA.ID, ""},
		clientAdminA:  {"client_admin", e.f.PartnerA.ID, e.f.ClientA.ID},
	} {
		t.Run(name, func(t *testing.T) {
			m := e.do("GET", "/api/v2/me", nil, name).JSON(t)
			u := e.f.Users[name]
			if m["id"] != u.ID || m["email"] != u.Email || m["role"] != want[0] {
				t.Errorf("me = %v", m)
			}
			for key, val := range map[string]string{"partner_id": want[1], "client_id": want[2]} {
				got, present := m[key]
				if !present {
					t.Errorf("%s missing (must be null when not applicable)", key)
				}
				if (val == "" && got != nil) || (val != "" && got != val) {
					t.Errorf("%s = %v, want %q", key, got, val)
				}
			}
		})
	}
}

func TestAccessTokenValidation(t *testing.T) {
	e := newEnv(t)
	u := e.f.Users[partnerAdminA]
	good := e.token(partnerAdminA)

	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	now := e.clock.Now()
	base := jwt.MapClaims{"sub": u.ID, "role": "platform_admin", "iss": "partnerhub", "exp": now.Add(time.Hour).Unix()}
	cases := map[string]string{
		"signed with another key": sign(jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), base),
		"alg none":                sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, base),
		"tampered payload":        tamper(good),
		"garbage":                 "not-a-jwt",
	}
	for name, tok := range cases {
		r := e.do("GET", "/api/v2/me", nil, anonymous, "Authorization", "Bearer "+tok)
		if r.Status != 401 {
			t.Errorf("%s: status %d, want 401", name, r.Status)
		}
	}
	e.clock.Advance(16 * time.Minute)
	r := e.do("GET", "/api/v2/me", nil, anonymous, "Authorization", "Bearer "+good)
	checkErrorEnvelope(t, r, 401, "token_expired")
}

// tamper flips the role claim of a signed token without re-signing it.
func tamper(tok string) string {
	parts := strings.Split(tok, ".")
	payload, _ := jwt.NewParser().DecodeSegment(parts[1])
	forged := strings.Replace(string(payload), `"partner_admin"`, `"platform_admin"`, 1)
	parts[1] = base64.RawURLEncoding.EncodeToString([]byte(forged))
	return strings.Join(parts, ".")
}

func TestLoginThrottling(t *testing.T) {
	e := newEnv(t)
	u := e.f.Users[partnerAdminA]
	wrong := map[string]string{"username": u.Email, "password": "definitely wrong"}
	for i := 1; i <= 5; i++ {
		if r := e.do("POST", "/api/v2/token", wrong, anonymous); r.Status != 401 {
			t.Fatalf("failure %d: status %d, want 401", i, r.Status)
		}
	}
	// Locked now, even with the right password.
	right := map[string]string{"username": u.Email, "password": testPassword}
	r := e.do("POST", "/api/v2/token", right, anonymous)
	if r.Status != 429 {
		t.Fatalf("after 5 failures: status %d, want 429\n%s", r.Status, r.Body)
	}
	retry, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || retry < 1 || retry > 31 {
		t.Fatalf("Retry-After = %q, want 1..31 seconds", r.Header.Get("Retry-After"))
	}
	// The browser login reports it in the meta envelope too.
	lr := e.do("POST", "/api/v2/auth/login", map[string]string{"email": u.Email, "password": testPassword}, anonymous)
	checkErrorEnvelope(t, lr, 429, "login_throttled")

	// After the lock runs out one more failure locks for twice as long (exponential).
	e.clock.Advance(31 * time.Second)
	if r := e.do("POST", "/api/v2/token", wrong, anonymous); r.Status != 401 {
		t.Fatalf("after lock expiry a wrong password: %d, want 401", r.Status)
	}
	r = e.do("POST", "/api/v2/token", right, anonymous)
	if retry, _ := strconv.Atoi(r.Header.Get("Retry-After")); r.Status != 429 || retry < 59 || retry > 61 {
		t.Fatalf("6th failure: status %d Retry-After %q, want 429 and ~60s", r.Status, r.Header.Get("Retry-After"))
	}
	e.clock.Advance(61 * time.Second)
	if r := e.do("POST", "/api/v2/token", right, anonymous); r.Status != 200 {
		t.Fatalf("after the lock: status %d, want 200", r.Status)
	}
}

func TestLoginThrottlingPerIP(t *testing.T) {
	e := newEnvWith(t, func(c *hub.Config) { c.Auth.Throttle.IPMaxFailures = 20 })
	// Wrong passwords from one IP — five on one account, one each on others — lock only
	// that account from that IP: a colleague behind the same address still signs in.
	wrong := map[string]string{"username": e.f.Users[partnerAdminA].Email, "password": "definitely wrong"}
	for i := 1; i <= 5; i++ {
		if r := e.do("POST", "/api/v2/token", wrong, anonymous); r.Status != 401 {
			t.Fatalf("failure %d: status %d, want 401", i, r.Status)
		}
	}
	for i := 0; i < 5; i++ {
		body := map[string]string{"username": "nobody" + strconv.Itoa(i) + "@test.example", "password": "whatever wrong"}
		if r := e.do("POST", "/api/v2/token", body, anonymous); r.Status != 401 {
			t.Fatalf("failure on nobody%d: %d", i, r.Status)
		}
	}
	right := func(name string) int {
		return e.do("POST", "/api/v2/token", map[string]string{"username": e.f.Users[name].Email, "password": testPassword}, anonymous).Status
	}
	if st := right(clientAdminA); st != 200 {
		t.Fatalf("another account's right password from the same IP: status %d, want 200", st)
	}
	if st := right(partnerAdminA); st != 429 {
		t.Fatalf("the failing account from its IP: status %d, want 429", st)
	}
	// Spraying many accounts from one IP locks the IP at its own, much higher threshold.
	for i := 5; i < 15; i++ {
		body := map[string]string{"username": "nobody" + strconv.Itoa(i) + "@test.example", "password": "whatever wrong"}
		if r := e.do("POST", "/api/v2/token", body, anonymous); r.Status != 401 {
			t.Fatalf("failure on nobody%d: %d", i, r.Status)
		}
	}
	if st := right(clientMemberA); st != 429 {
		t.Fatalf("after 20 failures from one IP: status %d, want 429", st)
	}
}

// browser is a cookie-keeping client for the browser session endpoints.
type browser struct {
	e      *env
	client *http.Client
	origin string
}

func newBrowser(e *env) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, client: &http.Client{Jar: jar}, origin: e.srv.URL}
}

func (b *browser) cookie(name string) string {
	req, _ := http.NewRequest("GET", b.e.srv.URL+"/api/v2/auth/refresh", nil)
	for _, c := range b.client.Jar.Cookies(req.URL) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func (b *browser) post(path, body string, csrf bool) *response {
	b.e.t.Helper()
	req, _ := http.NewRequest("POST", b.e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if csrf {
		req.Header.Set("X-CSRF-Token", b.cookie("ph_csrf"))
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	var buf strings.Builder
	_, _ = ioCopy(&buf, res)
	return &response{Status: res.StatusCode, Header: res.Header, Body: []byte(buf.String())}
}

func TestBrowserSession(t *testing.T) {
	e := newEnv(t)
	u := e.f.Users[partnerMemberA]
	b := newBrowser(e)
	r := b.post("/api/v2/auth/login", `{"email":"`+u.Email+`","password":"`+testPassword+`"}`, false)
	if r.Status != 200 {
		t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	if strings.Contains(string(r.Body), "refresh_token") {
		t.Error("the browser login must not put the refresh token in the body")
	}
	setCookies := strings.Join(r.Header.Values("Set-Cookie"), "\n")
	for _, want := range []string{"ph_refresh=", "HttpOnly", "SameSite=Strict", "Path=/api/v2/auth", "ph_csrf="} {
		if !strings.Contains(setCookies, want) {
			t.Errorf("Set-Cookie lacks %q:\n%s", want, setCookies)
		}
	}
	first := b.cookie("ph_refresh")

	if r := b.post("/api/v2/auth/refresh", "", false); r.Status != 403 {
		t.Errorf("refresh without X-CSRF-Token: %d, want 403", r.Status)
	}
	r = b.post("/api/v2/auth/refresh", "", true)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"access_token"`) {
		t.Fatalf("refresh: %d %s", r.Status, r.Body)
	}
	if b.cookie("ph_refresh") == first {
		t.Fatal("refresh must rotate the refresh token")
	}

	// Replaying the first (rotated) token revokes the whole family, including the new one.
	thief := newBrowser(e)
	thief.client.Jar.SetCookies(mustURL(e.srv.URL+"/api/v2/auth"), []*http.Cookie{{Name: "ph_refresh", Value: first, Path: "/api/v2/auth"}, {Name: "ph_csrf", Value: "x", Path: "/"}})
	r = thief.post("/api/v2/auth/refresh", "", true)
	checkErrorEnvelope(t, r, 401, "refresh_token_reused")
	r = b.post("/api/v2/auth/refresh", "", true)
	if r.Status != 401 {
		t.Fatalf("after reuse, the legitimate session must be revoked too: %d", r.Status)
	}

	// Logout ends a fresh session.
	b2 := newBrowser(e)
	b2.post("/api/v2/auth/login", `{"email":"`+u.Email+`","password":"`+testPassword+`"}`, false)
	loggedOut := b2.cookie("ph_refresh")
	if r := b2.post("/api/v2/auth/logout", "", true); r.Status != 200 {
		t.Fatalf("logout: %d %s", r.Status, r.Body)
	}
	if b2.cookie("ph_refresh") != "" {
		t.Error("logout must clear the refresh cookie")
	}
	replay := newBrowser(e)
	replay.client.Jar.SetCookies(mustURL(e.srv.URL+"/api/v2/auth"), []*http.Cookie{{Name: "ph_refresh", Value: loggedOut, Path: "/api/v2/auth"}, {Name: "ph_csrf", Value: "x", Path: "/"}})
	if r := replay.post("/api/v2/auth/refresh", "", true); r.Status != 401 {
		t.Fatalf("refresh with a logged-out token: %d, want 401", r.Status)
	}
}

func TestCrossSiteRefreshRefused(t *testing.T) {
	e := newEnv(t)
	u := e.f.Users[partnerMemberA]
	b := newBrowser(e)
	b.post("/api/v2/auth/login", `{"email":"`+u.Email+`","password":"`+testPassword+`"}`, false)
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v2/auth/refresh", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("X-CSRF-Token", b.cookie("ph_csrf"))
	res, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Fatalf("cross-site refresh: %d, want 403", res.StatusCode)
	}
}

func TestRefreshTokenViaTokenEndpoint(t *testing.T) {
	e := newEnv(t)
	u := e.f.Users[partnerAdminA]
	m := e.do("POST", "/api/v2/token", map[string]string{"username": u.Email, "password": testPassword}, anonymous).JSON(t)
	rt := m["refresh_token"].(string)
	r := e.do("POST", "/api/v2/token", map[string]string{"refresh_token": rt}, anonymous)
	if r.Status != 200 {
		t.Fatalf("refresh grant: %d %s", r.Status, r.Body)
	}
	r = e.do("POST", "/api/v2/token", map[string]string{"refresh_token": rt}, anonymous)
	if r.Status != 401 || !strings.Contains(string(r.Body), `"invalid_grant"`) {
		t.Fatalf("reused refresh grant: %d %s", r.Status, r.Body)
	}
}

func TestOneTimePasswordMustBeChanged(t *testing.T) {
	e := newEnv(t)
	created, otp, err := e.hub.Users.EnsureBootstrapAdmin(context.Background(), "first@test.example")
	if err != nil || created {
		t.Fatalf("bootstrap on a non-empty database: created=%v err=%v (want no-op)", created, err)
	}
	// A user created with a one-time password, as the first start and the CLI do.
	u, err := e.hub.Users.CreatePlatformUser(context.Background(), users.NewUser{
		Email: "otp@test.example", Role: string(tenancy.PlatformAdmin), Password: "one-time-secret-pw", MustChangePassword: true})
	if err != nil {
		t.Fatal(err)
	}
	_ = otp
	b := newBrowser(e)
	r := b.post("/api/v2/auth/login", `{"email":"otp@test.example","password":"one-time-secret-pw"}`, false)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"must_change_password":true`) {
		t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	tok := r.JSON(t)["access_token"].(string)
	auth := []string{"Authorization", "Bearer " + tok}
	if r := e.do("GET", "/api/v2/me", nil, anonymous, auth...); r.Status != 200 {
		t.Errorf("/me must work before the change: %d", r.Status)
	}
	r = e.do("GET", "/api/v2/partners", nil, anonymous, auth...)
	checkErrorEnvelope(t, r, 403, "password_change_required")

	e.run([]scenario{
		{name: "too short", method: "POST", path: "/api/v2/auth/password", headers: auth, status: 422, code: "validation_failed",
			body: map[string]string{"current_password": "one-time-secret-pw", "new_password": "short"}, contains: []string{"new_password: must be at least 12 characters"}},
		{name: "too long", method: "POST", path: "/api/v2/auth/password", headers: auth, status: 422, code: "validation_failed",
			body: map[string]string{"current_password": "one-time-secret-pw", "new_password": strings.Repeat("x", 257)}},
		{name: "wrong current password", method: "POST", path: "/api/v2/auth/password", headers: auth, status: 422,
			body: map[string]string{"current_password": "not-the-current-one", "new_password": "a brand new password"}, contains: []string{"current_password"}},
	})
	r = e.do("POST", "/api/v2/auth/password", map[string]string{"current_password": "one-time-secret-pw", "new_password": "a brand new password"}, anonymous, auth...)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"must_change_password":false`) {
		t.Fatalf("change: %d %s", r.Status, r.Body)
	}
	newTok := r.JSON(t)["access_token"].(string)
	if r := e.do("GET", "/api/v2/partners", nil, anonymous, "Authorization", "Bearer "+newTok); r.Status != 200 {
		t.Errorf("after the change the new token works everywhere: %d", r.Status)
	}
	// The old session was ended by the change.
	if r := b.post("/api/v2/auth/refresh", "", true); r.Status != 401 {
		t.Errorf("old refresh token after password change: %d, want 401", r.Status)
	}
	if r := e.do("POST", "/api/v2/token", map[string]string{"username": u.Email, "password": "one-time-secret-pw"}, anonymous); r.Status != 401 {
		t.Errorf("old password still works: %d", r.Status)
	}
}
