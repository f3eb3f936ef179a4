// Package phone normalises phone numbers to E.164 with libphonenumber's rules (via
// nyaruka/phonenumbers): what it cannot parse or does not consider a valid number is refused.
package phone

import (
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/partnerhub/partnerhub/services/apperr"
)

// Normalize returns raw in E.164 ("+4915112345678"). raw must be in international form
// ("+49 151 1234 5678", "0049…"); a number without a country code is refused, because
// the hub has no region to assume. field names the input in the error.
//
// Errors: validation_failed.
func Normalize(field, raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", apperr.Validation(field + ": is required")
	}
	if len(s) > 32 {
		return "", apperr.Validation(field + ": is not a phone number")
	}
	if strings.HasPrefix(s, "00") {
		s = "+" + s[2:]
	}
	if !strings.HasPrefix(s, "+") {
		return "", apperr.Validation(field + ": must be in international format with the country code, e.g. +4915112345678")
	}
	n, err := phonenumbers.Parse(s, "")
	if err != nil {
		return "", apperr.Validation(field + ": is not a phone number")
	}
	if !phonenumbers.IsValidNumber(n) {
		return "", apperr.Validation(field + ": is not a valid number for its country")
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}
