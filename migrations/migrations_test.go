package migrations_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/migrations"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/storage/storagetest"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// TestUpgradeKeepsData brings a database to the first shipped migration, fills it with
// rows in the tables that version has, applies every later migration, and checks the
// rows — with their foreign keys — are intact and readable through the current schema.
// Each new migration is thereby tested against a database that already holds data.
func TestUpgradeKeepsData(t *testing.T) {
	ctx := context.Background()
	dsn := storagetest.DSN(t)
	st, err := storage.Open(ctx, dsn, storage.Options{SkipMigrations: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, err := migrations.First(st.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrations.MigrateTo(st.DB, st.Dialect, first); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	exec := func(q string, args ...any) {
		t.Helper()
		if st.Dialect == migrations.Postgres {
			q = dollarParams(q)
		}
		if _, err := st.DB.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO partners (id, created_at, modified_at, brand_name) VALUES (?, ?, ?, ?)`, "oldpartnerPA", now, now, "Old Partner")
	exec(`INSERT INTO clients (id, created_at, modified_at, name, partner_id) VALUES (?, ?, ?, ?, ?)`, "oldclientCL", now, now, "Old Client", "oldpartnerPA")
	exec(`INSERT INTO wabas (id, created_at, modified_at, partner_id, name, client_id) VALUES (?, ?, ?, ?, ?, ?)`, "oldwabaWA", now, now, "oldpartnerPA", "Old WABA", "oldclientCL")
	exec(`INSERT INTO channels (id, created_at, modified_at, partner_id, phone_number, client_id, waba_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		"oldchannelCH", now, now, "oldpartnerPA", "+4915100000000", "oldclientCL", "oldwabaWA")
	exec(`INSERT INTO users (id, created_at, modified_at, email, role, password_hash, partner_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		"olduserUS", now, now, "old@test.example", "partner_admin", "$argon2id$x", "oldpartnerPA")

	if err := migrations.Apply(st.DB, st.Dialect); err != nil {
		t.Fatalf("upgrade over data: %v", err)
	}
	if err := st.MigrationsCurrent(ctx); err != nil {
		t.Fatal(err)
	}
	// The check reads the rows it wrote under the old schema, which belong to no viewer:
	// upgrading the schema is the operator's setup, outside any tenant.
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	ch, err := st.Client.Channel.Get(sys, "oldchannelCH")
	if err != nil {
		t.Fatalf("channel after upgrade: %v", err)
	}
	if ch.Status != "created" || ch.ClientID != "oldclientCL" || ch.WabaID != "oldwabaWA" {
		t.Errorf("channel after upgrade: %+v", ch)
	}
	u, err := st.Client.User.Get(sys, "olduserUS")
	if err != nil || u.PartnerID == nil || *u.PartnerID != "oldpartnerPA" {
		t.Errorf("user after upgrade: %+v, %v", u, err)
	}
	// Foreign keys are still enforced after the upgrade.
	if _, err := st.DB.Exec(rebind(st.Dialect, `INSERT INTO clients (id, created_at, modified_at, name, partner_id) VALUES (?, ?, ?, ?, ?)`),
		"orphanCL", now, now, "Orphan", "nosuchPA"); err == nil {
		t.Error("a client with an unknown partner was accepted: foreign keys are off")
	}
	// Applying again is a no-op.
	if err := migrations.Apply(st.DB, st.Dialect); err != nil {
		t.Fatal(err)
	}
}

func rebind(d migrations.Dialect, q string) string {
	if d == migrations.Postgres {
		return dollarParams(q)
	}
	return q
}

func dollarParams(q string) string {
	out, n := make([]byte, 0, len(q)+8), 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$')
			out = append(out, strconv.Itoa(n)...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

// TestTemplateStatusesRenamed: rename_template_statuses turns Meta's upper-case statuses,
// which templates were stored with before, into the 360dialog API's (PENDING is submitted)
// and gives each its status_changed_at.
func TestTemplateStatusesRenamed(t *testing.T) {
	ctx := context.Background()
	st, err := storage.Open(ctx, storagetest.DSN(t), storage.Options{SkipMigrations: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := migrations.MigrateTo(st.DB, st.Dialect, 20261203144713); err != nil { // add_template_review
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := st.DB.Exec(rebind(st.Dialect, q), args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO partners (id, created_at, modified_at, brand_name) VALUES (?, ?, ?, ?)`, "oldpartnerPA", now, now, "Old Partner")
	exec(`INSERT INTO clients (id, created_at, modified_at, name, partner_id) VALUES (?, ?, ?, ?, ?)`, "oldclientCL", now, now, "Old Client", "oldpartnerPA")
	exec(`INSERT INTO wabas (id, created_at, modified_at, partner_id, name, client_id) VALUES (?, ?, ?, ?, ?, ?)`, "oldwabaWA", now, now, "oldpartnerPA", "Old WABA", "oldclientCL")
	want := map[string]string{"APPROVED": "approved", "PENDING": "submitted", "REJECTED": "rejected", "PAUSED": "paused", "DISABLED": "disabled"}
	for old := range want {
		exec(`INSERT INTO waba_templates (id, created_at, modified_at, partner_id, client_id, waba_id, name, language, category, status, quality_score)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, "old"+old+"TP", now, now, "oldpartnerPA", "oldclientCL", "oldwabaWA",
			"t_"+old, "en_US", "UTILITY", old, "UNKNOWN")
	}
	if err := migrations.Apply(st.DB, st.Dialect); err != nil {
		t.Fatal(err)
	}
	sys := tenancy.AsSystem(ctx, tenancy.PlatformSetup)
	for old, status := range want {
		tp, err := st.Client.WABATemplate.Get(sys, "old"+old+"TP")
		if err != nil {
			t.Fatal(err)
		}
		if string(tp.Status) != status || tp.StatusChangedAt == nil || !tp.StatusChangedAt.Equal(now) {
			t.Errorf("%s became %s (changed at %v), want %s", old, tp.Status, tp.StatusChangedAt, status)
		}
	}
}
