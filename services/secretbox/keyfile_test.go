package secretbox_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/partnerhub/partnerhub/services/secretbox"
)

func TestCreateKeyFileWritesAnOwnerOnlyFileThatReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", secretbox.KeyFileName)
	k, err := secretbox.CreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o, want 0600", fi.Mode().Perm())
	}
	back, err := secretbox.ReadKeyFile(path)
	if err != nil || back.ID() != k.ID() {
		t.Fatalf("ReadKeyFile = %v, %v; want kid %s", back, err, k.ID())
	}
	if _, err := secretbox.CreateKeyFile(path); !errors.Is(err, fs.ErrExist) {
		t.Errorf("a second create: %v, want fs.ErrExist", err)
	}
	if again, _ := secretbox.ReadKeyFile(path); again == nil || again.ID() != k.ID() {
		t.Error("a second create must not replace the file")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestInstancesCreatingTheKeyFileTogetherAgreeOnOneKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), secretbox.KeyFileName)
	ids := make([]string, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := secretbox.CreateKeyFile(path)
			if errors.Is(err, fs.ErrExist) {
				k, err = secretbox.ReadKeyFile(path)
			}
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = k.ID()
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if id != ids[0] {
			t.Fatalf("instances got different keys: %v", ids)
		}
	}
}

func TestReadKeyFileRefusesLoosePermissions(t *testing.T) {
	path := filepath.Join(t.TempDir(), secretbox.KeyFileName)
	if _, err := secretbox.CreateKeyFile(path); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []fs.FileMode{0o644, 0o640, 0o604, 0o660, 0o666, 0o700} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := secretbox.ReadKeyFile(path)
		if mode&0o077 != 0 {
			if err == nil || !strings.Contains(err.Error(), "chmod 600") || !strings.Contains(err.Error(), path) {
				t.Errorf("mode %04o: %v, want a refusal naming the file and chmod 600", mode, err)
			}
		} else if err != nil {
			t.Errorf("mode %04o (owner only): %v", mode, err)
		}
	}
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	if _, err := secretbox.ReadKeyFile(path); err != nil {
		t.Errorf("mode 0400 is stricter than 0600 and must be accepted: %v", err)
	}
}

func TestReadKeyFileRefusesMalformedContent(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty":     "",
		"short":     "c2hvcnQ=\n",
		"two keys":  "0Sz0CTXgfJjyLFlo8Zbfk+sP6FVrg2NJgX8Jam+IX9E=\n5jktk5/ZD+xiUyWL5Rs+r3iKH2rJ0u1YwQX6PnOq244=\n",
		"plaintext": "my secret password\n",
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := secretbox.ReadKeyFile(path); err == nil || !strings.Contains(err.Error(), "malformed") {
			t.Errorf("%s: %v, want a malformed-file refusal", name, err)
		}
	}
	if _, err := secretbox.ReadKeyFile(dir); err == nil {
		t.Error("a directory must be refused")
	}
	if _, err := secretbox.ReadKeyFile(filepath.Join(dir, "absent")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestWriteKeyFileReplacesTheKeyOwnerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), secretbox.KeyFileName)
	if _, err := secretbox.CreateKeyFile(path); err != nil {
		t.Fatal(err)
	}
	k := newKey(t)
	if err := secretbox.WriteKeyFile(path, k); err != nil {
		t.Fatal(err)
	}
	back, err := secretbox.ReadKeyFile(path)
	if err != nil || back.ID() != k.ID() {
		t.Fatalf("after WriteKeyFile: %v %v", back, err)
	}
}
