// Command messagebench measures the Messaging API end to end (docs/BENCHMARKS.md,
// "Messaging"): POST /messages accepted at a sustained rate across several numbers, every
// message's status webhooks (sent, delivered, read) delivered to a local receiver, and the
// time from a send's answer to the arrival of its sent webhook, on SQLite and PostgreSQL.
//
//	go run ./cmd/messagebench -bin bin/partnerhub [-db sqlite|postgres|both] [-rate 1000]
//	    [-numbers 20] [-recipients 100] [-duration 10s] [-json out.json]
//
// For each database it creates a fresh one (a temporary SQLite file, or a new database on
// the PostgreSQL server named by $PARTNERHUB_TEST_POSTGRES), seeds one partner with
// -numbers running channels, a channel key for each and its webhook URL pointing at a
// receiver on loopback in this process (with a custom header, as integrators set), and
// -recipients WhatsApp users per number who wrote within the last hour (their 24-hour
// windows are open, so free-form text is allowed), then starts `partnerhub serve` on it
// as a child process. Sends go out on a fixed schedule (-rate per second in total, spread
// evenly over the numbers and, per number, over its recipients so that Meta's pair rate
// limit is never reached; 1 000/s over 20 numbers is 50/s each, below the 80/s
// throughput limit) from a pool of workers, each a text message inside the window.
//
// It waits until every accepted message's three status webhooks have arrived, and
// reports the accepted rate, the answers' latency, and accept → sent / delivered / read
// latencies (p50, p99, max). A send that is refused, a status that never arrives, or a
// run longer than -timeout makes it exit with status 1.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

const envPostgres = "PARTNERHUB_TEST_POSTGRES"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "messagebench:", err)
		os.Exit(1)
	}
}

type opts struct {
	bin        string
	db         string
	rate       int
	numbers    int
	recipients int
	duration   time.Duration
	workers    int
	timeout    time.Duration
}

// Report is everything one run measured; -json writes it.
type Report struct {
	Date     time.Time         `json:"date"`
	Machine  benchkit.Machine  `json:"machine"`
	Settings Settings          `json:"settings"`
	Results  []Result          `json:"results"`
	Versions map[string]string `json:"database_versions"`
	Skipped  []string          `json:"skipped,omitempty"`
}

// Settings are the flags that shape the load.
type Settings struct {
	Rate        int     `json:"messages_per_second"`
	Numbers     int     `json:"numbers"`
	Recipients  int     `json:"recipients_per_number"`
	DurationSec float64 `json:"seconds"`
	Workers     int     `json:"workers"`
}

// Result is one database's run.
type Result struct {
	Database     string    `json:"database"`
	Sent         int       `json:"messages_sent"`
	Accepted     int       `json:"messages_accepted"`
	Refused      int       `json:"messages_refused"`
	FirstRefusal string    `json:"first_refusal,omitempty"`
	AcceptedPS   float64   `json:"accepted_per_second"`
	Answer       Latencies `json:"answer_latency"`
	ToSent       Latencies `json:"accept_to_sent_webhook"`
	ToDelivered  Latencies `json:"accept_to_delivered_webhook"`
	ToRead       Latencies `json:"accept_to_read_webhook"`
	Webhooks     int       `json:"status_webhooks_received"`
	Duplicates   int       `json:"duplicate_webhooks"`
	Missing      int       `json:"statuses_missing"`
	HeaderSeen   bool      `json:"custom_header_seen"`
}

// Latencies is a distribution in milliseconds.
type Latencies struct {
	N     int     `json:"n"`
	P50ms float64 `json:"p50_ms"`
	P99ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
}

