package webhooks

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"maps"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/channel"
	"github.com/partnerhub/partnerhub/ent/event"
	"github.com/partnerhub/partnerhub/ent/partner"
	"github.com/partnerhub/partnerhub/ent/webhookdelivery"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/outbound"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Config tunes delivery; zero fields take the defaults.
type Config struct {
	RetryWindow time.Duration // how long a delivery is retried: default 24 h, at most 7 days
	Timeout     time.Duration // per attempt: 10 s
	PerPartner  int           // deliveries in flight per partner webhook (and per channel webhook): 32
	Batch       int           // deliveries claimed per round: 256
	Lease       time.Duration // how long a claim is exclusive: 3 × Timeout, so it outlives any attempt
	BaseDelay   time.Duration // first retry delay before jitter: 10 s
	MaxDelay    time.Duration // retry delay cap: 1 h
	Outbound    outbound.Policy
	// Keyring seals partners' signing secrets in the database (services/secrets).
	Keyring *secretbox.Keyring
}

// idlePoll is how long the dispatcher waits when nothing was due: short, so a new event is
// usually on its way within tens of milliseconds of its commit.
const idlePoll = 25 * time.Millisecond

// MaxRetryWindow is the longest retry window that may be configured.
const MaxRetryWindow = 7 * 24 * time.Hour

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.RetryWindow, 24*time.Hour)
	c.RetryWindow = min(c.RetryWindow, MaxRetryWindow)
	def(&c.Timeout, 10*time.Second)
	def(&c.Lease, 3*c.Timeout)
	def(&c.BaseDelay, 10*time.Second)
	def(&c.MaxDelay, time.Hour)
	if c.PerPartner <= 0 {
		c.PerPartner = 32
	}
	if c.Batch <= 0 {
		c.Batch = 256
	}
	return c
}

// Service delivers webhooks and answers questions about them.
type Service struct {
	db     *ent.Client
	clock  clock.Clock
	cfg    Config
	client *http.Client
	log    *slog.Logger
}

// New returns the webhook service.
func New(db *ent.Client, clk clock.Clock, cfg Config, log *slog.Logger) *Service {
	cfg = cfg.withDefaults()
	return &Service{db: db, clock: clk, cfg: cfg, client: cfg.Outbound.Client(cfg.Timeout), log: log}
}

// Backoff returns the delay before retry n (n ≥ 1): BaseDelay·2^(n-1) capped at MaxDelay,
// with ±50 % jitter so that receivers coming back are not hit by synchronised retries.
func (s *Service) Backoff(n int) time.Duration {
	d := float64(s.cfg.BaseDelay) * math.Pow(2, float64(n-1))
	d = math.Min(d, float64(s.cfg.MaxDelay))
	return time.Duration(d * (0.5 + mrand.Float64()))
}

// claimed is a delivery this instance holds the lease on, ready to send.
type claimed struct {
	delivery *ent.WebhookDelivery
	body     []byte
	url      string
	// headers are a channel webhook's custom headers (Messaging API deliveries only).
	headers map[string]string
	secrets []string
	// secretErr says why the signing secrets could not be read; the attempt then fails.
	secretErr string
}

// result is what one attempt did.
type result struct {
	c          claimed
	at         time.Time
	statusCode int
	latency    time.Duration
	err        string
	response   string
}

// slot names the receiver a delivery goes to, whose in-flight deliveries are bounded by
// PerPartner: the partner's webhook, or — for Messaging API deliveries — the channel's.
// A channel's webhook is its own receiver, so a slow one holds only its own slots.
func slot(d *ent.WebhookDelivery) string {
	if d.ChannelID != nil {
		return "c:" + *d.ChannelID
	}
	return "p:" + d.PartnerID
}

