package onboarding

import (
	"net/url"
	"strings"
)

// RedirectURL builds the address the permission step sends the client back to, in the
// exact format partners' integrations parse (the connect button's script strips the
// brackets and splits on commas):
//
//	<base>?client=<id>&channels=[<a>,<b>]&revoked=[<c>]&state=<state>
//
// revoked appears only when non-empty and state only when given. Ids are written raw —
// brackets and commas are not percent-encoded and nothing is quoted — while state, which
// is the partner's opaque value, is encoded with url.QueryEscape. A base that already has
// a query is continued with "&"; a #fragment stays at the end.
func RedirectURL(base, clientID string, channels, revoked []string, state string) string {
	base, fragment, hasFragment := strings.Cut(base, "#")
	var b strings.Builder
	b.WriteString(base)
	switch {
	case !strings.Contains(base, "?"):
		b.WriteByte('?')
	case !strings.HasSuffix(base, "?") && !strings.HasSuffix(base, "&"):
		b.WriteByte('&')
	}
	b.WriteString("client=")
	b.WriteString(clientID)
	b.WriteString("&channels=[")
	b.WriteString(strings.Join(channels, ","))
	b.WriteByte(']')
	if len(revoked) > 0 {
		b.WriteString("&revoked=[")
		b.WriteString(strings.Join(revoked, ","))
		b.WriteByte(']')
	}
	if state != "" {
		b.WriteString("&state=")
		b.WriteString(url.QueryEscape(state))
	}
	if hasFragment {
		b.WriteByte('#')
		b.WriteString(fragment)
	}
	return b.String()
}

// checkRedirectOverride returns "" when raw may replace the partner's configured redirect
// URL, else why not. Only an absolute http(s) URL with the same origin — scheme, host and
// port — as the configured one is accepted: the page's redirect_url parameter arrives in
// a link anybody can craft, and without this rule the hub would send a client, with its
// client and channel ids, to any site (an open redirect).
func checkRedirectOverride(raw, configured string) string {
	if len(raw) > 2048 {
		return "must be at most 2048 characters"
	}
	if strings.ContainsAny(raw, " \t\r\n") {
		return "must not contain spaces"
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "" {
		return "must be an absolute http(s) URL"
	}
	if u.User != nil {
		return "must not contain a user name or password"
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return "must not contain a #fragment"
	}
	c, err := url.Parse(configured)
	if err != nil {
		return "cannot be checked: the partner's redirect URL is not a valid URL"
	}
	if origin(u) != origin(c) {
		return "must be on " + c.Scheme + "://" + c.Host + ", the origin of the partner's redirect URL"
	}
	return ""
}

// origin is scheme://host:port with the scheme's default port made explicit and the
// scheme and host in lower case, so equal origins compare equal.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}
