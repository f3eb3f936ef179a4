package idgen_test

import (
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/ent/schema/idgen"
)

func TestIDsHaveTheTypeSuffixAndAreRandom(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	for i := 0; i < 20000; i++ {
		id := idgen.New(idgen.Channel)
		if len(id) != 12 || !strings.HasSuffix(id, "CH") {
			t.Fatalf("bad id %q", id)
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
		for _, r := range id[:10] {
			counts[r]++
		}
	}
	// 200 000 characters over 62 symbols: each about 3 226; rejection sampling keeps
	// them uniform, a modulo bias would skew the first symbols by ~3 %.
	if len(counts) != 62 {
		t.Fatalf("%d distinct symbols, want 62", len(counts))
	}
	for r, n := range counts {
		if n < 2900 || n > 3550 {
			t.Errorf("symbol %q drawn %d times, far from uniform", r, n)
		}
	}
}
