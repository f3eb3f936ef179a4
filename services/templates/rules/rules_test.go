package rules_test

import (
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/templates/rules"
)

// valid is reference's example template (cloud-api.md §2), which passes every rule.
func valid() rules.Template {
	return rules.Template{Name: "order_update", Language: "en_US", Category: "UTILITY", Components: []rules.Component{
		{Type: "HEADER", Format: "TEXT", Text: "Order {{1}}", Example: &rules.Example{HeaderText: []string{"#123"}}},
		{Type: "BODY", Text: "Hi {{1}}, your order ships {{2}}.", Example: &rules.Example{BodyText: [][]string{{"Ana", "today"}}}},
		{Type: "FOOTER", Text: "Reply STOP to opt out"},
		{Type: "BUTTONS", Buttons: []rules.Button{
			{Type: "QUICK_REPLY", Text: "Track"},
			{Type: "URL", Text: "Open", URL: "https://shop.example/o/{{1}}", Example: []string{"https://shop.example/o/123"}},
			{Type: "PHONE_NUMBER", Text: "Call us", PhoneNumber: "+4930123456"},
		}},
	}}
}

func with(change func(*rules.Template)) rules.Template {
	t := valid()
	change(&t)
	return t
}

func body(text string, samples ...string) func(*rules.Template) {
	return func(t *rules.Template) {
		t.Components[1] = rules.Component{Type: "BODY", Text: text}
		if samples != nil {
			t.Components[1].Example = &rules.Example{BodyText: [][]string{samples}}
		}
	}
}

func buttons(bs ...rules.Button) func(*rules.Template) {
	return func(t *rules.Template) { t.Components[3] = rules.Component{Type: "BUTTONS", Buttons: bs} }
}

func quickReplies(texts ...string) func(*rules.Template) {
	bs := make([]rules.Button, len(texts))
	for i, s := range texts {
		bs[i] = rules.Button{Type: "QUICK_REPLY", Text: s}
	}
	return buttons(bs...)
}

