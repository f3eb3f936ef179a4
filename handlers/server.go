// Package handlers is PartnerHub's HTTP layer: the route table with its guards, binding
// and validation of input, one service call per handler, and the mapping of service errors
// to the {"meta":…} envelope. It builds no database queries of its own.
//
// @title                       PartnerHub API
// @version                     2.0
// @description                 Self-hostable administration platform for a WhatsApp Business Solution Provider and its partners; compatible with the 360dialog Partner API.
// @BasePath                    /
// @securityDefinitions.apikey  BearerAuth
// @in                          header
// @name                        Authorization
// @description                 "Bearer <access token>" from POST /api/v2/token or /api/v2/auth/login; the scheme is case-insensitive.
package handlers

import (
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/partnerhub/partnerhub/ent/viewer"
	"github.com/partnerhub/partnerhub/services/hub"
)

// Config is the HTTP layer's configuration.
type Config struct {
	// SecureCookies marks session cookies Secure (serve over HTTPS, or behind a TLS proxy).
	SecureCookies bool
	// TrustedProxies are the proxy addresses/CIDRs whose X-Forwarded-For is believed.
	TrustedProxies []string
}

// Server is the HTTP server of one instance.
type Server struct {
	hub         *hub.Hub
	cfg         Config
	log         *slog.Logger
	ui          fs.FS
	engine      *gin.Engine
	crossOrigin *http.CrossOriginProtection
}

// New builds the router over h. ui is the web app's file system (a stub without Node).
func New(h *hub.Hub, cfg Config, log *slog.Logger, ui fs.FS) (*Server, error) {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{hub: h, cfg: cfg, log: log, ui: ui, crossOrigin: http.NewCrossOriginProtection()}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(h.Store.DB, "partnerhub"))
	r.Use(requestContext(log), recoverPanics(), accessLog(), newHTTPMetrics(reg).middleware(), limitBody())
	s.engine = r
	s.routes(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return s, nil
}

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes lists every registered route (method and Gin path pattern).
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// routes is the route table. Guards are declared per group, so a handler cannot forget
// them: authenticate → requirePasswordChanged → requireRole, and the ent privacy rules
// beneath scope every query to the viewer's tenant.
func (s *Server) routes(metrics http.Handler) {
	r := s.engine
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(metrics))
	r.GET("/openapi.json", s.openapiJSON)
	r.GET("/swagger/*any", s.swaggerUI())
	r.NoRoute(s.noRoute)
	r.NoMethod(s.noMethod)

	api := r.Group("/api/v2")
	api.POST("/token", s.token)
	api.POST("/auth/login", s.login)
	api.POST("/auth/refresh", s.requireCSRF, s.refresh)
	api.POST("/auth/logout", s.requireCSRF, s.logout)

	signedIn := api.Group("", s.authenticate)
	signedIn.GET("/me", s.me)
	signedIn.POST("/auth/password", s.changePassword)

	active := signedIn.Group("", requirePasswordChanged)
	active.GET("/partners", requireRole(platformRoles...), s.listPartners)
	active.POST("/partners", requireRole(viewer.PlatformAdmin), s.createPartner)

	partner := active.Group("/partners/:partner_id", requireRole(roles(platformRoles, partnerRoles)...))
	partner.GET("", s.getPartner)
	partner.GET("/users", s.listPartnerUsers)
	partner.POST("/users", requireRole(viewer.PlatformAdmin, viewer.PartnerAdmin), s.createPartnerUser)
}
