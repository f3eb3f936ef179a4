package outbound_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/partnerhub/partnerhub/services/outbound"
)

func TestAddressPolicy(t *testing.T) {
	strict := outbound.Policy{}
	for _, s := range []string{"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
		"100.64.0.1", "0.0.0.0", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "224.0.0.1"} {
		if strict.Allowed(netip.MustParseAddr(s)) {
			t.Errorf("%s must be refused", s)
		}
	}
	for _, s := range []string{"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34"} {
		if !strict.Allowed(netip.MustParseAddr(s)) {
			t.Errorf("%s must be allowed", s)
		}
	}
	if !(outbound.Policy{AllowInsecure: true}).Allowed(netip.MustParseAddr("127.0.0.1")) {
		t.Error("AllowInsecure admits loopback")
	}
}

func TestConnectTimeCheckRefusesLoopbackEvenByName(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	for _, u := range []string{srv.URL, "http://localhost:" + port + "/"} {
		req, _ := http.NewRequest("POST", u, nil)
		_, err := outbound.Policy{}.Do(context.Background(), req, 2*time.Second)
		if !outbound.IsForbidden(err) {
			t.Errorf("%s: %v, want the address refused", u, err)
		}
		res, err := outbound.Policy{AllowInsecure: true}.Do(context.Background(), req, 2*time.Second)
		if err != nil || res.StatusCode != 204 {
			t.Errorf("%s with AllowInsecure: %v %v", u, res, err)
		}
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	hits := 0
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer target.Close()
	redir := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
	defer redir.Close()
	req, _ := http.NewRequest("GET", redir.URL, nil)
	res, err := outbound.Policy{AllowInsecure: true}.Do(context.Background(), req, 2*time.Second)
	if err != nil || res.StatusCode != http.StatusFound || hits != 0 {
		t.Fatalf("redirect: %v %v hits=%d", res, err, hits)
	}
}
