// Package webhookurl holds the rules every webhook URL the hub stores must follow (the
// Cloud API's rules for webhook URLs): https only, no underscore anywhere in the host, no
// explicit port, at most 2048 characters, and a host that is — and resolves only to — a
// public internet address. Policy.AllowInsecure (the --allow-insecure-webhooks
// development flag) also admits http, explicit ports and loopback or private hosts.
//
// The address rule is outbound.Reachable, the same function the delivery client applies
// when it connects; that connect-time check stays the authority (a name can re-resolve
// after it was stored), this one refuses what is already known to be unreachable.
package webhookurl

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/outbound"
)

// MaxLength bounds a stored webhook URL.
const MaxLength = 2048

// lookupTimeout bounds the save-time DNS resolution.
const lookupTimeout = 2 * time.Second

// notPublic is the one answer for every refused address, whatever range it is in, so the
// error does not help map the hub's network.
const notPublic = "must point to a public internet address"

// LookupFunc resolves host to its addresses.
type LookupFunc func(ctx context.Context, host string) ([]netip.Addr, error)

// Policy decides which URLs are acceptable.
type Policy struct {
	// AllowInsecure admits http:// URLs, explicit ports and loopback or private hosts, for
	// local development only. Scoped (zoned) IPv6 addresses are refused even then.
	AllowInsecure bool
	// Lookup resolves host names at save time; nil means net.DefaultResolver.LookupNetIP
	// (which also reads /etc/hosts). Tests inject their own.
	Lookup LookupFunc
}

func (p Policy) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if p.Lookup != nil {
		return p.Lookup(ctx, host)
	}
	return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
}

// Check returns an Invalid error naming field if raw is not an acceptable webhook URL. It
// resolves the host with a background context; CheckContext takes the caller's.
//
// Errors: validation_failed.
func (p Policy) Check(field, raw string) error {
	return p.CheckContext(context.Background(), field, raw)
}

// CheckContext is Check with a context bounding the host name resolution.
//
// Errors: validation_failed.
func (p Policy) CheckContext(ctx context.Context, field, raw string) error {
	bad := func(why string) error { return apperr.Validation(field + ": " + why) }
	if raw == "" {
		return bad("is required")
	}
	if len(raw) > MaxLength {
		return bad("must be at most 2048 characters")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return bad("must be an absolute URL such as https://example.com/webhook")
	}
	if u.User != nil {
		return bad("must not contain credentials")
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && p.AllowInsecure:
	default:
		return bad("must use https")
	}
	host := u.Hostname()
	if strings.Contains(host, "_") {
		return bad("must not contain an underscore in the host name")
	}
	if u.Port() != "" && !p.AllowInsecure {
		return bad("must not name a port (use the default https port)")
	}
	if u.Fragment != "" {
		return bad("must not contain a #fragment")
	}
	if strings.HasPrefix(u.Host, "[") {
		// An IPv6 literal, possibly with a %25-escaped zone (url.Parse unescapes it).
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is6() {
			return bad("must be an absolute URL such as https://example.com/webhook")
		}
		if ip.Zone() != "" || (!p.AllowInsecure && !outbound.Reachable(ip)) {
			return bad(notPublic)
		}
		return nil
	}
	if p.AllowInsecure {
		return nil
	}
	// net/http dials the IDNA (punycode) form of a non-ASCII host: check that one.
	if !isASCII(host) {
		if host, err = idna.Lookup.ToASCII(host); err != nil {
			return bad("must have a valid host name")
		}
	}
	host = strings.ToLower(host)
	if endsInNumber(host) {
		// An IPv4 address. Only the canonical dotted quad is taken: other forms
		// (2130706433, 0x7f.1, 0177.0.0.1, 127.1, 0, a trailing dot) are read differently
		// by different resolvers, and none is needed to name a public server.
		ip, err := netip.ParseAddr(host)
		if err != nil || !ip.Is4() || !outbound.Reachable(ip) {
			return bad(notPublic)
		}
		return nil
	}
	if localName(host) {
		return bad(notPublic)
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	// A name that does not resolve (yet, or not from here) is accepted: nothing can be
	// reached through it now, and the connect-time guard (services/outbound) checks the
	// address of every connection. A name that resolves must resolve only to public
	// addresses — /etc/hosts entries and internal DNS names are refused here.
	addrs, _ := p.lookup(ctx, host)
	for _, ip := range addrs {
		if !outbound.Reachable(ip) {
			return bad(notPublic)
		}
	}
	return nil
}

// endsInNumber reports whether host's last label (ignoring one trailing dot) is a number
// — decimal digits, or 0x and hex digits — which makes it an IPv4 address to URL parsers
// and inet_aton, never a DNS name (no top-level domain is numeric).
func endsInNumber(host string) bool {
	labels := strings.Split(host, ".")
	if len(labels) > 1 && labels[len(labels)-1] == "" {
		labels = labels[:len(labels)-1]
	}
	last := labels[len(labels)-1]
	if last == "" {
		return false
	}
	digits := "0123456789"
	if strings.HasPrefix(last, "0x") {
		last, digits = last[2:], "0123456789abcdef"
	}
	for _, c := range last {
		if !strings.ContainsRune(digits, c) {
			return false
		}
	}
	return true
}

// localName reports whether host is a name that is never public: localhost, the
// special-use and private-use suffixes, or a single label (resolved, if at all, through
// the hub's own search domains).
func localName(host string) bool {
	h := strings.TrimSuffix(host, ".")
	if !strings.Contains(h, ".") {
		return true
	}
	for _, suffix := range []string{"localhost", "local", "internal", "home.arpa", "localdomain", "invalid"} {
		if h == suffix || strings.HasSuffix(h, "."+suffix) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
