package webhookurl_test

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/webhookurl"
)

// fakeDNS stands in for the resolver (and /etc/hosts): the tests never touch the network.
var fakeDNS = map[string][]string{
	"hooks.example.com":       {"93.184.216.34"},
	"sub.hooks-x.example.com": {"2606:4700:4700::1111"},
	"dual.example.com":        {"93.184.216.34", "2606:4700:4700::1111"},
	"xn--bcher-kva.example":   {"1.1.1.1"}, // bücher.example
	"mixed.example.com":       {"8.8.8.8", "10.0.0.5"},
	"mixed6.example.com":      {"2606:4700:4700::1111", "fd00::2"},
	"intranet.example.com":    {"10.1.2.3"},
	"metadata.example.com":    {"169.254.169.254"},
	"ec2-v6.example.com":      {"fd00:ec2::254"},
	"cgnat.example.com":       {"100.64.0.1"},
	"mapped.example.com":      {"::ffff:127.0.0.1"},
	"compat.example.com":      {"::127.0.0.1"},
	"zoned.example.com":       {"fe80::1%eth0"},
	"etc-hosts.example.com":   {"127.0.0.1"}, // as a local /etc/hosts entry would answer
	"nat64.example.com":       {"64:ff9b::7f00:1"},
	"localhost":               {"127.0.0.1", "::1"},
	"app.localhost":           {"127.0.0.1"},
	"printer.local":           {"192.168.1.20"},
	"db.internal":             {"10.0.0.9"},
	"nas.home.arpa":           {"192.168.1.2"},
	"intranet":                {"10.0.0.1"},
}

var lookups []string

func fakeLookup(_ context.Context, host string) ([]netip.Addr, error) {
	lookups = append(lookups, host)
	var out []netip.Addr
	for _, s := range fakeDNS[strings.TrimSuffix(host, ".")] {
		out = append(out, netip.MustParseAddr(s))
	}
	if out == nil {
		return nil, errors.New("no such host")
	}
	return out, nil
}

const notPublic = "url: must point to a public internet address"

