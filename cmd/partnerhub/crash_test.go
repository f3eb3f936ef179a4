package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/events"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// The test binary doubles as the server for tests that must kill a real process:
// with PARTNERHUB_TEST_CHILD=serve it runs "partnerhub" with the arguments in
// PARTNERHUB_TEST_ARGS instead of the tests.
func TestMain(m *testing.M) {
	if os.Getenv("PARTNERHUB_TEST_CHILD") == "serve" {
		args := strings.Split(os.Getenv("PARTNERHUB_TEST_ARGS"), "\x1f")
		if err := run(context.Background(), args, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "partnerhub:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	// PostgreSQL keeps no key file: every instance the tests start there shares one key.
	if storagetest.Postgres() && os.Getenv(envName("secret-key")) == "" {
		os.Setenv(envName("secret-key"), testSecretKey)
	}
	os.Exit(m.Run())
}

// child is a partnerhub process started from the test binary.
type child struct {
	cmd  *exec.Cmd
	addr string
}

func startChild(t *testing.T, args ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "PARTNERHUB_TEST_CHILD=serve", "PARTNERHUB_TEST_ARGS="+strings.Join(args, "\x1f"))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`listening on (http://\S+)`)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return &child{cmd: cmd, addr: a}
	case <-time.After(30 * time.Second):
		t.Fatal("the child server did not start")
		return nil
	}
}

