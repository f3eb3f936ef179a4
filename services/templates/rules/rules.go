// Package rules checks a message template against WhatsApp's rules before it is submitted
// for review: the name, language and category, and each component (header, body, footer,
// buttons) with its parameters and sample values. It is pure — the same limits are meant
// for the web UI — and lists every problem at once, as "field: why" lines.
//
// AUTHENTICATION templates follow Meta's fixed format instead of free text: no header and
// no body text (Meta writes "<code> is your verification code."), an optional security
// recommendation on the body, an optional code expiry (1–90 minutes) on the footer, and
// exactly one OTP button, COPY_CODE or ONE_TAP (one tap names the Android app by
// package_name and signature_hash).
package rules

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// The limits, as Meta applies them (and the reference repeats).
const (
	MaxName             = 512
	MaxHeaderText       = 60
	MaxBody             = 1024
	MaxFooter           = 60
	MaxButtonText       = 25
	MaxQuickReplyText   = 20
	MaxQuickReplies     = 3
	MaxURLButtons       = 1
	MaxPhoneButtons     = 1
	MinCodeExpiry       = 1
	MaxCodeExpiry       = 90
	MaxHeaderParameters = 1
)

// Categories are the template categories Meta accepts.
var Categories = []string{"MARKETING", "UTILITY", "AUTHENTICATION"}

// Languages are the language codes Meta accepts for templates.
var Languages = []string{"af", "sq", "ar", "az", "bn", "bg", "ca", "zh_CN", "zh_HK", "zh_TW", "hr", "cs", "da", "nl",
	"en", "en_GB", "en_US", "et", "fil", "fi", "fr", "ka", "de", "el", "gu", "ha", "he", "hi", "hu", "id", "ga", "it", "ja",
	"kn", "kk", "rw_RW", "ko", "ky_KG", "lo", "lv", "lt", "mk", "ms", "ml", "mr", "nb", "fa", "pl", "pt_BR", "pt_PT", "pa",
	"ro", "ru", "sr", "sk", "sl", "es", "es_AR", "es_ES", "es_MX", "sw", "sv", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zu"}

// Template is a template as Meta's create body carries it.
type Template struct {
	Name       string      `json:"name"`
	Language   string      `json:"language"`
	Category   string      `json:"category"`
	Components []Component `json:"components"`
}

// Component is one of HEADER, BODY, FOOTER and BUTTONS.
type Component struct {
	Type    string   `json:"type"`
	Format  string   `json:"format,omitempty"` // HEADER: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION
	Text    string   `json:"text,omitempty"`
	Example *Example `json:"example,omitempty"`
	Buttons []Button `json:"buttons,omitempty"`
	// AUTHENTICATION only.
	AddSecurityRecommendation *bool `json:"add_security_recommendation,omitempty"`
	CodeExpirationMinutes     *int  `json:"code_expiration_minutes,omitempty"`
}

// Example holds a component's sample values.
type Example struct {
	HeaderText   []string   `json:"header_text,omitempty"`
	HeaderHandle []string   `json:"header_handle,omitempty"`
	BodyText     [][]string `json:"body_text,omitempty"`
}

// Button is one button of a BUTTONS component.
type Button struct {
	Type          string   `json:"type"` // QUICK_REPLY, URL, PHONE_NUMBER, OTP
	Text          string   `json:"text,omitempty"`
	URL           string   `json:"url,omitempty"`
	PhoneNumber   string   `json:"phone_number,omitempty"`
	Example       []string `json:"example,omitempty"`
	OTPType       string   `json:"otp_type,omitempty"` // COPY_CODE, ONE_TAP
	PackageName   string   `json:"package_name,omitempty"`
	SignatureHash string   `json:"signature_hash,omitempty"`
}

var (
	namePattern  = regexp.MustCompile(`^[a-z0-9_]+$`)
	paramPattern = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)
	sideBySide   = regexp.MustCompile(`\}\}\s*\{\{`)
)

// Check returns every problem of t, as "field: why" lines; none when t may be submitted.
func Check(t Template) []string {
	var p problems
	switch {
	case t.Name == "":
		p.add("name", "is required")
	case utf8.RuneCountInString(t.Name) > MaxName:
		p.add("name", "must be at most %d characters", MaxName)
	case !namePattern.MatchString(t.Name):
		p.add("name", "may hold only lowercase letters, digits and underscores")
	}
	if !slices.Contains(Languages, t.Language) {
		p.add("language", "must be a language code WhatsApp accepts, e.g. en_US, de or pt_BR")
	}
	if !slices.Contains(Categories, t.Category) {
		p.add("category", "must be MARKETING, UTILITY or AUTHENTICATION")
	}
	byType := map[string]int{}
	for i, c := range t.Components {
		byType[c.Type]++
		if byType[c.Type] == 2 {
			p.add(fmt.Sprintf("components[%d]", i), "repeats %s: a template has at most one of each component", c.Type)
		}
	}
	auth := t.Category == "AUTHENTICATION"
	if byType["BODY"] == 0 {
		p.add("components", "need a BODY")
	}
	for i, c := range t.Components {
		field := fmt.Sprintf("components[%d]", i)
		switch c.Type {
		case "HEADER":
			if auth {
				p.add(field, "authentication templates have no header")
				continue
			}
			checkHeader(&p, field, c)
		case "BODY":
			if auth {
				checkAuthBody(&p, field, c)
			} else {
				checkBody(&p, field, c)
			}
		case "FOOTER":
			if auth {
				checkAuthFooter(&p, field, c)
			} else {
				checkFooter(&p, field, c)
			}
		case "BUTTONS":
			if auth {
				checkAuthButtons(&p, field, c)
			} else {
				checkButtons(&p, field, c)
			}
		default:
			p.add(field+".type", "must be HEADER, BODY, FOOTER or BUTTONS")
		}
	}
	if auth && byType["BUTTONS"] == 0 {
		p.add("components", "an authentication template needs a BUTTONS component with one OTP button")
	}
	return p
}