func TestWebhookURLRules(t *testing.T) {
	strict := webhookurl.Policy{Lookup: fakeLookup}
	dev := webhookurl.Policy{AllowInsecure: true, Lookup: fakeLookup}
	cases := []struct {
		url         string
		strict, dev bool
		why         string // the strict refusal's detail, when it matters
	}{
		// Accepted.
		{url: "https://hooks.example.com/wa", strict: true, dev: true},
		{url: "https://hooks.example.com/wa?token=abc", strict: true, dev: true},
		{url: "https://HOOKS.example.com./wa", strict: true, dev: true},
		{url: "https://sub.hooks-x.example.com/", strict: true, dev: true},
		{url: "https://dual.example.com/", strict: true, dev: true},
		{url: "https://bücher.example/", strict: true, dev: true},
		{url: "https://8.8.8.8/wa", strict: true, dev: true},
		{url: "https://1.1.1.1/wa", strict: true, dev: true},
		{url: "https://[2606:4700:4700::1111]/wa", strict: true, dev: true},
		{url: "https://[::ffff:8.8.8.8]/wa", strict: true, dev: true},

		// The general URL rules.
		{url: "http://hooks.example.com/wa", strict: false, dev: true, why: "url: must use https"},
		{url: "https://my_hooks.example.com/wa", strict: false, dev: false},
		{url: "https://hooks.example.com:8443/wa", strict: false, dev: true},
		{url: "https://hooks.example.com:443/wa", strict: false, dev: true},
		{url: "ftp://hooks.example.com/wa", strict: false, dev: false},
		{url: "https://user:pw@hooks.example.com/wa", strict: false, dev: false},
		{url: "hooks.example.com/wa", strict: false, dev: false},
		{url: "https:///nohost", strict: false, dev: false},
		{url: "", strict: false, dev: false},
		{url: "https://hooks.example.com/" + strings.Repeat("a", 2048), strict: false, dev: false},
		{url: "https://hooks.example.com/wa#frag", strict: false, dev: false},
		{url: "https://[fe80::1%eth0]/wa", strict: false, dev: false}, // an unescaped % is no URL

		// Literal addresses that are not public (the development flag admits loopback and
		// private hosts, as before).
		{url: "https://127.0.0.1/wa", strict: false, dev: true, why: notPublic},
		{url: "http://127.0.0.1:9000/wa", strict: false, dev: true},
		{url: "https://10.1.2.3/wa", strict: false, dev: true, why: notPublic},
		{url: "https://100.64.0.1/wa", strict: false, dev: true, why: notPublic},
		{url: "https://169.254.169.254/latest/meta-data", strict: false, dev: true, why: notPublic},
		{url: "https://192.0.2.1/", strict: false, dev: true, why: notPublic},
		{url: "https://198.18.0.1/", strict: false, dev: true, why: notPublic},
		{url: "https://224.0.0.1/", strict: false, dev: true, why: notPublic},
		{url: "https://255.255.255.255/", strict: false, dev: true, why: notPublic},
		{url: "https://[::1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[::]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[::127.0.0.1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[::ffff:127.0.0.1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[::ffff:0:7f00:1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[64:ff9b::7f00:1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[2002:7f00:1::]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[2001::1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[fd00::2]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[fd00:ec2::254]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[fe80::1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[fec0::1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[2001:db8::1]/wa", strict: false, dev: true, why: notPublic},
		{url: "https://[ff02::1]/wa", strict: false, dev: true, why: notPublic},

		// Zoned IPv6 literals: refused even in development.
		{url: "https://[::1%25lo]/", strict: false, dev: false, why: notPublic},
		{url: "https://[fd00::2%25eth0]/", strict: false, dev: false, why: notPublic},
		{url: "https://[fe80::1%25eth0]/", strict: false, dev: false, why: notPublic},
		{url: "https://[2606:4700:4700::1111%25eth0]/", strict: false, dev: false, why: notPublic},

		// IPv4 written any way but the canonical dotted quad.
		{url: "https://2130706433/", strict: false, dev: true, why: notPublic},
		{url: "https://0x7f.1/", strict: false, dev: true, why: notPublic},
		{url: "https://0x7f000001/", strict: false, dev: true, why: notPublic},
		{url: "https://0177.0.0.1/", strict: false, dev: true, why: notPublic},
		{url: "https://127.1/", strict: false, dev: true, why: notPublic},
		{url: "https://0/", strict: false, dev: true, why: notPublic},
		{url: "https://127.0.0.1./", strict: false, dev: true, why: notPublic},
		{url: "https://8.8.8.8./", strict: false, dev: true, why: notPublic},
		{url: "https://134744072/", strict: false, dev: true, why: notPublic}, // 8.8.8.8
		{url: "https://1.2.3.0x4/", strict: false, dev: true, why: notPublic},
		{url: "https://１２７.０.０.１/", strict: false, dev: true, why: notPublic}, // fullwidth, IDNA-maps to 127.0.0.1

		// Names that are never public, resolved or not.
		{url: "https://localhost/wa", strict: false, dev: true, why: notPublic},
		{url: "https://LOCALHOST./wa", strict: false, dev: true, why: notPublic},
		{url: "https://app.localhost/wa", strict: false, dev: true, why: notPublic},
		{url: "https://printer.local/", strict: false, dev: true, why: notPublic},
		{url: "https://db.internal/", strict: false, dev: true, why: notPublic},
		{url: "https://nas.home.arpa/", strict: false, dev: true, why: notPublic},
		{url: "https://intranet/", strict: false, dev: true, why: notPublic},

		// Names resolving to any address that is not public.
		{url: "https://etc-hosts.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://intranet.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://mixed.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://mixed6.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://metadata.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://ec2-v6.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://cgnat.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://mapped.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://compat.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://zoned.example.com/", strict: false, dev: true, why: notPublic},
		{url: "https://nat64.example.com/", strict: false, dev: true, why: notPublic},

		// A name that does not resolve reaches nothing now; the connect-time guard checks
		// whatever it resolves to later.
		{url: "https://nowhere.example.com/", strict: true, dev: true},
	}
	for _, c := range cases {
		err := strict.Check("url", c.url)
		if (err == nil) != c.strict {
			t.Errorf("strict %q: %v, want ok=%v", c.url, err, c.strict)
		}
		if err != nil {
			e := apperr.As(err)
			if e.Kind != apperr.Invalid || e.Code != "validation_failed" {
				t.Errorf("strict %q: %+v, want an Invalid validation_failed error", c.url, e)
			}
			if c.why != "" && (len(e.Details) != 1 || e.Details[0] != c.why) {
				t.Errorf("strict %q: details %q, want %q", c.url, e.Details, c.why)
			}
		}
		if err := dev.Check("url", c.url); (err == nil) != c.dev {
			t.Errorf("insecure-allowed %q: %v, want ok=%v", c.url, err, c.dev)
		}
	}
}

func TestLiteralsAndLocalNamesAreNotLookedUp(t *testing.T) {
	lookups = nil
	strict := webhookurl.Policy{Lookup: fakeLookup}
	for _, u := range []string{"https://8.8.8.8/", "https://[2606:4700:4700::1111]/", "https://2130706433/", "https://localhost/", "https://printer.local/"} {
		_ = strict.Check("url", u)
	}
	_ = webhookurl.Policy{AllowInsecure: true, Lookup: fakeLookup}.Check("url", "http://hooks.example.com/")
	if len(lookups) != 0 {
		t.Fatalf("looked up %v", lookups)
	}
	_ = strict.Check("url", "https://hooks.example.com/")
	if len(lookups) != 1 || lookups[0] != "hooks.example.com" {
		t.Fatalf("looked up %v", lookups)
	}
}

func TestTheDefaultResolverIsUsedWithoutALookup(t *testing.T) {
	// No network needed: a name under .invalid never resolves (RFC 6761) and localhost
	// is refused by name before any lookup.
	for _, u := range []string{"https://localhost/", "https://nothing.invalid/"} {
		if err := (webhookurl.Policy{}).Check("url", u); err == nil {
			t.Errorf("%s accepted", u)
		}
	}
}

func TestTheLookupHonoursTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var sawCancelled bool
	p := webhookurl.Policy{Lookup: func(ctx context.Context, host string) ([]netip.Addr, error) {
		sawCancelled = ctx.Err() != nil
		return []netip.Addr{netip.MustParseAddr("10.0.0.1")}, nil
	}}
	if err := p.CheckContext(ctx, "url", "https://hooks.example.com/"); err == nil {
		t.Fatal("a name resolving to a private address was accepted")
	}
	if !sawCancelled {
		t.Fatal("the lookup did not get the caller's context")
	}
}
