package messaging

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/ent/wabatemplate"
)

// A template message names an approved template of the sending number's WABA (by name
// and language) and fills its parameters: as many as each component has, of the kind it
// takes. Meta reports a missing or unapproved template as 132001, a paused one as 132015,
// a disabled one as 132016, a count that differs as 132000 and a wrong kind (text for an
// image header) as 132012, with details in Meta's words ("body: number of
// localizable_params (1) does not match the expected number of params (2)", "header:
// Format mismatch, expected IMAGE, received TEXT").

// templateOf finds the template t names in channel ch's WABA and checks that it may be
// sent.
func templateOf(ctx context.Context, db *ent.Client, ch *ent.Channel, t *Template) (*ent.WABATemplate, error) {
	tm, err := db.WABATemplate.Query().Where(wabatemplate.WabaID(ch.WabaID), wabatemplate.Name(t.Name),
		wabatemplate.Language(t.Language.Code)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, TemplateNotFound(fmt.Sprintf("template name (%s) does not exist in %s", t.Name, t.Language.Code))
	}
	if err != nil {
		return nil, err
	}
	switch tm.Status {
	case wabatemplate.StatusApproved:
		return tm, nil
	case wabatemplate.StatusPaused:
		return nil, TemplatePaused(fmt.Sprintf("Template %s (%s) is paused due to low quality, so it cannot be sent in a template message.", t.Name, t.Language.Code))
	case wabatemplate.StatusDisabled:
		return nil, TemplateDisabled(fmt.Sprintf("Template %s (%s) has been paused too many times due to low quality and is now permanently disabled.", t.Name, t.Language.Code))
	case wabatemplate.StatusDeleted:
		return nil, TemplateNotFound(fmt.Sprintf("template name (%s) does not exist in %s", t.Name, t.Language.Code))
	}
	return nil, TemplateNotFound(fmt.Sprintf("template name (%s) does not exist in %s: the template is %s, not approved", t.Name, t.Language.Code, tm.Status))
}

// pricingCategory is the pricing category of a template (the lower-case of its category).
func pricingCategory(tm *ent.WABATemplate) message.Category {
	switch tm.Category {
	case wabatemplate.CategoryMARKETING:
		return message.CategoryMarketing
	case wabatemplate.CategoryAUTHENTICATION:
		return message.CategoryAuthentication
	}
	return message.CategoryUtility
}

var numbered = regexp.MustCompile(`\{\{\s*(\d+)\s*\}\}`)

// placeholders counts the distinct numbered parameters of text.
func placeholders(text string) int {
	seen := map[string]bool{}
	for _, m := range numbered.FindAllStringSubmatch(text, -1) {
		seen[m[1]] = true
	}
	return len(seen)
}

// templateShape is what a template's components ask of a send: the header's format and
// parameters, the body's parameters, and per button position its type and parameters.
type templateShape struct {
	headerFormat string // "" (no header), TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION
	headerParams int
	bodyParams   int
	buttons      []templateButton
}

