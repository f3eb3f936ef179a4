package profile_test

import (
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/ent/schema/fieldtype"
	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/profile"
)

func ptr[T any](v T) *T { return &v }

func TestProfileLimits(t *testing.T) {
	ok := []profile.Update{
		{AboutText: ptr(strings.Repeat("a", 139))},
		{AboutText: ptr(strings.Repeat("ü", 139))}, // characters, not bytes
		{Address: ptr(strings.Repeat("a", 256))},
		{BusinessDescription: ptr(strings.Repeat("a", 256))},
		{ContactEmail: ptr("help@bluebird.example")},
		{ContactEmail: ptr("")},
		{BusinessVertical: ptr("Beauty, Spa and Salon")},
		{Websites: &[]string{"https://a.example", "http://b.example/x"}},
		{Websites: &[]string{}},
	}
	for i, u := range ok {
		if _, err := profile.Apply(fieldtype.ProfileInfo{}, u); err != nil {
			t.Errorf("ok[%d]: %v", i, err)
		}
	}
	bad := map[string]profile.Update{
		"about 140":         {AboutText: ptr(strings.Repeat("a", 140))},
		"address 257":       {Address: ptr(strings.Repeat("a", 257))},
		"description 257":   {BusinessDescription: ptr(strings.Repeat("a", 257))},
		"email invalid":     {ContactEmail: ptr("not an email")},
		"email no domain":   {ContactEmail: ptr("a@b")},
		"email 129":         {ContactEmail: ptr(strings.Repeat("a", 117) + "@example.com")},
		"vertical unknown":  {BusinessVertical: ptr("Bakery")},
		"vertical case":     {BusinessVertical: ptr("automotive")},
		"three websites":    {Websites: &[]string{"https://a.example", "https://b.example", "https://c.example"}},
		"website no scheme": {Websites: &[]string{"a.example"}},
		"website ftp":       {Websites: &[]string{"ftp://a.example"}},
		"website 257":       {Websites: &[]string{"https://a.example/" + strings.Repeat("a", 239)}},
	}
	for name, u := range bad {
		if _, err := profile.Apply(fieldtype.ProfileInfo{}, u); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	if len(profile.Verticals) != 17 {
		t.Errorf("%d verticals, want 17", len(profile.Verticals))
	}
}

func TestVerticalCannotBeResetToEmpty(t *testing.T) {
	cur := fieldtype.ProfileInfo{BusinessVertical: "Restaurant"}
	if _, err := profile.Apply(cur, profile.Update{BusinessVertical: ptr("")}); apperr.KindOf(err) != apperr.Invalid {
		t.Fatalf("reset to empty: %v", err)
	}
	next, err := profile.Apply(cur, profile.Update{BusinessVertical: ptr("Other")})
	if err != nil || next.BusinessVertical != "Other" {
		t.Fatalf("change: %v %v", next, err)
	}
	if _, err := profile.Apply(fieldtype.ProfileInfo{}, profile.Update{BusinessVertical: ptr("")}); err != nil {
		t.Fatalf("empty stays empty: %v", err)
	}
}

func TestApplyKeepsUntouchedFieldsAndReportsAllProblems(t *testing.T) {
	cur := fieldtype.ProfileInfo{AboutText: "hi", Address: "Main St 1"}
	next, err := profile.Apply(cur, profile.Update{Address: ptr(" Side St 2 ")})
	if err != nil || next.AboutText != "hi" || next.Address != "Side St 2" {
		t.Fatalf("%+v %v", next, err)
	}
	_, err = profile.Apply(cur, profile.Update{AboutText: ptr(strings.Repeat("x", 200)), ContactEmail: ptr("x")})
	if d := apperr.As(err).Details; len(d) != 2 {
		t.Fatalf("want both problems listed: %v", d)
	}
}