type problems []string

func (p *problems) add(field, format string, a ...any) {
	*p = append(*p, field+": "+fmt.Sprintf(format, a...))
}

// parameters returns the parameter numbers of text in order, and whether each is a whole
// number from 1 (anything else — {{name}}, {{0}} — is reported by the caller).
func parameters(text string) (nums []int, malformed []string) {
	for _, m := range paramPattern.FindAllStringSubmatch(text, -1) {
		n, err := strconv.Atoi(m[1])
		if err != nil || n < 1 || strconv.Itoa(n) != m[1] {
			malformed = append(malformed, m[0])
			continue
		}
		nums = append(nums, n)
	}
	return nums, malformed
}

// checkParameters applies the rules of parameters in text: numbered {{1}}…{{n}} from 1
// without gaps, never side by side, not at the very start or end; it returns n.
func checkParameters(p *problems, field, text string) int {
	nums, malformed := parameters(text)
	for _, m := range malformed {
		p.add(field, "%s is not a parameter: write {{1}}, {{2}}, … in order", m)
	}
	n := 0
	seen := map[int]bool{}
	for _, v := range nums {
		seen[v] = true
		n = max(n, v)
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			p.add(field, "parameters must be numbered from {{1}} without gaps: {{%d}} is missing", i)
			break
		}
	}
	if sideBySide.MatchString(text) {
		p.add(field, "two parameters may not stand side by side: put words between them")
	}
	trimmed := strings.TrimSpace(text)
	if len(nums)+len(malformed) > 0 && strings.HasPrefix(trimmed, "{{") {
		p.add(field, "may not start with a parameter")
	}
	if len(nums)+len(malformed) > 0 && strings.HasSuffix(trimmed, "}}") {
		p.add(field, "may not end with a parameter")
	}
	return n
}

func checkHeader(p *problems, field string, c Component) {
	switch c.Format {
	case "TEXT":
		if strings.TrimSpace(c.Text) == "" {
			p.add(field+".text", "is required for a text header")
			return
		}
		if utf8.RuneCountInString(c.Text) > MaxHeaderText {
			p.add(field+".text", "must be at most %d characters", MaxHeaderText)
		}
		nums, malformed := parameters(c.Text)
		for _, m := range malformed {
			p.add(field+".text", "%s is not a parameter: write {{1}}", m)
		}
		if len(nums) > MaxHeaderParameters || slices.ContainsFunc(nums, func(n int) bool { return n != 1 }) {
			p.add(field+".text", "a header has at most one parameter, {{1}}")
		} else if len(nums) == 1 && (c.Example == nil || len(c.Example.HeaderText) != 1 || strings.TrimSpace(c.Example.HeaderText[0]) == "") {
			p.add(field+".example.header_text", "needs one sample value for {{1}}")
		}
	case "IMAGE", "VIDEO", "DOCUMENT":
		if c.Example == nil || len(c.Example.HeaderHandle) != 1 || !isHTTPS(c.Example.HeaderHandle[0]) {
			p.add(field+".example.header_handle", "needs one sample %s as an https URL", strings.ToLower(c.Format))
		}
	case "LOCATION":
	default:
		p.add(field+".format", "must be TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION")
	}
}

func checkBody(p *problems, field string, c Component) {
	if strings.TrimSpace(c.Text) == "" {
		p.add(field+".text", "is required")
		return
	}
	if utf8.RuneCountInString(c.Text) > MaxBody {
		p.add(field+".text", "must be at most %d characters", MaxBody)
	}
	n := checkParameters(p, field+".text", c.Text)
	if n == 0 {
		return
	}
	if c.Example == nil || len(c.Example.BodyText) != 1 || len(c.Example.BodyText[0]) != n {
		p.add(field+".example.body_text", "needs one sample value for each of the %d parameters", n)
		return
	}
	for i, v := range c.Example.BodyText[0] {
		if strings.TrimSpace(v) == "" {
			p.add(field+".example.body_text", "the sample value of {{%d}} is empty", i+1)
		}
	}
}

