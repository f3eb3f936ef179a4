// Package outbound makes the HTTP requests the hub sends to URLs its users chose (webhook
// tests and deliveries) without letting them reach the hub's own network (SSRF): the
// address is checked after DNS resolution, at connect time, so a hostname that resolves —
// or re-resolves — to a private address is refused; redirects are not followed and no
// proxy is used.
//
// Reachable is the one rule deciding which addresses may be reached. The save-time check
// of webhook URLs (services/webhookurl) applies the same function, but this connect-time
// check is the authority: DNS answers can change after a URL was stored.
package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrForbiddenAddress is returned when a request would connect to a non-public address.
var ErrForbiddenAddress = errors.New("outbound: destination address is not public")

// Policy decides which destinations are allowed.
type Policy struct {
	// AllowInsecure admits every address, loopback included (local development only).
	// Addresses with an IPv6 zone are refused even then.
	AllowInsecure bool
}

// blockedRange is a prefix no outbound request may reach, with the name logs give it.
type blockedRange struct {
	prefix netip.Prefix
	name   string
}

// blocked are the ranges that are not globally routable unicast (IANA special-purpose
// address registries, RFC 6890 and successors). The first match names the reason. IPv4
// addresses mapped into IPv6 (::ffff:a.b.c.d) are unmapped and checked as IPv4 before
// this table is consulted; every other form that embeds an IPv4 address (IPv4-compatible,
// IPv4-translated, NAT64, 6to4, Teredo) is refused outright.
var blocked = func() []blockedRange {
	var out []blockedRange
	for _, r := range [][2]string{
		// IPv4
		{"0.0.0.0/8", "unspecified (this network)"},
		{"10.0.0.0/8", "private"},
		{"100.64.0.0/10", "shared address space (CGNAT)"},
		{"127.0.0.0/8", "loopback"},
		{"169.254.0.0/16", "link-local (cloud metadata)"},
		{"172.16.0.0/12", "private"},
		{"192.0.0.0/24", "IETF protocol assignments"},
		{"192.0.2.0/24", "documentation (TEST-NET-1)"},
		{"192.88.99.0/24", "6to4 relay anycast"},
		{"192.168.0.0/16", "private"},
		{"198.18.0.0/15", "benchmarking"},
		{"198.51.100.0/24", "documentation (TEST-NET-2)"},
		{"203.0.113.0/24", "documentation (TEST-NET-3)"},
		{"224.0.0.0/4", "multicast"},
		{"255.255.255.255/32", "limited broadcast"},
		{"240.0.0.0/4", "reserved"},
		// IPv6
		{"::/128", "unspecified"},
		{"::1/128", "loopback"},
		{"::/96", "IPv4-compatible IPv6"},
		{"::ffff:0:0:0/96", "IPv4-translated IPv6"},
		{"64:ff9b::/96", "NAT64 (embeds IPv4)"},
		{"64:ff9b:1::/48", "local-use NAT64 (embeds IPv4)"},
		{"100::/64", "discard-only"},
		{"2001::/32", "Teredo (embeds IPv4)"},
		{"2001:2::/48", "benchmarking"},
		{"2001:10::/28", "ORCHID"},
		{"2001:20::/28", "ORCHIDv2"},
		{"2001::/23", "IETF protocol assignments"},
		{"2001:db8::/32", "documentation"},
		{"2002::/16", "6to4 (embeds IPv4)"},
		{"3fff::/20", "documentation"},
		{"5f00::/16", "segment routing (SRv6) SIDs"},
		{"fc00::/7", "unique local (private, cloud metadata)"},
		{"fe80::/10", "link-local"},
		{"fec0::/10", "site-local (deprecated)"},
		{"ff00::/8", "multicast"},
	} {
		out = append(out, blockedRange{netip.MustParsePrefix(r[0]), r[1]})
	}
	return out
}()

// globalUnicast6 is the only IPv6 space IANA allocates global unicast addresses from.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// Unreachable returns why ip must not be reached — a short name for logs — or "" when ip
// is a globally routable unicast address. Nothing is stripped silently: an address with a
// zone is refused, whatever it is.
func Unreachable(ip netip.Addr) string {
	switch {
	case !ip.IsValid():
		return "invalid address"
	case ip.Zone() != "":
		return "scoped (zoned) address"
	}
	ip = ip.Unmap() // ::ffff:a.b.c.d is a.b.c.d on the wire
	for _, b := range blocked {
		if b.prefix.Contains(ip) {
			return b.name
		}
	}
	if ip.Is6() && !globalUnicast6.Contains(ip) {
		return "not IPv6 global unicast"
	}
	return ""
}

// Reachable reports whether ip is a globally routable unicast address an outbound request
// may connect to. It is the single rule behind both the connect-time guard and the
// save-time webhook URL check.
func Reachable(ip netip.Addr) bool { return Unreachable(ip) == "" }

// Allowed reports whether ip is a destination the policy admits: Reachable addresses, or
// with AllowInsecure any address without a zone.
func (p Policy) Allowed(ip netip.Addr) bool {
	if p.AllowInsecure {
		return ip.IsValid() && ip.Zone() == ""
	}
	return Reachable(ip)
}

// control is the dialer's Control hook: it runs after DNS resolution, for every address
// the dialer actually tries, and refuses the connection before it is made.
func (p Policy) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
	}
	if !p.Allowed(ap.Addr()) {
		return fmt.Errorf("%w: %s (%s)", ErrForbiddenAddress, ap.Addr(), Unreachable(ap.Addr()))
	}
	return nil
}

// Client returns an HTTP client that enforces the policy on every connection, uses no
// proxy, follows no redirects and gives up after timeout.
func (p Policy) Client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: p.control}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy (HTTPS_PROXY…) would connect on our behalf, past the check
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{
		Transport: transport,
		Timeout:   timeout,
		// A redirect is answered as is, never followed: its target was never checked.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// IsForbidden reports whether err came from the address check.
func IsForbidden(err error) bool { return errors.Is(err, ErrForbiddenAddress) }

// Do sends req with the policy's client; a convenience for one-off requests.
func (p Policy) Do(ctx context.Context, req *http.Request, timeout time.Duration) (*http.Response, error) {
	return p.Client(timeout).Do(req.WithContext(ctx))
}
