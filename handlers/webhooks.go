package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/webhooks"
)

// rotateWebhookSecret godoc
//
//	@Summary      Create or rotate the webhook signing secret
//	@Description  Returns the new secret once. After a rotation the previous secret keeps signing for 24 h (a second v1= value in X-PartnerHub-Signature), so receivers can switch without losing deliveries.
//	@Tags         webhooks
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Success      201         {object}  webhooks.SecretRotation
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/webhook_secret [post]
func (s *Server) rotateWebhookSecret(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	out, err := s.hub.Webhooks.RotateSecret(c.Request.Context(), c.Param("partner_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, out)
}

// testPartnerWebhook godoc
//
//	@Summary      Send a signed test event to the partner webhook
//	@Description  Sends a "webhook.test" event now, signed like every delivery, and reports the receiver's status and latency. The attempt appears in the delivery log (test=true).
//	@Tags         webhooks
//	@Produce      json
//	@Param        partner_id  path      string  true  "Partner id (…PA)"
//	@Success      200         {object}  webhooks.TestResult
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      409         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/webhook_url/test [post]
func (s *Server) testPartnerWebhook(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	out, err := s.hub.Webhooks.SendTest(c.Request.Context(), c.Param("partner_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// DeliveryList is a page of webhook deliveries.
type DeliveryList struct {
	ListMeta
	WebhookDeliveries []webhooks.DeliveryView `json:"webhook_deliveries"`
}

// listDeliveries godoc
//
//	@Summary      List webhook deliveries
//	@Tags         webhooks
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "id or created_at; leading - for descending"  default(-id)
//	@Param        filters     query     string  false  "JSON object: status, event, event_id"
//	@Success      200         {object}  DeliveryList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/webhook_deliveries [get]
func (s *Server) listDeliveries(c *gin.Context) {
	q, ok := parseList(c, webhooks.DeliverySpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Webhooks.Deliveries(c.Request.Context(), c.Param("partner_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, DeliveryList{ListMeta: listMeta(q, len(items), total), WebhookDeliveries: items})
}

// AttemptList is a page of the delivery log.
type AttemptList struct {
	ListMeta
	WebhookAttempts []webhooks.AttemptView `json:"webhook_attempts"`
}

// listAttempts godoc
//
//	@Summary      Webhook delivery log
//	@Description  Every attempt: time, status code, latency, error and the first 1 KB of the receiver's answer.
//	@Tags         webhooks
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "id or attempted_at; leading - for descending"  default(-id)
//	@Param        filters     query     string  false  "JSON object: delivery_id, event, event_id, status_code, test"
//	@Success      200         {object}  AttemptList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/webhook_attempts [get]
func (s *Server) listAttempts(c *gin.Context) {
	q, ok := parseList(c, webhooks.AttemptSpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Webhooks.Attempts(c.Request.Context(), c.Param("partner_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, AttemptList{ListMeta: listMeta(q, len(items), total), WebhookAttempts: items})
}

// redeliver godoc
//
//	@Summary      Redeliver one event
//	@Description  Queues a delivered or failed delivery again, now, with a fresh retry window.
//	@Tags         webhooks
//	@Produce      json
//	@Param        partner_id   path      string  true  "Partner id (…PA)"
//	@Param        delivery_id  path      int     true  "Delivery id"
//	@Success      200          {object}  webhooks.DeliveryView
//	@Failure      400          {object}  MetaEnvelope
//	@Failure      403          {object}  MetaEnvelope
//	@Failure      404          {object}  MetaEnvelope
//	@Failure      409          {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/webhook_deliveries/{delivery_id}/redeliver [post]
func (s *Server) redeliver(c *gin.Context) {
	if !bindOptionalJSON(c, &struct{}{}) {
		return
	}
	id, err := strconv.ParseInt(c.Param("delivery_id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(c, apperr.NotFoundf("No such delivery."))
		return
	}
	out, err := s.hub.Webhooks.Redeliver(c.Request.Context(), c.Param("partner_id"), id)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// RedeliverRange selects failed deliveries by creation time.
type RedeliverRange struct {
	From time.Time `json:"from" example:"2026-11-20T00:00:00Z"`
	To   time.Time `json:"to" example:"2026-11-21T00:00:00Z"`
}

// RedeliverCount says how many deliveries were queued again.
type RedeliverCount struct {
	Redelivered int `json:"redelivered"`
}

// redeliverFailed godoc
//
//	@Summary      Redeliver all failed events in a time range
//	@Tags         webhooks
//	@Accept       json
//	@Produce      json
//	@Param        partner_id  path      string          true  "Partner id (…PA)"
//	@Param        body        body      RedeliverRange  true  "Range of creation times [from, to)"
//	@Success      200         {object}  RedeliverCount
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/webhook_deliveries/redeliver_failed [post]
func (s *Server) redeliverFailed(c *gin.Context) {
	var body RedeliverRange
	if !bindJSON(c, &body) {
		return
	}
	n, err := s.hub.Webhooks.RedeliverFailed(c.Request.Context(), c.Param("partner_id"), body.From, body.To)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, RedeliverCount{Redelivered: n})
}

// WebhookHealth is delivery health across partners.
type WebhookHealth struct {
	Partners []webhooks.PartnerHealth `json:"partners"`
}

// webhookHealth godoc
//
//	@Summary      Webhook delivery health across partners (operators)
//	@Description  Per partner: attempts and failure rate in the last 24 h, pending backlog, failed deliveries and the oldest pending one; worst first.
//	@Tags         operator
//	@Produce      json
//	@Success      200  {object}  WebhookHealth
//	@Failure      403  {object}  MetaEnvelope
//	@Router       /api/v2/operator/webhooks/health [get]
func (s *Server) webhookHealth(c *gin.Context) {
	out, err := s.hub.Webhooks.Health(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, WebhookHealth{Partners: out})
}
