package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/webhooks"
)

// listChannelDeliveries godoc
//
//	@Summary      List a number's Messaging API webhook deliveries
//	@Description  The deliveries to the number's own webhook URL: status webhooks (whatsapp.message_status: sent, delivered, read, failed) and inbound messages (whatsapp.message_received), each POSTed in Meta's envelope with the number's custom headers and retried like partner webhooks. These are not part of the partner's delivery log.
//	@Tags         messaging
//	@Produce      json
//	@Param        partner_id  path      string  true   "Partner id (…PA)"
//	@Param        client_id   path      string  true   "Client id (…CL)"
//	@Param        channel_id  path      string  true   "Channel id (…CH)"
//	@Param        limit       query     int     false  "Page size (1–1000)"  default(20)
//	@Param        offset      query     int     false  "Items to skip"       default(0)
//	@Param        sort        query     string  false  "id or created_at; leading - for descending"  default(-id)
//	@Param        filters     query     string  false  "JSON object: status, event, event_id"
//	@Success      200         {object}  DeliveryList
//	@Failure      400         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/partners/{partner_id}/clients/{client_id}/channels/{channel_id}/webhook_deliveries [get]
//	@Router       /api/v2/clients/{client_id}/channels/{channel_id}/webhook_deliveries [get]
func (s *Server) listChannelDeliveries(c *gin.Context) {
	q, ok := parseList(c, webhooks.DeliverySpec)
	if !ok {
		return
	}
	items, total, err := s.hub.Webhooks.ListChannelDeliveries(c.Request.Context(), scopeOf(c), c.Param("channel_id"), q)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, DeliveryList{ListMeta: listMeta(q, len(items), total), WebhookDeliveries: items})
}