func checkFooter(p *problems, field string, c Component) {
	if strings.TrimSpace(c.Text) == "" {
		p.add(field+".text", "is required for a footer")
		return
	}
	if utf8.RuneCountInString(c.Text) > MaxFooter {
		p.add(field+".text", "must be at most %d characters", MaxFooter)
	}
	if paramPattern.MatchString(c.Text) {
		p.add(field+".text", "a footer has no parameters")
	}
}

func checkButtons(p *problems, field string, c Component) {
	if len(c.Buttons) == 0 {
		p.add(field+".buttons", "needs at least one button")
	}
	count := map[string]int{}
	texts := map[string]bool{}
	for i, b := range c.Buttons {
		bf := fmt.Sprintf("%s.buttons[%d]", field, i)
		count[b.Type]++
		text := strings.TrimSpace(b.Text)
		switch {
		case text == "":
			p.add(bf+".text", "is required")
		case b.Type == "QUICK_REPLY" && utf8.RuneCountInString(b.Text) > MaxQuickReplyText:
			p.add(bf+".text", "a quick reply must be at most %d characters", MaxQuickReplyText)
		case utf8.RuneCountInString(b.Text) > MaxButtonText:
			p.add(bf+".text", "must be at most %d characters", MaxButtonText)
		}
		if text != "" {
			if texts[strings.ToLower(text)] {
				p.add(bf+".text", "repeats another button's text")
			}
			texts[strings.ToLower(text)] = true
		}
		switch b.Type {
		case "QUICK_REPLY":
		case "URL":
			checkURLButton(p, bf, b)
		case "PHONE_NUMBER":
			if !isE164(b.PhoneNumber) {
				p.add(bf+".phone_number", "must be a phone number in international format, e.g. +4930123456")
			}
		case "OTP":
			p.add(bf+".type", "OTP buttons belong to authentication templates")
		default:
			p.add(bf+".type", "must be QUICK_REPLY, URL or PHONE_NUMBER")
		}
	}
	if count["QUICK_REPLY"] > MaxQuickReplies {
		p.add(field+".buttons", "at most %d quick replies", MaxQuickReplies)
	}
	if count["URL"] > MaxURLButtons {
		p.add(field+".buttons", "at most %d URL button", MaxURLButtons)
	}
	if count["PHONE_NUMBER"] > MaxPhoneButtons {
		p.add(field+".buttons", "at most %d phone-number button", MaxPhoneButtons)
	}
}

func checkURLButton(p *problems, bf string, b Button) {
	nums, malformed := parameters(b.URL)
	base := paramPattern.ReplaceAllString(b.URL, "x")
	if !isHTTPS(base) {
		p.add(bf+".url", "must be an https URL")
	}
	switch {
	case len(malformed) > 0 || len(nums) > 1 || (len(nums) == 1 && nums[0] != 1):
		p.add(bf+".url", "may end in one parameter, {{1}}")
	case len(nums) == 1 && !strings.HasSuffix(strings.TrimSpace(b.URL), "}}"):
		p.add(bf+".url", "the parameter must be at the end of the URL")
	case len(nums) == 1 && (len(b.Example) != 1 || !isHTTPS(b.Example[0])):
		p.add(bf+".example", "needs one sample URL (https) with the parameter filled in")
	}
}

func checkAuthBody(p *problems, field string, c Component) {
	if strings.TrimSpace(c.Text) != "" {
		p.add(field+".text", "an authentication template's body text is WhatsApp's own: leave it out")
	}
}

func checkAuthFooter(p *problems, field string, c Component) {
	if strings.TrimSpace(c.Text) != "" {
		p.add(field+".text", "an authentication template's footer text is WhatsApp's own: leave it out")
	}
	if m := c.CodeExpirationMinutes; m != nil && (*m < MinCodeExpiry || *m > MaxCodeExpiry) {
		p.add(field+".code_expiration_minutes", "must be from %d to %d", MinCodeExpiry, MaxCodeExpiry)
	}
}

func checkAuthButtons(p *problems, field string, c Component) {
	if len(c.Buttons) != 1 || c.Buttons[0].Type != "OTP" {
		p.add(field+".buttons", "an authentication template has exactly one OTP button")
		return
	}
	b := c.Buttons[0]
	bf := field + ".buttons[0]"
	switch b.OTPType {
	case "COPY_CODE":
	case "ONE_TAP":
		if b.PackageName == "" || b.SignatureHash == "" {
			p.add(bf, "a one-tap button names the Android app: package_name and signature_hash")
		}
	default:
		p.add(bf+".otp_type", "must be COPY_CODE or ONE_TAP")
	}
	if utf8.RuneCountInString(b.Text) > MaxButtonText {
		p.add(bf+".text", "must be at most %d characters", MaxButtonText)
	}
}

func isHTTPS(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func isE164(raw string) bool {
	if !strings.HasPrefix(raw, "+") {
		return false
	}
	n, err := phonenumbers.Parse(raw, "")
	return err == nil && phonenumbers.IsValidNumber(n) && phonenumbers.Format(n, phonenumbers.E164) == raw
}