func latencies(ds []time.Duration) Latencies {
	s := benchkit.Summarize(ds)
	return Latencies{N: s.N, P50ms: benchkit.Ms(s.P50), P99ms: benchkit.Ms(s.P99), MaxMs: benchkit.Ms(s.Max)}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("messagebench", flag.ContinueOnError)
	var o opts
	fs.StringVar(&o.bin, "bin", "bin/partnerhub", "partnerhub binary to benchmark (make build)")
	fs.StringVar(&o.db, "db", "both", "sqlite, postgres (server URL in $"+envPostgres+") or both")
	fs.IntVar(&o.rate, "rate", 1000, "messages per second, in total")
	fs.IntVar(&o.numbers, "numbers", 20, "numbers (channels) the messages are spread over")
	fs.IntVar(&o.recipients, "recipients", 100, "WhatsApp users per number, each inside the 24-hour window")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long messages are sent")
	fs.IntVar(&o.workers, "workers", 128, "concurrent senders")
	fs.DurationVar(&o.timeout, "timeout", 2*time.Minute, "longest a run may take, sending and webhooks together")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case o.db != "sqlite" && o.db != "postgres" && o.db != "both":
		return errors.New("-db must be sqlite, postgres or both")
	case o.rate < 1 || o.rate > 100_000:
		return errors.New("-rate must be from 1 to 100000")
	case o.numbers < 1 || o.numbers > 999:
		return errors.New("-numbers must be from 1 to 999")
	case o.recipients < 1 || o.recipients > 10_000:
		return errors.New("-recipients must be from 1 to 10000")
	case o.duration <= 0 || o.duration > 10*time.Minute:
		return errors.New("-duration must be more than 0 and at most 10m")
	case o.workers < 1 || o.workers > 4096:
		return errors.New("-workers must be from 1 to 4096")
	}
	// Meta's limits the run must stay under, or sends would be refused by design.
	perNumber := float64(o.rate) / float64(o.numbers)
	if perNumber > 80 {
		return fmt.Errorf("-rate/-numbers is %.0f messages/s per number; Meta's throughput limit is 80", perNumber)
	}
	if perPair := perNumber * o.duration.Seconds() / float64(o.recipients); perPair > 45 {
		return fmt.Errorf("each recipient would get %.0f messages; the pair rate limit allows 45 in 270 s (raise -recipients)", perPair)
	}
	bin, err := filepath.Abs(o.bin)
	if err != nil {
		return err
	}
	o.bin = bin
	m, err := benchkit.ReadMachine(bin)
	if err != nil {
		return err
	}
	rep := Report{Date: time.Now().UTC().Truncate(time.Second), Machine: m, Versions: map[string]string{},
		Settings: Settings{Rate: o.rate, Numbers: o.numbers, Recipients: o.recipients, DurationSec: o.duration.Seconds(), Workers: o.workers}}
	var dbs []string
	if o.db != "postgres" {
		dbs = append(dbs, "sqlite")
	}
	if o.db != "sqlite" {
		if os.Getenv(envPostgres) == "" {
			if o.db == "postgres" {
				return fmt.Errorf("-db postgres needs $%s; run under .ci/with-postgres.sh", envPostgres)
			}
			msg := fmt.Sprintf("postgres: skipped: $%s is not set", envPostgres)
			fmt.Fprintln(out, msg)
			rep.Skipped = append(rep.Skipped, msg)
		} else {
			dbs = append(dbs, "postgres")
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(out, "messagebench: %d messages/s over %d numbers (%d recipients each) for %s, %d workers\n",
		o.rate, o.numbers, o.recipients, o.duration, o.workers)
	var failed []string
	for _, db := range dbs {
		res, version, err := benchDatabase(ctx, &o, db, out)
		if err != nil {
			if ctx.Err() != nil {
				return errors.New("interrupted; the hub was stopped and the database removed")
			}
			return fmt.Errorf("%s: %w", db, err)
		}
		rep.Versions[db] = version
		rep.Results = append(rep.Results, res)
		if res.Refused > 0 || res.Missing > 0 {
			failed = append(failed, fmt.Sprintf("%s: %d refused (first: %s), %d statuses missing", db, res.Refused, res.FirstRefusal, res.Missing))
		}
	}
	printReport(out, rep)
	if *jsonOut != "" {
		if err := benchkit.WriteJSON(*jsonOut, rep); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%v", failed)
	}
	return nil
}

func printReport(out io.Writer, rep Report) {
	fmt.Fprintf(out, "\nmachine: %s; date %s\n", rep.Machine.Describe("messagebench"), rep.Date.Format(time.RFC3339))
	tw := benchkit.Table(out)
	fmt.Fprintln(tw, "database\taccepted/s\tanswer p50/p99\t→sent p50/p99/max\t→delivered p99\t→read p99\twebhooks\tdup\tmissing\trefused")
	for _, r := range rep.Results {
		fmt.Fprintf(tw, "%s\t%.0f\t%.1f / %.1f ms\t%.0f / %.0f / %.0f ms\t%.0f ms\t%.0f ms\t%d\t%d\t%d\t%d\n", r.Database, r.AcceptedPS,
			r.Answer.P50ms, r.Answer.P99ms, r.ToSent.P50ms, r.ToSent.P99ms, r.ToSent.MaxMs, r.ToDelivered.P99ms, r.ToRead.P99ms,
			r.Webhooks, r.Duplicates, r.Missing, r.Refused)
	}
	tw.Flush()
	for db, v := range rep.Versions {
		fmt.Fprintf(out, "%s: %s\n", db, v)
	}
}

// number is one seeded channel.
type number struct {
	channelID string
	key       string
}

// seed writes the partner, its numbers with keys and webhook URLs, and the recipients'
// open windows, as the benchmark's setup outside any tenant.
func seed(ctx context.Context, st *storage.Store, o *opts, receiver string) ([]number, [][]string, error) {
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	db := st.Client
	p, err := db.Partner.Create().SetBrandName("Message Bench").SetBillingModel(partner.BillingModelPartnerPayment).Save(sys)
	if err != nil {
		return nil, nil, err
	}
	c, err := db.ClientAccount.Create().SetPartnerID(p.ID).SetName("Message Bench Client").Save(sys)
	if err != nil {
		return nil, nil, err
	}
	w, err := db.WABA.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetName("Message Bench WABA").Save(sys)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	nums := make([]number, o.numbers)
	recipients := make([][]string, o.numbers)
	for i := range nums {
		ch, err := db.Channel.Create().SetPartnerID(p.ID).SetClientID(c.ID).SetWabaID(w.ID).
			SetPhoneNumber(fmt.Sprintf("+49151%07d", 1000000+i)).SetStatus(channel.StatusRunning).
			SetKeyPermission(channel.KeyPermissionShared).SetCurrentLimit("TIER_UNLIMITED").
			SetWebhookURL(fmt.Sprintf("%s/hook/%d", receiver, i)).SetWebhookHeaders(map[string]string{"X-Bench-Number": fmt.Sprint(i)}).
			Save(sys)
		if err != nil {
			return nil, nil, err
		}
		key := keyformat.New(keyformat.Channel)
		h := keyformat.Hash(key)
		if err := db.ChannelAPIKey.Create().SetChannelID(ch.ID).SetPartnerID(p.ID).SetClientID(c.ID).SetKeyHash(h[:]).
			SetHint(keyformat.Hint(key)).SetCreatedAt(now).SetCreatedByType("system").Exec(sys); err != nil {
			return nil, nil, err
		}
		nums[i] = number{channelID: ch.ID, key: key}
		err = st.WithTx(sys, func(tx *ent.Tx) error {
			rows := make([]*ent.MessagingContactCreate, o.recipients)
			for j := range rows {
				wa := fmt.Sprintf("49170%03d%04d", i, j) // valid German mobile numbers: unknown to the directory, reachable
				recipients[i] = append(recipients[i], "+"+wa)
				rows[j] = tx.MessagingContact.Create().SetChannelID(ch.ID).SetWaID(wa).SetPartnerID(p.ID).SetClientID(c.ID).
					SetProfileName(fmt.Sprintf("Bench user %d", j)).SetLastInboundAt(now.Add(-time.Hour)).
					SetLastMessageAt(now.Add(-time.Hour)).SetCreatedAt(now.Add(-time.Hour))
			}
			for k := 0; k < len(rows); k += 500 {
				if err := tx.MessagingContact.CreateBulk(rows[k:min(k+500, len(rows))]...).Exec(sys); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return nums, recipients, nil
}

// receiver records the first arrival of each (message id, status) and counts duplicates.
type receiver struct {
	mu         sync.Mutex
	arrived    map[string]time.Time // wamid + "/" + status
	all        int
	headerSeen atomic.Bool
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	at := time.Now()
	var env struct {
		Entry []struct {
			Changes []struct {
				Value struct {
					Statuses []struct {
						ID     string `json:"id"`
						Status string `json:"status"`
					} `json:"statuses"`
				} `json:"value"`
			} `json:"changes"`
		} `json:"entry"`
	}
	body, _ := io.ReadAll(io.LimitReader(req.Body, 1<<20))
	w.WriteHeader(http.StatusOK)
	if req.Header.Get("X-Bench-Number") != "" {
		r.headerSeen.Store(true)
	}
	if json.Unmarshal(body, &env) != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range env.Entry {
		for _, c := range e.Changes {
			for _, s := range c.Value.Statuses {
				r.all++
				k := s.ID + "/" + s.Status
				if _, ok := r.arrived[k]; !ok {
					r.arrived[k] = at
				}
			}
		}
	}
}

func (r *receiver) at(id, status string) (time.Time, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	t, ok := r.arrived[id+"/"+status]
	return t, ok
}

// accepted is one answered send.
type accepted struct {
	id       string
	answered time.Time
	latency  time.Duration
}

func benchDatabase(ctx context.Context, o *opts, kind string, out io.Writer) (Result, string, error) {
	res := Result{Database: kind}
	rec := &receiver{arrived: map[string]time.Time{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, "", err
	}
	srv := &http.Server{Handler: rec, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	st, version, cleanup, err := benchkit.OpenFresh(ctx, kind, "messagebench", os.Getenv(envPostgres), false, out)
	if err != nil {
		return res, "", err
	}
	defer cleanup()
	nums, recipients, err := seed(ctx, st, o, "http://"+ln.Addr().String())
	if err != nil {
		return res, "", fmt.Errorf("seed: %w", err)
	}
	dsn := st.DSN
	var env []string
	if kind != "sqlite" {
		env = append(env, "PARTNERHUB_SECRET_KEY="+benchkit.NewSecretKey())
	}
	hub, err := benchkit.StartHub(ctx, benchkit.HubCmd{Name: "partnerhub-" + kind, Bin: o.bin,
		Args: []string{"--db", dsn, "--allow-insecure-webhooks", "--simulator-step", "0", "--log-level", "warn",
			"--webhook-concurrency", "256", "--message-deliver-after", "200ms", "--message-read-after", "200ms"},
		Env: env, Stderr: os.Stderr})
	if err != nil {
		return res, "", err
	}
	defer hub.Stop()

	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{Proxy: nil,
		MaxIdleConns: o.workers, MaxIdleConnsPerHost: o.workers, DisableCompression: true}}
	total := int(float64(o.rate) * o.duration.Seconds())
	jobs := make(chan int, o.workers)
	var (
		mu    sync.Mutex
		got   []accepted
		first string
	)
	var refused atomic.Int64
	var wg sync.WaitGroup
	for range o.workers {
		wg.Go(func() {
			for i := range jobs {
				n := i % len(nums)
				to := recipients[n][(i/len(nums))%len(recipients[n])]
				body, _ := json.Marshal(map[string]any{"messaging_product": "whatsapp", "recipient_type": "individual", "to": to,
					"type": "text", "text": map[string]string{"body": fmt.Sprintf("Bench message %d", i)}})
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, hub.Base+"/messages", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("D360-API-KEY", nums[n].key)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if refused.Add(1) == 1 {
						mu.Lock()
						first = err.Error()
						mu.Unlock()
					}
					continue
				}
				raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
				resp.Body.Close()
				done := time.Now()
				var a struct {
					Messages []struct {
						ID string `json:"id"`
					} `json:"messages"`
				}
				if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &a) != nil || len(a.Messages) != 1 {
					if refused.Add(1) == 1 {
						mu.Lock()
						first = fmt.Sprintf("HTTP %d: %s", resp.StatusCode, raw)
						mu.Unlock()
					}
					continue
				}
				mu.Lock()
				got = append(got, accepted{id: a.Messages[0].ID, answered: done, latency: done.Sub(t0)})
				mu.Unlock()
			}
		})
	}
	start := time.Now()
	interval := time.Duration(float64(time.Second) / float64(o.rate))
	for i := range total {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(jobs)
	wg.Wait()
	sendTime := time.Since(start)
	if err := ctx.Err(); err != nil {
		return res, "", err
	}
	res.Sent, res.Accepted, res.Refused, res.FirstRefusal = total, len(got), int(refused.Load()), first
	res.AcceptedPS = float64(len(got)) / sendTime.Seconds()

	deadline := start.Add(o.timeout)
	statuses := []string{"sent", "delivered", "read"}
	for time.Now().Before(deadline) && ctx.Err() == nil {
		missing := 0
		for _, a := range got {
			for _, s := range statuses {
				if _, ok := rec.at(a.id, s); !ok {
					missing++
				}
			}
		}
		if missing == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var answers, toSent, toDelivered, toRead []time.Duration
	for _, a := range got {
		answers = append(answers, a.latency)
		for _, s := range statuses {
			t, ok := rec.at(a.id, s)
			if !ok {
				res.Missing++
				continue
			}
			d := max(t.Sub(a.answered), 0)
			switch s {
			case "sent":
				toSent = append(toSent, d)
			case "delivered":
				toDelivered = append(toDelivered, d)
			default:
				toRead = append(toRead, d)
			}
		}
	}
	for _, ds := range [][]time.Duration{answers, toSent, toDelivered, toRead} {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	}
	res.Answer, res.ToSent, res.ToDelivered, res.ToRead = latencies(answers), latencies(toSent), latencies(toDelivered), latencies(toRead)
	rec.mu.Lock()
	res.Webhooks, res.Duplicates = rec.all, rec.all-len(rec.arrived)
	rec.mu.Unlock()
	res.HeaderSeen = rec.headerSeen.Load()
	if !res.HeaderSeen && len(got) > 0 {
		return res, version, errors.New("no webhook carried the channel's custom header")
	}
	return res, version, nil
}
