package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// TestRevocationReachesAnotherInstanceWithinASecond runs two partnerhub processes on one
// database: a key rotated through instance A, and a session ended there, must stop
// working on instance B within 1 s —
// through LISTEN/NOTIFY on PostgreSQL, and again after B's LISTEN connection is killed
// (then through polling). On SQLite, where there is no NOTIFY, polling alone must do it.
func TestRevocationReachesAnotherInstanceWithinASecond(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two processes")
	}
	ctx := context.Background()
	dsn := storagetest.DSN(t)
	st, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Seed data for the test (partner, client, WABA, number, user), written as the
	// operator's setup, outside any viewer's tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	db := st.Client
	p := db.Partner.Create().SetBrandName("Two Instances").SaveX(sys)
	c := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("C").SaveX(sys)
	w := db.WABA.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetName("W").SaveX(sys)
	ch := db.Channel.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetWabaID(w.ID).SetPhoneNumber("+4915112345678").
		SetStatus(channel.StatusRunning).SetKeyPermission(channel.KeyPermissionShared).SaveX(sys)
	const pw = "two instance password"
	us := users.New(db, clock.Real{}, auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1})
	if _, err := us.CreatePartnerUser(sys, p.ID, users.NewUser{Email: "admin@two.example", Role: "partner_admin", Password: pw}); err != nil {
		t.Fatal(err)
	}
	args := []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--simulator-step", "0", "--log-level", "error"}
	a, b := startChild(t, args...), startChild(t, args...)

	token := postJSON[map[string]any](t, a.addr+"/api/v2/token", "", map[string]string{"username": "admin@two.example", "password": pw})["access_token"].(string)
	issue := func() string {
		return postJSON[map[string]any](t, a.addr+"/api/v2/partners/"+p.ID+"/channels/"+ch.ID+"/api_keys", token, nil)["api_key"].(string)
	}
	status := func(base, key string) int {
		req, _ := http.NewRequest("GET", base+"/health_status", nil)
		req.Header.Set("D360-API-KEY", key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	me := func(base, token string) int {
		req, _ := http.NewRequest("GET", base+"/api/v2/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	rotateAndWatch := func(label string) {
		old := issue()
		if status(b.addr, old) != 200 {
			t.Fatalf("%s: the key is not valid on B", label)
		}
		start := time.Now()
		issue() // rotation on A revokes old
		for status(b.addr, old) == 200 {
			if time.Since(start) > time.Second {
				t.Fatalf("%s: the rotated key still works on B after 1 s", label)
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Logf("%s: revoked on B after %v", label, time.Since(start).Round(time.Millisecond))

		// A session ended through A is refused by B within the same second.
		sess := postJSON[map[string]any](t, a.addr+"/api/v2/token", "", map[string]string{"username": "admin@two.example", "password": pw})["access_token"].(string)
		if me(b.addr, sess) != 200 {
			t.Fatalf("%s: the new session is not valid on B", label)
		}
		start = time.Now()
		req, _ := http.NewRequest("DELETE", a.addr+"/api/v2/auth/session", nil)
		req.Header.Set("Authorization", "Bearer "+sess)
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: sign out on A: %v %v", label, err, res)
		}
		res.Body.Close()
		for me(b.addr, sess) == 200 {
			if time.Since(start) > time.Second {
				t.Fatalf("%s: the ended session still works on B after 1 s", label)
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Logf("%s: session ended on B after %v", label, time.Since(start).Round(time.Millisecond))
	}
	rotateAndWatch("first rotation (NOTIFY on PostgreSQL, polling on SQLite)")
	if storagetest.Postgres() {
		admin, err := sql.Open("pgx", os.Getenv(storagetest.EnvPostgres))
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		res, err := admin.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN %partnerhub_%'`)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n < 2 {
			t.Fatalf("terminated %d LISTEN connections, want both instances'", n)
		}
		rotateAndWatch("LISTEN killed, polling")
	}
}

// postJSON POSTs body (nil: no body) with an optional bearer token and decodes a 2xx answer.
func postJSON[T any](t *testing.T, url, token string, body any) T {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		rd = bytes.NewReader(raw)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest("POST", url, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out T
	if res.StatusCode/100 != 2 {
		t.Fatalf("POST %s: %d", url, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}
