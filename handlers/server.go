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
// @securityDefinitions.apikey  PartnerApiKey
// @in                          header
// @name                        X-API-Key
// @description                 A partner API key (POST /api/v2/partners/{partner_id}/api_keys). Scope "read" only reads; it is never accepted where a person must be signed in (403 session_required).
// @securityDefinitions.apikey  ChannelApiKey
// @in                          header
// @name                        D360-API-KEY
// @description                 A channel's API key, for the Messaging API of that one channel.
package handlers

import (
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/partnerhub/partnerhub/services/hub"
	"github.com/partnerhub/partnerhub/services/tenancy"
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
	table       []Route
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
	if len(cfg.TrustedProxies) == 0 {
		r.Use(warnUntrustedForwarding(log, untrustedForwarding))
	}
	s.engine = r
	s.routes(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return s, nil
}

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes lists every registered route (method and Gin path pattern).
func (s *Server) Routes() gin.RoutesInfo { return s.engine.Routes() }

// routes is the route table. Guards are declared per group, so a handler cannot forget
// them: authenticate → requirePasswordChanged → requireRole → the path's tenant is the
// caller's own, and the ent privacy rules beneath scope every query to the viewer's
// tenant. Every registration is recorded in s.table (routetable.go), from which
// docs/PERMISSIONS.md and the OpenAPI security requirements are generated.
func (s *Server) routes(metrics http.Handler) {
	r := s.engine
	s.table = nil
	root := router{g: &r.RouterGroup, rule: rule{auth: AuthPublic}, table: &s.table}
	root.GET("/healthz", s.healthz)
	root.GET("/readyz", s.readyz)
	root.GET("/metrics", gin.WrapH(metrics))
	root.GET("/openapi.json", s.openapiJSON)
	root.GET("/swagger/*any", s.swaggerUI())
	r.NoRoute(s.noRoute)
	r.NoMethod(s.noMethod)

	messaging := root.group("", guardWith(s.authenticateChannelKey))
	messaging.rule.auth = AuthChannelKey
	messaging.GET("/v1/configs/webhook", s.getMessagingWebhook)
	messaging.POST("/v1/configs/webhook", s.setMessagingWebhook)
	messaging.GET("/health_status", s.healthStatus)
	messaging.GET("/v1/configs/templates", s.listMessagingTemplates)
	messaging.POST("/v1/configs/templates", s.createMessagingTemplate)
	messaging.DELETE("/v1/configs/templates/:name", s.deleteMessagingTemplate)
	// The Cloud API as 360dialog exposes it: send (and mark as read), media.
	messaging.POST("/messages", s.sendMessage)
	messaging.POST("/v1/messages", s.sendMessage)
	// The On-Premise API's forms, as WABA360Dialog.NET calls them, and Meta's template list
	// as n8n reads it (messages_compat.go).
	messaging.PUT("/v1/messages/*message_id", s.markReadOnPremise)
	messaging.POST("/v1/media", s.uploadMediaOnPremise)
	messaging.GET("/v1/media/:media_id", s.downloadMediaOnPremise)
	messaging.GET("/message_templates", s.listMessageTemplates)
	messaging.POST("/media", s.uploadMedia)
	messaging.GET("/whatsapp_business/attachments/", s.downloadMedia)
	// Media ids are digits; any other single-segment path is the web app's (mediaPath).
	mediaByID := root.group("", guardWith(s.mediaPath), guardWith(s.authenticateChannelKey))
	mediaByID.rule.auth = AuthChannelKey
	mediaByID.GET("/:media_id", s.getMedia)
	mediaByID.DELETE("/:media_id", s.deleteMedia)

	api := root.group("/api/v2")
	api.POST("/token", s.token)
	api.POST("/api_keys/report_leak", s.reportLeak)
	api.GET("/onboarding/partners/:partner_id", s.onboardingPartner)
	api.with(guardWith(s.requireSameOrigin)).POST("/onboarding/partners/:partner_id/signup", s.onboardingSignup)
	cookie := api.with()
	cookie.rule.auth = AuthCookie
	cookie.with(guardWith(s.requireSameOrigin)).POST("/auth/login", s.login)
	cookie.with(guardWith(s.requireCSRF)).POST("/auth/refresh", s.refresh)
	cookie.with(guardWith(s.requireCSRF)).POST("/auth/logout", s.logout)

	signedIn := api.group("", guardWith(s.authenticate))
	signedIn.rule = rule{auth: AuthSignedIn, roles: allRoles}
	people := signedIn.with(humanOnly)
	people.GET("/me", s.me)
	people.POST("/auth/password", s.changePassword)
	people.DELETE("/auth/session", s.endSession)
	people.POST("/auth/sessions/end_all", s.endAllSessions)

	active := signedIn.with(guardWith(requirePasswordChanged))
	active.GET("/webhook_events", s.eventCatalog)
	active.POST("/support/sla/preview", s.slaPreview)
	desk := active.group("/support")
	desk.GET("/topics", s.supportTopics)
	desk.POST("/tickets", s.openTicket)
	desk.GET("/tickets", s.listTickets)
	desk.GET("/tickets/:ticket_id", s.getTicket)
	desk.POST("/tickets/:ticket_id/replies", s.replyTicket)
	desk.with(only(roles(partnerRoles, clientRoles)...)).POST("/tickets/:ticket_id/escalate", s.escalateTicket)
	desk.POST("/tickets/:ticket_id/reopen", s.reopenTicket)
	desk.POST("/tickets/:ticket_id/close", s.closeTicket)
	desk.with(only(roles(platformRoles, partnerRoles)...)).GET("/reports", s.supportReports)
	supportStaff := desk.with(only(platformRoles...))
	supportStaff.GET("/queue", s.ticketQueue)
	supportStaff.GET("/agents", s.supportAgents)
	supportStaff.GET("/requesters", s.findRequesters)
	supportStaff.with(humanOnly).PUT("/agents/:user_id/languages", s.setAgentLanguages)
	supportStaff.POST("/tickets/:ticket_id/notes", s.noteTicket)
	supportStaff.GET("/tickets/:ticket_id/whatsapp_templates", s.ticketWhatsAppTemplates)
	supportStaff.POST("/tickets/:ticket_id/assign", s.assignTicket)
	supportStaff.GET("/tickets/:ticket_id/assignee_suggestion", s.suggestAssignee)
	supportStaff.POST("/tickets/:ticket_id/reclassify", s.reclassifyTicket)
	supportStaff.POST("/tickets/:ticket_id/status", s.setTicketStatus)
	supportStaff.POST("/tickets/:ticket_id/resolve", s.resolveTicket)
	supportStaff.GET("/policies", s.listPolicies)
	supportStaff.GET("/policies/live", s.livePolicy)
	platformAdmin := only(tenancy.PlatformAdmin)
	supportStaff.with(platformAdmin).POST("/policies", s.savePolicy)
	supportStaff.GET("/kb_articles", s.listArticles)
	supportStaff.with(platformAdmin).POST("/kb_articles", s.createArticle)
	supportStaff.with(platformAdmin).PATCH("/kb_articles/:article_id", s.updateArticle)
	supportStaff.with(platformAdmin).DELETE("/kb_articles/:article_id", s.deleteArticle)
	active.with(only(platformRoles...)).GET("/partners", s.listPartners)
	active.with(platformAdmin, humanOnly).POST("/partners", s.createPartner)

	partner := active.group("/partners/:partner_id", only(roles(platformRoles, partnerRoles)...), guardWith(requireOwnPartner))
	partnerAdmin := only(tenancy.PlatformAdmin, tenancy.PartnerAdmin)
	partner.GET("", s.getPartner)
	partnerStaff := only(tenancy.PlatformAdmin, tenancy.PartnerAdmin, tenancy.PartnerMember)
	partner.with(partnerAdmin).PATCH("", s.updatePartner)
	partner.GET("/webhook_url", s.getPartnerWebhookURL)
	partner.with(partnerAdmin).POST("/webhook_url", s.setPartnerWebhookURL)
	partner.with(partnerAdmin).POST("/webhook_url/test", s.testPartnerWebhook)
	partner.with(partnerAdmin).POST("/webhook_secret", s.rotateWebhookSecret)
	partner.GET("/webhook_deliveries", s.listDeliveries)
	partner.with(partnerStaff).POST("/webhook_deliveries/:delivery_id/redeliver", s.redeliver)
	partner.with(partnerStaff).POST("/webhook_deliveries/redeliver_failed", s.redeliverFailed)
	partner.GET("/webhook_attempts", s.listAttempts)
	partner.with(partnerAdmin).PATCH("/settings/partner_change_request", s.setAutoApprove)
	partner.GET("/selective_partner_change_requests", s.listSelectivePartnerChanges)
	partner.GET("/selective_partner_change_requests/:pcr_id", s.getSelectivePartnerChange)
	partner.with(partnerAdmin).POST("/selective_partner_change_requests/:pcr_id/approve", s.approvePartnerChange)
	partner.with(partnerAdmin).POST("/selective_partner_change_requests/:pcr_id/reject", s.rejectPartnerChange)
	partnerPeople := partner.with(humanOnly)
	partnerPeople.GET("/users", s.listPartnerUsers)
	partnerPeople.with(partnerAdmin).POST("/users", s.createPartnerUser)
	partnerPeople.with(partnerAdmin).PATCH("/users/:user_id", s.updatePartnerUser)
	partnerPeople.with(partnerAdmin).DELETE("/users/:user_id", s.removePartnerUser)
	partner.GET("/audit_logs", s.listAuditLogs)
	partner.GET("/clients", s.listClients)
	partner.GET("/clients/:client_id", s.getClient)
	partner.with(partnerStaff).PATCH("/clients/:client_id", s.patchClient)
	partner.GET("/clients/:client_id/info/balance", s.clientBalance)
	partner.GET("/clients/:client_id/waba_accounts", s.listWABAs)
	partner.with(partnerAdmin).POST("/clients/:client_id/waba_accounts/:waba_id/limit_raise_requests", s.requestLimitRaise)
	// Partner staff manage the templates of their clients' WABAs; platform staff read them.
	templateWriters := only(tenancy.PartnerAdmin, tenancy.PartnerMember)
	partner.GET("/waba_accounts/:waba_id/waba_templates", s.listWABATemplates)
	partner.with(templateWriters).POST("/waba_accounts/:waba_id/waba_templates", s.createWABATemplate)
	partner.GET("/waba_accounts/:waba_id/waba_templates/:template_id", s.getWABATemplate)
	partner.with(templateWriters).PATCH("/waba_accounts/:waba_id/waba_templates/:template_id", s.updateWABATemplate)
	partner.with(templateWriters).DELETE("/waba_accounts/:waba_id/waba_templates/:template_id", s.deleteWABATemplate)
	partner.POST("/clients/:client_id/migrations", s.startMigration)
	partner.GET("/clients/:client_id/migrations", s.listMigrations)
	partner.GET("/clients/:client_id/migrations/:migration_id", s.getMigration)
	partner.POST("/clients/:client_id/migrations/:migration_id/request_otp", s.requestMigrationOTP)
	partner.POST("/clients/:client_id/migrations/:migration_id/verify", s.verifyMigration)
	partner.POST("/clients/:client_id/migrations/:migration_id/cancel", s.cancelMigration)
	partner.GET("/channels", s.listPartnerChannels)
	partner.GET("/channels/:channel_id", s.getChannel)
	partner.with(partnerStaff).POST("/channels/:channel_id/api_keys", s.issueChannelKey)
	partner.GET("/channels/:channel_id/api_keys", s.listChannelKeys)
	partner.DELETE("/channels/:channel_id/api_keys/:key_id", s.revokeChannelKey)
	partner.with(partnerStaff).DELETE("/channels/:channel_id/api_keys", s.revokeChannelKeys)
	partnerKeys := partner.with(humanOnly)
	partnerKeys.with(only(tenancy.PlatformAdmin, tenancy.SupportAgent, tenancy.PartnerAdmin)).GET("/api_keys", s.listPartnerKeys)
	partnerKeys.with(partnerAdmin).POST("/api_keys", s.createPartnerKey)
	partnerKeys.with(partnerAdmin).DELETE("/api_keys/:key_id", s.revokePartnerKey)
	partner.with(partnerStaff).POST("/account_sharing/clients", s.createSharedClient)
	partner.with(partnerStaff).POST("/account_sharing/numbers", s.registerSharedNumber)
	partnerChannel := partner.group("/clients/:client_id/channels/:channel_id")
	s.channelRoutes(partnerChannel)
	partnerChannel.GET("/info/usage", s.channelUsage)

	client := active.group("/clients/:client_id", only(roles(platformRoles, clientRoles)...), guardWith(requireOwnClient))
	client.GET("", s.getClient)
	client.GET("/channels", s.listClientChannels)
	client.GET("/audit_logs", s.listAuditLogs)
	client.GET("/onboarding", s.onboardingState)
	clientAdmin := only(tenancy.PlatformAdmin, tenancy.ClientAdmin)
	client.with(clientAdmin).POST("/onboarding/plan", s.onboardingPlan)
	client.with(clientAdmin).POST("/onboarding/numbers", s.onboardingStartNumber)
	client.with(clientAdmin).POST("/onboarding/numbers/:signup_id/resend", s.onboardingResendCode)
	client.with(clientAdmin).POST("/onboarding/numbers/:signup_id/verify", s.onboardingVerifyNumber)
	client.with(clientAdmin).POST("/onboarding/permissions", s.onboardingPermissions)
	client.GET("/waba_accounts", s.listClientWABAs)
	clientTemplateWriters := only(tenancy.ClientAdmin, tenancy.ClientMember)
	client.GET("/waba_accounts/:waba_id/waba_templates", s.listWABATemplates)
	client.with(clientTemplateWriters).POST("/waba_accounts/:waba_id/waba_templates", s.createWABATemplate)
	client.GET("/waba_accounts/:waba_id/waba_templates/:template_id", s.getWABATemplate)
	client.with(clientTemplateWriters).PATCH("/waba_accounts/:waba_id/waba_templates/:template_id", s.updateWABATemplate)
	client.with(clientTemplateWriters).DELETE("/waba_accounts/:waba_id/waba_templates/:template_id", s.deleteWABATemplate)
	client.POST("/migrations", s.startMigration)
	client.GET("/migrations", s.listMigrations)
	client.GET("/migrations/:migration_id", s.getMigration)
	client.POST("/migrations/:migration_id/request_otp", s.requestMigrationOTP)
	client.POST("/migrations/:migration_id/verify", s.verifyMigration)
	client.POST("/migrations/:migration_id/cancel", s.cancelMigration)
	client.GET("/partner_change_requests", s.listClientPartnerChanges)
	client.with(clientAdmin).POST("/partner_change_requests", s.createPartnerChange)
	client.GET("/partner_change_requests/:request_id", s.getClientPartnerChange)
	client.with(clientAdmin).POST("/partner_change_requests/:request_id/cancel", s.cancelPartnerChange)
	clientChannel := client.group("/channels/:channel_id")
	s.channelRoutes(clientChannel)
	clientChannel.with(only(tenancy.ClientAdmin)).POST("/api_keys", s.issueClientKey)
	clientChannel.GET("/api_keys", s.listChannelKeys)
	clientChannel.DELETE("/api_keys/:key_id", s.revokeChannelKey)
	clientChannel.with(clientAdmin).POST("/permission", s.setKeyPermission)

	operator := active.group("/operator", only(platformRoles...))
	operator.GET("/limit_raise_requests", s.listLimitRaises)
	operator.with(platformAdmin).POST("/limit_raise_requests/:request_id/approve", s.decideLimitRaise)
	operator.with(platformAdmin).POST("/limit_raise_requests/:request_id/reject", s.decideLimitRaise)
	operator.GET("/webhooks/health", s.webhookHealth)
	operator.GET("/partner_change_requests", s.listAllPartnerChanges)
	operator.with(platformAdmin).POST("/partner_change_requests/:request_id/cancel", s.operatorCancelPartnerChange)
	operator.GET("/migrations", s.listAllMigrations)
	operator.with(platformAdmin).POST("/migrations/:migration_id/cancel", s.operatorCancelMigration)
	operator.GET("/simulator/inbox", s.simulatorInbox)
	operator.with(platformAdmin).POST("/simulator/channels/:channel_id", s.simulateChannel)
	operator.with(platformAdmin).POST("/simulator/channels/:channel_id/usage", s.simulateUsage)
	operator.with(platformAdmin).POST("/simulator/templates/:template_id", s.simulateTemplate)
	operator.with(platformAdmin).POST("/simulator/channels/:channel_id/inbound", s.simulateInbound)
	operator.GET("/simulator/users", s.listSimulatedUsers)
	operator.with(platformAdmin).POST("/simulator/users", s.createSimulatedUser)
	operator.with(platformAdmin).PATCH("/simulator/users/:user_id", s.updateSimulatedUser)
	operator.with(platformAdmin).DELETE("/simulator/users/:user_id", s.deleteSimulatedUser)
	operator.GET("/simulator/users/:user_id/conversations", s.simulatedUserConversations)
	operator.GET("/message_prices", s.listMessagePrices)
	operator.with(platformAdmin).PUT("/message_prices/:currency", s.setMessagePrices)
	operator.GET("/platform_numbers", s.getPlatformNumbers)
	operator.with(platformAdmin).PUT("/platform_numbers/:kind", s.setPlatformNumber)

	// kairon edits templates at /v1/partners/…: the same operation and guards as under
	// /api/v2/partners/….
	v1 := root.group("/v1", guardWith(s.authenticate))
	v1.rule = rule{auth: AuthSignedIn, roles: allRoles}
	v1partner := v1.group("/partners/:partner_id", guardWith(requirePasswordChanged), only(roles(platformRoles, partnerRoles)...), guardWith(requireOwnPartner))
	v1partner.with(templateWriters).PATCH("/waba_accounts/:waba_id/waba_templates/:template_id", s.updateWABATemplate)
}

// channelRoutes registers the per-channel endpoints that partner staff reach under
// /partners/{pid}/clients/{cid}/channels/{chid} and client users under
// /clients/{cid}/channels/{chid}; the same handlers serve both, scoped by the path.
func (s *Server) channelRoutes(g router) {
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
	// The "Test messaging" panel: conversations, sending as a person, the channel's
	// Messaging API webhook deliveries.
	g.GET("/conversations", s.listConversations)
	g.GET("/conversations/:wa_id/messages", s.listConversationMessages)
	g.POST("/test_messages", s.sendTestMessage)
	g.GET("/webhook_deliveries", s.listChannelDeliveries)
}
