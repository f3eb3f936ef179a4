package webhookurl_test

import (
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/webhookurl"
)

func TestWebhookURLRules(t *testing.T) {
	strict, dev := webhookurl.Policy{}, webhookurl.Policy{AllowInsecure: true}
	cases := []struct {
		url         string
		strict, dev bool
	}{
		{"https://hooks.example.com/wa", true, true},
		{"https://hooks.example.com/wa?token=abc", true, true},
		{"https://sub.hooks-x.example.com/", true, true},
		{"http://hooks.example.com/wa", false, true},
		{"https://my_hooks.example.com/wa", false, false},
		{"https://hooks.example.com:8443/wa", false, true},
		{"https://hooks.example.com:443/wa", false, true},
		{"https://localhost/wa", false, true},
		{"http://127.0.0.1:9000/wa", false, true},
		{"https://10.1.2.3/wa", false, true},
		{"https://[::1]/wa", false, true},
		{"ftp://hooks.example.com/wa", false, false},
		{"https://user:pw@hooks.example.com/wa", false, false},
		{"hooks.example.com/wa", false, false},
		{"https:///nohost", false, false},
		{"", false, false},
		{"https://hooks.example.com/" + strings.Repeat("a", 2048), false, false},
		{"https://hooks.example.com/wa#frag", false, false},
	}
	for _, c := range cases {
		if err := strict.Check("url", c.url); (err == nil) != c.strict {
			t.Errorf("strict %q: %v, want ok=%v", c.url, err, c.strict)
		}
		if err := dev.Check("url", c.url); (err == nil) != c.dev {
			t.Errorf("insecure-allowed %q: %v, want ok=%v", c.url, err, c.dev)
		}
	}
}
