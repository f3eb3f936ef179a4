package secretbox

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// KeyFileName is the name of the key file kept beside an embedded SQLite database.
const KeyFileName = "secret.key"

// ReadKeyFile reads the master key in the file at path. The file must be a regular file
// that only its owner may read or write (mode 0600 or stricter) and hold one key in the
// form ParseKey reads; anything else is refused rather than used.
func ReadKeyFile(path string) (*Key, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("secret key file %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("secret key file %s has mode %04o, which lets other users read or change it; it must be 0600 (chmod 600 %s)", path, perm, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return nil, err
	}
	k, err := ParseKey(string(text))
	if err != nil {
		return nil, fmt.Errorf("secret key file %s is malformed: %w", path, err)
	}
	return k, nil
}

// CreateKeyFile writes a new random key to a new file at path (mode 0600, its directory
// created if needed) and returns the key. It never replaces a file: when path exists —
// perhaps another instance created it a moment ago — the error matches fs.ErrExist. The
// file appears complete or not at all, so a concurrent reader never sees half a key.
func CreateKeyFile(path string) (*Key, error) {
	k, err := GenerateKey()
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	tmp, err := writeTemp(dir, k)
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("secret key file %s: %w", path, fs.ErrExist)
		}
		// A file system without hard links: an exclusive create instead.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(f, k.Text()+"\n"); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
	}
	syncDir(dir)
	return k, nil
}

// WriteKeyFile replaces the file at path with k (mode 0600) atomically: a reader sees the
// old key or the new one, never a mixture.
func WriteKeyFile(path string, k *Key) error {
	dir := filepath.Dir(path)
	tmp, err := writeTemp(dir, k)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(dir)
	return nil
}

// writeTemp writes k to a new 0600 file in dir and returns its name.
func writeTemp(dir string, k *Key) (string, error) {
	f, err := os.CreateTemp(dir, "."+KeyFileName+"-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = io.WriteString(f, k.Text()+"\n")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// syncDir makes a new directory entry durable; file systems that cannot are left be.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
