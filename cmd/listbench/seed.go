package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
	"github.com/partnerhub/partnerhub/migrations"
	"github.com/partnerhub/partnerhub/services/storage"
)

// Sizes is how much data to seed.
type Sizes struct {
	Partners int `json:"partners"`
	Clients  int `json:"clients"`
	Channels int `json:"channels"`
	// Templates are the message templates of the measured partner's first WABA.
	Templates int `json:"templates"`
}

// Dataset is what Seed wrote and what the measurement needs to know about it.
type Dataset struct {
	Sizes
	// PartnerID is the partner whose staff the benchmark signs in as (the first one).
	PartnerID string
	// Insert and Analyze are the wall times of the bulk inserts and of ANALYZE (PostgreSQL:
	// VACUUM (ANALYZE)).
	Insert, Analyze time.Duration
	// AllVisible is the fraction of the channels table's pages marked all-visible after
	// VACUUM (PostgreSQL only).
	AllVisible float64
}

// templateLanguages are the languages the seeded templates are written in.
var templateLanguages = []string{"en_US", "de", "pt_BR", "es"}

// SearchWord is a word that Seed puts into about a tenth of the client names (in
// capitalised form, so the search exercises case folding).
const SearchWord = "pharma"

var (
	adjectives = []string{"Nordic", "Blue", "Rapid", "Golden", "Urban", "Alpine", "Coastal", "Bright", "Silent", "Royal"}
	nouns      = []string{"Logistics", "Pharma", "Travel", "Foods", "Motors", "Fashion", "Energy", "Finance", "Media", "Health"}
	surnames   = []string{"Becker", "Schulz", "Novak", "Rossi", "Dubois", "Jensen", "Silva", "Kowalski", "Meyer", "Costa"}
)

// table is one bulk insert: row(i) returns the values of row i in the order of cols.
// Rows are requested in order 0..rows-1, exactly once.
type table struct {
	name string
	cols []string
	rows int
	row  func(i int) []any
}

