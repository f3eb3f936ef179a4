package handlers

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// Auth says how a route authenticates its caller.
type Auth string

// How routes authenticate.
const (
	// AuthPublic routes need no credentials.
	AuthPublic Auth = "public"
	// AuthCookie routes act on the caller's own session cookie (sign-in, refresh, logout).
	AuthCookie Auth = "cookie"
	// AuthChannelKey routes take a channel key (D360-API-KEY): the Messaging API.
	AuthChannelKey Auth = "channel_key"
	// AuthSignedIn routes take an access token or, unless HumanOnly, a partner API key.
	AuthSignedIn Auth = "signed_in"
)

// Route is one entry of the route table: the operation and who may call it, as the guards
// enforce it. docs/PERMISSIONS.md and the OpenAPI security requirements are generated
// from these entries, so the documentation is the guards.
type Route struct {
	Method string
	Path   string
	Auth   Auth
	// Roles may call a signed-in route (every role when the route names none).
	Roles []tenancy.Role
	// HumanOnly routes need a person's session: a partner API key gets 403 session_required.
	HumanOnly bool
}

// KeyScopes are the partner API key scopes admitted on the route: none on human-only
// routes and routes not open to partner staff; a read key only reads.
func (r Route) KeyScopes() []string {
	if r.Auth != AuthSignedIn || r.HumanOnly || !slices.Contains(r.Roles, tenancy.PartnerAdmin) {
		return nil
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return []string{"read", "full"}
	}
	return []string{"full"}
}

// Allows reports whether a signed-in user of role may call the route.
func (r Route) Allows(role tenancy.Role) bool {
	return r.Auth == AuthSignedIn && slices.Contains(r.Roles, role)
}

// rule is what a group's guards admit so far.
type rule struct {
	auth  Auth
	roles []tenancy.Role
	human bool
}

// guard is a route guard: the middleware that enforces it and what it does to the rule,
// so that the table records exactly what the middleware enforces.
type guard struct {
	handler gin.HandlerFunc
	narrow  func(*rule)
}

// only admits the given roles (403 forbidden for the others).
func only(rs ...tenancy.Role) guard {
	return guard{handler: requireRole(rs...), narrow: func(r *rule) {
		r.roles = slices.DeleteFunc(slices.Clone(r.roles), func(x tenancy.Role) bool { return !slices.Contains(rs, x) })
	}}
}

// humanOnly admits people with a session, never an API key: managing people, partner API
// keys, passwords and sessions. A leaked key must not turn into lasting access.
var humanOnly = guard{handler: requireSession, narrow: func(r *rule) { r.human = true }}

// guardWith wraps a middleware that narrows nothing the table shows (tenant path checks,
// the password-change gate).
func guardWith(h gin.HandlerFunc) guard { return guard{handler: h, narrow: func(*rule) {}} }

// router registers routes on a Gin group and records each in the table.
type router struct {
	g     *gin.RouterGroup
	rule  rule
	table *[]Route
}

// group is a sub-group at path behind more guards.
func (rt router) group(path string, guards ...guard) router {
	next := rt.rule
	next.roles = slices.Clone(next.roles)
	hs := make([]gin.HandlerFunc, 0, len(guards))
	for _, gd := range guards {
		gd.narrow(&next)
		hs = append(hs, gd.handler)
	}
	return router{g: rt.g.Group(path, hs...), rule: next, table: rt.table}
}

// with is the same group behind more guards.
func (rt router) with(guards ...guard) router { return rt.group("", guards...) }

func (rt router) handle(method, path string, h gin.HandlerFunc) {
	rt.g.Handle(method, path, h)
	full := joinPath(rt.g.BasePath(), path)
	*rt.table = append(*rt.table, Route{Method: method, Path: full, Auth: rt.rule.auth,
		Roles: slices.Clone(rt.rule.roles), HumanOnly: rt.rule.human})
}

func (rt router) GET(path string, h gin.HandlerFunc)    { rt.handle(http.MethodGet, path, h) }
func (rt router) POST(path string, h gin.HandlerFunc)   { rt.handle(http.MethodPost, path, h) }
func (rt router) PUT(path string, h gin.HandlerFunc)    { rt.handle(http.MethodPut, path, h) }
func (rt router) PATCH(path string, h gin.HandlerFunc)  { rt.handle(http.MethodPatch, path, h) }
func (rt router) DELETE(path string, h gin.HandlerFunc) { rt.handle(http.MethodDelete, path, h) }

func joinPath(base, rel string) string {
	switch {
	case rel == "":
		return base
	case base == "/":
		return rel
	case base[len(base)-1] == '/' && rel[0] == '/':
		return base + rel[1:]
	default:
		return base + rel
	}
}

// allRoles is every role, the starting point of signed-in routes.
var allRoles = roles(platformRoles, partnerRoles, clientRoles)

// requireSession refuses partner API keys: the route is for people with a session.
//
// Errors: session_required.
func requireSession(c *gin.Context) {
	if v := tenancy.FromContext(c.Request.Context()); v == nil || v.APIKeyID != "" {
		writeError(c, ErrSessionRequired.New("This endpoint needs a person signed in (an access token from /api/v2/token or /api/v2/auth/login); API keys may not manage people, keys, passwords or sessions."))
		return
	}
	c.Next()
}

// requireOwnPartner checks that the path's {partner_id} is the caller's own partner (or the
// caller is platform staff), before any handler runs: another partner's id is a 404, as if
// it did not exist. No handler can forget it, because the route group carries it.
func requireOwnPartner(c *gin.Context) {
	v := tenancy.FromContext(c.Request.Context())
	if v == nil || (!v.Role.IsPlatform() && v.PartnerID != c.Param("partner_id")) {
		writeError(c, apperr.NotFoundf("Partner not found."))
		return
	}
	c.Next()
}

// requireOwnClient checks that a client user's path {client_id} is their own client;
// platform staff may name any. (Partner staff reach clients under their partner's path,
// where the privacy rules scope every query to the partner.)
func requireOwnClient(c *gin.Context) {
	v := tenancy.FromContext(c.Request.Context())
	if v == nil || (!v.Role.IsPlatform() && v.ClientID != c.Param("client_id")) {
		writeError(c, apperr.NotFoundf("Client not found."))
		return
	}
	c.Next()
}

// Table is the route table of a server: every route with its guards' rule.
func (s *Server) Table() []Route { return slices.Clone(s.table) }

// RouteTable builds the route table without a hub, for generators (docs/PERMISSIONS.md,
// the OpenAPI security requirements).
func RouteTable() []Route {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{engine: gin.New()}
	s.routes(http.NotFoundHandler())
	return s.Table()
}
