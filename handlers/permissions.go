package handlers

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Security schemes of the OpenAPI document (declared in this package's doc comment).
const (
	SchemeBearer     = "BearerAuth"
	SchemePartnerKey = "PartnerApiKey"
	SchemeChannelKey = "ChannelApiKey"
)

// SpecPath is the route's path in OpenAPI form ({partner_id} for :partner_id).
func (r Route) SpecPath() string { return ginParam.ReplaceAllString(r.Path, "{$1}") }

// ginParam matches a Gin path parameter, named (:id) or catch-all (*path).
var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

// Security is the route's OpenAPI security requirement: alternatives, each a scheme.
// Public and cookie routes have none (an empty list, so no global default applies).
func (r Route) Security() []string {
	switch r.Auth {
	case AuthChannelKey:
		return []string{SchemeChannelKey}
	case AuthSignedIn:
		if len(r.KeyScopes()) > 0 {
			return []string{SchemeBearer, SchemePartnerKey}
		}
		return []string{SchemeBearer}
	}
	return nil
}

// Documented reports whether the route is an API operation (in the OpenAPI document).
func (r Route) Documented() bool {
	switch r.Method + " " + r.Path {
	case "GET /metrics", "GET /openapi.json", "GET /swagger/*any":
		return false
	}
	return true
}

// PermissionsMarkdown renders docs/PERMISSIONS.md from the route table: for every
// operation, how it authenticates, which roles may call it and which partner API key
// scopes it admits. Tenancy applies on top: a caller reaches only its own partner's or
// client's objects (platform staff reach all).
func PermissionsMarkdown(table []Route) string {
	var b strings.Builder
	b.WriteString(`# Permissions

Generated from the route table (` + "`handlers/server.go`" + `) by ` + "`make generate`" + `; ` + "`TestPermissionsDocIsCurrent`" + `
fails when it is stale. The route guards enforce exactly this table, before any handler
runs; ` + "`TestRolesOutsideTheTableAreRefused`" + ` calls every operation as every role it does not
list and expects 403. The services check the same rules again beneath, and tenancy
applies on top: partner staff and partner API keys reach only their own partner's
objects, client users only their own client's (another tenant's id is a 404); platform
staff reach every tenant.

How an operation authenticates:

- **public**: no credentials.
- **cookie**: the browser's own session cookie (sign-in, refresh, sign-out).
- **channel key**: a channel's ` + "`D360-API-KEY`" + `; it speaks only for its channel.
- **signed in**: ` + "`Authorization: Bearer <access token>`" + ` (a person's session) or, where the
  key column lists scopes, a partner API key in ` + "`X-API-Key`" + `. A ` + "`read`" + ` key only reads.
  Where the key column says *people only*, a key gets 403 ` + "`session_required`" + `: keys may
  not manage people, keys, passwords or sessions.

Roles: PA platform admin, SA support agent, PtA partner admin, PtM partner member,
CA client admin, CM client member.

| Operation | Auth | PA | SA | PtA | PtM | CA | CM | Partner API key |
|---|---|---|---|---|---|---|---|---|
`)
	for _, r := range table {
		if !r.Documented() {
			continue
		}
		auth := map[Auth]string{AuthPublic: "public", AuthCookie: "cookie", AuthChannelKey: "channel key", AuthSignedIn: "signed in"}[r.Auth]
		cells := make([]string, 0, len(tenancy.Roles))
		for _, role := range tenancy.Roles {
			switch {
			case r.Auth != AuthSignedIn:
				cells = append(cells, "·")
			case r.Allows(role):
				cells = append(cells, "✓")
			default:
				cells = append(cells, "—")
			}
		}
		key := "—"
		switch {
		case r.Auth != AuthSignedIn:
			key = "·"
		case r.HumanOnly:
			key = "people only"
		case len(r.KeyScopes()) > 0:
			key = strings.Join(r.KeyScopes(), ", ")
		}
		fmt.Fprintf(&b, "| `%s %s` | %s | %s | %s |\n", r.Method, r.SpecPath(), auth, strings.Join(cells, " | "), key)
	}
	return b.String()
}