// Seed fills the empty, migrated store with sz: partners; clients spread evenly over
// the partners; one WABA per client; channels on random clients (so about
// Channels/Clients per client and Channels/Partners per partner) with mixed statuses and
// quality ratings, created over the last year, with unique phone numbers; and
// Templates message templates in the first client's WABA (of the measured partner), in
// four languages with mixed categories and statuses. Then it runs
// ANALYZE (PostgreSQL: VACUUM (ANALYZE)). The data is deterministic apart from the random ids.
func Seed(ctx context.Context, store *storage.Store, sz Sizes) (*Dataset, error) {
	rng := rand.New(rand.NewPCG(2026, 11))
	now := time.Now().UTC().Truncate(time.Second)
	yearAgo := now.AddDate(-1, 0, 0)
	year := int64(now.Sub(yearAgo) / time.Second)
	at := func(from time.Time) time.Time { // a random second between from and now
		return from.Add(time.Duration(rng.Int64N(int64(now.Sub(from)/time.Second)+1)) * time.Second)
	}

	partnerIDs := ids(idgen.Partner, sz.Partners)
	clientIDs := ids(idgen.Client, sz.Clients)
	wabaIDs := ids(idgen.WABA, sz.Clients)
	clientCreated := make([]time.Time, sz.Clients)
	partnerOf := func(client int) string { return partnerIDs[client%sz.Partners] }

	tables := []table{
		{name: "partners", rows: sz.Partners,
			cols: []string{"id", "created_at", "modified_at", "brand_name", "country", "allow_client_to_add_phone_no", "auto_approve",
				"billing_model", "billing_system", "partner_plan", "partner_tier", "status"},
			row: func(i int) []any {
				t := yearAgo.Add(-time.Duration(sz.Partners-i) * time.Hour)
				return []any{partnerIDs[i], t, t, fmt.Sprintf("Bench Partner %03d", i), "DE", true, false,
					"partner_payment", "default", "growth", "silver", "active"}
			}},
		{name: "clients", rows: sz.Clients,
			cols: []string{"id", "created_at", "modified_at", "name", "organisation", "status", "partner_payload", "max_channels",
				"plan", "contact_info", "suspicious", "partner_id"},
			row: func(i int) []any {
				// Clients join during the first half of the year, so their channels can follow.
				t := yearAgo.Add(time.Duration(rng.Int64N(year/2)) * time.Second)
				clientCreated[i] = t
				name := fmt.Sprintf("%s %s %06d", pick(rng, adjectives), pick(rng, nouns), i)
				org := pick(rng, surnames) + " & " + pick(rng, surnames) + " GmbH"
				contact := fmt.Sprintf(`{"phone":"+4930%07d","language":"de","country":"DE","city":"Berlin"}`, i)
				return []any{clientIDs[i], t, t, name, org, weighted(rng, "active", 95, "inactive", 4, "suspended", 1),
					fmt.Sprintf("crm-%07d", i), 50, weighted(rng, "basic", 60, "regular", 30, "premium", 10), contact, false, partnerOf(i)}
			}},
		{name: "wabas", rows: sz.Clients,
			cols: []string{"id", "created_at", "modified_at", "partner_id", "name", "namespace", "fb_account_status", "currency",
				"timezone", "number_limit", "client_id"},
			row: func(i int) []any {
				t := clientCreated[i]
				return []any{wabaIDs[i], t, t, partnerOf(i), fmt.Sprintf("WABA %06d", i), fmt.Sprintf("ns_%06d", i),
					"verified", "EUR", "Europe/Berlin", 25, clientIDs[i]}
			}},
		{name: "channels", rows: sz.Channels,
			cols: []string{"id", "created_at", "modified_at", "partner_id", "phone_number", "status", "account_mode",
				"current_quality_rating", "current_limit", "hosting_type", "support_plan", "key_permission", "setup_info",
				"is_migrated", "status_changed_at", "client_id", "waba_id"},
			row: func(i int) []any {
				c := rng.IntN(sz.Clients)
				created := at(clientCreated[c])
				changed := at(created)
				// 7919 is prime to 10^8, so i → i·7919 mod 10^8 is a permutation: unique
				// numbers whose order has nothing to do with the insert order.
				phone := fmt.Sprintf("+49151%08d", (int64(i)*7919+12345)%100_000_000)
				return []any{idgen.New(idgen.Channel), created, changed, partnerOf(c), phone,
					weighted(rng, "running", 85, "ready", 5, "created", 4, "pending_deletion", 3, "submitted", 2, "terminated", 1),
					weighted(rng, "live", 90, "sandbox", 10),
					weighted(rng, "GREEN", 70, "YELLOW", 15, "RED", 5, "UNKNOWN", 10),
					weighted(rng, "TIER_1K", 60, "TIER_10K", 30, "TIER_250", 10),
					"cloud", "basic", weighted(rng, "shared", 80, "missing", 20),
					fmt.Sprintf(`{"phone_number":%q,"phone_name":"Bench %d","was_in_use":false}`, phone, i),
					false, changed, clientIDs[c], wabaIDs[c]}
			}},
		{name: "waba_templates", rows: sz.Templates,
			cols: []string{"id", "created_at", "modified_at", "partner_id", "client_id", "waba_id", "name", "language", "category",
				"status", "status_changed_at", "quality_score", "components", "namespace"},
			row: func(i int) []any {
				created := at(clientCreated[0])
				lang := templateLanguages[i%len(templateLanguages)]
				// One name per len(templateLanguages) templates: every name in each language.
				name := fmt.Sprintf("%s_%s_%04d", strings.ToLower(pick(rng, adjectives)), strings.ToLower(pick(rng, nouns)), i/len(templateLanguages))
				body := fmt.Sprintf(`[{"type":"BODY","text":"Hello {{1}}, this is template %d.","example":{"body_text":[["Ana"]]}}]`, i)
				return []any{idgen.New(idgen.Template), created, created, partnerOf(0), clientIDs[0], wabaIDs[0], name, lang,
					weighted(rng, "UTILITY", 50, "MARKETING", 45, "AUTHENTICATION", 5),
					weighted(rng, "approved", 80, "rejected", 8, "submitted", 5, "paused", 2, "disabled", 1, "deleted", 4),
					created, weighted(rng, "GREEN", 60, "YELLOW", 10, "RED", 5, "UNKNOWN", 25), body, "ns_000000"}
			}},
	}
	start := time.Now()
	for _, t := range tables {
		var err error
		if store.Dialect == migrations.Postgres {
			err = copyPostgres(ctx, store.DB, t)
		} else {
			err = insertBatches(ctx, store.DB, t)
		}
		if err != nil {
			return nil, fmt.Errorf("seed %s: %w", t.name, err)
		}
	}
	ds := &Dataset{Sizes: sz, PartnerID: partnerIDs[0], Insert: time.Since(start)}
	start = time.Now()
	if store.Dialect != migrations.Postgres {
		if _, err := store.DB.ExecContext(ctx, "ANALYZE"); err != nil {
			return nil, fmt.Errorf("analyze: %w", err)
		}
		ds.Analyze = time.Since(start)
		return ds, nil
	}
	// On PostgreSQL, VACUUM also sets the visibility map (index-only scans depend on it), as
	// autovacuum soon would after a million inserts; doing it now keeps autovacuum from
	// changing plans mid-measurement.
	if _, err := store.DB.ExecContext(ctx, "VACUUM (ANALYZE)"); err != nil {
		return nil, fmt.Errorf("vacuum: %w", err)
	}
	ds.Analyze = time.Since(start)
	err := store.DB.QueryRowContext(ctx, "SELECT relallvisible::float8 / greatest(relpages, 1) FROM pg_class WHERE relname = 'channels'").
		Scan(&ds.AllVisible)
	return ds, err
}

