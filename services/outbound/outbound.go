// Package outbound makes the HTTP requests the hub sends to URLs its users chose (webhook
// tests and deliveries) without letting them reach the hub's own network (SSRF): the
// address is checked after DNS resolution, at connect time, so a hostname that resolves —
// or re-resolves — to a private address is refused; redirects are not followed.
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
	AllowInsecure bool
}

// blocked are the ranges no outbound request may reach: loopback, private, link-local
// (which holds cloud metadata at 169.254.169.254), CGNAT, and other non-routable space.
var blocked = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
		"224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
		"::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// Allowed reports whether ip is a destination the policy admits.
func (p Policy) Allowed(ip netip.Addr) bool {
	if p.AllowInsecure {
		return true
	}
	ip = ip.Unmap()
	for _, b := range blocked {
		if b.Contains(ip) {
			return false
		}
	}
	return ip.IsValid()
}

// Client returns an HTTP client that enforces the policy on every connection, follows no
// redirects and gives up after timeout.
func (p Policy) Client(timeout time.Duration) *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
			}
			if !p.Allowed(ap.Addr()) {
				return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
			}
			return nil
		},
	}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would connect on our behalf, past the check
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       60 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: timeout,
	}
	return &http.Client{
		Transport:     transport,
		Timeout:       timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// IsForbidden reports whether err came from the address check.
func IsForbidden(err error) bool { return errors.Is(err, ErrForbiddenAddress) }

// Do sends req with the policy's client; a convenience for one-off requests.
func (p Policy) Do(ctx context.Context, req *http.Request, timeout time.Duration) (*http.Response, error) {
	return p.Client(timeout).Do(req.WithContext(ctx))
}