// Run delivers until ctx ends as a pipeline: it claims due deliveries up to each
// receiver's free slots (so a slow receiver holds only its own slots), sends them
// concurrently, and records finished attempts in batches.
func (s *Service) Run(ctx context.Context) {
	var (
		mu       sync.Mutex
		inflight = map[string]int{}
		freed    = make(chan struct{}, 1)
		results  = make(chan result, s.cfg.Batch)
	)
	recorded := make(chan struct{})
	go func() { defer close(recorded); s.recordStream(ctx, results, &mu, inflight, freed) }()
	var wg sync.WaitGroup
	for ctx.Err() == nil {
		mu.Lock()
		busy := maps.Clone(inflight)
		mu.Unlock()
		batch, err := s.claim(ctx, busy)
		if err != nil && ctx.Err() == nil {
			s.log.Error("webhook claim failed", "error", err.Error())
		}
		mu.Lock()
		for _, c := range batch {
			inflight[slot(c.delivery)]++
		}
		mu.Unlock()
		for _, c := range batch {
			wg.Add(1)
			go func(c claimed) {
				defer wg.Done()
				results <- s.send(ctx, c)
			}(c)
		}
		if len(batch) == 0 || err != nil {
			select {
			case <-ctx.Done():
			case <-freed:
			case <-time.After(idlePoll):
			}
		}
	}
	wg.Wait()
	close(results)
	<-recorded
}