// insertBatches writes t with multi-row INSERT … VALUES statements of up to 500 rows,
// 50 000 rows per transaction (SQLite).
func insertBatches(ctx context.Context, db *sql.DB, t table) error {
	const perStmt, perTx = 500, 50_000
	rowPH := "(" + strings.TrimSuffix(strings.Repeat("?,", len(t.cols)), ",") + ")"
	head := "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ",") + ") VALUES "
	for from := 0; from < t.rows; from += perTx {
		to := min(from+perTx, t.rows)
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for i := from; i < to; i += perStmt {
			n := min(perStmt, to-i)
			args := make([]any, 0, n*len(t.cols))
			for j := i; j < i+n; j++ {
				args = append(args, t.row(j)...)
			}
			stmt := head + strings.TrimSuffix(strings.Repeat(rowPH+",", n), ",")
			if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// copyPostgres writes t with one COPY … FROM STDIN through the pgx connection under
// database/sql (PostgreSQL).
func copyPostgres(ctx context.Context, db *sql.DB, t table) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		src := pgx.CopyFromSlice(t.rows, func(i int) ([]any, error) { return t.row(i), nil })
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, src)
		return err
	})
}

func ids(suffix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = idgen.New(suffix)
	}
	return out
}

func pick(rng *rand.Rand, words []string) string { return words[rng.IntN(len(words))] }

// weighted picks one of the values, given as value, weight, value, weight, ….
func weighted(rng *rand.Rand, pairs ...any) string {
	total := 0
	for i := 1; i < len(pairs); i += 2 {
		total += pairs[i].(int)
	}
	n := rng.IntN(total)
	for i := 0; i < len(pairs); i += 2 {
		if n -= pairs[i+1].(int); n < 0 {
			return pairs[i].(string)
		}
	}
	panic("unreachable")
}