type templateButton struct {
	typ    string // QUICK_REPLY, URL, PHONE_NUMBER, OTP, COPY_CODE, …
	params int
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func shapeOf(tm *ent.WABATemplate) templateShape {
	var sh templateShape
	for _, c := range tm.Components {
		switch strings.ToUpper(str(c, "type")) {
		case "HEADER":
			sh.headerFormat = strings.ToUpper(str(c, "format"))
			if sh.headerFormat == "" {
				sh.headerFormat = "TEXT"
			}
			if sh.headerFormat == "TEXT" {
				sh.headerParams = placeholders(str(c, "text"))
			} else {
				sh.headerParams = 1 // the media (or location) itself
			}
		case "BODY":
			sh.bodyParams = placeholders(str(c, "text"))
		case "BUTTONS":
			bs, _ := c["buttons"].([]any)
			for _, raw := range bs {
				b, _ := raw.(map[string]any)
				tb := templateButton{typ: strings.ToUpper(str(b, "type"))}
				switch tb.typ {
				case "URL":
					tb.params = placeholders(str(b, "url"))
				case "OTP", "COPY_CODE":
					tb.params = 1 // the code
				}
				sh.buttons = append(sh.buttons, tb)
			}
		}
	}
	if tm.Category == wabatemplate.CategoryAUTHENTICATION {
		sh.bodyParams = 1 // "<code> is your verification code."
	}
	return sh
}

func countMismatch(component string, got, want int) *MetaError {
	return TemplateParamCount(fmt.Sprintf("%s: number of localizable_params (%d) does not match the expected number of params (%d)", component, got, want))
}

func formatMismatch(component, want, got string) *MetaError {
	return TemplateParamFormat(fmt.Sprintf("%s: Format mismatch, expected %s, received %s", component, want, strings.ToUpper(got)))
}

// checkTemplateParameters compares the parameters t sends with what template tm asks.
func checkTemplateParameters(tm *ent.WABATemplate, t *Template) error {
	sh := shapeOf(tm)
	var header, body *TemplateComponent
	buttons := map[int]*TemplateComponent{}
	for i := range t.Components {
		c := &t.Components[i]
		f := fmt.Sprintf("template.components[%d]", i)
		switch strings.ToLower(c.Type) {
		case "header":
			if header != nil {
				return invalid(f, "repeats the header component")
			}
			header = c
		case "body":
			if body != nil {
				return invalid(f, "repeats the body component")
			}
			body = c
		case "button":
			n, _ := buttonIndex(c.Index)
			if buttons[n] != nil {
				return invalid(f+".index", "repeats button %d", n)
			}
			if n >= len(sh.buttons) {
				return invalid(f+".index", "names button %d, and the template has %d buttons", n, len(sh.buttons))
			}
			if sub := buttonSubType(sh.buttons[n].typ); sub == "" || !strings.EqualFold(c.SubType, sub) {
				return invalid(f+".sub_type", "is %s, and the template's button %d is a %s button", c.SubType, n, sh.buttons[n].typ)
			}
			buttons[n] = c
		}
	}
	if err := checkHeaderParameters(sh, header); err != nil {
		return err
	}
	if err := checkBodyParameters(sh, body); err != nil {
		return err
	}
	for i, b := range sh.buttons {
		if err := checkButtonParameters(i, b, buttons[i]); err != nil {
			return err
		}
	}
	return nil
}

func params(c *TemplateComponent) []Parameter {
	if c == nil {
		return nil
	}
	return c.Parameters
}

func checkHeaderParameters(sh templateShape, c *TemplateComponent) error {
	ps := params(c)
	switch sh.headerFormat {
	case "", "TEXT":
		if len(ps) != sh.headerParams {
			return countMismatch("header", len(ps), sh.headerParams)
		}
		for _, p := range ps {
			if !strings.EqualFold(p.Type, "text") {
				return formatMismatch("header", "TEXT", p.Type)
			}
		}
		return nil
	}
	// A media or location header is filled by one parameter of that kind.
	switch {
	case len(ps) == 0:
		return formatMismatch("header", sh.headerFormat, "UNKNOWN")
	case len(ps) > 1:
		return countMismatch("header", len(ps), 1)
	case !strings.EqualFold(ps[0].Type, sh.headerFormat):
		return formatMismatch("header", sh.headerFormat, ps[0].Type)
	}
	return nil
}

func checkBodyParameters(sh templateShape, c *TemplateComponent) error {
	ps := params(c)
	if len(ps) != sh.bodyParams {
		return countMismatch("body", len(ps), sh.bodyParams)
	}
	for _, p := range ps {
		switch strings.ToLower(p.Type) {
		case "text", "currency", "date_time":
		default:
			return formatMismatch("body", "TEXT", p.Type)
		}
	}
	return nil
}

// buttonSubType is the sub_type a send uses for a template button of type typ.
func buttonSubType(typ string) string {
	switch typ {
	case "QUICK_REPLY":
		return "quick_reply"
	case "URL", "OTP":
		return "url"
	case "COPY_CODE":
		return "copy_code"
	}
	return "" // PHONE_NUMBER and others take no parameters
}

func checkButtonParameters(i int, b templateButton, c *TemplateComponent) error {
	name := fmt.Sprintf("button at index %d", i)
	if c == nil {
		if b.params > 0 && b.typ != "QUICK_REPLY" {
			return countMismatch(name, 0, b.params)
		}
		return nil
	}
	ps := c.Parameters
	switch b.typ {
	case "QUICK_REPLY":
		// An optional payload, returned when the user taps the button.
		if len(ps) > 1 {
			return countMismatch(name, len(ps), 1)
		}
		if len(ps) == 1 && !strings.EqualFold(ps[0].Type, "payload") {
			return formatMismatch(name, "PAYLOAD", ps[0].Type)
		}
		return nil
	case "COPY_CODE":
		if len(ps) != 1 {
			return countMismatch(name, len(ps), 1)
		}
		if !strings.EqualFold(ps[0].Type, "coupon_code") {
			return formatMismatch(name, "COUPON_CODE", ps[0].Type)
		}
		return nil
	}
	if len(ps) != b.params {
		return countMismatch(name, len(ps), b.params)
	}
	for _, p := range ps {
		if !strings.EqualFold(p.Type, "text") {
			return formatMismatch(name, "TEXT", p.Type)
		}
	}
	return nil
}
