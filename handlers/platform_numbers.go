package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/platformnumbers"
	"github.com/partnerhub/partnerhub/services/support"
)

// getPlatformNumbers godoc
//
//	@Summary      The platform's own WhatsApp numbers (operators)
//	@Description  The support desk's number (WhatsApp users write to support there: their messages become whatsapp tickets, agents' replies go back from it) and the sandbox number (writing START there issues the writer a sandbox key, pht_, for messaging their own number, sent back on WhatsApp). Each is a running channel of the platform's own partner, client and WABA, billed to nobody; "configured": false until an operator sets it up. With the support number's unfinished whatsapp tickets and the sandbox number's valid sandbox keys.
//	@Tags         operator
//	@Produce      json
//	@Success      200  {object}  platformnumbers.View
//	@Failure      403  {object}  MetaEnvelope
//	@Router       /api/v2/operator/platform_numbers [get]
func (s *Server) getPlatformNumbers(c *gin.Context) {
	out, err := s.hub.Platform.Get(c.Request.Context())
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// setPlatformNumber godoc
//
//	@Summary      Set up a platform number (platform admins)
//	@Description  Makes the phone number (international format) the support or sandbox number, running at once, with the display name WhatsApp users see. The first number also makes the platform's own partner ("PartnerHub platform"), client and WABA. The same phone number again only renames it; another one replaces the number: the previous channel is terminated and its keys revoked. A number active anywhere in the hub is refused (409 number_already_active). Answers every platform number.
//	@Tags         operator
//	@Accept       json
//	@Produce      json
//	@Param        kind  path      string                      true  "support or sandbox"  Enums(support, sandbox)
//	@Param        body  body      platformnumbers.SetRequest  true  "The number"
//	@Success      200   {object}  platformnumbers.View
//	@Failure      400   {object}  MetaEnvelope
//	@Failure      403   {object}  MetaEnvelope
//	@Failure      404   {object}  MetaEnvelope
//	@Failure      409   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/operator/platform_numbers/{kind} [put]
func (s *Server) setPlatformNumber(c *gin.Context) {
	var req platformnumbers.SetRequest
	if !bindJSON(c, &req) {
		return
	}
	out, err := s.hub.Platform.Set(c.Request.Context(), c.Param("kind"), req)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// WhatsAppTemplateList is what an agent can send on a whatsapp ticket once the user's
// customer-service window has closed.
type WhatsAppTemplateList struct {
	Templates []support.WhatsAppTemplate `json:"templates"`
}

// ticketWhatsAppTemplates godoc
//
//	@Summary      Templates to reply with on a WhatsApp ticket (support staff)
//	@Description  The approved templates of the platform's WABA that a reply on this whatsapp ticket can be sent as ("whatsapp_template" of the reply: name, language and one text per parameter) — needed once the user last wrote more than 24 hours ago. Only templates whose parameters are all in the body; "body" shows them as {{1}}, {{2}}, …. A ticket that did not come from the support number is a 409 not_whatsapp_ticket.
//	@Tags         support
//	@Produce      json
//	@Param        ticket_id  path      string  true  "Ticket id (…TK)"
//	@Success      200        {object}  WhatsAppTemplateList
//	@Failure      403        {object}  MetaEnvelope
//	@Failure      404        {object}  MetaEnvelope
//	@Failure      409        {object}  MetaEnvelope
//	@Router       /api/v2/support/tickets/{ticket_id}/whatsapp_templates [get]
func (s *Server) ticketWhatsAppTemplates(c *gin.Context) {
	out, err := s.hub.Support.WhatsAppTemplates(c.Request.Context(), c.Param("ticket_id"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, WhatsAppTemplateList{Templates: out})
}
