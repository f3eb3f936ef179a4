package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
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
