package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/channels"
	"github.com/partnerhub/partnerhub/services/events"
)

// EventCatalog lists the partner webhook events. Schemas is never filled in: it is there so
// that the OpenAPI document carries the JSON schema of every envelope.
type EventCatalog struct {
	Events  []events.Info `json:"events"`
	Schemas *EventSchemas `json:"schemas,omitempty"`
}

// EventSchemas holds one envelope per shape of event data.
type EventSchemas struct {
	Channel ChannelEvent `json:"channel"`
	Client  ClientEvent  `json:"client"`
	Changes ChangesEvent `json:"changes"`
	WABA    WABAEvent    `json:"waba"`
	Test    TestEvent    `json:"test"`
}

// EventEnvelope is common to every delivery: the body POSTed to the partner webhook.
type EventEnvelope struct {
	ID        string    `json:"id" example:"q8Fz2LmN0pEV"`
	Event     string    `json:"event" example:"channel_running"`
	CreatedAt time.Time `json:"created_at"`
}

// ChannelEvent is the envelope of channel_* and cancellation_* events and channel.updated.
type ChannelEvent struct {
	EventEnvelope
	Data channels.View `json:"data"`
}

// ClientEvent is the envelope of client_created.
type ClientEvent struct {
	EventEnvelope
	Data struct {
		Client struct {
			ID          string `json:"id"`
			Name        string `json:"name"`
			ContactInfo struct {
				Email string `json:"email"`
			} `json:"contact_info"`
		} `json:"client"`
	} `json:"data"`
}

// ChangesEvent is the envelope of client.updated and partner.updated.
type ChangesEvent struct {
	EventEnvelope
	Data struct {
		ID      string         `json:"id"`
		Changes map[string]any `json:"changes"`
	} `json:"data"`
}

// WABAEvent is the envelope of waba.limit_raised.
type WABAEvent struct {
	EventEnvelope
	Data struct {
		ID          string `json:"id"`
		NumberLimit int    `json:"number_limit"`
	} `json:"data"`
}

// TestEvent is the envelope of webhook.test.
type TestEvent struct {
	EventEnvelope
	Data struct {
		PartnerID string `json:"partner_id"`
		Message   string `json:"message"`
	} `json:"data"`
}

// eventCatalog godoc
//
//	@Summary      Partner webhook events
//	@Description  Every event PartnerHub POSTs to partner webhook URLs, as {"id","event","created_at","data"} with headers X-PartnerHub-Event-Id and X-PartnerHub-Signature (t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>.<raw body>">). The schemas object documents each envelope; see docs/EVENTS.md for examples and receiver-side verification.
//	@Tags         webhooks
//	@Produce      json
//	@Success      200  {object}  EventCatalog
//	@Failure      401  {object}  MetaEnvelope
//	@Router       /api/v2/webhook_events [get]
func (s *Server) eventCatalog(c *gin.Context) {
	c.JSON(http.StatusOK, EventCatalog{Events: events.Catalog})
}