// TestWebhookDeliverySurvivesSIGKILL emits 10 000 events, kills the server with SIGKILL
// in the middle of delivering them, starts it again, and proves every event reached the
// receiver at least once. Duplicates (deliveries made but not yet recorded when the
// process died) are allowed by the at-least-once contract and reported.
func TestWebhookDeliverySurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a real process")
	}
	const total = 10_000
	var mu sync.Mutex
	seen := map[string]int{}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.Header.Get("X-PartnerHub-Event-Id")]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer receiver.Close()
	received := func() (unique, all int) {
		mu.Lock()
		defer mu.Unlock()
		for _, n := range seen {
			all += n
		}
		return len(seen), all
	}

	ctx := context.Background()
	dsn := storagetest.DSN(t)
	st, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Seed data for the test: a partner and its events, written as the operator's setup,
	// outside any viewer's tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	p := st.Client.Partner.Create().SetBrandName("Crash Test").SetWebhookURL(receiver.URL + "/hook").SaveX(sys)
	for done := 0; done < total; done += 500 {
		err := st.WithTx(sys, func(tx *ent.Tx) error {
			for i := done; i < done+500; i++ {
				if err := events.Emit(sys, tx.Client(), events.Event{Name: "crash.test", PartnerID: p.ID, ObjectType: "partner",
					ObjectID: p.ID, Data: map[string]any{"n": i}, At: time.Now()}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	args := []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--allow-insecure-webhooks", "--simulator-step", "0",
		"--webhook-timeout", "2s", "--log-level", "error"}
	first := startChild(t, args...)
	deadline := time.Now().Add(60 * time.Second)
	for u, _ := received(); u < total/4 && time.Now().Before(deadline); u, _ = received() {
		time.Sleep(5 * time.Millisecond)
	}
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	atKill, _ := received()
	if atKill >= total {
		t.Fatalf("all %d events were delivered before the kill; the test did not interrupt anything", total)
	}

	second := startChild(t, args...)
	deadline = time.Now().Add(90 * time.Second)
	for u, _ := received(); u < total && time.Now().Before(deadline); u, _ = received() {
		time.Sleep(20 * time.Millisecond)
	}
	unique, all := received()
	if unique != total {
		t.Fatalf("after the restart %d of %d events reached the receiver", unique, total)
	}
	// Every delivery ends recorded as delivered.
	for time.Now().Before(deadline) {
		n := st.Client.WebhookDelivery.Query().Where(webhookdelivery.StatusNEQ(webhookdelivery.StatusDelivered)).CountX(sys)
		if n == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := st.Client.WebhookDelivery.Query().Where(webhookdelivery.StatusNEQ(webhookdelivery.StatusDelivered)).CountX(sys); n != 0 {
		t.Fatalf("%d deliveries not recorded as delivered", n)
	}
	second.cmd.Process.Signal(syscall.SIGTERM)
	second.cmd.Wait()
	t.Logf("killed after %d of %d events; all %d arrived; %d duplicate deliveries (%.2f%%)",
		atKill, total, unique, all-unique, 100*float64(all-unique)/float64(total))
}

// TestMessagesSurviveSIGKILL sends messages to a running server, kills it with SIGKILL
// while it accepts them and moves their statuses on, starts it again, and proves that
// every message the API accepted (answered 200 with a wamid) still reaches its
// channel's webhook as sent, delivered and read: an accepted message is never lost.
func TestMessagesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a real process")
	}
	var mu sync.Mutex
	seen := map[string]bool{} // wamid + "/" + status
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var env struct {
			Entry []struct {
				Changes []struct {
					Value struct {
						Statuses []struct{ ID, Status string } `json:"statuses"`
					} `json:"value"`
				} `json:"changes"`
			} `json:"entry"`
		}
		if json.NewDecoder(r.Body).Decode(&env) == nil {
			mu.Lock()
			for _, e := range env.Entry {
				for _, c := range e.Changes {
					for _, s := range c.Value.Statuses {
						seen[s.ID+"/"+s.Status] = true
					}
				}
			}
			mu.Unlock()
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer receiver.Close()

	ctx := context.Background()
	dsn := storagetest.DSN(t)
	st, err := storage.Open(ctx, dsn, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Seed data for the test, written as the operator's setup outside any tenant: a
	// running number with a key and a webhook, and users whose windows are open.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	db := st.Client
	p := db.Partner.Create().SetBrandName("Crash Messages").SaveX(sys)
	c := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Crash Client").SaveX(sys)
	w := db.WABA.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetName("Crash WABA").SaveX(sys)
	ch := db.Channel.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetWabaID(w.ID).SetPhoneNumber("+4915111110000").
		SetStatus(channel.StatusRunning).SetCurrentLimit("TIER_UNLIMITED").SetWebhookURL(receiver.URL + "/hook").SaveX(sys)
	key := keyformat.New(keyformat.Channel)
	hash := keyformat.Hash(key)
	db.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(p.ID).SetClientID(c.ID).SetKeyHash(hash[:]).
		SetHint(keyformat.Hint(key)).SetCreatedAt(time.Now()).SetCreatedByType("system").ExecX(sys)
	const users = 100
	for i := range users {
		db.MessagingContact.Create().SetChannelID(ch.ID).SetWaID(fmt.Sprintf("4917700%05d", i)).SetPartnerID(p.ID).
			SetClientID(c.ID).SetLastInboundAt(time.Now()).SetLastMessageAt(time.Now()).SetCreatedAt(time.Now()).ExecX(sys)
	}

	args := []string{"serve", "--db", dsn, "--addr", "127.0.0.1:0", "--allow-insecure-webhooks", "--simulator-step", "0",
		"--webhook-timeout", "2s", "--log-level", "error", "--message-throughput", "2000",
		"--message-deliver-after", "50ms", "--message-read-after", "50ms"}
	first := startChild(t, args...)
	var (
		accepted []string
		amu      sync.Mutex
		stop     atomic.Bool
		wg       sync.WaitGroup
		sent     atomic.Int64
		refused  atomic.Int64
	)
	client := &http.Client{Timeout: 5 * time.Second}
	for range 8 {
		wg.Go(func() {
			for !stop.Load() {
				n := sent.Add(1)
				body := fmt.Sprintf(`{"messaging_product":"whatsapp","to":"+4917700%05d","type":"text","text":{"body":"crash %d"}}`, n%users, n)
				req, _ := http.NewRequest(http.MethodPost, first.addr+"/messages", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("D360-API-KEY", key)
				resp, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				var a struct {
					Messages []struct{ ID string } `json:"messages"`
				}
				raw, _ := io.ReadAll(resp.Body)
				if resp.StatusCode == http.StatusOK && json.Unmarshal(raw, &a) == nil && len(a.Messages) == 1 {
					amu.Lock()
					accepted = append(accepted, a.Messages[0].ID)
					amu.Unlock()
				} else if refused.Add(1) == 1 {
					t.Logf("a send was refused: HTTP %d %s", resp.StatusCode, raw)
				}
				resp.Body.Close()
			}
		})
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		amu.Lock()
		n := len(accepted)
		amu.Unlock()
		if n >= 1500 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := first.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	stop.Store(true)
	wg.Wait()
	amu.Lock()
	ids := slices.Clone(accepted)
	amu.Unlock()
	if len(ids) == 0 {
		t.Fatal("no message was accepted before the kill")
	}
	complete := func() (missing int, example string) {
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids {
			for _, s := range []string{"sent", "delivered", "read"} {
				if !seen[id+"/"+s] {
					missing++
					example = id + " " + s
				}
			}
		}
		return missing, example
	}
	atKill, _ := complete()
	if atKill == 0 {
		t.Fatalf("all %d messages had every status before the kill; the test did not interrupt anything", len(ids))
	}

	second := startChild(t, args...)
	deadline = time.Now().Add(90 * time.Second)
	missing, example := complete()
	for missing > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		missing, example = complete()
	}
	if missing > 0 {
		t.Fatalf("after the restart %d statuses of %d accepted messages never arrived (e.g. %s)", missing, len(ids), example)
	}
	if n := db.Message.Query().Where(message.IDIn(ids...), message.StatusEQ(message.StatusRead)).CountX(sys); n != len(ids) {
		t.Fatalf("%d of %d accepted messages are stored as read", n, len(ids))
	}
	second.cmd.Process.Signal(syscall.SIGTERM)
	second.cmd.Wait()
	t.Logf("killed after %d accepted messages with %d of their %d statuses still to arrive; all arrived after the restart",
		len(ids), atKill, 3*len(ids))
}
