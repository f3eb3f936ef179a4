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

	messaging := r.Group("", s.authenticateChannelKey)
	messaging.GET("/v1/configs/webhook", s.getMessagingWebhook)
	messaging.POST("/v1/configs/webhook", s.setMessagingWebhook)
	messaging.GET("/health_status", s.healthStatus)

	api := r.Group("/api/v2")
	api.POST("/token", s.token)
	api.POST("/api_keys/report_leak", s.reportLeak)
	api.POST("/auth/login", s.login)
	api.POST("/auth/refresh", s.requireCSRF, s.refresh)
	api.POST("/auth/logout", s.requireCSRF, s.logout)
	api.GET("/onboarding/partners/:partner_id", s.onboardingPartner)
	api.POST("/onboarding/partners/:partner_id/signup", s.onboardingSignup)

	signedIn := api.Group("", s.authenticate)
	signedIn.GET("/me", s.me)
	signedIn.POST("/auth/password", s.changePassword)

	active := signedIn.Group("", requirePasswordChanged)
	active.GET("/webhook_events", s.eventCatalog)
	active.POST("/support/sla/preview", s.slaPreview)
	desk := active.Group("/support")
	desk.GET("/topics", s.supportTopics)
	desk.POST("/tickets", s.openTicket)
	desk.GET("/tickets", s.listTickets)
	desk.GET("/tickets/:ticket_id", s.getTicket)
	desk.POST("/tickets/:ticket_id/replies", s.replyTicket)
	desk.POST("/tickets/:ticket_id/escalate", requireRole(roles(partnerRoles, clientRoles)...), s.escalateTicket)
	desk.POST("/tickets/:ticket_id/reopen", s.reopenTicket)
	desk.POST("/tickets/:ticket_id/close", s.closeTicket)
	desk.GET("/reports", requireRole(roles(platformRoles, partnerRoles)...), s.supportReports)
	supportStaff := desk.Group("", requireRole(platformRoles...))
	supportStaff.GET("/queue", s.ticketQueue)
	supportStaff.GET("/agents", s.supportAgents)
	supportStaff.GET("/requesters", s.findRequesters)
	supportStaff.PUT("/agents/:user_id/languages", s.setAgentLanguages)
	supportStaff.POST("/tickets/:ticket_id/notes", s.noteTicket)
	supportStaff.POST("/tickets/:ticket_id/assign", s.assignTicket)
	supportStaff.GET("/tickets/:ticket_id/assignee_suggestion", s.suggestAssignee)
	supportStaff.POST("/tickets/:ticket_id/reclassify", s.reclassifyTicket)
	supportStaff.POST("/tickets/:ticket_id/status", s.setTicketStatus)
	supportStaff.POST("/tickets/:ticket_id/resolve", s.resolveTicket)
	supportStaff.GET("/policies", s.listPolicies)
	supportStaff.GET("/policies/live", s.livePolicy)
	supportStaff.POST("/policies", requireRole(viewer.PlatformAdmin), s.savePolicy)
	supportStaff.GET("/kb_articles", s.listArticles)
	supportStaff.POST("/kb_articles", requireRole(viewer.PlatformAdmin), s.createArticle)
	supportStaff.PATCH("/kb_articles/:article_id", requireRole(viewer.PlatformAdmin), s.updateArticle)
	supportStaff.DELETE("/kb_articles/:article_id", requireRole(viewer.PlatformAdmin), s.deleteArticle)
	active.GET("/partners", requireRole(platformRoles...), s.listPartners)
	active.POST("/partners", requireRole(viewer.PlatformAdmin), s.createPartner)

	partner := active.Group("/partners/:partner_id", requireRole(roles(platformRoles, partnerRoles)...))
	partner.GET("", s.getPartner)
	partner.PATCH("", s.updatePartner)
	partner.GET("/webhook_url", s.getPartnerWebhookURL)
	partner.POST("/webhook_url", s.setPartnerWebhookURL)
	partner.POST("/webhook_url/test", s.testPartnerWebhook)
	partner.POST("/webhook_secret", s.rotateWebhookSecret)
	partner.GET("/webhook_deliveries", s.listDeliveries)
	partner.POST("/webhook_deliveries/:delivery_id/redeliver", s.redeliver)
	partner.POST("/webhook_deliveries/redeliver_failed", s.redeliverFailed)
	partner.GET("/webhook_attempts", s.listAttempts)
	partner.PATCH("/settings/partner_change_request", s.setAutoApprove)
	partner.GET("/selective_partner_change_requests", s.listSelectivePartnerChanges)
	partner.GET("/selective_partner_change_requests/:pcr_id", s.getSelectivePartnerChange)
	partner.POST("/selective_partner_change_requests/:pcr_id/approve", s.approvePartnerChange)
	partner.POST("/selective_partner_change_requests/:pcr_id/reject", s.rejectPartnerChange)
	partner.GET("/users", s.listPartnerUsers)
	partner.POST("/users", requireRole(viewer.PlatformAdmin, viewer.PartnerAdmin), s.createPartnerUser)
	partner.GET("/audit_logs", s.listAuditLogs)
	partner.GET("/clients", s.listClients)
	partner.GET("/clients/:client_id", s.getClient)
	partner.PATCH("/clients/:client_id", s.patchClient)
	partner.GET("/clients/:client_id/info/balance", s.clientBalance)
	partner.GET("/clients/:client_id/waba_accounts", s.listWABAs)
	partner.POST("/clients/:client_id/waba_accounts/:waba_id/limit_raise_requests", s.requestLimitRaise)
	partner.GET("/waba_accounts/:waba_id/waba_templates", s.listWABATemplates)
	partner.POST("/clients/:client_id/migrations", s.startMigration)
	partner.GET("/clients/:client_id/migrations", s.listMigrations)
	partner.GET("/clients/:client_id/migrations/:migration_id", s.getMigration)
	partner.POST("/clients/:client_id/migrations/:migration_id/request_otp", s.requestMigrationOTP)
	partner.POST("/clients/:client_id/migrations/:migration_id/verify", s.verifyMigration)
	partner.POST("/clients/:client_id/migrations/:migration_id/cancel", s.cancelMigration)
	partner.GET("/channels", s.listPartnerChannels)
	partner.GET("/channels/:channel_id", s.getChannel)
	partner.POST("/channels/:channel_id/api_keys", s.issueChannelKey)
	partner.GET("/channels/:channel_id/api_keys", s.listChannelKeys)
	partner.DELETE("/channels/:channel_id/api_keys/:key_id", s.revokeChannelKey)
	partner.GET("/api_keys", s.listPartnerKeys)
	partner.POST("/api_keys", s.createPartnerKey)
	partner.DELETE("/api_keys/:key_id", s.revokePartnerKey)
	partner.POST("/account_sharing/clients", s.createSharedClient)
	partner.POST("/account_sharing/numbers", s.registerSharedNumber)
	partnerChannel := partner.Group("/clients/:client_id/channels/:channel_id")
	s.channelRoutes(partnerChannel)
	partnerChannel.GET("/info/usage", s.channelUsage)

	client := active.Group("/clients/:client_id", requireRole(roles(platformRoles, clientRoles)...))
	client.GET("", s.getClient)
	client.GET("/channels", s.listClientChannels)
	client.GET("/audit_logs", s.listAuditLogs)
	client.GET("/onboarding", s.onboardingState)
	client.POST("/onboarding/plan", s.onboardingPlan)
	client.POST("/onboarding/numbers", s.onboardingStartNumber)
	client.POST("/onboarding/numbers/:signup_id/resend", s.onboardingResendCode)
	client.POST("/onboarding/numbers/:signup_id/verify", s.onboardingVerifyNumber)
	client.POST("/onboarding/permissions", s.onboardingPermissions)
	client.GET("/waba_accounts", s.listClientWABAs)
	client.GET("/waba_accounts/:waba_id/waba_templates", s.listWABATemplates)
	client.POST("/migrations", s.startMigration)
	client.GET("/migrations", s.listMigrations)
	client.GET("/migrations/:migration_id", s.getMigration)
	client.POST("/migrations/:migration_id/request_otp", s.requestMigrationOTP)
	client.POST("/migrations/:migration_id/verify", s.verifyMigration)
	client.POST("/migrations/:migration_id/cancel", s.cancelMigration)
	client.GET("/partner_change_requests", s.listClientPartnerChanges)
	client.POST("/partner_change_requests", s.createPartnerChange)
	client.GET("/partner_change_requests/:request_id", s.getClientPartnerChange)
	client.POST("/partner_change_requests/:request_id/cancel", s.cancelPartnerChange)
	clientChannel := client.Group("/channels/:channel_id")
	s.channelRoutes(clientChannel)
	clientChannel.POST("/api_keys", s.issueClientKey)
	clientChannel.GET("/api_keys", s.listChannelKeys)
	clientChannel.DELETE("/api_keys/:key_id", s.revokeChannelKey)
	clientChannel.POST("/permission", s.setKeyPermission)

	operator := active.Group("/operator", requireRole(platformRoles...))
	operator.GET("/limit_raise_requests", s.listLimitRaises)
	operator.POST("/limit_raise_requests/:request_id/approve", requireRole(viewer.PlatformAdmin), s.decideLimitRaise)
	operator.POST("/limit_raise_requests/:request_id/reject", requireRole(viewer.PlatformAdmin), s.decideLimitRaise)
	operator.GET("/webhooks/health", s.webhookHealth)
	operator.GET("/partner_change_requests", s.listAllPartnerChanges)
	operator.POST("/partner_change_requests/:request_id/cancel", requireRole(viewer.PlatformAdmin), s.operatorCancelPartnerChange)
	operator.GET("/migrations", s.listAllMigrations)
	operator.POST("/migrations/:migration_id/cancel", requireRole(viewer.PlatformAdmin), s.operatorCancelMigration)
	operator.GET("/simulator/inbox", s.simulatorInbox)
	operator.POST("/simulator/channels/:channel_id", requireRole(viewer.PlatformAdmin), s.simulateChannel)
	operator.POST("/simulator/channels/:channel_id/usage", requireRole(viewer.PlatformAdmin), s.simulateUsage)
}

// channelRoutes registers the per-channel endpoints that partner staff reach under
// /partners/{pid}/clients/{cid}/channels/{chid} and client users under
// /clients/{cid}/channels/{chid}; the same handlers serve both, scoped by the path.
func (s *Server) channelRoutes(g *gin.RouterGroup) {
	g.GET("", s.getChannel)
	g.GET("/profile", s.getProfile)
	g.PATCH("/profile", s.updateProfile)
	g.POST("/profile/photo", s.uploadPhoto)
	g.GET("/profile/photo", s.getPhoto)
	g.GET("/webhook", s.getWebhook)
	g.POST("/webhook", s.setWebhook)
	g.POST("/webhook/test", s.testWebhook)
	g.POST("/control/enable_local_storage", s.enableLocalStorage)
	g.POST("/control/enable_local_storage/verify", s.verifyLocalStorage)
	g.POST("/control/enable_local_storage/resend", s.resendLocalStorageCode)
	g.POST("/control/disable_local_storage", s.disableLocalStorage)
	g.POST("/control/cancellation_request", s.requestCancellation)
	g.POST("/control/reactivate", s.reactivate)
	g.POST("/control/change_display_name", s.changeDisplayName)
}
