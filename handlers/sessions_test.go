package handlers_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// session is one sign-in of a fixture user: its access and refresh tokens.
type session struct{ access, refresh string }

// signIn opens a new session for fixture user name (as another device would).
func (e *env) signIn(t *testing.T, name, password string) session {
	t.Helper()
	r := e.do("POST", "/api/v2/token", map[string]string{"username": e.f.Users[name].Email, "password": password}, anonymous)
	if r.Status != http.StatusOK {
		t.Fatalf("sign in as %s: %d %s", name, r.Status, r.Body)
	}
	body := r.JSON(t)
	return session{access: body["access_token"].(string), refresh: body["refresh_token"].(string)}
}

// me calls GET /api/v2/me with the session's access token.
func (e *env) me(s session) *response {
	return e.do("GET", "/api/v2/me", nil, anonymous, "Authorization", "Bearer "+s.access)
}

// ended checks that s's access token is refused at once, as ended, and that its refresh
// token no longer opens a session.
func (e *env) ended(t *testing.T, s session, what string) {
	t.Helper()
	checkErrorEnvelope(t, e.me(s), http.StatusUnauthorized, "session_ended")
	if r := e.do("POST", "/api/v2/token", map[string]string{"refresh_token": s.refresh}, anonymous); r.Status != http.StatusUnauthorized && r.Status != http.StatusBadRequest {
		t.Errorf("%s: the ended session's refresh token still works: %d %s", what, r.Status, r.Body)
	}
}

func (e *env) alive(t *testing.T, s session, what string) {
	t.Helper()
	if r := e.me(s); r.Status != http.StatusOK {
		t.Errorf("%s: a session that should live was refused: %d %s", what, r.Status, r.Body)
	}
}

// TestSessionsEnd: signing out, signing out everywhere, a password change, a role change
// and a removal each end the sessions they concern at once: the very next request with an
// old access token is 401 session_ended (no waiting for the 15-minute expiry), and the
// refresh token is dead too. Sessions they do not concern live on.
func TestSessionsEnd(t *testing.T) {
	e := newEnv(t)

	t.Run("sign out ends this session only", func(t *testing.T) {
		laptop, phone := e.signIn(t, clientAdminA, testPassword), e.signIn(t, clientAdminA, testPassword)
		e.alive(t, laptop, "before")
		if r := e.do("DELETE", "/api/v2/auth/session", nil, anonymous, "Authorization", "Bearer "+laptop.access); r.Status != 200 {
			t.Fatalf("sign out: %d %s", r.Status, r.Body)
		}
		e.ended(t, laptop, "signed out")
		e.alive(t, phone, "the other device")
	})

	t.Run("sign out everywhere ends every session of the user", func(t *testing.T) {
		laptop, phone := e.signIn(t, clientMemberA, testPassword), e.signIn(t, clientMemberA, testPassword)
		other := e.signIn(t, clientAdminA, testPassword)
		if r := e.do("POST", "/api/v2/auth/sessions/end_all", nil, anonymous, "Authorization", "Bearer "+phone.access); r.Status != 200 {
			t.Fatalf("end all: %d %s", r.Status, r.Body)
		}
		e.ended(t, laptop, "end all: laptop")
		e.ended(t, phone, "end all: the caller's own")
		e.alive(t, other, "another user")
		e.alive(t, e.signIn(t, clientMemberA, testPassword), "signing in again")
	})

	t.Run("a password change ends the other sessions", func(t *testing.T) {
		stolen, mine := e.signIn(t, partnerMemberA, testPassword), e.signIn(t, partnerMemberA, testPassword)
		r := e.do("POST", "/api/v2/auth/password", map[string]string{"current_password": testPassword, "new_password": "a much better passphrase"},
			anonymous, "Authorization", "Bearer "+mine.access)
		if r.Status != 200 {
			t.Fatalf("change password: %d %s", r.Status, r.Body)
		}
		e.ended(t, stolen, "password changed: the other device")
		e.ended(t, mine, "password changed: the old token of the caller")
		e.alive(t, session{access: r.JSON(t)["access_token"].(string)}, "the session the change opened")
		e.alive(t, e.signIn(t, partnerMemberA, "a much better passphrase"), "the new password")
	})

	t.Run("a role change ends the user's sessions", func(t *testing.T) {
		name := "partner_admin_a2"
		e.addPartnerUser(t, name, "partner_admin")
		s := e.signIn(t, name, testPassword)
		e.alive(t, s, "before")
		path := "/api/v2/partners/" + e.f.PartnerA.ID + "/users/" + e.f.Users[name].ID
		if r := e.do("PATCH", path, map[string]string{"role": "partner_member"}, partnerAdminA); r.Status != 200 {
			t.Fatalf("change role: %d %s", r.Status, r.Body)
		}
		e.ended(t, s, "role changed")
		again := e.signIn(t, name, testPassword)
		if role := e.me(again).JSON(t)["role"]; role != "partner_member" {
			t.Errorf("after signing in again the role is %v", role)
		}
	})

	t.Run("removing a user ends their sessions and their sign-in", func(t *testing.T) {
		name := "partner_member_a2"
		e.addPartnerUser(t, name, "partner_member")
		s := e.signIn(t, name, testPassword)
		path := "/api/v2/partners/" + e.f.PartnerA.ID + "/users/" + e.f.Users[name].ID
		if r := e.do("DELETE", path, nil, partnerAdminA); r.Status != 200 && r.Status != 204 {
			t.Fatalf("remove: %d %s", r.Status, r.Body)
		}
		e.ended(t, s, "removed")
		if r := e.do("POST", "/api/v2/token", map[string]string{"username": e.f.Users[name].Email, "password": testPassword}, anonymous); r.Status == 200 {
			t.Errorf("a removed user signs in: %s", r.Body)
		}
	})

	t.Run("the last admin cannot be demoted or removed", func(t *testing.T) {
		b := "/api/v2/partners/" + e.f.PartnerB.ID + "/users/" + e.f.Users[partnerAdminB].ID
		checkErrorEnvelope(t, e.do("PATCH", b, map[string]string{"role": "partner_member"}, partnerAdminB), http.StatusConflict, "last_admin")
		checkErrorEnvelope(t, e.do("DELETE", b, nil, partnerAdminB), http.StatusConflict, "last_admin")
	})
}

// addPartnerUser creates a user of partner A with role, as A's admin, and records it as a
// fixture user called name.
func (e *env) addPartnerUser(t *testing.T, name, role string) {
	t.Helper()
	email := name + "@test.example"
	r := e.do("POST", "/api/v2/partners/"+e.f.PartnerA.ID+"/users",
		map[string]string{"email": email, "name": name, "role": role, "password": testPassword}, partnerAdminA)
	if r.Status != http.StatusCreated {
		t.Fatalf("add %s: %d %s", name, r.Status, r.Body)
	}
	u, err := e.hub.Store.Client.User.Get(tenancy.AsSystem(context.Background(), tenancy.PlatformSetup), r.JSON(t)["id"].(string))
	if err != nil {
		t.Fatal(err)
	}
	e.f.Users[name] = u
}
