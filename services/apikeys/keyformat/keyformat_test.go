package keyformat_test

import (
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/apikeys/keyformat"
)

func TestNewKeysAreWellFormedAndTyped(t *testing.T) {
	seen := map[string]bool{}
	for _, typ := range []keyformat.Type{keyformat.Channel, keyformat.Partner, keyformat.Sandbox} {
		for i := 0; i < 1000; i++ {
			k := keyformat.New(typ)
			if len(k) != 42 || !strings.HasPrefix(k, string(typ)+"_") {
				t.Fatalf("key %q", k)
			}
			got, ok := keyformat.Check(k)
			if !ok || got != typ {
				t.Fatalf("Check(%q) = %v %v", k, got, ok)
			}
			if seen[k] {
				t.Fatalf("duplicate %q", k)
			}
			seen[k] = true
		}
	}
}

func TestCheckRefusesMalformedKeys(t *testing.T) {
	good := keyformat.New(keyformat.Channel)
	flip := func(i int) string {
		b := []byte(good)
		if b[i] == 'a' {
			b[i] = 'b'
		} else {
			b[i] = 'a'
		}
		return string(b)
	}
	for name, k := range map[string]string{
		"empty": "", "short": good[:41], "long": good + "x", "unknown prefix": "abc" + good[3:],
		"no separator": "phc-" + good[4:], "bad character": good[:10] + "-" + good[11:],
		"changed random part": flip(10), "changed checksum": flip(41),
		"sql": "phc_' OR 1=1 --xxxxxxxxxxxxxxxxxxxxxxxxxxx",
	} {
		if _, ok := keyformat.Check(k); ok {
			t.Errorf("%s: %q accepted", name, k)
		}
	}
}

func TestRedactFindsOnlyRealKeys(t *testing.T) {
	key := keyformat.New(keyformat.Partner)
	fake := key[:41] + string("0123456789"[(strings.IndexByte("0123456789", key[41])+1)%10])
	if _, ok := keyformat.Check(fake); ok {
		fake = key[:40] + "zz"
	}
	text := "my key is " + key + ", the old one was " + fake + "."
	out, n := keyformat.Redact(text)
	if n != 1 || strings.Contains(out, key) || !strings.Contains(out, fake) || !strings.Contains(out, "php_…"+keyformat.Hint(key)+" [redacted]") {
		t.Fatalf("redacted %d: %s", n, out)
	}
	if keyformat.Contains("no keys here phc_short") || !keyformat.Contains("x"+" "+key) {
		t.Fatal("Contains")
	}
}

func BenchmarkCheckMalformed(b *testing.B) {
	k := keyformat.New(keyformat.Channel)
	bad := k[:41] + "?"
	b.ReportAllocs()
	for b.Loop() {
		keyformat.Check(bad)
	}
}

func BenchmarkCheckValid(b *testing.B) {
	k := keyformat.New(keyformat.Channel)
	b.ReportAllocs()
	for b.Loop() {
		keyformat.Check(k)
	}
}