func TestCheck(t *testing.T) {
	pass := 0
	authTemplate := func(expiry int, bs ...rules.Button) rules.Template {
		return rules.Template{Name: "login_code", Language: "en", Category: "AUTHENTICATION", Components: []rules.Component{
			{Type: "BODY", AddSecurityRecommendation: new(bool)},
			{Type: "FOOTER", CodeExpirationMinutes: &expiry},
			{Type: "BUTTONS", Buttons: bs},
		}}
	}
	copyCode := rules.Button{Type: "OTP", OTPType: "COPY_CODE", Text: "Copy code"}
	for name, tc := range map[string]struct {
		t    rules.Template
		want string // a fragment of the one expected problem; "" = valid
	}{
		"the reference's example": {valid(), ""},
		"name required":           {with(func(t *rules.Template) { t.Name = "" }), "name: is required"},
		"name 512 characters":     {with(func(t *rules.Template) { t.Name = strings.Repeat("a", 512) }), ""},
		"name 513 characters":     {with(func(t *rules.Template) { t.Name = strings.Repeat("a", 513) }), "name: must be at most 512"},
		"name with capitals":      {with(func(t *rules.Template) { t.Name = "Order_Update" }), "lowercase letters, digits and underscores"},
		"name with a space":       {with(func(t *rules.Template) { t.Name = "order update" }), "lowercase letters"},
		"unknown language":        {with(func(t *rules.Template) { t.Language = "xx_XX" }), "language: must be"},
		"unknown category":        {with(func(t *rules.Template) { t.Category = "TRANSACTIONAL" }), "category: must be"},
		"no body":                 {with(func(t *rules.Template) { t.Components = t.Components[:1] }), "components: need a BODY"},
		"two bodies":              {with(func(t *rules.Template) { t.Components = append(t.Components, t.Components[1]) }), "repeats BODY"},
		"header 60 characters": {with(func(t *rules.Template) {
			t.Components[0] = rules.Component{Type: "HEADER", Format: "TEXT", Text: strings.Repeat("h", 60)}
		}), ""},
		"header 61 characters": {with(func(t *rules.Template) {
			t.Components[0] = rules.Component{Type: "HEADER", Format: "TEXT", Text: strings.Repeat("h", 61)}
		}), "at most 60 characters"},
		"header with two parameters": {with(func(t *rules.Template) { t.Components[0].Text = "Order {{1}} of {{2}}" }), "at most one parameter"},
		"header parameter no sample": {with(func(t *rules.Template) { t.Components[0].Example = nil }), "header_text: needs one sample"},
		"image header with https": {with(func(t *rules.Template) {
			t.Components[0] = rules.Component{Type: "HEADER", Format: "IMAGE", Example: &rules.Example{HeaderHandle: []string{"https://cdn.example/a.jpg"}}}
		}), ""},
		"image header without sample": {with(func(t *rules.Template) { t.Components[0] = rules.Component{Type: "HEADER", Format: "IMAGE"} }), "header_handle: needs one sample image"},
		"image header over http": {with(func(t *rules.Template) {
			t.Components[0] = rules.Component{Type: "HEADER", Format: "IMAGE", Example: &rules.Example{HeaderHandle: []string{"http://cdn.example/a.jpg"}}}
		}), "https URL"},
		"unknown header format":              {with(func(t *rules.Template) { t.Components[0] = rules.Component{Type: "HEADER", Format: "GIF"} }), "format: must be"},
		"body 1024 characters":               {with(body(strings.Repeat("b", 1024))), ""},
		"body 1025 characters":               {with(body(strings.Repeat("b", 1025))), "at most 1024 characters"},
		"body formatting allowed":            {with(body("*Hi* _there_ ~old~ ```code``` {{1}} ok", "Ana")), ""},
		"body parameter gap":                 {with(body("Hi {{1}} and {{3}} ok", "a", "b", "c")), "{{2}} is missing"},
		"body parameters side by side":       {with(body("Hi {{1}}{{2}} ok", "a", "b")), "side by side"},
		"body parameters only a space apart": {with(body("Hi {{1}} {{2}} ok", "a", "b")), "side by side"},
		"body starts with a parameter":       {with(body("{{1}}, your order ships", "Ana")), "may not start with a parameter"},
		"body ends with a parameter":         {with(body("Your order ships {{1}}", "today")), "may not end with a parameter"},
		"body named parameter":               {with(body("Hi {{name}} ok")), "{{name}} is not a parameter"},
		"body parameter zero":                {with(body("Hi {{0}} ok")), "{{0}} is not a parameter"},
		"body without samples":               {with(body("Hi {{1}} and {{2}} ok")), "body_text: needs one sample value for each of the 2"},
		"body with too few samples":          {with(body("Hi {{1}} and {{2}} ok", "a")), "each of the 2"},
		"body with an empty sample":          {with(body("Hi {{1}} and {{2}} ok", "a", " ")), "sample value of {{2}} is empty"},
		"footer 60 characters":               {with(func(t *rules.Template) { t.Components[2].Text = strings.Repeat("f", 60) }), ""},
		"footer 61 characters":               {with(func(t *rules.Template) { t.Components[2].Text = strings.Repeat("f", 61) }), "at most 60 characters"},
		"footer with a parameter":            {with(func(t *rules.Template) { t.Components[2].Text = "Bye {{1}} now" }), "a footer has no parameters"},
		"3 quick replies":                    {with(quickReplies("a", "b", "c")), ""},
		"4 quick replies":                    {with(quickReplies("a", "b", "c", "d")), "at most 3 quick replies"},
		"quick reply 20 characters":          {with(quickReplies(strings.Repeat("q", 20))), ""},
		"quick reply 21 characters":          {with(quickReplies(strings.Repeat("q", 21))), "at most 20 characters"},
		"button 25 characters":               {with(buttons(rules.Button{Type: "PHONE_NUMBER", Text: strings.Repeat("p", 25), PhoneNumber: "+4930123456"})), ""},
		"button 26 characters":               {with(buttons(rules.Button{Type: "PHONE_NUMBER", Text: strings.Repeat("p", 26), PhoneNumber: "+4930123456"})), "at most 25 characters"},
		"button texts repeat":                {with(quickReplies("Yes", "yes")), "repeats another button's text"},
		"two URL buttons": {with(buttons(rules.Button{Type: "URL", Text: "A", URL: "https://a.example"}, rules.Button{Type: "URL", Text: "B", URL: "https://b.example"})),
			"at most 1 URL button"},
		"two phone buttons": {with(buttons(rules.Button{Type: "PHONE_NUMBER", Text: "A", PhoneNumber: "+4930123456"}, rules.Button{Type: "PHONE_NUMBER", Text: "B", PhoneNumber: "+4930123457"})),
			"at most 1 phone-number button"},
		"URL over http":                        {with(buttons(rules.Button{Type: "URL", Text: "A", URL: "http://a.example"})), "must be an https URL"},
		"URL parameter not at the end":         {with(buttons(rules.Button{Type: "URL", Text: "A", URL: "https://a.example/{{1}}/x", Example: []string{"https://a.example/1/x"}})), "at the end"},
		"URL parameter without sample":         {with(buttons(rules.Button{Type: "URL", Text: "A", URL: "https://a.example/{{1}}"})), "needs one sample URL"},
		"phone not E.164":                      {with(buttons(rules.Button{Type: "PHONE_NUMBER", Text: "A", PhoneNumber: "030 123456"})), "international format"},
		"unknown button type":                  {with(buttons(rules.Button{Type: "FLOW", Text: "A"})), "must be QUICK_REPLY, URL or PHONE_NUMBER"},
		"no buttons":                           {with(buttons()), "needs at least one button"},
		"authentication copy code, 1 minute":   {authTemplate(1, copyCode), ""},
		"authentication copy code, 90 minutes": {authTemplate(90, copyCode), ""},
		"authentication expiry 0":              {authTemplate(0, copyCode), "code_expiration_minutes: must be from 1 to 90"},
		"authentication expiry 91":             {authTemplate(91, copyCode), "code_expiration_minutes: must be from 1 to 90"},
		"authentication one tap":               {authTemplate(10, rules.Button{Type: "OTP", OTPType: "ONE_TAP", PackageName: "com.example.app", SignatureHash: "K8a/AINcGX7"}), ""},
		"authentication one tap without app":   {authTemplate(10, rules.Button{Type: "OTP", OTPType: "ONE_TAP"}), "package_name and signature_hash"},
		"authentication quick reply":           {authTemplate(10, rules.Button{Type: "QUICK_REPLY", Text: "Hi"}), "exactly one OTP button"},
		"authentication body text":             {with(func(t *rules.Template) { *t = authTemplate(10, copyCode); t.Components[0].Text = "Your code" }), "body text is WhatsApp's own"},
		"OTP button outside authentication":    {with(buttons(rules.Button{Type: "OTP", Text: "Copy", OTPType: "COPY_CODE"})), "belong to authentication templates"},
	} {
		t.Run(name, func(t *testing.T) {
			got := rules.Check(tc.t)
			if tc.want == "" {
				if len(got) != 0 {
					t.Errorf("want valid, got %v", got)
				}
				pass++
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Errorf("want one problem containing %q, got %v", tc.want, got)
			}
		})
	}
	if pass < 9 {
		t.Errorf("only %d valid cases ran", pass)
	}
}

// TestEveryProblemIsListed: one 422 lists every problem, not the first.
func TestEveryProblemIsListed(t *testing.T) {
	got := rules.Check(rules.Template{Name: "Bad Name", Language: "xx", Category: "X", Components: []rules.Component{
		{Type: "BODY", Text: "{{1}}{{3}}"}, {Type: "FOOTER", Text: strings.Repeat("f", 61)},
	}})
	if len(got) < 7 {
		t.Fatalf("want every problem listed, got %d: %v", len(got), got)
	}
}
