package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/cmd/internal/benchkit"
	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/frontend"
	"github.com/partnerhub/partnerhub/handlers"
	"github.com/partnerhub/partnerhub/migrations"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/clients"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/listquery"
	"github.com/partnerhub/partnerhub/services/scope"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/templates"
	"github.com/partnerhub/partnerhub/services/tenancy"
	"github.com/partnerhub/partnerhub/services/users"
)

// Target is the p99 a list page must stay within (the "Scale" issue).
const Target = 20 * time.Millisecond

// pageSize is the limit of every measured page.
const pageSize = 20

// warmup requests are sent before each measured series and not recorded.
const warmup = 5

// Query is one list request of the measured partner.
type Query struct {
	Name   string     // as printed, e.g. "channels sort=-created_at"
	List   string     // "channels", "clients" or "waba_templates"
	WABAID string     // the WABA of a waba_templates list
	Params url.Values // sort, filters, q
	// Expect counts the matching rows with plain SQL ("?" placeholders), independently of
	// ent, so a wrong total is caught.
	Expect     string
	ExpectArgs []any
}

// Result is the measurement of one query page.
type Result struct {
	DB      string  `json:"db"`
	Query   string  `json:"query"`
	Page    string  `json:"page"` // "first" or "deep"
	Offset  int     `json:"offset"`
	Total   int     `json:"total"`
	Samples int     `json:"samples"`
	P50ms   float64 `json:"p50_ms"`
	P99ms   float64 `json:"p99_ms"`
	MaxMs   float64 `json:"max_ms"`
	// Plans holds the SQL ent ran for this page, each with its time and plan; filled for
	// pages that miss the target.
	Plans []Plan `json:"plans,omitempty"`
}

// Slow reports whether r misses the target.
func (r Result) Slow() bool { return r.P99ms > ms(Target) }

// Plan is one SQL statement ent generated for a page, how long it took on its own
// (median of 5 runs) and what the database planned for it.
type Plan struct {
	SQL    string   `json:"sql"`
	Args   []any    `json:"args"`
	Ms     float64  `json:"ms"`
	Detail []string `json:"plan"`
}

// Bench measures list pages through the real HTTP stack, in process, as a partner_admin
// of one partner.
type Bench struct {
	store     *storage.Store
	handler   http.Handler
	partnerID string
	userID    string
	email     string
	password  string
	token     string
	tokenAt   time.Time
	// recHub is a second hub over the same database whose ent client records its SQL in
	// rec (Explain).
	recHub *hub.Hub
	rec    *recorder
}

// NewBench builds the hub and the HTTP server over store and creates a partner_admin
// user of partnerID.
func NewBench(ctx context.Context, store *storage.Store, partnerID string) (*Bench, error) {
	// Both hubs open one database, so they seal its secrets with one key.
	cfg := hub.Config{SecretKey: benchkit.NewSecretKey()}
	h, err := hub.New(ctx, store, clock.Real{}, cfg)
	if err != nil {
		return nil, err
	}
	srv, err := handlers.New(h, handlers.Config{}, slog.New(slog.DiscardHandler), frontend.FS())
	if err != nil {
		return nil, err
	}
	b := &Bench{store: store, handler: srv.Handler(), partnerID: partnerID,
		email: "listbench-admin@partner.example", password: "listbench-password-1"}
	// The benchmark's own partner admin, created as the operator would.
	u, err := h.Users.CreatePartnerUser(tenancy.AsSystem(ctx, tenancy.PlatformSetup), partnerID,
		users.NewUser{Email: b.email, Name: "List Bench", Role: string(tenancy.PartnerAdmin), Password: b.password})
	if err != nil {
		return nil, fmt.Errorf("create partner admin: %w", err)
	}
	b.userID = u.ID
	entDialect := dialect.SQLite
	if store.Dialect == migrations.Postgres {
		entDialect = dialect.Postgres
	}
	b.rec = &recorder{Driver: entsql.OpenDB(entDialect, store.DB)}
	recStore := &storage.Store{Client: ent.NewClient(ent.Driver(b.rec)), DB: store.DB, Dialect: store.Dialect}
	if b.recHub, err = hub.New(ctx, recStore, clock.Real{}, cfg); err != nil {
		return nil, err
	}
	return b, b.signIn()
}

