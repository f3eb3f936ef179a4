package phone_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/partnerhub/partnerhub/services/phone"
)

// TestDemoNumbersAreValid keeps the demo data honest: every number it seeds must pass the
// same normalisation a user's input does.
func TestDemoNumbersAreValid(t *testing.T) {
	src, err := os.ReadFile("../demo/demo.go")
	if err != nil {
		t.Fatal(err)
	}
	nums := regexp.MustCompile(`"(\+\d{8,15})"`).FindAllStringSubmatch(string(src), -1)
	if len(nums) < 8 {
		t.Fatalf("found only %d demo numbers", len(nums))
	}
	for _, m := range nums {
		if got, err := phone.Normalize("phone_number", m[1]); err != nil || got != m[1] {
			t.Errorf("demo number %s: %q %v", m[1], got, err)
		}
	}
}
