package outbound_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/outbound"
)

func TestReachable(t *testing.T) {
	refused := []string{
		// zoned: never, whatever the address
		"::1%lo", "fd00::2%eth0", "fe80::1%eth0", "2606:4700:4700::1111%eth0", "::ffff:8.8.8.8%eth0",
		// unspecified, loopback
		"0.0.0.0", "0.1.2.3", "::", "127.0.0.1", "127.255.255.254", "::1",
		// private, shared (CGNAT), link-local and cloud metadata
		"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.254",
		"169.254.169.254", "fd00::1", "fd00:ec2::254", "fc00::1", "fe80::1", "fec0::1",
		// multicast, broadcast, reserved
		"224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "ff02::1", "ff0e::1",
		// IETF, documentation, benchmarking, 6to4 relay
		"192.0.0.1", "192.0.0.192", "192.0.2.1", "198.51.100.1", "203.0.113.1", "198.18.0.1", "198.19.255.255",
		"192.88.99.1", "2001:db8::1", "3fff::1", "2001:2::1",
		// IPv4 embedded in IPv6
		"::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::8.8.8.8",
		"::ffff:0:7f00:1", "::ffff:0:808:808", "64:ff9b::7f00:1", "64:ff9b::808:808", "64:ff9b:1::1",
		"2002:7f00:1::1", "2002:808:808::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2",
		// ORCHID, discard, other IETF assignments, not global unicast
		"2001:10::1", "2001:20::1", "100::1", "2001:3::1", "5f00::1", "4000::1", "1::1",
	}
	for _, s := range refused {
		ip := netip.MustParseAddr(s)
		if outbound.Reachable(ip) || outbound.Unreachable(ip) == "" {
			t.Errorf("%s must be refused", s)
		}
		if (outbound.Policy{}).Allowed(ip) {
			t.Errorf("the strict policy admits %s", s)
		}
	}
	for _, s := range []string{"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.32.0.1",
		"2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8"} {
		ip := netip.MustParseAddr(s)
		if !outbound.Reachable(ip) || outbound.Unreachable(ip) != "" {
			t.Errorf("%s must be allowed (%s)", s, outbound.Unreachable(ip))
		}
	}
	if outbound.Reachable(netip.Addr{}) {
		t.Error("the zero Addr must be refused")
	}
	dev := outbound.Policy{AllowInsecure: true}
	if !dev.Allowed(netip.MustParseAddr("127.0.0.1")) || !dev.Allowed(netip.MustParseAddr("::1")) {
		t.Error("AllowInsecure admits loopback")
	}
	if dev.Allowed(netip.MustParseAddr("::1%lo")) || dev.Allowed(netip.MustParseAddr("fe80::1%eth0")) {
		t.Error("AllowInsecure must still refuse zoned addresses")
	}
}

func TestConnectTimeCheckRefusesLoopbackEvenByName(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++; w.WriteHeader(204) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	urls := []string{srv.URL, "http://localhost:" + port + "/"}
	// Served on ::1 as well where the host has IPv6 loopback.
	if l, err := net.Listen("tcp", "[::1]:0"); err == nil {
		srv6 := httptest.NewUnstartedServer(srv.Config.Handler)
		srv6.Listener.Close()
		srv6.Listener = l
		srv6.Start()
		defer srv6.Close()
		urls = append(urls, srv6.URL)
	}
	for _, u := range urls {
		// As if the save-time check had been bypassed (a row written directly, a name that
		// re-resolved): the strict client still refuses to connect.
		req, _ := http.NewRequest("POST", u, nil)
		_, err := outbound.Policy{}.Do(context.Background(), req, 2*time.Second)
		if !outbound.IsForbidden(err) {
			t.Errorf("%s: %v, want the address refused", u, err)
		}
	}
	if hits != 0 {
		t.Fatalf("the loopback server was reached %d times", hits)
	}
	for _, u := range urls {
		req, _ := http.NewRequest("POST", u, nil)
		res, err := outbound.Policy{AllowInsecure: true}.Do(context.Background(), req, 2*time.Second)
		if err != nil || res.StatusCode != 204 {
			t.Errorf("%s with AllowInsecure: %v %v", u, res, err)
		}
	}
}

func TestConnectTimeCheckRefusesZonedAddresses(t *testing.T) {
	for _, p := range []outbound.Policy{{}, {AllowInsecure: true}} {
		for _, u := range []string{"http://[::1%25lo]:1/", "http://[fe80::1%25eth0]:1/"} {
			req, _ := http.NewRequest("GET", u, nil)
			_, err := p.Do(context.Background(), req, 2*time.Second)
			if !outbound.IsForbidden(err) {
				t.Errorf("%s (insecure=%v): %v, want the address refused", u, p.AllowInsecure, err)
			}
		}
	}
}

func TestNoProxyIsUsed(t *testing.T) {
	proxied := 0
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { proxied++; w.WriteHeader(200) }))
	defer proxy.Close()
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("HTTPS_PROXY", proxy.URL)
	t.Setenv("NO_PROXY", "")
	c := outbound.Policy{}.Client(2 * time.Second)
	if tr, ok := c.Transport.(*http.Transport); !ok || tr.Proxy != nil {
		t.Fatalf("transport %#v, want one without a proxy", c.Transport)
	}
	// 192.0.2.1 is refused by the dialer; through a proxy it would have been "delivered".
	req, _ := http.NewRequest("GET", "http://192.0.2.1/", nil)
	if _, err := c.Do(req); !outbound.IsForbidden(err) || proxied != 0 {
		t.Fatalf("%v, proxied %d", err, proxied)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	hits := 0
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer target.Close()
	for _, to := range []string{target.URL, "http://169.254.169.254/latest/meta-data", "http://[::1]/"} {
		redir := httptest.NewServer(http.RedirectHandler(to, http.StatusFound))
		req, _ := http.NewRequest("GET", redir.URL, nil)
		res, err := outbound.Policy{AllowInsecure: true}.Do(context.Background(), req, 2*time.Second)
		redir.Close()
		if err != nil || res.StatusCode != http.StatusFound || hits != 0 {
			t.Fatalf("redirect to %s: %v %v hits=%d", to, res, err, hits)
		}
		if loc, _ := url.Parse(res.Header.Get("Location")); loc.String() != to {
			t.Fatalf("Location %q, want %q", loc, to)
		}
	}
}
