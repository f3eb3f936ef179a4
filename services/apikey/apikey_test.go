package apikey_test

import (
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/apikey"
)

func TestNewKeysAreWellFormedAndTyped(t *testing.T) {
	seen := map[string]bool{}
	for _, typ := range []apikey.Type{apikey.Channel, apikey.Partner, apikey.Sandbox} {
		for i := 0; i < 1000; i++ {
			k := apikey.New(typ)
			if len(k) != 42 || !strings.HasPrefix(k, string(typ)+"_") {
				t.Fatalf("key %q", k)
			}
			got, ok := apikey.Check(k)
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
	good := apikey.New(apikey.Channel)
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
		if _, ok := apikey.Check(k); ok {
			t.Errorf("%s: %q accepted", name, k)
		}
	}
}

func TestRedactFindsOnlyRealKeys(t *testing.T) {
	key := apikey.New(apikey.Partner)
	fake := key[:41] + string("0123456789"[(strings.IndexByte("0123456789", key[41])+1)%10])
	if _, ok := apikey.Check(fake); ok {
		fake = key[:40] + "zz"
	}
	text := "my key is " + key + ", the old one was " + fake + "."
	out, n := apikey.Redact(text)
	if n != 1 || strings.Contains(out, key) || !strings.Contains(out, fake) || !strings.Contains(out, "php_…"+apikey.Hint(key)+" [redacted]") {
		t.Fatalf("redacted %d: %s", n, out)
	}
	if apikey.Contains("no keys here phc_short") || !apikey.Contains("x"+" "+key) {
		t.Fatal("Contains")
	}
}

func BenchmarkCheckMalformed(b *testing.B) {
	k := apikey.New(apikey.Channel)
	bad := k[:41] + "?"
	b.ReportAllocs()
	for b.Loop() {
		apikey.Check(bad)
	}
}

func BenchmarkCheckValid(b *testing.B) {
	k := apikey.New(apikey.Channel)
	b.ReportAllocs()
	for b.Loop() {
		apikey.Check(k)
	}
}
