package provider_test

import (
	"context"
	"testing"

	"github.com/partnerhub/partnerhub/services/provider"
)

func TestReviewTemplate(t *testing.T) {
	body := func(text string) []map[string]any { return []map[string]any{{"type": "BODY", "text": text}} }
	withButton := func(text, url string) []map[string]any {
		return []map[string]any{{"type": "BODY", "text": "Your parcel is on its way."},
			{"type": "BUTTONS", "buttons": []any{map[string]any{"type": "URL", "text": text, "url": url}}}}
	}
	cases := map[string]struct {
		category   string
		components []map[string]any
		reason     string // "" approved
	}{
		"plain utility":                        {"UTILITY", body("Your parcel left our warehouse."), ""},
		"an offer in a utility template":       {"UTILITY", body("Get 20% off all shoes."), provider.RejectIncorrectCategory},
		"a sale in an authentication template": {"AUTHENTICATION", body("Big sale today."), provider.RejectIncorrectCategory},
		"an offer in a marketing template":     {"MARKETING", body("Get 20% off all shoes."), ""},
		"a coupon word inside another word":    {"UTILITY", body("Your promotional-free account, Mr Dealer."), ""},
		"only parameters":                      {"UTILITY", body("{{1}} {{2}}"), provider.RejectInvalidFormat},
		"a shortener in the body":              {"MARKETING", body("See https://bit.ly/x1 now."), provider.RejectScam},
		"a shortener in a URL button":          {"UTILITY", withButton("Track", "https://tinyurl.com/abc"), provider.RejectScam},
		"a full link in a URL button":          {"UTILITY", withButton("Track", "https://shop.example/track"), ""},
		"a lottery lure":                       {"MARKETING", body("You have won the lottery!"), provider.RejectScam},
		"an insult":                            {"UTILITY", body("Pay now, idiot."), provider.RejectAbusiveContent},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := provider.ReviewTemplate(provider.TemplateSubmission{Name: "x", Language: "en", Category: c.category, Components: c.components})
			if c.reason == "" {
				if !r.Approved {
					t.Fatalf("rejected: %+v", r)
				}
				return
			}
			if r.Approved || r.Reason != c.reason || r.Detail == "" {
				t.Fatalf("review %+v, want %s with a detail", r, c.reason)
			}
		})
	}
}

func TestSubmitTemplateIDIsStable(t *testing.T) {
	s := provider.NewSimulator(nil, nil)
	sub := provider.TemplateSubmission{WABAExternalID: "w1", Name: "order", Language: "en_US"}
	a, _ := s.SubmitTemplate(context.Background(), sub)
	b, _ := s.SubmitTemplate(context.Background(), sub)
	sub.Language = "de"
	c, _ := s.SubmitTemplate(context.Background(), sub)
	if a.ExternalID != b.ExternalID || a.ExternalID == c.ExternalID || len(a.ExternalID) != 16 {
		t.Fatalf("ids %q %q %q", a.ExternalID, b.ExternalID, c.ExternalID)
	}
	sub.ExternalID = "kept"
	if d, _ := s.SubmitTemplate(context.Background(), sub); d.ExternalID != "kept" {
		t.Fatalf("an edit got a new id: %q", d.ExternalID)
	}
}
