package main

import (
	"context"
	"fmt"
	"io"

	"github.com/partnerhub/partnerhub/migrations"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/storage"
	"github.com/partnerhub/partnerhub/services/users"
)

func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := newOptions("migrate", "Applies the embedded database migrations and exits.", stderr)
	db := o.String("db", defaultDB, "SQLite file path, or a postgres:// URL")
	if err := o.parse(args); err != nil {
		return err
	}
	store, err := storage.Open(ctx, *db, storage.Options{SkipMigrations: true})
	if err != nil {
		return err
	}
	defer store.Close()
	if err := migrations.Apply(store.DB, store.Dialect); err != nil {
		return err
	}
	v, _, err := migrations.Current(store.DB)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database is at migration %d (%s)\n", v, store.Dialect)
	return nil
}

func userCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := newOptions("user create", "Adds a platform admin (or support agent). Without --password a one-time password is generated, printed once, and must be changed at first sign-in.", stderr)
	db := o.String("db", defaultDB, "SQLite file path, or a postgres:// URL")
	email := o.String("email", "", "email of the new user (required)")
	name := o.String("name", "", "display name")
	role := o.String("role", "platform_admin", "platform_admin or support_agent")
	password := o.String("password", "", "password, 12–256 characters (empty: generate a one-time password)")
	if err := o.parse(args); err != nil {
		return err
	}
	store, err := storage.Open(ctx, *db, storage.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	pw, oneTime := *password, false
	if pw == "" {
		pw, oneTime = auth.RandomPassword(), true
	}
	u, err := users.New(store.Client, clock.Real{}, auth.DefaultPasswordParams).CreatePlatformUser(ctx,
		users.NewUser{Email: *email, Name: *name, Role: *role, Password: pw, MustChangePassword: oneTime})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s (%s)\n", u.Role, u.Email, u.ID)
	if oneTime {
		fmt.Fprintf(stdout, "one-time password (shown only now; change it at first sign-in): %s\n", pw)
	}
	return nil
}