// signIn gets an access token from POST /api/v2/token.
func (b *Bench) signIn() error {
	body, _ := json.Marshal(map[string]string{"username": b.email, "password": b.password})
	req := httptest.NewRequest(http.MethodPost, "/api/v2/token", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	b.handler.ServeHTTP(rec, req)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &tok) != nil || tok.AccessToken == "" {
		return fmt.Errorf("POST /api/v2/token: %d %s", rec.Code, rec.Body.String())
	}
	b.token, b.tokenAt = tok.AccessToken, time.Now()
	return nil
}

// page is the part of a list response the benchmark checks.
type page struct {
	Count     int               `json:"count"`
	Total     int               `json:"total"`
	Channels  []json.RawMessage `json:"partner_channels"`
	Clients   []json.RawMessage `json:"clients"`
	Templates []json.RawMessage `json:"waba_templates"`
}

// get sends one GET and returns its duration (ServeHTTP only) and decoded page, or an
// error for anything but a 200 with a decodable body.
func (b *Bench) get(target string) (time.Duration, page, error) {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("Authorization", "Bearer "+b.token)
	rec := httptest.NewRecorder()
	start := time.Now()
	b.handler.ServeHTTP(rec, req)
	d := time.Since(start)
	var p page
	if rec.Code != http.StatusOK {
		return d, p, fmt.Errorf("GET %s: %d %s", target, rec.Code, rec.Body.String())
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		return d, p, fmt.Errorf("GET %s: %w", target, err)
	}
	return d, p, nil
}

func (b *Bench) target(q Query, offset int) string {
	v := url.Values{}
	for k, vs := range q.Params {
		v[k] = vs
	}
	v.Set("limit", strconv.Itoa(pageSize))
	v.Set("offset", strconv.Itoa(offset))
	list := q.List
	if list == "waba_templates" {
		list = "waba_accounts/" + q.WABAID + "/waba_templates"
	}
	return "/api/v2/partners/" + b.partnerID + "/" + list + "?" + v.Encode()
}

