package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/apperr"
	"github.com/partnerhub/partnerhub/services/messaging"
)

// CloudAPIError is the Cloud API's error body, which the Messaging API's send answers
// its refusals with (Meta's shape, passed through by 360dialog).
type CloudAPIError struct {
	Error CloudAPIErrorBody `json:"error"`
}

// CloudAPIErrorBody is the error object of CloudAPIError.
type CloudAPIErrorBody struct {
	// Message is "(#code) title".
	Message   string            `json:"message" example:"(#131008) Required parameter is missing"`
	Type      string            `json:"type" example:"OAuthException"`
	Code      int               `json:"code" example:"131008"`
	ErrorData CloudAPIErrorData `json:"error_data"`
	// FBTraceID is the request id (X-Request-Id), to quote when reporting a problem.
	FBTraceID string `json:"fbtrace_id" example:"5f1c2a9e0b7d4c3a"`
}

// CloudAPIErrorData says what was wrong with the request.
type CloudAPIErrorData struct {
	MessagingProduct string `json:"messaging_product" example:"whatsapp"`
	Details          string `json:"details" example:"text.body is required."`
}

// sendMessage godoc
//
//	@Summary      Send a message (Cloud API)
//	@Description  Meta's send body: messaging_product whatsapp, to (a phone number or WhatsApp id), type (text, template, image, video, audio, document, sticker, interactive, location, contacts, reaction; text when left out) and the object under the type's name; context.message_id makes a reply. Answers contacts [{input, wa_id}] and messages [{id (the wamid), message_status accepted for templates}]; the statuses follow on the channel's webhook (sent, delivered, read, or failed with Meta's error: 131047 outside the 24-hour customer-service window, 131048 beyond the messaging limit, 131026 undeliverable). The mark-as-read form {"messaging_product":"whatsapp","status":"read","message_id":"wamid.…"} answers {"success":true}. Refusals come in Meta's error shape (CloudAPIError) with Meta's codes: 100, 131008, 131009, 131051, 133010, 131030, 131048 (sandbox keys), 132001 (404), 132015, 132016, 132000, 132012, 130429, 131056 (docs/MESSAGING.md).
//	@Tags         messaging
//	@Accept       json
//	@Produce      json
//	@Param        D360-API-KEY  header    string             true  "Channel API key"
//	@Param        body          body      messaging.Request  true  "The message, or the mark-as-read form"
//	@Success      200           {object}  messaging.Answer
//	@Failure      400           {object}  CloudAPIError
//	@Failure      401           {object}  MetaEnvelope
//	@Failure      404           {object}  CloudAPIError
//	@Failure      413           {object}  CloudAPIError
//	@Failure      415           {object}  CloudAPIError
//	@Router       /messages [post]
//	@Router       /v1/messages [post]
func (s *Server) sendMessage(c *gin.Context) {
	var r messaging.Request
	if !bindMetaJSON(c, &r) {
		return
	}
	p := channelPrincipal(c)
	from := messaging.Sender{ChannelID: p.ChannelID, KeyID: p.KeyID, SandboxWAID: p.SandboxWAID}
	// The On-Premise API's clients (WABA360Dialog.NET) post to /v1/messages without
	// messaging_product, which that API never had: there it means WhatsApp.
	if r.MessagingProduct == "" && c.FullPath() == "/v1/messages" {
		r.MessagingProduct = "whatsapp"
	}
	ctx := c.Request.Context()
	if r.Status != "" {
		a, err := s.hub.Messaging.MarkRead(ctx, from, r)
		if err != nil {
			writeMetaError(c, err)
			return
		}
		c.JSON(http.StatusOK, a)
		return
	}
	a, err := s.hub.Messaging.Send(ctx, from, r)
	if err != nil {
		writeMetaError(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

// bindMetaJSON is bindJSON for the Cloud API's routes: the same strict reading, with its
// refusals answered in Meta's error shape — an empty body as 131008 (required parameter
// missing), anything else unreadable (not JSON, malformed, a wrong type, a repeated or
// wrongly cased key, too large) as 100 (invalid parameter), with the binder's words as
// details and its HTTP status.
func bindMetaJSON(c *gin.Context, dst any) bool {
	err := decodeJSON(c, dst)
	if err == nil {
		return true
	}
	e := apperr.As(err)
	details := e.Message
	if len(e.Details) > 0 {
		details += " " + strings.Join(e.Details, "; ")
	}
	var me *messaging.MetaError
	if e.Code == ErrBodyRequired.Name {
		me = messaging.ParameterMissing(details)
	} else {
		me = messaging.InvalidParameter(details)
	}
	if status, ok := statusOf[e.Kind]; ok && status != http.StatusInternalServerError {
		me.HTTPStatus = status
	}
	writeMetaError(c, me)
	return false
}

// writeMetaError answers err in Meta's error shape when it is a refusal in the Cloud
// API's terms (*messaging.MetaError), and as writeError does otherwise.
//
// Errors: internal.
func writeMetaError(c *gin.Context, err error) {
	var me *messaging.MetaError
	if !errors.As(err, &me) {
		writeError(c, err)
		return
	}
	logger(c).Debug("message refused", "code", me.Code, "details", redact(me.Details))
	c.AbortWithStatusJSON(me.HTTPStatus, CloudAPIError{Error: CloudAPIErrorBody{
		Message: me.Message(), Type: "OAuthException", Code: me.Code,
		ErrorData: CloudAPIErrorData{MessagingProduct: "whatsapp", Details: me.Details},
		FBTraceID: requestID(c),
	}})
}
