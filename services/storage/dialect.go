package storage

import (
	"context"
	"fmt"
	"time"

	entdialect "entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/migrations"
)

// SQL is what differs between the two databases, for services: they hold the store's SQL
// and ask it, never compare dialect names themselves.
type SQL struct{ dialect migrations.Dialect }

// SQL returns what differs about this store's database.
func (s *Store) SQL() SQL { return SQL{dialect: s.Dialect} }

// SQLOf returns the SQL of dialect d (for tools that open a database themselves).
func SQLOf(d migrations.Dialect) SQL { return SQL{dialect: d} }

// Postgres reports whether the database is PostgreSQL (several instances may share it).
func (d SQL) Postgres() bool { return d.dialect == migrations.Postgres }

// Locker is an ent query that can lock the rows it reads (every …Query of package ent).
type Locker[Q any] interface {
	ForUpdate(...sql.LockOption) Q
}

// LockRows makes q lock the rows it reads until the transaction ends, so changes of one
// object made by two instances run one after the other. SQLite transactions are serial
// already, so there it leaves q as it is.
func LockRows[Q Locker[Q]](d SQL, q Q) Q {
	if d.Postgres() {
		return q.ForUpdate()
	}
	return q
}

// ClaimRows makes q lock the rows it reads and skip rows another transaction has locked,
// so instances share due work instead of queueing on each other. On SQLite (one writer)
// it leaves q as it is.
func ClaimRows[Q Locker[Q]](d SQL, q Q) Q {
	if d.Postgres() {
		return q.ForUpdate(sql.WithLockAction(sql.SkipLocked))
	}
	return q
}

// InsertIgnoringConflict inserts one row of columns/values into table with tx, doing
// nothing when a row with the same conflictColumns exists (INSERT … ON CONFLICT DO
// NOTHING). It reports whether the row was inserted: of racing instances exactly one wins.
func InsertIgnoringConflict(ctx context.Context, d SQL, tx *ent.Client, table string, columns []string, values []any, conflictColumns ...string) (bool, error) {
	name := entdialect.SQLite
	if d.Postgres() {
		name = entdialect.Postgres
	}
	query, args := sql.Dialect(name).Insert(table).Columns(columns...).Values(values...).
		OnConflict(sql.ConflictColumns(conflictColumns...), sql.DoNothing()).Query()
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Notify tells the other instances listening on channel that something changed, when tx
// commits (PostgreSQL's NOTIFY, never delivered for a rolled-back change). On SQLite there
// is one process and its watchers poll, so it does nothing.
func Notify(ctx context.Context, d SQL, tx *ent.Client, channel string) error {
	if !d.Postgres() {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_notify($1, '')", channel)
	return err
}

// Now reads the database's clock, so that instances whose own clocks differ agree.
func Now(ctx context.Context, d SQL, db *ent.Client) (time.Time, error) {
	q := "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"
	if d.Postgres() {
		q = "SELECT now()"
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return time.Time{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		return time.Time{}, fmt.Errorf("storage: database time: no row")
	}
	if d.Postgres() {
		var t time.Time
		err = rows.Scan(&t)
		return t.UTC(), err
	}
	var raw string
	if err := rows.Scan(&raw); err != nil {
		return time.Time{}, err
	}
	return time.ParseInLocation("2006-01-02 15:04:05.000", raw, time.UTC)
}