// Measure measures the first page and a page near the end of q, samples requests each,
// checking every response: 200, the independently counted total, and the item count.
func (b *Bench) Measure(ctx context.Context, db string, q Query, samples int) ([]Result, error) {
	var total int
	if err := b.store.DB.QueryRowContext(ctx, rebind(b.store.Dialect, q.Expect), q.ExpectArgs...).Scan(&total); err != nil {
		return nil, fmt.Errorf("%s: expected count: %w", q.Name, err)
	}
	deep := total / 2 // a small result has no "end" to speak of: take its middle
	if total > 2*pageSize {
		deep = total - pageSize
	}
	var out []Result
	for _, pg := range []struct {
		name   string
		offset int
	}{{"first", 0}, {"deep", deep}} {
		// Access tokens live 15 minutes; a long series on a slow database must not outlive one.
		if time.Since(b.tokenAt) > 5*time.Minute {
			if err := b.signIn(); err != nil {
				return nil, err
			}
		}
		target := b.target(q, pg.offset)
		want := min(pageSize, total-pg.offset)
		lat := make([]time.Duration, 0, samples)
		for i := 0; i < warmup+samples; i++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			d, p, err := b.get(target)
			if err != nil {
				return nil, err
			}
			if items := len(p.Channels) + len(p.Clients) + len(p.Templates); p.Total != total || p.Count != want || items != want {
				return nil, fmt.Errorf("GET %s: total %d, count %d, %d items; want total %d and %d items", target, p.Total, p.Count, items, total, want)
			}
			if i >= warmup {
				lat = append(lat, d)
			}
		}
		st := benchkit.Summarize(lat)
		out = append(out, Result{DB: db, Query: q.Name, Page: pg.name, Offset: pg.offset, Total: total, Samples: samples,
			P50ms: ms(st.P50), P99ms: ms(st.P99), MaxMs: ms(st.Max)})
	}
	return out, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Queries are the six lists of the "Scale" issue for the measured partner (the default
// channel list, filtered by status, by one WABA (the partner's largest, still a small
// result), sorted by phone number, the clients by name, and a client search.
func Queries(ctx context.Context, store *storage.Store, partnerID string) ([]Query, error) {
	var wabaID string
	err := store.DB.QueryRowContext(ctx, rebind(store.Dialect,
		"SELECT waba_id FROM channels WHERE partner_id = ? GROUP BY waba_id ORDER BY COUNT(*) DESC, waba_id LIMIT 1"),
		partnerID).Scan(&wabaID)
	if err != nil {
		return nil, fmt.Errorf("pick a WABA: %w", err)
	}
	var templatesWABA string
	err = store.DB.QueryRowContext(ctx, rebind(store.Dialect,
		"SELECT waba_id FROM waba_templates WHERE partner_id = ? GROUP BY waba_id ORDER BY COUNT(*) DESC, waba_id LIMIT 1"),
		partnerID).Scan(&templatesWABA)
	if err != nil {
		return nil, fmt.Errorf("pick the templates' WABA: %w", err)
	}
	p, tw := partnerID, templatesWABA
	live := "SELECT COUNT(*) FROM waba_templates WHERE waba_id = ? AND status <> 'deleted'"
	return []Query{
		{Name: "channels sort=-created_at", List: "channels", Params: url.Values{"sort": {"-created_at"}},
			Expect: "SELECT COUNT(*) FROM channels WHERE partner_id = ?", ExpectArgs: []any{p}},
		{Name: `channels status=running sort=-created_at`, List: "channels",
			Params: url.Values{"filters": {`{"status":"running"}`}, "sort": {"-created_at"}},
			Expect: "SELECT COUNT(*) FROM channels WHERE partner_id = ? AND status = 'running'", ExpectArgs: []any{p}},
		{Name: `channels waba_account.id=<largest WABA>`, List: "channels",
			Params: url.Values{"filters": {`{"waba_account.id":"` + wabaID + `"}`}},
			Expect: "SELECT COUNT(*) FROM channels WHERE partner_id = ? AND waba_id = ?", ExpectArgs: []any{p, wabaID}},
		{Name: "channels sort=setup_info.phone_number", List: "channels", Params: url.Values{"sort": {"setup_info.phone_number"}},
			Expect: "SELECT COUNT(*) FROM channels WHERE partner_id = ?", ExpectArgs: []any{p}},
		{Name: "clients sort=name", List: "clients", Params: url.Values{"sort": {"name"}},
			Expect: "SELECT COUNT(*) FROM clients WHERE partner_id = ?", ExpectArgs: []any{p}},
		{Name: "clients q=" + SearchWord, List: "clients", Params: url.Values{"q": {SearchWord}},
			Expect:     "SELECT COUNT(*) FROM clients WHERE partner_id = ? AND (LOWER(name) LIKE ? OR LOWER(organisation) LIKE ? OR LOWER(partner_payload) LIKE ?)",
			ExpectArgs: []any{p, "%" + SearchWord + "%", "%" + SearchWord + "%", "%" + SearchWord + "%"}},
		{Name: "waba_templates sort=name", List: "waba_templates", WABAID: tw, Expect: live, ExpectArgs: []any{tw}},
		{Name: "waba_templates status=approved sort=-modified_at", List: "waba_templates", WABAID: tw,
			Params: url.Values{"filters": {`{"status":"approved"}`}, "sort": {"-modified_at"}},
			Expect: "SELECT COUNT(*) FROM waba_templates WHERE waba_id = ? AND status = 'approved'", ExpectArgs: []any{tw}},
		{Name: "waba_templates q=" + SearchWord + " language=de", List: "waba_templates", WABAID: tw,
			Params: url.Values{"filters": {`{"q":"` + SearchWord + `","language":"de"}`}},
			Expect: live + " AND LOWER(name) LIKE ? AND language = 'de'", ExpectArgs: []any{tw, "%" + SearchWord + "%"}},
	}, nil
}

// rebind turns "?" placeholders into PostgreSQL's "$n".
func rebind(d migrations.Dialect, query string) string {
	if d != migrations.Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// recorder is an ent driver that remembers every query it runs.
type recorder struct {
	dialect.Driver
	stmts []Plan
}

// Query records the statement and runs it.
func (r *recorder) Query(ctx context.Context, query string, args, v any) error {
	a, _ := args.([]any)
	r.stmts = append(r.stmts, Plan{SQL: query, Args: a})
	return r.Driver.Query(ctx, query, args, v)
}

// Explain runs the service call behind one page of q, as the measured partner_admin,
// through a second hub whose ent client records the SQL, then times each statement on its
// own and asks the database for its plan (SQLite EXPLAIN QUERY PLAN, PostgreSQL EXPLAIN
// ANALYZE).
func (b *Bench) Explain(ctx context.Context, q Query, offset int) ([]Plan, error) {
	lq, err := listquery.Parse(listquery.Raw{Limit: strconv.Itoa(pageSize), Offset: strconv.Itoa(offset),
		Sort: q.Params.Get("sort"), Filters: q.Params.Get("filters")}, map[string]listquery.Spec{
		"channels": channels.ListSpec, "clients": clients.ListSpec, "waba_templates": templates.ListSpec}[q.List])
	if err != nil {
		return nil, err
	}
	vctx := tenancy.NewContext(ctx, &tenancy.Viewer{UserID: b.userID, Role: tenancy.PartnerAdmin, PartnerID: b.partnerID})
	b.rec.stmts = nil
	switch q.List {
	case "channels":
		_, _, err = b.recHub.Channels.List(vctx, channels.Scope{PartnerID: b.partnerID}, lq)
	case "waba_templates":
		_, _, err = b.recHub.Templates.List(vctx, scope.Scope{PartnerID: b.partnerID}, q.WABAID, lq)
	default:
		_, _, err = b.recHub.Clients.List(vctx, b.partnerID, q.Params.Get("q"), lq)
	}
	if err != nil {
		return nil, err
	}
	stmts := b.rec.stmts
	for i := range stmts {
		p := &stmts[i]
		if p.Ms, err = timeQuery(ctx, b.store.DB, p.SQL, p.Args); err != nil {
			return nil, err
		}
		if p.Detail, err = explain(ctx, b.store, p.SQL, p.Args); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}

// timeQuery runs query 5 times, reading every row, and returns the median in ms.
func timeQuery(ctx context.Context, db *sql.DB, query string, args []any) (float64, error) {
	var runs []time.Duration
	for range 5 {
		start := time.Now()
		rows, err := db.QueryContext(ctx, query, args...)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		runs = append(runs, time.Since(start))
	}
	slices.Sort(runs)
	return ms(runs[2]), nil
}

// explain returns the plan of query, one line per step.
func explain(ctx context.Context, store *storage.Store, query string, args []any) ([]string, error) {
	if store.Dialect == migrations.Postgres {
		rows, err := store.DB.QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return nil, err
			}
			out = append(out, line)
		}
		return out, rows.Err()
	}
	rows, err := store.DB.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	depth := map[int]int{}
	var out []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return nil, err
		}
		depth[id] = depth[parent] + 1
		out = append(out, strings.Repeat("  ", depth[id]-1)+detail)
	}
	return out, rows.Err()
}

// columnList matches the column list of a SELECT that names more than three columns.
var columnList = regexp.MustCompile("SELECT [^()]*?, [^()]*?, [^()]*?, [^()]*? FROM")

// writePlans prints the SQL and the plans of r, with long column and argument lists
// shortened (the JSON report keeps them whole).
func writePlans(w io.Writer, r Result) {
	fmt.Fprintf(w, "\n%s — %s, %s page (offset %d): p99 %.1f ms\n", r.DB, r.Query, r.Page, r.Offset, r.P99ms)
	for _, p := range r.Plans {
		args := p.Args
		if len(args) > 4 {
			args = append(args[:3:3], fmt.Sprintf("… (%d args)", len(p.Args)))
		}
		fmt.Fprintf(w, "  [%.2f ms] %s\n           args %v\n", p.Ms, columnList.ReplaceAllString(p.SQL, "SELECT … FROM"), args)
		for _, l := range p.Detail {
			fmt.Fprintf(w, "      %s\n", l)
		}
	}
}
