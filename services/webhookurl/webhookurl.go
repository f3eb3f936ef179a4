// Package webhookurl holds the rules every webhook URL the hub stores must follow (SPEC
// §5.1, from the Cloud API's rules): https only, no underscore anywhere in the host, no
// explicit port, at most 2048 characters. Policy.AllowInsecure (the
// --allow-insecure-webhooks development flag) also admits http and loopback hosts.
package webhookurl

import (
	"net"
	"net/url"
	"strings"

	"github.com/partnerhub/partnerhub/services/apperr"
)

// MaxLength bounds a stored webhook URL.
const MaxLength = 2048

// Policy decides which URLs are acceptable.
type Policy struct {
	// AllowInsecure admits http:// URLs, explicit ports and loopback hosts, for local
	// development only.
	AllowInsecure bool
}

// Check returns an Invalid error naming field if raw is not an acceptable webhook URL.
func (p Policy) Check(field, raw string) error {
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
	if !p.AllowInsecure && isLocal(host) {
		return bad("must point at a public host")
	}
	return nil
}

// isLocal reports whether host is obviously not public: localhost names and literal
// loopback, private, link-local or unspecified addresses. (Hosts that resolve to such
// addresses are refused at connect time by the delivery's SSRF guard.)
func isLocal(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() || ip.IsLinkLocalMulticast())
}
