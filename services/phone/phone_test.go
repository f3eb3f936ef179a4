package phone_test

import (
	"testing"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/phone"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"+4915112345678":       "+4915112345678",
		"+49 151 1234 5678":    "+4915112345678",
		"0049 (151) 1234-5678": "+4915112345678",
		" +44 7911 123456 ":    "+447911123456",
		"+55 11 98765-0001":    "+5511987650001",
	} {
		got, err := phone.Normalize("phone_number", in)
		if err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "015112345678", "+49 1", "+999 123456789", "hello", "+4915112345678999999999999999999999", "+1 555 0100 ext"} {
		if _, err := phone.Normalize("phone_number", in); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("Normalize(%q): %v, want a validation error", in, err)
		}
	}
}
