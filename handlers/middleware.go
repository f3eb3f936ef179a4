package handlers

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/auth"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

const (
	loggerKey    = "partnerhub.logger"
	requestIDKey = "partnerhub.request_id"
	claimsKey    = "partnerhub.claims"
)

// requestContext gives each request an id (from X-Request-Id when sane, else new), a
// logger carrying it, and puts the id into the context for the audit trail.
func requestContext(base *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-Id")
		if id == "" || len(id) > 64 || strings.ContainsFunc(id, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
			var b [8]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Set(requestIDKey, id)
		c.Set(loggerKey, base.With("request_id", id))
		c.Header("X-Request-Id", id)
		c.Request = c.Request.WithContext(audit.WithRequestID(c.Request.Context(), id))
		c.Next()
	}
}

func requestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// accessLog logs one line per request, after it is served.
func accessLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		level := slog.LevelInfo
		if c.Writer.Status() >= 500 {
			level = slog.LevelError
		}
		logger(c).Log(c.Request.Context(), level, "http request",
			"method", c.Request.Method, "route", route, "status", c.Writer.Status(),
			"duration_ms", float64(time.Since(start).Microseconds())/1000, "bytes", c.Writer.Size(),
			"ip", c.ClientIP())
	}
}

// recoverPanics turns a panic into a 500 envelope without internals, logged with the stack.
//
// Errors: internal.
func recoverPanics() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				logger(c).Error("panic", "panic", redact(fmt.Sprint(p)), "stack", string(debug.Stack()))
				if !c.Writer.Written() {
					writeError(c, apperr.ErrInternal.New("panic"))
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}

// limitBody refuses bodies over the route's limit — maxBodyBytes, or more for photo and
// media uploads: at once when Content-Length says so, or when reading passes the limit.
// The media upload refuses an oversized Content-Length itself, in Meta's error shape.
//
// Errors: body_too_large.
func limitBody() gin.HandlerFunc {
	return func(c *gin.Context) {
		limit, early := int64(maxBodyBytes), true
		switch route := c.FullPath(); {
		case strings.HasSuffix(route, "/profile/photo"):
			limit = maxPhotoBody
		case route == mediaUploadRoute || route == onPremiseMediaUploadRoute:
			limit, early = maxMediaBody, false
		}
		if early && c.Request.ContentLength > limit {
			writeError(c, ErrBodyTooLarge.Newf("The request body is larger than %d bytes.", limit))
			return
		}
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		c.Next()
	}
}

// maxPhotoBody leaves room around a 5 MB photo for a multipart envelope.
const maxPhotoBody = channels.MaxPhotoBytes + 64<<10

// httpMetrics records request counts and latencies by route pattern (never raw paths,
// which would explode the label space).
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "partnerhub_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "partnerhub_http_request_duration_seconds", Help: "HTTP request latency by method and route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *httpMetrics) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(c.Writer.Status())).Inc()
		m.duration.WithLabelValues(c.Request.Method, route).Observe(time.Since(start).Seconds())
	}
}

// authenticate requires a valid partner API key (X-API-Key) or access token
// (Authorization: Bearer, scheme in any case) and puts the viewer into the request context.
// A read-scoped partner key may only read.
//
// Errors: read_only_key, unauthenticated.
func (s *Server) authenticate(c *gin.Context) {
	if key := c.GetHeader("X-API-Key"); key != "" {
		p, err := s.hub.APIKeys.Verifier().VerifyPartnerKey(c.Request.Context(), key, c.ClientIP())
		if err != nil {
			writeError(c, err)
			return
		}
		if p.Scope == "read" && c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			writeError(c, ErrReadOnlyKey.New("This API key may only read."))
			return
		}
		c.Request = c.Request.WithContext(tenancy.NewContext(c.Request.Context(), p.Viewer()))
		c.Next()
		return
	}
	token, ok := bearerToken(c.GetHeader("Authorization"))
	if !ok {
		writeError(c, apperr.ErrUnauthenticated.New("Sign in first: send Authorization: Bearer <access token>, or X-API-Key."))
		return
	}
	claims, err := s.hub.Auth.VerifyAccessToken(token)
	if err != nil {
		writeError(c, err)
		return
	}
	c.Set(claimsKey, claims)
	c.Request = c.Request.WithContext(tenancy.NewContext(c.Request.Context(), claims.Viewer()))
	c.Next()
}

// bearerToken extracts the token of an "Authorization: Bearer <token>" header; the scheme
// is case-insensitive (some integrations send "bearer").
func bearerToken(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// requirePasswordChanged blocks everything but the password change while the signed-in
// user still has to replace a one-time password.
//
// Errors: password_change_required.
func requirePasswordChanged(c *gin.Context) {
	if cl, ok := c.Get(claimsKey); ok && cl.(*auth.Claims).MustChangePassword {
		writeError(c, ErrPasswordChangeRequired.New("Change your one-time password first (POST /api/v2/auth/password)."))
		return
	}
	c.Next()
}

// requireRole lets only the given roles through. Routes that name another tenant's
// objects still answer 404 from the privacy rules; this guard refuses whole kinds of
// users (a client user on an operator route) with 403.
//
// Errors: forbidden.
func requireRole(roles ...tenancy.Role) gin.HandlerFunc {
	return func(c *gin.Context) {
		v := tenancy.FromContext(c.Request.Context())
		for _, r := range roles {
			if v != nil && v.Role == r {
				c.Next()
				return
			}
		}
		writeError(c, apperr.ErrForbidden.New("Your role may not use this endpoint."))
	}
}

var (
	platformRoles = []tenancy.Role{tenancy.PlatformAdmin, tenancy.SupportAgent}
	partnerRoles  = []tenancy.Role{tenancy.PartnerAdmin, tenancy.PartnerMember}
	clientRoles   = []tenancy.Role{tenancy.ClientAdmin, tenancy.ClientMember}
)

func roles(groups ...[]tenancy.Role) []tenancy.Role {
	var out []tenancy.Role
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// Cookie names of the browser session.
const (
	refreshCookie = "ph_refresh"
	csrfCookie    = "ph_csrf"
	csrfHeader    = "X-CSRF-Token"
)

// requireCSRF protects the cookie-authenticated endpoints: the request must come from our
// own origin (Sec-Fetch-Site / Origin, via net/http's CrossOriginProtection) and repeat
// the ph_csrf cookie in the X-CSRF-Token header (double submit).
//
// Errors: csrf_failed.
func (s *Server) requireCSRF(c *gin.Context) {
	if err := s.crossOrigin.Check(c.Request); err != nil {
		writeError(c, ErrCSRFFailed.New("Cross-origin request refused."))
		return
	}
	cookie, err := c.Cookie(csrfCookie)
	header := c.GetHeader(csrfHeader)
	if err != nil || cookie == "" || subtle.ConstantTimeCompare([]byte(cookie), []byte(header)) != 1 {
		writeError(c, ErrCSRFFailed.New("Missing or wrong X-CSRF-Token header."))
		return
	}
	c.Next()
}
