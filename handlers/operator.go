package handlers

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/audit"
	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/provider"
	"github.com/partnerhub/partnerhub/services/usage"
	"github.com/partnerhub/partnerhub/services/wabas"
)

// AuditLogList is a page of the audit trail.
type AuditLogList struct {
	ListMeta
	AuditLogs []audit.View `json:"audit_logs"`
}

// listAuditLogs godoc
//
//	@Summary      Read the audit trail
//	@Description  Partner staff read their partner's trail; client users their client's.
//	@Tags         audit
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "occurred_at; leading - for descending"  default(-occurred_at)
//	@Param        filters     query     string  false  "JSON object: object_type, object_id, action, client_id, actor_user_id"
//	@Success      200         {object}  AuditLogList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/audit_logs [get]
//	@Router       /api/v2/clients/{client_id}/audit_logs [get]
func (s *Server) listAuditLogs(c *gin.Context) {
	q, ok := parseList(c, audit.ListSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.AuditLog.List(c.Request.Context(), scopeOf(c), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, AuditLogList{ListMeta: listMeta(q, len(items), total), AuditLogs: items})
}

// LimitRaiseList is a page of limit-raise requests.
type LimitRaiseList struct {
	ListMeta
	LimitRaiseRequests []wabas.LimitRaiseView `json:"limit_raise_requests"`
}

// listLimitRaises godoc
//
//	@Summary      List WABA limit-raise requests (operators)
//	@Tags         operator
//	@Produce      json
//	@Param        limit    query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset   query     int     false  "Items to skip"       default(0)
//	@Param        sort     query     string  false  "created_at; leading - for descending"  default(-created_at)
//	@Param        filters  query     string  false  "JSON object: status, partner_id"
//	@Success      200      {object}  LimitRaiseList
//	@Failure      400      {object}  MetaEnvelope
//	@Failure      403      {object}  MetaEnvelope
//	@Router       /api/v2/operator/limit_raise_requests [get]
func (s *Server) listLimitRaises(c *gin.Context) {
	q, ok := parseList(c, wabas.LimitRaiseSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.WABAs.ListLimitRaises(c.Request.Context(), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, LimitRaiseList{ListMeta: listMeta(q, len(items), total), LimitRaiseRequests: items})
}

// DecisionBody carries an operator's note on a decision.
type DecisionBody struct {
	Note string `json:"note,omitempty"`
}

// decideLimitRaise godoc
//
//	@Summary      Approve or reject a limit-raise request (platform admins)
//	@Description  Approving raises the WABA's number limit to 120.
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        request_id  path      string        true   "Request id (…LR)"
//	@Param        body        body      DecisionBody  false  "Note"
//	@Success      200         {object}  wabas.LimitRaiseView
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/operator/limit_raise_requests/{request_id}/approve [post]
//	@Router       /api/v2/operator/limit_raise_requests/{request_id}/reject [post]
func (s *Server) decideLimitRaise(c *gin.Context) {
	var body DecisionBody
	if !bindOptionalJSON(c, &body) {
		return
	}
	approve := strings.HasSuffix(c.FullPath(), "/approve")
	r, err := s.hub.WABAs.DecideLimitRaise(c.Request.Context(), c.Param("request_id"), approve, body.Note)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, r)
}

// SimulatorMessage is one message in the simulator inbox.
type SimulatorMessage = provider.InboxMessage

// SimulatorInbox is the newest messages the provider simulator delivered.
type SimulatorInbox struct {
	Messages []SimulatorMessage `json:"messages"`
}

// simulatorInbox godoc
//
//	@Summary      Provider simulator inbox (operators)
//	@Description  The OTPs the simulator "delivered" to phone numbers, newest first (at most 100).
//	@Tags         operator
//	@Produce      json
//	@Param        phone_number  query     string  false  "Only messages to this number (E.164)"
//	@Success      200           {object}  SimulatorInbox
//	@Failure      403           {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/inbox [get]
func (s *Server) simulatorInbox(c *gin.Context) {
	msgs, err := s.hub.Simulator.Inbox(c.Request.Context(), strings.TrimSpace(c.Query("phone_number")), 100)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, SimulatorInbox{Messages: msgs})
}

// simulateChannel godoc
//
//	@Summary      Drive a channel from the provider side (simulator controls)
//	@Description  Sets what Meta would report: quality rating, messaging limit, health, account mode; or advances the onboarding status one step. Platform admins only.
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        channel_id  path      string                   true  "Channel id (…CH)"
//	@Param        body        body      channels.ProviderUpdate  true  "What the provider reports"
//	@Success      200         {object}  channels.View
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/channels/{channel_id} [post]
func (s *Server) simulateChannel(c *gin.Context) {
	var u channels.ProviderUpdate
	if !bindJSON(c, &u) {
		return
	}
	v, err := s.hub.Channels.ApplyProviderUpdate(c.Request.Context(), c.Param("channel_id"), u)
	s.writeChannel(c, v, err)
}

// simulateUsage godoc
//
//	@Summary      Record a channel's daily usage (simulator controls)
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        channel_id  path      string          true  "Channel id (…CH)"
//	@Param        body        body      usage.DayUsage  true  "One day's usage"
//	@Success      200         {object}  MetaEnvelope
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/operator/simulator/channels/{channel_id}/usage [post]
func (s *Server) simulateUsage(c *gin.Context) {
	var d usage.DayUsage
	if !bindJSON(c, &d) {
		return
	}
	if err := s.hub.Usage.Record(c.Request.Context(), c.Param("channel_id"), d); err != nil {
		writeError(c, err)
		return
	}
	writeOK(c, "Usage recorded.")
}