// recordStream writes results as they arrive, up to Batch per transaction, and frees the
// partners' slots once their results are stored.
func (s *Service) recordStream(ctx context.Context, in <-chan result, mu *sync.Mutex, inflight map[string]int, freed chan<- struct{}) {
	for r := range in {
		batch := []result{r}
	more:
		for len(batch) < s.cfg.Batch {
			select {
			case r, ok := <-in:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		// Recording survives a cancelled ctx: an attempt that was made must be stored.
		if err := s.record(context.WithoutCancel(ctx), batch); err != nil {
			s.log.Error("webhook results not recorded; the leases will expire and the deliveries retry", "error", err.Error())
		}
		mu.Lock()
		for _, r := range batch {
			inflight[slot(r.c.delivery)]--
		}
		mu.Unlock()
		select {
		case freed <- struct{}{}:
		default:
		}
	}
}

// RunOnce claims one round of due deliveries (every partner's slots free), sends them and
// records the results. Tests and benchmarks use it; it returns how many it attempted.
func (s *Service) RunOnce(ctx context.Context) (int, error) {
	batch, err := s.claim(ctx, nil)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	results := make([]result, len(batch))
	var wg sync.WaitGroup
	for i, c := range batch {
		wg.Add(1)
		go func(i int, c claimed) {
			defer wg.Done()
			results[i] = s.send(ctx, c)
		}(i, c)
	}
	wg.Wait()
	return len(batch), s.record(ctx, results)
}

// claim leases up to Batch due deliveries, at most PerPartner-busy[slot] per receiver
// (see slot), and loads what sending them needs. Receivers without a free slot are left
// out of the query, so one receiver's backlog cannot hide the others' deliveries. The
// lease is a conditional update tagged with a fresh token, so of several instances
// claiming at once each delivery goes to exactly one of them.
func (s *Service) claim(ctx context.Context, busy map[string]int) ([]claimed, error) {
	// The dispatcher: it claims every partner's due deliveries.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	now := s.clock.Now()
	var fullPartners, fullChannels []string
	for k, n := range busy {
		if n < s.cfg.PerPartner {
			continue
		}
		if id, ok := strings.CutPrefix(k, "c:"); ok {
			fullChannels = append(fullChannels, id)
		} else {
			fullPartners = append(fullPartners, strings.TrimPrefix(k, "p:"))
		}
	}
	query := s.db.WebhookDelivery.Query().
		Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtLTE(now),
			webhookdelivery.Or(webhookdelivery.LockedUntilIsNil(), webhookdelivery.LockedUntilLT(now)))
	if len(fullPartners) > 0 {
		query.Where(webhookdelivery.Or(webhookdelivery.ChannelIDNotNil(), webhookdelivery.PartnerIDNotIn(fullPartners...)))
	}
	if len(fullChannels) > 0 {
		query.Where(webhookdelivery.Or(webhookdelivery.ChannelIDIsNil(), webhookdelivery.ChannelIDNotIn(fullChannels...)))
	}
	due, err := query.
		Order(ent.Asc(webhookdelivery.FieldNextAttemptAt), ent.Asc(webhookdelivery.FieldID)).
		Limit(s.cfg.Batch*2).Select(webhookdelivery.FieldID, webhookdelivery.FieldPartnerID, webhookdelivery.FieldChannelID).All(sys)
	if err != nil || len(due) == 0 {
		return nil, err
	}
	taken := map[string]int{}
	var ids []int64
	for _, d := range due {
		k := slot(d)
		if taken[k] < s.cfg.PerPartner-busy[k] && len(ids) < s.cfg.Batch {
			taken[k]++
			ids = append(ids, d.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	token := leaseToken()
	if _, err := s.db.WebhookDelivery.Update().
		Where(webhookdelivery.IDIn(ids...), webhookdelivery.StatusEQ(webhookdelivery.StatusPending),
			webhookdelivery.Or(webhookdelivery.LockedUntilIsNil(), webhookdelivery.LockedUntilLT(now))).
		SetLockedUntil(now.Add(s.cfg.Lease)).SetLeaseOwner(token).Save(sys); err != nil {
		return nil, err
	}
	// By primary key: the lease token alone is not indexed.
	mine, err := s.db.WebhookDelivery.Query().Where(webhookdelivery.IDIn(ids...), webhookdelivery.LeaseOwner(token)).All(sys)
	if err != nil || len(mine) == 0 {
		return nil, err
	}
	return s.prepare(sys, mine)
}

// prepare loads the events, the partners' URLs and secrets and the channels' URLs and
// headers for a claimed batch: one query each, whatever the batch holds.
func (s *Service) prepare(ctx context.Context, ds []*ent.WebhookDelivery) ([]claimed, error) {
	eventIDs := make([]int64, len(ds))
	partnerIDs := map[string]bool{}
	channelIDs := map[string]bool{}
	for i, d := range ds {
		eventIDs[i] = d.EventID
		partnerIDs[d.PartnerID] = true
		if d.ChannelID != nil {
			channelIDs[*d.ChannelID] = true
		}
	}
	evs, err := s.db.Event.Query().Where(event.IDIn(eventIDs...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*ent.Event{}
	for _, e := range evs {
		byID[e.ID] = e
	}
	pids := make([]string, 0, len(partnerIDs))
	for id := range partnerIDs {
		pids = append(pids, id)
	}
	ps, err := s.db.Partner.Query().Where(partner.IDIn(pids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	partners := map[string]*ent.Partner{}
	for _, p := range ps {
		partners[p.ID] = p
	}
	channels := map[string]*ent.Channel{}
	if len(channelIDs) > 0 {
		chids := make([]string, 0, len(channelIDs))
		for id := range channelIDs {
			chids = append(chids, id)
		}
		chs, err := s.db.Channel.Query().Where(channel.IDIn(chids...)).
			Select(channel.FieldID, channel.FieldWebhookURL, channel.FieldWebhookHeaders).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, ch := range chs {
			channels[ch.ID] = ch
		}
	}
	now := s.clock.Now()
	out := make([]claimed, 0, len(ds))
	for _, d := range ds {
		c := claimed{delivery: d}
		if d.ChannelID != nil {
			s.prepareChannel(&c, byID[d.EventID], channels[*d.ChannelID], partners[d.PartnerID], now)
			out = append(out, c)
			continue
		}
		if e := byID[d.EventID]; e != nil {
			c.body = Envelope(e)
		}
		if p := partners[d.PartnerID]; p != nil && p.WebhookURL != nil {
			c.url = *p.WebhookURL
			var err error
			if c.secrets, err = s.signingSecrets(p, now); err != nil {
				s.log.Error("webhook signing secret not readable", "partner_id", p.ID, "error", err.Error())
				c.secretErr = errSecretSealed
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// prepareChannel fills c, a Messaging API delivery: the body is the event's data exactly
// (Meta's envelope), sent to the channel's webhook URL with its custom headers, and signed
// with the partner's secret when it has one.
func (s *Service) prepareChannel(c *claimed, e *ent.Event, ch *ent.Channel, p *ent.Partner, now time.Time) {
	if e != nil {
		c.body, _ = json.Marshal(e.Data)
	}
	if ch == nil || ch.WebhookURL == nil {
		return
	}
	c.url, c.headers = *ch.WebhookURL, ch.WebhookHeaders
	if p == nil {
		return
	}
	var err error
	if c.secrets, err = s.signingSecrets(p, now); err != nil {
		s.log.Error("webhook signing secret not readable", "partner_id", p.ID, "error", err.Error())
		c.secretErr = errSecretSealed
	}
}

// Envelope is the JSON body of an event's delivery: {"id","event","created_at","data"}.
func Envelope(e *ent.Event) []byte {
	body, _ := json.Marshal(struct {
		ID        string         `json:"id"`
		Event     string         `json:"event"`
		CreatedAt string         `json:"created_at"`
		Data      map[string]any `json:"data"`
	}{e.UID, e.Event, e.CreatedAt.UTC().Format(time.RFC3339Nano), e.Data})
	return body
}

// send makes one attempt.
func (s *Service) send(ctx context.Context, c claimed) result {
	r := result{c: c, at: s.clock.Now()}
	switch {
	case c.url == "" && c.delivery.ChannelID != nil:
		r.err = "the channel has no webhook URL"
		return r
	case c.url == "":
		r.err = "the partner has no webhook URL"
		return r
	case c.body == nil:
		r.err = "the event no longer exists"
		return r
	case c.secretErr != "":
		r.err = c.secretErr
		return r
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(c.body))
	if err != nil {
		r.err = "invalid webhook URL"
		return r
	}
	// A channel's custom headers first, so that none of them can replace ours.
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "PartnerHub-Webhooks/1")
	req.Header.Set(EventIDHeader, c.delivery.EventUID)
	req.Header.Set(EventHeader, c.delivery.Event)
	if len(c.secrets) > 0 {
		// Wall time, not the service clock: receivers check the timestamp against theirs.
		req.Header.Set(SignatureHeader, Sign(time.Now(), c.body, c.secrets...))
	}
	start := time.Now()
	res, err := s.client.Do(req)
	r.latency = time.Since(start)
	if err != nil {
		r.err = describe(err)
		return r
	}
	defer res.Body.Close()
	excerpt, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20)) // let the connection be reused
	r.statusCode = res.StatusCode
	if utf8.Valid(excerpt) {
		r.response = string(excerpt)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		r.err = "receiver answered " + res.Status
	}
	return r
}

func describe(err error) string {
	switch {
	case outbound.IsForbidden(err):
		return "the webhook URL resolves to an address that is not public"
	case isTimeout(err):
		return "no answer within the timeout"
	}
	return "connection failed"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// record writes the attempts and the deliveries' new states in one transaction.
func (s *Service) record(ctx context.Context, results []result) error {
	// The dispatcher: it records attempts of every partner's deliveries.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	return storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		attempts := make([]*ent.WebhookAttemptCreate, 0, len(results))
		for _, r := range results {
			d := r.c.delivery
			a := tx.WebhookAttempt.Create().SetDeliveryID(d.ID).SetEventUID(d.EventUID).SetEvent(d.Event).
				SetPartnerID(d.PartnerID).SetNillableChannelID(d.ChannelID).SetURL(truncate(r.c.url, 2048)).SetAttemptedAt(r.at).
				SetLatencyMs(int(r.latency.Milliseconds())).SetError(truncate(r.err, 500)).SetResponse(truncate(r.response, 1024))
			if r.statusCode != 0 {
				a.SetStatusCode(r.statusCode)
			}
			attempts = append(attempts, a)

			upd := tx.WebhookDelivery.Update().
				Where(webhookdelivery.ID(d.ID), webhookdelivery.StatusEQ(webhookdelivery.StatusPending)).
				AddAttempts(1).ClearLockedUntil().ClearLeaseOwner().SetLastError(truncate(r.err, 500))
			if r.statusCode != 0 {
				upd.SetLastStatusCode(r.statusCode)
			}
			switch next := r.at.Add(s.Backoff(d.Attempts + 1)); {
			case r.err == "":
				upd.SetStatus(webhookdelivery.StatusDelivered).SetDeliveredAt(r.at)
			case next.After(d.WindowStartedAt.Add(s.cfg.RetryWindow)):
				upd.SetStatus(webhookdelivery.StatusFailed).SetFailedAt(r.at)
			default:
				upd.SetNextAttemptAt(next)
			}
			if err := upd.Exec(sys); err != nil {
				return err
			}
		}
		return tx.WebhookAttempt.CreateBulk(attempts...).Exec(sys)
	})
}

func leaseToken() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
