package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/partnerhub/partnerhub/services/clock"
	"github.com/partnerhub/partnerhub/services/secretbox"
	"github.com/partnerhub/partnerhub/services/secrets"
	"github.com/partnerhub/partnerhub/services/storage"
)

const secretKeyUsage = "master key sealing the secrets kept in the database (JWT signing secret, idempotency seal key, webhook secrets): " +
	"32 bytes as base64 or hex, the same on every instance (empty: on SQLite the file secret.key beside the database, created on first start; required with PostgreSQL)"

// secretKey is the master key and where it came from.
type secretKey struct {
	key     *secretbox.Key
	file    string // the key file it was read from or created as; "" when it was given
	created bool
}

// givenSecretKey is the master key given as text (flag or environment), or nil when the
// key file beside a SQLite database is to be used; PostgreSQL needs the text. It is
// checked before the database is touched.
func givenSecretKey(dsn, text string) (*secretbox.Key, error) {
	if text != "" {
		k, err := secretbox.ParseKey(text)
		if err != nil {
			return nil, fmt.Errorf("--secret-key (%s): %w", envName("secret-key"), err)
		}
		return k, nil
	}
	if storage.IsPostgres(dsn) {
		return nil, fmt.Errorf("--secret-key (%s) is required with PostgreSQL: every instance must start with the same key, "+
			"and it must not be kept in the database; generate one with \"openssl rand -base64 32\" and give it to every instance", envName("secret-key"))
	}
	return nil, nil
}

// resolveSecretKey finds the master key for the database dsn: given, if set; else the
// key file beside the SQLite database, which is created when create is set and the
// database has never been sealed.
func resolveSecretKey(ctx context.Context, store *storage.Store, dsn string, given *secretbox.Key, create bool) (secretKey, error) {
	if given != nil {
		return secretKey{key: given}, nil
	}
	path := keyFilePath(dsn)
	k, err := secretbox.ReadKeyFile(path)
	if err == nil {
		return secretKey{key: k, file: path}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return secretKey{}, err
	}
	kid, err := secrets.SealedKeyID(ctx, store.Client)
	if err != nil {
		return secretKey{}, fmt.Errorf("read the database's key check: %w", err)
	}
	if kid != "" {
		// A new key would only be refused by the key check; say what is actually wrong.
		return secretKey{}, fmt.Errorf("this database was sealed with secret key kid %s, but its key file %s is missing: restore the file (mode 0600) or set %s",
			kid, path, envName("secret-key"))
	}
	if !create {
		return secretKey{}, fmt.Errorf("no secret key file at %s: start the hub once on this database (it creates the key and seals the secrets), or pass --secret-key", path)
	}
	k, err = secretbox.CreateKeyFile(path)
	if errors.Is(err, fs.ErrExist) { // another instance created it a moment ago
		k, err = secretbox.ReadKeyFile(path)
		return secretKey{key: k, file: path}, err
	}
	if err != nil {
		return secretKey{}, fmt.Errorf("create the secret key file: %w", err)
	}
	return secretKey{key: k, file: path, created: true}, nil
}

// keyFilePath is the key file beside the SQLite database dsn (as storage.Open reads dsn).
func keyFilePath(dsn string) string {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	return filepath.Join(filepath.Dir(path), secretbox.KeyFileName)
}

func rotateSecretKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := newOptions("rotate-secret-key", "Re-seals every secret kept in the database under a new secret key, in one transaction. "+
		"Stop every instance first; afterwards start them all with the new key.", stderr)
	db := o.String("db", defaultDB, "SQLite file path, or a postgres:// URL")
	current := o.Secret("secret-key", "the current secret key (empty: the key file beside the SQLite database)")
	next := o.Secret("new-secret-key", "the new secret key, 32 bytes as base64 or hex (empty: generate one; "+
		"when the current key is the key file, the new key replaces it)")
	if err := o.parse(args); err != nil {
		return err
	}
	given, err := givenSecretKey(*db, *current)
	if err != nil {
		return err
	}
	store, err := storage.Open(ctx, *db, storage.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	old, err := resolveSecretKey(ctx, store, *db, given, false)
	if err != nil {
		return err
	}
	var nk *secretbox.Key
	if *next != "" {
		if nk, err = secretbox.ParseKey(*next); err != nil {
			return fmt.Errorf("--new-secret-key (%s): %w", envName("new-secret-key"), err)
		}
	} else if nk, err = secretbox.GenerateKey(); err != nil {
		return err
	}
	if nk.ID() == old.key.ID() {
		return fmt.Errorf("the new secret key is the current one (kid %s)", nk.ID())
	}
	// The current key must be the database's, and no plaintext may be left to rotate past.
	if err := secrets.Prepare(ctx, store.Client, secretbox.NewKeyring(old.key), clock.Real{}); err != nil {
		return err
	}
	// The new key file is written before the commit, so no crash can leave a database
	// sealed with a key that exists nowhere.
	pending := ""
	if old.file != "" {
		pending = old.file + ".new"
		if err := secretbox.WriteKeyFile(pending, nk); err != nil {
			return fmt.Errorf("write the new key file: %w", err)
		}
	}
	rot, err := secrets.Rotate(ctx, store.Client, secretbox.NewKeyring(nk, old.key))
	if err != nil {
		if pending != "" {
			os.Remove(pending)
		}
		return err
	}
	fmt.Fprintf(stdout, "re-sealed %d settings (the key check among them) and %d partner webhook secrets with the new secret key kid %s (was kid %s)\n",
		rot.Settings, rot.PartnerSecrets, nk.ID(), old.key.ID())
	if pending != "" {
		if err := os.Rename(pending, old.file); err != nil {
			return fmt.Errorf("the database is now sealed with the new key (kid %s), which is in %s, but it could not replace %s: %w; move it there by hand", nk.ID(), pending, old.file, err)
		}
		fmt.Fprintf(stdout, "the new key replaced %s (mode 0600); keep it with the database's backups\n", old.file)
		fmt.Fprintf(stdout, "next: start the hub again; it reads the new key from %s\n", old.file)
	} else {
		if *next == "" {
			fmt.Fprintf(stdout, "new secret key (shown only now): %s\n", nk.Text())
		}
		fmt.Fprintf(stdout, "next: set %s (or --secret-key) to the new key on every instance and start them all; "+
			"an instance still running with the old key (kid %s) can no longer open the database's secrets\n", envName("secret-key"), old.key.ID())
	}
	fmt.Fprintf(stdout, "backups taken before now still need the old key (kid %s)\n", old.key.ID())
	return nil
}
