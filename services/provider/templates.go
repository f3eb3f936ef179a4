package provider

import (
	"context"
	"fmt"
	"hash/fnv"
	"regexp"
	"strings"
)

// TemplateSubmission is a message template as it is sent to Meta for review.
type TemplateSubmission struct {
	WABAExternalID string // the WABA at Meta ("" when the provider has not named it)
	ExternalID     string // set when an existing template is edited
	Name           string
	Language       string
	Category       string
	Components     []map[string]any
}

// TemplateRef names a template at Meta.
type TemplateRef struct {
	ExternalID string
	Name       string
	Language   string
}

// Meta's reasons for rejecting a template.
const (
	RejectInvalidFormat     = "INVALID_FORMAT"
	RejectIncorrectCategory = "INCORRECT_CATEGORY"
	RejectAbusiveContent    = "ABUSIVE_CONTENT"
	RejectScam              = "SCAM"
	RejectNone              = "NONE"
)

// RejectionReasons are Meta's rejection reasons, in the order the review applies them.
var RejectionReasons = []string{RejectInvalidFormat, RejectIncorrectCategory, RejectAbusiveContent, RejectScam, RejectNone}

// Review is the outcome of a template's review.
type Review struct {
	Approved bool
	Reason   string // a RejectionReasons entry when not approved
	Detail   string // what the review found, in words
}

// SubmitTemplate accepts every template; its id at Meta follows from the WABA, name and
// language, so it is the same on every instance and for every edit.
func (s *Simulator) SubmitTemplate(_ context.Context, t TemplateSubmission) (TemplateRef, error) {
	id := t.ExternalID
	if id == "" {
		h := fnv.New64a()
		_, _ = fmt.Fprintf(h, "%s\x00%s\x00%s", t.WABAExternalID, t.Name, t.Language)
		id = fmt.Sprintf("%016d", h.Sum64()%1e16)
	}
	return TemplateRef{ExternalID: id, Name: t.Name, Language: t.Language}, nil
}

// DeleteTemplate always succeeds in the simulator.
func (s *Simulator) DeleteTemplate(context.Context, TemplateRef) error { return nil }

// The simulator's review rules, each a deterministic stand-in for a reason Meta's review
// gives. They read the template's text: header, body, footer, button texts and URLs.
var (
	marketingWords = regexp.MustCompile(`(?i)(\b\d+\s?% off\b|\bdiscounts?\b|\bsale\b|\boffers?\b|\bcoupons?\b|\bpromo(tion)?s?\b|\bdeals?\b|\bbuy now\b|\bfree gift\b)`)
	shorteners     = regexp.MustCompile(`(?i)\b(bit\.ly|tinyurl\.com|goo\.gl|t\.co|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|tiny\.cc)/`)
	scamWords      = regexp.MustCompile(`(?i)(\byou (have )?won\b|\blottery\b|\bwire (the )?money\b|\bsend (us )?your (password|pin)\b|\bguaranteed (income|returns?)\b)`)
	abusiveWords   = regexp.MustCompile(`(?i)\b(idiots?|stupid|morons?|hate you)\b`)
	bareParameter  = regexp.MustCompile(`^\s*(\{\{\d+\}\}\s*)+$`)
)

// ReviewTemplate is the simulator's review, decided by the template's content alone so a
// test or a demo can predict it:
//   - INVALID_FORMAT when the body is nothing but parameters;
//   - INCORRECT_CATEGORY when a UTILITY or AUTHENTICATION template carries a marketing
//     offer ("20% off", "sale", "coupon", "discount", "offer", "promo", "deal", …);
//   - SCAM for a link through a URL shortener (bit.ly, tinyurl.com, …, which hides where it
//     leads) or a prize, lottery or money-transfer lure;
//   - ABUSIVE_CONTENT for insults;
//   - approved otherwise.
func ReviewTemplate(t TemplateSubmission) Review {
	var texts []string
	body := ""
	for _, c := range t.Components {
		if text, ok := c["text"].(string); ok {
			texts = append(texts, text)
			if c["type"] == "BODY" {
				body = text
			}
		}
		if buttons, ok := c["buttons"].([]any); ok {
			for _, b := range buttons {
				if bm, ok := b.(map[string]any); ok {
					for _, k := range []string{"text", "url"} {
						if v, ok := bm[k].(string); ok {
							texts = append(texts, v)
						}
					}
				}
			}
		}
	}
	all := strings.Join(texts, "\n")
	switch {
	case body != "" && bareParameter.MatchString(body):
		return Review{Reason: RejectInvalidFormat, Detail: "The body is only parameters: a template needs words of its own around them."}
	case t.Category != "MARKETING" && marketingWords.MatchString(all):
		return Review{Reason: RejectIncorrectCategory, Detail: fmt.Sprintf("A %s template may not carry a marketing offer (%q): submit it as MARKETING.", t.Category, marketingWords.FindString(all))}
	case shorteners.MatchString(all):
		return Review{Reason: RejectScam, Detail: fmt.Sprintf("Links through a URL shortener (%s) hide where they lead: use the full link.", strings.TrimSuffix(shorteners.FindString(all), "/"))}
	case scamWords.MatchString(all):
		return Review{Reason: RejectScam, Detail: fmt.Sprintf("The text reads like a scam (%q).", scamWords.FindString(all))}
	case abusiveWords.MatchString(all):
		return Review{Reason: RejectAbusiveContent, Detail: fmt.Sprintf("The text is abusive (%q).", abusiveWords.FindString(all))}
	}
	return Review{Approved: true}
}
